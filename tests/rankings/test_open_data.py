"""The daily ZIP of CSV files: written by the task to private storage, served at /data/, with its field dictionary
and licence, agreeing with the API and never showing fewer than 5 people or anyone's identity."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from complaints.core.storage import private_backend
from complaints.rankings.fields import DICTIONARY
from complaints.rankings.models import OpenDataDump
from complaints.rankings.tasks import opendata_dump_task, snapshots_task
from tests.factories import CampaignFactory, PlatformFactory

pytestmark = pytest.mark.django_db


def _zip(client) -> zipfile.ZipFile:
    response = client.get(reverse("rankings:open_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip" and response["X-Content-Type-Options"] == "nosniff"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_the_page_offers_the_latest_zip_with_a_dictionary_and_the_licence(client, world):
    assert client.get(reverse("rankings:open_data_download")).status_code == 404  # not built yet
    assert "being prepared" in client.get(reverse("rankings:open_data")).content.decode()
    snapshots_task.delay()
    opendata_dump_task.delay()
    page = client.get(reverse("rankings:open_data")).content.decode()
    assert reverse("rankings:open_data_download") in page and "CC BY 4.0" in page
    archive = _zip(client)
    names = set(archive.namelist())
    assert {"platforms.csv", "campaigns.csv", "filings.csv", "answers.csv", "snapshots.csv"} <= names
    assert {"fields.json", "README.txt", "LICENSE.txt"} <= names
    assert "CC BY 4.0" in archive.read("LICENSE.txt").decode()
    dictionary = json.loads(archive.read("fields.json"))
    for table, columns in DICTIONARY.items():
        header = next(csv.reader(io.StringIO(archive.read(f"{table}.csv").decode("utf-8-sig"))))
        assert header == list(columns)
        assert [f["name"] for f in dictionary["tables"][table]["fields"]] == header
    readme = archive.read("README.txt").decode()
    assert "resolution_share" in readme and "当月" in readme


def test_the_csv_files_agree_with_the_api_and_hide_small_counts_and_identities(client, world):
    snapshots_task.delay()
    opendata_dump_task.delay()
    archive = _zip(client)
    text = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist() if n.endswith(".csv"))
    for person in world.small_people:
        assert person.display_name not in text and person.email not in text
    assert "@example.org" not in text and "13800138000" not in text
    api = client.get("/api/v1/snapshots", {"limit": 500}).json()["items"]
    rows = _rows(archive, "snapshots.csv")
    assert len(rows) == len(api)
    for row, item in zip(rows, api, strict=True):
        assert row == {k: "" if v is None else str(v) for k, v in item.items()}
    small = next(r for r in rows if r["platform"] == "xiaoqian")
    assert (
        small["members_joined"] == ""
        and small["resolution_share"] == ""
        and small["money_recovered"] == "0.00"
    )
    for row in rows:
        assert (
            row["members_joined"] == "" or int(row["members_joined"]) == 0 or int(row["members_joined"]) >= 5
        )
    campaigns = {r["slug"]: r for r in _rows(archive, "campaigns.csv")}
    assert campaigns["xiaoqian-frozen"]["members"] == "" and campaigns["haoduo-topup"]["members"] == "30"


def test_a_title_that_looks_like_a_formula_is_written_as_text(client, db):
    CampaignFactory(platform=PlatformFactory(slug="evil"), title='=HYPERLINK("http://evil.test","x")')
    opendata_dump_task.delay()
    titles = [r["title"] for r in _rows(_zip(client), "campaigns.csv")]
    assert titles == ['\'=HYPERLINK("http://evil.test","x")']


def test_building_again_keeps_only_the_last_few_files(db, django_capture_on_commit_callbacks):
    built = []
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            opendata_dump_task.delay()
        built.append(OpenDataDump.objects.first().file_name)
    kept = set(OpenDataDump.objects.values_list("file_name", flat=True))
    assert kept == set(built[-3:])
    assert [private_backend().exists(name) for name in built] == [False, False, True, True, True]
