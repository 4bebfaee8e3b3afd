"""A filing PDF: Chinese text with embedded fonts, searchable; annexes by pseudonym; versions and diffs."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from complaints.filings import services
from complaints.filings.models import FilingConsent, FilingVersion
from tests.filings.conftest import TITLE, add_evidence, make_filing, regenerate

pytestmark = pytest.mark.django_db(transaction=False)


def _pdf_path(version: FilingVersion) -> Path:
    out = Path(tempfile.mkdtemp()) / "filing.pdf"
    with version.pdf.open("rb") as fh:
        out.write_bytes(fh.read())
    return out


def test_chinese_pdf_embeds_every_font_and_is_searchable(campaign, organizer, member, regulator):
    add_evidence(member, kind="png")
    add_evidence(organizer, kind="pdf")
    filing = make_filing(campaign, organizer, regulator)
    version = filing.current_version
    assert version.status == FilingVersion.Status.READY and version.progress == 100
    path = _pdf_path(version)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    for row in rows:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert TITLE in text
    assert "证据索引" in text or "Evidence index" in text
    assert version.pdf_sha256 and len(version.pdf_sha256) == 64


def test_annex_lists_members_by_pseudonym_with_exhibit_numbers_and_no_names(
    campaign, organizer, member, regulator
):
    add_evidence(organizer, kind="png")
    add_evidence(member, kind="png")
    add_evidence(member, kind="png", include_in_filings=False)  # not released for filings
    filing = make_filing(campaign, organizer, regulator)
    version = filing.current_version
    with version.annex_csv.open("rb") as fh:
        rows = list(csv.DictReader(io.StringIO(fh.read().decode())))
    assert [r["member"] for r in rows] == [str(organizer.pseudonym_number), str(member.pseudonym_number)]
    assert rows[0]["amount"] == "2835.43" and rows[0]["exhibits"] == "E-1"
    assert rows[1]["exhibits"] == "E-2"
    with version.annex_json.open("rb") as fh:
        data = json.loads(fh.read())
    assert data["members"][1]["amount"] == "120.00"
    with version.annex_csv.open("rb") as fh:
        assert member.user.email.encode() not in fh.read()
    assert version.content["figures"]["exhibits"] == 2
    assert not version.identity_annex


def test_identity_annex_only_for_members_who_consented(campaign, organizer, member, regulator):
    filing = make_filing(campaign, organizer, regulator)
    services.filing_consent_update(
        actor=member.user, filing=filing, membership=member, disclose_identity=True
    )
    version = regenerate(filing, organizer, narrative="事实", demands="退款")
    with version.identity_annex.open("rb") as fh:
        content = fh.read().decode()
    assert member.user.email in content and organizer.user.email not in content
    assert FilingConsent.objects.filter(filing=filing, disclose_identity=True).count() == 1


def test_new_version_shows_what_changed(campaign, organizer, member, regulator):
    filing = make_filing(campaign, organizer, regulator, language="en")
    regenerate(filing, organizer, narrative="The wallet froze our money.", demands="Refund all.")
    second = filing.current_version
    assert second.number == 2
    diff = second.diff_summary
    assert diff["previous"] == 1
    assert any("+The wallet froze our money." in line for line in diff["text"]["narrative"])
    assert diff["figures"] == {}


def test_privacy_export_and_erase_cover_filing_consents(campaign, organizer, member, regulator):
    from complaints.filings import privacy

    filing = make_filing(campaign, organizer, regulator)
    services.filing_consent_update(
        actor=member.user, filing=filing, membership=member, disclose_identity=True
    )
    assert privacy.export(member.user)["filing_consents"][0]["disclose_identity"] is True
    assert privacy.impact(member.user)
    privacy.erase(member.user)
    assert not FilingConsent.objects.filter(membership=member).exists()


def test_identity_annex_shows_a_formula_in_a_display_name_as_text(campaign, organizer, member, regulator):
    hostile = '=HYPERLINK("http://evil.test","x")'
    member.user.display_name = hostile
    member.user.save(update_fields=["display_name"])
    filing = make_filing(campaign, organizer, regulator)
    services.filing_consent_update(
        actor=member.user, filing=filing, membership=member, disclose_identity=True
    )
    version = regenerate(filing, organizer, narrative="事实", demands="退款")
    with version.identity_annex.open("rb") as fh:
        rows = list(csv.DictReader(io.StringIO(fh.read().decode())))
    assert [r["name"] for r in rows] == ["'" + hostile], "a spreadsheet would run the name as a formula"


def test_annex_keeps_amounts_as_numbers_even_when_negative(campaign, organizer, member, regulator):
    from complaints.campaigns.models import Case

    Case.objects.filter(membership=member).update(amount=-5)
    filing = make_filing(campaign, organizer, regulator)
    with filing.current_version.annex_csv.open("rb") as fh:
        rows = list(csv.DictReader(io.StringIO(fh.read().decode())))
    assert rows[1]["amount"] == "-5.00", "an amount is a number a regulator adds up, not quoted text"


def test_changed_figures_read_as_translated_sentences_under_their_own_heading(
    client, campaign, organizer, member, regulator
):
    filing = make_filing(campaign, organizer, regulator)
    add_evidence(member, category="chat_log")
    regenerate(filing, organizer, narrative="事实", demands="退款")
    client.force_login(organizer.user)
    page = client.get(filing.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "汇总数据" in page
    assert "证据材料：1 → 2" in page
    assert "聊天记录 1 份" in page
    for raw in ("evidence_categories", "histogram", "{&#x27;", "chat_log", "<code>exhibits"):
        assert raw not in page, raw
    english = client.get(filing.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Chat log: 1 file" in english and "Group figures" in english


def test_the_organizer_reads_what_changed_as_added_and_removed_lines_not_a_raw_diff(
    client, campaign, organizer, member, regulator
):
    filing = make_filing(campaign, organizer, regulator, language="en")
    regenerate(filing, organizer, narrative="The wallet froze our money.", demands="Refund all.")
    client.force_login(organizer.user)
    html = client.get(filing.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What changed since version 1" in html
    assert "<ins>" in html and "The wallet froze our money." in html
    assert "@@" not in html and "+The wallet" not in html


def test_what_changed_puts_an_ellipsis_only_between_changed_parts(
    client, campaign, organizer, member, regulator
):
    filing = make_filing(campaign, organizer, regulator, language="en")
    lines = [f"Line {i}." for i in range(1, 11)]
    regenerate(filing, organizer, narrative="\n".join(lines), demands="Refund all.")
    changed = ["Line 1, corrected.", *lines[1:9], "Line 10, corrected."]
    regenerate(filing, organizer, narrative="\n".join(changed), demands="Refund all.")
    client.force_login(organizer.user)
    html = client.get(filing.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    facts = html.split("What changed since version 2", 1)[1].split("</ul>", 1)[0]
    assert facts.count("…") == 1, "one gap, between the two changed parts"
    assert facts.index("Line 1, corrected.") < facts.index("…") < facts.index("Line 10, corrected.")
