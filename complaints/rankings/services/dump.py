"""The daily open-data ZIP: one CSV per kind (through core's CSV writer), a field dictionary and the licence."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from complaints.core import csv as safe_csv
from complaints.core.services import audit_record
from complaints.core.storage import private_backend
from complaints.rankings import fields, selectors
from complaints.rankings.models import OpenDataDump

DUMP_DIR = "opendata"
KEEP_DUMPS = 3
# (file name, rows, row builder), in the order of the field dictionary.
TABLES: tuple[tuple[str, Callable, Callable], ...] = (
    ("platforms.csv", selectors.platforms, selectors.platform_row),
    ("campaigns.csv", selectors.campaigns, selectors.campaign_row),
    ("filings.csv", selectors.filings_sent, selectors.filing_row),
    ("answers.csv", selectors.answers, selectors.answer_row),
    ("snapshots.csv", selectors.snapshots, selectors.snapshot_row),
)


def _csv(columns: list[str], rows: Iterable[dict]) -> bytes:
    stream = io.StringIO()
    writer = safe_csv.writer(stream)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else row[c] for c in columns])
    # A BOM so that Excel opens the Chinese names as UTF-8.
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def _rows(queryset, builder: Callable) -> Iterable[dict]:
    for item in queryset.order_by("pk").iterator(chunk_size=2000):
        yield builder(item)


def dump_bytes() -> bytes:
    """The ZIP as bytes: the CSVs, fields.json and README.txt (the field dictionary) and LICENSE.txt."""
    built = timezone.now()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, queryset, builder in TABLES:
            columns = list(fields.DICTIONARY[name.removesuffix(".csv")])
            archive.writestr(name, _csv(columns, _rows(queryset(), builder)))
        archive.writestr("fields.json", json.dumps(fields.dictionary_json(), ensure_ascii=False, indent=2))
        readme = render_to_string("rankings/opendata_readme.txt", {"built": built, **fields.readme_context()})
        archive.writestr("README.txt", readme)
        archive.writestr("LICENSE.txt", render_to_string("rankings/opendata_license.txt", {"built": built}))
    return buffer.getvalue()


def opendata_dump_build(*, actor=None) -> OpenDataDump:
    """Write today's ZIP to the private storage and keep the last few; the download view serves the newest."""
    content = dump_bytes()
    digest = hashlib.sha256(content).hexdigest()
    name = f"{DUMP_DIR}/tongsu-open-data-{timezone.localdate():%Y%m%d}-{digest[:12]}.zip"
    storage = private_backend()
    if not storage.exists(name):
        name = storage.save(name, ContentFile(content))
    with transaction.atomic():
        dump = OpenDataDump.objects.create(file_name=name, size=len(content), sha256=digest)
        old = list(OpenDataDump.objects.order_by("-built_at", "-id")[KEEP_DUMPS:])
        in_use = set(
            OpenDataDump.objects.exclude(pk__in=[d.pk for d in old]).values_list("file_name", flat=True)
        )
        for stale in old:
            if stale.file_name not in in_use:
                transaction.on_commit(lambda n=stale.file_name: private_backend().delete(n))
        OpenDataDump.objects.filter(pk__in=[d.pk for d in old]).delete()
        audit_record(actor=actor, action="rankings.opendata_dump", target=dump, data={"size": len(content)})
    return dump
