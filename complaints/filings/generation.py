"""Build one filing version from the campaign's current state: PDF, annexes and a content snapshot.

Everything that grows with the campaign (members, exhibits) is streamed from the database in chunks and
written straight to the PDF or to temporary annex files; only aggregates are kept in Python, so a
20,000-member campaign costs about what a 200-member one does.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.files import File
from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.template.loader import select_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.campaigns.figures import AMOUNT_EDGES, bucket_labels
from complaints.campaigns.models import MAIN_CURRENCY, Campaign, Case, Membership
from complaints.core import csv as safe_csv
from complaints.evidence.models import EvidenceItem
from complaints.filings.models import Filing, FilingConsent, FilingVersion
from complaints.filings.pdf import BarSpec, PdfWriter

logger = logging.getLogger(__name__)

CHUNK = 2000
EXCERPT_LIMIT = 20
EXCERPT_CHARS = 400
CENT = Decimal("0.01")


def included_members(campaign: Campaign) -> QuerySet[Membership]:
    """Members whose case goes into filings: active and agreed to be included."""
    return Membership.objects.filter(
        campaign_id=campaign.pk, status=Membership.Status.ACTIVE, include_in_filings=True
    )


def exhibit_items() -> QuerySet[EvidenceItem]:
    """Approved, cleared, redacted items that both the item and its member released for filings."""
    return EvidenceItem.objects.filter(
        status=EvidenceItem.Status.APPROVED,
        include_in_filings=True,
        needs_moderation=False,
        membership__status=Membership.Status.ACTIVE,
        membership__include_in_filings=True,
    ).exclude(redacted="")


def exhibits(campaign: Campaign) -> QuerySet[EvidenceItem]:
    """A campaign's exhibits in exhibit order."""
    return (
        exhibit_items()
        .filter(campaign_id=campaign.pk)
        .order_by("membership__pseudonym_number", "document_date", "id")
    )


def identity_consents(filing: Filing) -> QuerySet[FilingConsent]:
    return FilingConsent.objects.filter(
        filing=filing,
        disclose_identity=True,
        membership__status=Membership.Status.ACTIVE,
        membership__include_in_filings=True,
    )


def consent_fingerprint(filing: Filing) -> str:
    """A hash of who and what is included; if it changes, consent changed since generation."""
    digest = hashlib.sha256()
    for pk in included_members(filing.campaign).order_by("pk").values_list("pk", flat=True).iterator(CHUNK):
        digest.update(b"m%d;" % pk)
    for pk in exhibits(filing.campaign).order_by("pk").values_list("pk", flat=True).iterator(CHUNK):
        digest.update(b"e%d;" % pk)
    for pk in (
        identity_consents(filing).order_by("pk").values_list("membership_id", flat=True).iterator(CHUNK)
    ):
        digest.update(b"i%d;" % pk)
    return digest.hexdigest()


def exhibit_index_digest(campaign: Campaign) -> str:
    """Hash of the evidence index as it would be generated now (item ids and redacted-file hashes, in order)."""
    digest = hashlib.sha256()
    for pk, sha in exhibits(campaign).values_list("pk", "sha256_redacted").iterator(chunk_size=CHUNK):
        digest.update(f"{pk}:{sha};".encode())
    return digest.hexdigest()


def _money(value: Decimal | None) -> str:
    return str((value or Decimal("0")).quantize(CENT))


