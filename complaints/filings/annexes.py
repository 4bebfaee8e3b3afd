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

from complaints.campaigns.models import Campaign
from complaints.core import csv as safe_csv
from complaints.filings.models import Filing
from complaints.filings.selection import CHUNK, exhibits, identity_consents, included_members, money


def _spooled() -> tempfile.SpooledTemporaryFile:
    return tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+b")  # handed to storage, closed there


def member_rows(campaign: Campaign) -> Iterator[dict]:
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
            "amount": money(amount) if amount is not None else "",
            "currency": currency or "",
            "date": incident_date.isoformat() if incident_date else "",
            "exhibits": numbers,
        }


def write_member_annexes(
    campaign: Campaign, progress: Callable[[int], None], total: int
) -> tuple[File, File]:
    """annex.csv and annex.json: member number, amount, currency, date and exhibit numbers."""
    csv_file, json_file = _spooled(), _spooled()
    text_csv = io.TextIOWrapper(csv_file, encoding="utf-8", newline="", write_through=True)
    text_json = io.TextIOWrapper(json_file, encoding="utf-8", write_through=True)
    writer = safe_csv.writer(text_csv)
    writer.writerow(["member", "amount", "currency", "date", "exhibits"])
    text_json.write('{"members": [\n')
    for i, row in enumerate(member_rows(campaign)):
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
    """identity.csv, only for the receiving regulator: the members who agreed to be named for this filing."""
    consents = (
        identity_consents(filing).select_related("membership__user").order_by("membership__pseudonym_number")
    )
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
