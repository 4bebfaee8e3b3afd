"""Build one filing version from the campaign's current state: PDF, annexes and a content snapshot.

The PDF is HTML and CSS: the templates under `templates/filings/dossier/` (the letter per kind of
regulator in `letters/`, the sections, the chart, the exhibit captions and `dossier.css`) are what a person
edits to change how a filing reads and looks; `dossier.py` lays them out. Everything that grows with the
campaign (members, exhibits) is streamed from the database in chunks; only aggregates are kept in Python.
"""

from __future__ import annotations

import difflib
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import pymupdf
from django.core.files import File
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints.campaigns.figures import bucket_labels
from complaints.evidence.files import open_redacted
from complaints.evidence.models import EvidenceItem
from complaints.evidence.pipeline import anonymize_text
from complaints.filings.annexes import identity_annex_rows, write_identity_annex, write_member_annexes
from complaints.filings.dossier import Dossier
from complaints.filings.models import Filing, FilingVersion
from complaints.filings.selection import (
    CHUNK,
    consent_fingerprint,
    exhibit_index_digest,
    exhibit_items,
    exhibits,
    figures,
    filing_exhibits,
    filing_members,
    identity_consents,
    included_members,
    represented_members,
)

__all__ = [
    "Built",
    "build",
    "consent_fingerprint",
    "diff_summary",
    "exhibit_index_digest",
    "exhibit_items",
    "exhibits",
    "figures",
    "filing_exhibits",
    "filing_members",
    "identity_annex_rows",
    "identity_consents",
    "included_members",
]

logger = logging.getLogger(__name__)

TEMPLATES = "filings/dossier/"
INDEX_ROWS_PER_FRAGMENT = 300
EXCERPT_LIMIT = 20
EXCERPT_CHARS = 400
TEXT_EXHIBIT_CHARS = 20000


@dataclass
class Built:
    pdf: bytes
    pdf_sha256: str
    annex_csv: File
    annex_json: File
    identity_annex: File | None
    content: dict


# --- storage ---------------------------------------------------------------------------------------------------
def read_redacted(name: str, limit: int = -1) -> bytes:
    """The bytes of a redacted evidence file (at most `limit` of them), read through evidence's public API."""
    with open_redacted(name) as fh:
        return fh.read(limit)


def _excerpts(filing: Filing) -> list[tuple[int, str]]:
    """Short redacted text excerpts, run through the anonymizer once more before they leave the platform."""
    found = []
    items = (
        filing_exhibits(filing)
        .filter(kind=EvidenceItem.Kind.TEXT)
        .values_list("membership__pseudonym_number", "redacted")
    )
    for number, name in items[:EXCERPT_LIMIT]:
        try:
            raw = read_redacted(name, EXCERPT_CHARS * 4).decode("utf-8", errors="ignore")[:EXCERPT_CHARS]
        except OSError:
            continue
        cleaned, _findings = anonymize_text(raw)
        found.append((number, cleaned.strip()))
    return found


# --- what the templates are given ------------------------------------------------------------------------------
def _render(name: str, context: dict) -> str:
    return get_template(TEMPLATES + name).render(context)


def _category_label(category: str) -> str:
    return (
        str(EvidenceItem.Category(category).label) if category in EvidenceItem.Category.values else category
    )


def _context(version: FilingVersion, figs: dict, excerpts: list, identity_count: int) -> dict:
    filing = version.filing
    campaign = filing.campaign
    kind = filing.regulator.kind
    return {
        "filing": filing,
        "version": version,
        "campaign": campaign,
        "platform": campaign.platform.display_name(filing.language),
        "regulator": filing.regulator.display_name(filing.language),
        "figures": figs,
        "categories": [(_category_label(c), n) for c, n in figs["evidence_categories"].items()],
        "bars": [
            {"label": label, "value": value}
            for label, value in zip(bucket_labels(), figs["histogram"], strict=True)
        ],
        "peak": max([*figs["histogram"], 1]),
        "narrative": version.narrative or campaign.summary,
        "demands": version.demands or campaign.demands,
        "excerpts": excerpts,
        "identity_count": identity_count,
        "letter_templates": [f"{TEMPLATES}letters/{kind}.html", f"{TEMPLATES}letters/default.html"],
        "today": timezone.localdate(),
    }


def _archive(context: dict) -> pymupdf.Archive:
    """Files the HTML may refer to by name: the chart, drawn from its own SVG template."""
    archive = pymupdf.Archive()
    archive.add((_render("chart.svg", context).encode(), "chart.svg"))
    return archive


