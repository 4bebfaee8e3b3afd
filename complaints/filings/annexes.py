"""The machine-readable annexes of a filing version: one row per member (CSV and JSON) and, for the receiving
regulator only, the identities of the members who agreed to disclose them. Streamed from the database into
spooled temporary files, so a 20,000-member campaign costs about what a 200-member one does."""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.core.files import File

from complaints.core import csv as safe_csv
from complaints.filings.models import Filing
from complaints.filings.selection import CHUNK, filing_exhibits, filing_members, identity_consents, money
from complaints.mandates import sealing
from complaints.mandates.selectors import signer_identities

SEALED_SUFFIX = ".sealed"


def _spooled() -> tempfile.SpooledTemporaryFile:
    return tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+b")  # handed to storage, closed there


def member_rows(filing: Filing) -> Iterator[dict]:
    """The filing's members in pseudonym order with their exhibit numbers: a merge of two ordered streams."""
    evidence = (
        filing_exhibits(filing)
        .values_list("membership__pseudonym_number", flat=True)
        .iterator(chunk_size=CHUNK)
    )
    next_exhibit = next(evidence, None)
    exhibit_number = 1
    rows = (
        filing_members(filing)
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
            "amount": money(amount) if amount is not None else "",
            "currency": currency or "",
            "date": incident_date.isoformat() if incident_date else "",
            "exhibits": numbers,
        }


def write_member_annexes(filing: Filing, progress: Callable[[int], None], total: int) -> tuple[File, File]:
    """annex.csv and annex.json: member number, amount, currency, date and exhibit numbers."""
    csv_file, json_file = _spooled(), _spooled()
    text_csv = io.TextIOWrapper(csv_file, encoding="utf-8", newline="", write_through=True)
    text_json = io.TextIOWrapper(json_file, encoding="utf-8", write_through=True)
    writer = safe_csv.writer(text_csv)
    writer.writerow(["member", "amount", "currency", "date", "exhibits"])
    text_json.write('{"members": [\n')
    for i, row in enumerate(member_rows(filing)):
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


def write_identity_annex(filing: Filing) -> File | None:
    """identity.csv, only for the receiving regulator: the members who agreed to be named for this filing.

    A filing that requires mandates names every member it speaks for, with the legal name and document number
    they signed the mandate with (the sign page says the regulator receiving such a filing sees them); the
    account name and email only of those who also agreed to be named for this filing.
    """
    consents = (
        identity_consents(filing).select_related("membership__user").order_by("membership__pseudonym_number")
    )
    if filing.requires_mandates:
        return _signers_annex(filing, consents)
    if not consents.exists():
        return None
    out = _spooled()
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = safe_csv.writer(text)
    writer.writerow(["member", "name", "email"])
    for consent in consents.iterator(chunk_size=CHUNK):
        user = consent.membership.user
        writer.writerow([consent.membership.pseudonym_number, user.display_name, user.email])
    text.detach()
    out.seek(0)
    return File(out, name="identity.csv")


def _signers_annex(filing: Filing, consents) -> File | None:
    named = {c.membership_id: c.membership.user for c in consents.iterator(chunk_size=CHUNK)}
    members = filing_members(filing)
    numbers = dict(members.values_list("pk", "pseudonym_number"))
    out = _spooled()
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = safe_csv.writer(text)
    writer.writerow(
        ["member", "legal_name", "id_document", "id_number", "mandate_version", "signed_at", "name", "email"]
    )
    rows = 0
    for signer in signer_identities(filing.campaign, members.values("pk")):
        user = named.get(signer.membership_id)
        writer.writerow(
            [
                numbers[signer.membership_id],
                signer.legal_name,
                signer.id_kind,
                signer.id_number,
                signer.version,
                signer.signed_at.isoformat(timespec="seconds"),
                user.display_name if user else "",
                user.email if user else "",
            ]
        )
        rows += 1
    text.detach()
    if not rows:
        out.close()
        return None
    out.seek(0)
    # Sealed at rest with the mandates' key, like the identities it is made of; opened only to be sent.
    sealed = _spooled()
    sealed.write(sealing.seal(out.read()))
    out.close()
    sealed.seek(0)
    return File(sealed, name=f"identity.csv{SEALED_SUFFIX}")


def identity_annex_bytes(field) -> bytes:
    """The identity annex as the regulator receives it (a sealed one opened): for the sending channels only."""
    with field.open("rb") as fh:
        data = fh.read()
    return sealing.unseal(data) if field.name.endswith(SEALED_SUFFIX) else data


def identity_annex_rows(filing: Filing) -> int:
    """How many members the identity annex names (the letter and the checklist say it)."""
    if filing.requires_mandates:
        return filing_members(filing).count()
    return identity_consents(filing).count()
