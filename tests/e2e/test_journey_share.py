"""Issue #24, share: a visitor finds the preview tags on a campaign page, opens the share card and reads it,
opens the poster and prints it to an A4 PDF whose QR code leads back to the campaign."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pymupdf
import pytest
from PIL import Image

from complaints.evidence.pipeline.extract import ocr_image
from tests.e2e.conftest import LANGUAGES, VIEWPORTS

pytestmark = pytest.mark.e2e


def _big_campaign(stack) -> tuple[str, str]:
    out = stack.shell(
        "from complaints.campaigns.models import Campaign\n"
        "c = Campaign.objects.filter(status='open', members_count__gte=5).order_by('-members_count').first()\n"
        "print(c.slug)"
    )
    return out.splitlines()[-1], ""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_share_card_and_printed_poster(journey, stack, language, viewport, tmp_path):
    j = journey("share", language, viewport)
    page = j.page
    slug, _ = _big_campaign(stack)
    j.go(f"/campaigns/{slug}/")
    title = page.locator("h1").first.inner_text().strip()
    image_url = page.locator('meta[property="og:image"]').get_attribute("content")
    assert page.locator('meta[name="twitter:card"]').get_attribute("content") == "summary_large_image"
    assert image_url.endswith(f"/campaigns/{slug}/card-{'zh' if language == 'zh-hans' else 'en'}.png")
    j.shot("campaign-with-share-box")
    j.fits_the_screen()

    card = page.request.get(image_url)
    assert card.ok and card.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(card.body())).convert("RGB")
    assert image.size == (1200, 630)
    read = "".join(line.text for line in ocr_image(image)).replace(" ", "")
    assert title.replace(" ", "")[:8] in read, read
    assert "¥" in read  # a campaign of 5 or more shows its total claimed

    page.locator("#share a[href$='/poster/']").click()
    page.wait_for_load_state()
    j.fits_the_screen()
    j.shot("poster")
    page.emulate_media(media="print")
    pdf_path = tmp_path / f"poster-{language}-{viewport}.pdf"
    page.pdf(path=str(pdf_path), format="A4", print_background=True)
    with pymupdf.open(pdf_path) as doc:
        assert doc.page_count == 1, doc.page_count
        text = doc[0].get_text().replace(" ", "").replace("\n", "")
        assert title.replace(" ", "")[:8] in text
        assert j.t("如何加入", "Howtojoin") in text
        pixmap = doc[0].get_pixmap(dpi=150)
    gray = cv2.imdecode(np.frombuffer(pixmap.tobytes("png"), np.uint8), cv2.IMREAD_GRAYSCALE)
    decoded, _points, _straight = cv2.QRCodeDetector().detectAndDecode(gray)
    assert decoded.endswith(f"/campaigns/{slug}/"), decoded
    assert j.console_errors == [], j.console_errors