def _index_fragments(filing: Filing) -> Iterator[list[dict]]:
    """The evidence index in fragments of rows, so no fragment of HTML grows with the campaign."""
    rows = filing_exhibits(filing).values_list(
        "pk", "membership__pseudonym_number", "category", "document_date", "sha256_redacted"
    )
    fragment: list[dict] = []
    for n, (pk, member, category, doc_date, sha) in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        fragment.append(
            {
                "pk": pk,
                "number": n,
                "member": member,
                "category": _category_label(category),
                "date": doc_date,
                "sha": sha,
            }
        )
        if len(fragment) == INDEX_ROWS_PER_FRAGMENT:
            yield fragment
            fragment = []
    if fragment:
        yield fragment


# --- layout ----------------------------------------------------------------------------------------------------
def _exhibit_pages(dossier: Dossier, filing: Filing) -> None:
    """Caption pages for the exhibits, and text exhibits in full; images and PDFs are placed by finish()."""
    items = filing_exhibits(filing).values_list(
        "kind", "category", "redacted", "membership__pseudonym_number"
    )
    for n, (kind, category, name, member) in enumerate(items.iterator(chunk_size=CHUNK), start=1):
        context = {"number": n, "member": member, "category": _category_label(category)}
        if kind in EvidenceItem.IMAGE_KINDS:
            dossier.image_exhibit(_render("exhibit_caption.html", context), name)
        elif kind == EvidenceItem.Kind.PDF:
            dossier.pdf_exhibit(_render("exhibit_caption.html", context), name)
        else:
            try:
                text = read_redacted(name).decode("utf-8", errors="replace")[:TEXT_EXHIBIT_CHARS]
            except OSError:  # a missing exhibit is named in the PDF, it does not stop the filing
                logger.exception("exhibit %s could not be read", name)
                dossier.text_page(_render("exhibit_caption.html", {**context, "broken": True}))
                continue
            dossier.text_page(_render("exhibit_text.html", {**context, "text": text}))


def _placing_progress(progress: Callable[[int], None], done: int, total: int) -> None:
    if done % 20 == 0 or done == total:
        progress(80 + 17 * done // total)


def _lay_out(
    version: FilingVersion, context: dict, progress: Callable[[int], None]
) -> tuple[bytes, str, str]:
    """The PDF, its SHA-256 and the hash of its evidence index."""
    campaign = version.filing.campaign
    dossier = Dossier(
        css=_render("dossier.css", context),
        archive=_archive(context),
        title=campaign.title,
        footer=f"{campaign.title} · v{version.number}",
        broken_note=_("this exhibit could not be rendered."),
    )
    try:
        dossier.flow(_render("letter.html", context))
        dossier.page_break()
        dossier.flow(_render("sections.html", context))
        progress(60)
        index_digest = hashlib.sha256()
        for i, fragment in enumerate(_index_fragments(version.filing)):
            index_digest.update("".join(f"{row['pk']}:{row['sha']};" for row in fragment).encode())
            dossier.flow(_render("index_rows.html", {**context, "rows": fragment, "first": i == 0}))
        dossier.flow(_render("closing.html", context))
        progress(70)
        _exhibit_pages(dossier, version.filing)
        progress(80)
        data, sha = dossier.finish(read_redacted, partial(_placing_progress, progress))
    except BaseException:
        dossier.close()
        raise
    return data, sha, index_digest.hexdigest()


def build(version: FilingVersion, *, progress: Callable[[int], None] = lambda p: None) -> Built:
    """Generate the PDF and annexes of a version in the filing's language."""
    filing = version.filing
    campaign = filing.campaign
    with translation.override(filing.language):
        figs = figures(filing)
        if filing.requires_mandates:  # the letter and the email say how many of them authorized the filing
            figs["represented"] = represented_members(campaign)
        progress(10)
        annex_csv, annex_json = write_member_annexes(filing, progress, figs["members"])
        identity = write_identity_annex(filing)
        progress(50)
        excerpts = _excerpts(filing)
        identity_count = identity_annex_rows(filing)
        context = _context(version, figs, excerpts, identity_count)
        data, sha, index_sha = _lay_out(version, context, progress)
        progress(98)
    content = {
        "language": filing.language,
        "figures": figs,
        "exhibit_index_sha256": index_sha,
        "excerpts": len(excerpts),
        "identity_disclosed": identity_count,
        "consent_fingerprint": consent_fingerprint(filing),
        "generated_at": timezone.now().isoformat(),
    }
    return Built(data, sha, annex_csv, annex_json, identity, content)


def diff_summary(previous: FilingVersion | None, current: FilingVersion, content: dict) -> dict:
    """What changed since the previous version: text diffs of narrative and demands, and changed figures."""
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