def figures(campaign: Campaign) -> dict:
    """Group summary from aggregates in the database: nothing per member is held in memory."""
    members = included_members(campaign)
    cases = Case.objects.filter(membership__in=members)
    cny = cases.filter(currency=MAIN_CURRENCY, amount__isnull=False)
    buckets = {}
    for i, edge in enumerate(AMOUNT_EDGES):
        bucket = Q(amount__gte=edge)
        if i + 1 < len(AMOUNT_EDGES):
            bucket &= Q(amount__lt=AMOUNT_EDGES[i + 1])
        buckets[f"b{i}"] = Count("pk", filter=bucket)
    sums = cny.aggregate(total=Sum("amount"), n=Count("pk"), **buckets)
    count = sums["n"]
    median = None
    if count:
        ordered = cny.order_by("amount").values_list("amount", flat=True)
        if count % 2:
            median = ordered[count // 2]
        else:
            low, high = ordered[count // 2 - 1 : count // 2 + 1]
            median = (low + high) / 2
    dates = cases.aggregate(first=Min("incident_date"), last=Max("incident_date"))
    others = {
        row["currency"]: _money(row["total"])
        for row in cases.exclude(currency=MAIN_CURRENCY)
        .filter(amount__isnull=False)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    }
    categories = {
        row["category"]: row["n"]
        for row in exhibits(campaign).values("category").annotate(n=Count("pk")).order_by("category")
    }
    return {
        "members": members.count(),
        "with_amount": count,
        "total_claimed": _money(sums["total"]),
        "median": _money(median) if median is not None else "",
        "histogram": [sums[f"b{i}"] for i in range(len(AMOUNT_EDGES))],
        "other_currencies": others,
        "first_incident": dates["first"].isoformat() if dates["first"] else "",
        "last_incident": dates["last"].isoformat() if dates["last"] else "",
        "evidence_categories": categories,
        "exhibits": sum(categories.values()),
    }


@dataclass
class Built:
    pdf: bytes
    pdf_sha256: str
    annex_csv: File
    annex_json: File
    identity_annex: File | None
    content: dict


def _member_rows(campaign: Campaign) -> Iterator[dict]:
    """Members in pseudonym order with their exhibit numbers: a merge of two ordered streams."""
    evidence = (
        exhibits(campaign).values_list("membership__pseudonym_number", flat=True).iterator(chunk_size=CHUNK)
    )
    next_exhibit = next(evidence, None)
    exhibit_number = 1
    rows = (
        included_members(campaign)
        .order_by("pseudonym_number")
        .values_list("pseudonym_number", "case__amount", "case__currency", "case__incident_date")
        .iterator(chunk_size=CHUNK)
    )
    for number, amount, currency, incident_date in rows:
        numbers = []
        while next_exhibit is not None and next_exhibit <= number:
            if next_exhibit == number:
                numbers.append(f"E-{exhibit_number}")
            exhibit_number += 1
            next_exhibit = next(evidence, None)
        yield {
            "member": number,
            "amount": _money(amount) if amount is not None else "",
            "currency": currency or "",
            "date": incident_date.isoformat() if incident_date else "",
            "exhibits": numbers,
        }


def _write_annexes(campaign: Campaign, progress: Callable[[int], None], total: int) -> tuple[File, File]:
    csv_file = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+b")  # noqa: SIM115 - handed to storage
    json_file = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+b")  # noqa: SIM115
    text_csv = io.TextIOWrapper(csv_file, encoding="utf-8", newline="", write_through=True)
    text_json = io.TextIOWrapper(json_file, encoding="utf-8", write_through=True)
    writer = safe_csv.writer(text_csv)
    writer.writerow(["member", "amount", "currency", "date", "exhibits"])
    text_json.write('{"members": [\n')
    for i, row in enumerate(_member_rows(campaign)):
        writer.writerow(
            # The amount goes in as a number (a negative one stays a number), every text cell is quoted.
            [
                row["member"],
                Decimal(row["amount"]) if row["amount"] else "",
                row["currency"],
                row["date"],
                " ".join(row["exhibits"]),
            ]
        )
        text_json.write(("" if i == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
        if i and i % CHUNK == 0:
            progress(10 + int(40 * i / max(total, 1)))
    text_json.write("\n]}\n")
    text_csv.detach()
    text_json.detach()
    csv_file.seek(0)
    json_file.seek(0)
    return File(csv_file, name="annex.csv"), File(json_file, name="annex.json")


def _write_identity_annex(filing: Filing) -> File | None:
    consents = (
        identity_consents(filing).select_related("membership__user").order_by("membership__pseudonym_number")
    )
    if not consents.exists():
        return None
    out = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+b")  # noqa: SIM115 - handed to storage
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = safe_csv.writer(text)
    writer.writerow(["member", "name", "email"])
    for consent in consents.iterator(chunk_size=CHUNK):
        user = consent.membership.user
        writer.writerow([consent.membership.pseudonym_number, user.display_name, user.email])
    text.detach()
    out.seek(0)
    return File(out, name="identity.csv")


def _excerpts(campaign: Campaign) -> list[tuple[int, str]]:
    """Short redacted text excerpts, run through the anonymizer once more before they leave the platform."""
    from complaints.evidence.pipeline.run import anonymize_text

    found = []
    items = (
        exhibits(campaign)
        .filter(kind=EvidenceItem.Kind.TEXT)
        .values_list("membership__pseudonym_number", "redacted")
    )
    for number, name in items[:EXCERPT_LIMIT]:
        try:
            with EvidenceItem._meta.get_field("redacted").storage.open(name, "rb") as fh:
                raw = fh.read(EXCERPT_CHARS * 4).decode("utf-8", errors="ignore")[:EXCERPT_CHARS]
        except OSError:
            continue
        cleaned, _findings = anonymize_text(raw)
        found.append((number, cleaned.strip()))
    return found


def _letter(filing: Filing, figures_: dict) -> str:
    template = select_template(
        [f"filings/letters/{filing.regulator.kind}.txt", "filings/letters/default.txt"]
    )
    return template.render(
        {
            "filing": filing,
            "campaign": filing.campaign,
            "platform": filing.campaign.platform.display_name(filing.language),
            "regulator": filing.regulator.display_name(filing.language),
            "figures": figures_,
            "today": timezone.localdate(),
        }
    ).strip()


def build(version: FilingVersion, *, progress: Callable[[int], None] = lambda p: None) -> Built:
    """Generate the PDF and annexes of a version in the filing's language."""
    filing = version.filing
    campaign = filing.campaign
    with translation.override(filing.language):
        figs = figures(campaign)
        progress(10)
        annex_csv, annex_json = _write_annexes(campaign, progress, figs["members"])
        identity = _write_identity_annex(filing)
        progress(50)

        pdf = PdfWriter(title=campaign.title, footer=f"{campaign.title} · v{version.number}")
        pdf.text(filing.regulator.display_name(filing.language), size=10)
        pdf.heading(campaign.title, size=18)
        pdf.text(_letter(filing, figs))

        pdf.heading(_("Group summary"))
        rows = [
            (_("Members included"), str(figs["members"])),
            (_("Members with an amount (CNY)"), str(figs["with_amount"])),
            (_("Total claimed (CNY)"), figs["total_claimed"]),
            (_("Median amount (CNY)"), figs["median"] or "–"),
            (_("Period"), f"{figs['first_incident'] or '–'} – {figs['last_incident'] or '–'}"),
        ]
        rows += [
            (_("Total claimed (%(currency)s)") % {"currency": c}, v)
            for c, v in figs["other_currencies"].items()
        ]
        categories = ", ".join(
            f"{EvidenceItem.Category(c).label if c in EvidenceItem.Category.values else c}: {n}"
            for c, n in figs["evidence_categories"].items()
        )
        rows.append((_("Evidence by category"), categories or "–"))
        for label, value in rows:
            pdf.row([label, value], [0.45, 0.55], size=10)
        pdf.bar_chart(
            [BarSpec(label, value) for label, value in zip(bucket_labels(), figs["histogram"], strict=True)],
            caption=_("Members by amount claimed (CNY)"),
        )

        pdf.heading(_("Facts"))
        pdf.text(version.narrative or campaign.summary)
        excerpts = _excerpts(campaign)
        if excerpts:
            pdf.heading(_("From the members' own accounts (redacted)"), size=12)
            for number, text in excerpts:
                pdf.text(_("Member #%(number)s:") % {"number": number}, size=9.5, gap=0)
                pdf.text(text, size=9.5, indent=12)

        pdf.heading(_("Demands"))
        pdf.text(version.demands or campaign.demands)
        progress(60)

        index_digest = hashlib.sha256()
        widths = [0.12, 0.14, 0.18, 0.14, 0.42]
        if figs["exhibits"]:
            pdf.heading(_("Evidence index"))
            pdf.row(
                [_("Exhibit"), _("Member"), _("Kind"), _("Date"), _("SHA-256 of the redacted file")], widths
            )
        rows_iter = exhibits(campaign).values_list(
            "pk", "membership__pseudonym_number", "category", "document_date", "sha256_redacted"
        )
        for n, (pk, member, category, doc_date, sha) in enumerate(
            rows_iter.iterator(chunk_size=CHUNK), start=1
        ):
            label = (
                EvidenceItem.Category(category).label
                if category in EvidenceItem.Category.values
                else category
            )
            pdf.row(
                [f"E-{n}", f"#{member}", str(label), doc_date.isoformat() if doc_date else "–", sha],
                widths,
                size=8,
            )
            index_digest.update(f"{pk}:{sha};".encode())
        progress(70)

        pdf.heading(_("Consent statement"))
        pdf.text(
            _(
                "Every member counted in this filing agreed on Tongsu to include their case in group filings. "
                "Exhibits are the redacted versions their owners reviewed and approved; names, phone numbers, "
                "ID and card numbers were removed. Members are identified by member number only; %(count)s "
                "members agreed to disclose their identity to %(regulator)s, listed in a separate annex sent "
                "only to it."
            )
            % {
                "count": identity_consents(filing).count(),
                "regulator": filing.regulator.display_name(filing.language),
            }
        )
        pdf.text(
            _(
                "Annexes: annex.csv and annex.json, one row per member (member number, amount, currency, date, exhibits)."
            )
        )

        storage = EvidenceItem._meta.get_field("redacted").storage
        items = exhibits(campaign).values_list("pk", "kind", "redacted", "membership__pseudonym_number")
        total = figs["exhibits"] or 1
        for n, (_pk, kind, name, member) in enumerate(items.iterator(chunk_size=200), start=1):
            caption = _("Exhibit E-%(n)s · member #%(member)s") % {"n": n, "member": member}
            try:
                with storage.open(name, "rb") as fh:
                    data = fh.read()
                if kind in EvidenceItem.IMAGE_KINDS:
                    pdf.image_page(caption, data)
                elif kind == EvidenceItem.Kind.PDF:
                    pdf.append_pdf(caption, data)
                else:
                    pdf.new_page()
                    pdf.heading(caption, size=11)
                    pdf.text(data.decode("utf-8", errors="replace")[:20000], size=9)
            except Exception:  # a broken exhibit is named in the PDF, it does not stop the filing
                logger.exception("exhibit %s could not be placed", _pk)
                pdf.new_page()
                pdf.text(caption + " — " + _("this exhibit could not be rendered."))
            if n % 20 == 0:
                progress(70 + int(25 * n / total))
        data, sha = pdf.finish()
        progress(98)
    content = {
        "language": filing.language,
        "figures": figs,
        "exhibit_index_sha256": index_digest.hexdigest(),
        "excerpts": len(excerpts),
        "identity_disclosed": identity_consents(filing).count(),
        "consent_fingerprint": consent_fingerprint(filing),
        "generated_at": timezone.now().isoformat(),
    }
    return Built(data, sha, annex_csv, annex_json, identity, content)


def diff_summary(previous: FilingVersion | None, current: FilingVersion, content: dict) -> dict:
    """What changed since the previous version: text diffs of narrative and demands, and changed figures."""
    import difflib

    if previous is None:
        return {}
    text = {}
    for field in ("narrative", "demands"):
        old, new = getattr(previous, field), getattr(current, field)
        if old != new:
            text[field] = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))[
                2:200
            ]
    old_figs, new_figs = previous.content.get("figures", {}), content.get("figures", {})
    changed = {
        key: [old_figs.get(key), new_figs.get(key)]
        for key in sorted(set(old_figs) | set(new_figs))
        if old_figs.get(key) != new_figs.get(key)
    }
    return {
        "previous": previous.number,
        "text": text,
        "figures": changed,
        "exhibits_changed": previous.content.get("exhibit_index_sha256")
        != content.get("exhibit_index_sha256"),
    }
