"""Nothing hidden inside a file survives: each hiding place is planted with a phone number in a
hostile file built here, and the number must appear nowhere in the copy others see, not even
inside a compressed stream."""

from __future__ import annotations

import contextlib
import io
import re
import zlib

import pymupdf
import pytest
from PIL import Image, ImageCms, PngImagePlugin

from complaints.evidence.pipeline import anonymize_bytes, anonymize_text

SECRET = "13912345678"


def _inflated(data: bytes) -> list[bytes]:
    """Every stream of a PDF, and every zlib block of an image, decompressed."""
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompressobj().decompress(m.group(1)))
    for m in re.finditer(rb"x[\x01\x5e\x9c\xda]", data):
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompressobj().decompress(data[m.start() :]))
    return out


# PDF text shows up as bytes, UTF-16 or hex-encoded character codes ("<3133...> Tj").
_FORMS = (
    SECRET.encode(),
    SECRET.encode("utf-16-be"),
    SECRET.encode().hex().encode(),
    SECRET.encode().hex().upper().encode(),
)


def _holds(data: bytes) -> bool:
    return any(form in block for block in (data, *_inflated(data)) for form in _FORMS)


def assert_nowhere(data: bytes) -> None:
    assert not _holds(data)


def _pdf_text(data: bytes) -> str:
    return "".join(page.get_text() for page in pymupdf.open(stream=data, filetype="pdf"))


def _pdf() -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "The wallet froze 300 yuan on 2024-03-16.")
    return doc, page


def _embedded(doc):
    doc.embfile_add("note.txt", f"call me on {SECRET}".encode())


def _associated(doc):
    stream = doc.get_new_xref()
    doc.update_object(stream, "<< /Type /EmbeddedFile >>")
    doc.update_stream(stream, f"phone {SECRET}".encode())
    spec = doc.get_new_xref()
    doc.update_object(
        spec, f"<< /Type /Filespec /F (a.txt) /AFRelationship /Data /EF << /F {stream} 0 R >> >>"
    )
    doc.xref_set_key(doc.pdf_catalog(), "AF", f"[{spec} 0 R]")
    doc.xref_set_key(doc[0].xref, "AF", f"[{spec} 0 R]")


def _comment(doc):
    doc[0].add_text_annot((100, 100), f"call {SECRET}")


def _form_field(doc):
    widget = pymupdf.Widget()
    widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    widget.field_name = "phone"
    widget.field_value = SECRET
    widget.rect = pymupdf.Rect(100, 200, 300, 220)
    doc[0].add_widget(widget)


def _link(doc):
    doc[0].insert_link(
        {
            "kind": pymupdf.LINK_URI,
            "from": pymupdf.Rect(50, 50, 200, 80),
            "uri": f"https://x.test/?t={SECRET}",
        }
    )


def _hidden_layer(doc):
    layer = doc.add_ocg("notes", on=False)
    doc[0].insert_text((72, 300), f"tel {SECRET}", oc=layer)


def _xmp(doc):
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{SECRET}</dc></x:xmpmeta>")


def _info(doc):
    doc.set_metadata({"author": SECRET, "subject": SECRET})


def _document_script(doc):
    script = doc.get_new_xref()
    doc.update_object(script, f"<< /S /JavaScript /JS (app.alert('{SECRET}')) >>")
    names = doc.get_new_xref()
    doc.update_object(names, f"<< /Names [(a) {script} 0 R] >>")
    doc.xref_set_key(doc.pdf_catalog(), "Names", f"<< /JavaScript {names} 0 R >>")
    doc.xref_set_key(doc.pdf_catalog(), "OpenAction", f"{script} 0 R")


def _page_action(doc):
    script = doc.get_new_xref()
    doc.update_object(script, f"<< /S /URI /URI (tel:{SECRET}) >>")
    doc.xref_set_key(doc[0].xref, "AA", f"<< /O {script} 0 R >>")


HIDING_PLACES = {
    "embedded_files": _embedded,
    "associated_files": _associated,
    "annotations": _comment,
    "form_fields": _form_field,
    "links": _link,
    "optional_content": _hidden_layer,
    "xmp_metadata": _xmp,
    "metadata": _info,
    "javascript": _document_script,
    "actions": _page_action,
}


@pytest.mark.parametrize("place", sorted(HIDING_PLACES))
def test_a_value_hidden_in_a_pdf_is_gone_and_the_report_says_what_was_removed(place):
    doc, _page = _pdf()
    HIDING_PLACES[place](doc)
    data = doc.tobytes(deflate=True)
    assert _holds(data)

    result = anonymize_bytes(data, "hostile.pdf")

    assert_nowhere(result.redacted)
    assert SECRET not in _pdf_text(result.redacted)
    assert place in result.report()["removed"]
    out = pymupdf.open(stream=result.redacted, filetype="pdf")
    assert "300 yuan" in out[0].get_text()
    assert out.embfile_count() == 0 and not out.get_xml_metadata()


def test_an_earlier_revision_of_a_pdf_is_not_carried_over(tmp_path):
    doc, page = _pdf()
    page.add_text_annot((100, 100), f"call {SECRET}")
    path = tmp_path / "revised.pdf"
    doc.save(path)
    doc.close()
    doc = pymupdf.open(path)
    doc[0].delete_annot(doc[0].first_annot)
    doc.saveIncr()
    doc.close()
    data = path.read_bytes()
    assert _holds(data)  # the first revision is still in the file

    result = anonymize_bytes(data, "revised.pdf")

    assert_nowhere(result.redacted)
    assert "previous_revisions" in result.report()["removed"]


# --- images ---------------------------------------------------------------------------------------

_PIXELS = Image.new("RGB", (80, 60), (245, 245, 245))
_EXIF = Image.Exif()
_EXIF[0x013B] = SECRET  # Artist
_EXIF[0x010E] = f"phone {SECRET}"  # ImageDescription
_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + f"desc {SECRET}".encode()


def _save(fmt: str, **options) -> bytes:
    buf = io.BytesIO()
    _PIXELS.save(buf, fmt, **options)
    return buf.getvalue()


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def _with_segment(jpeg: bytes, marker: int, payload: bytes) -> bytes:
    return jpeg[:2] + _segment(marker, payload) + jpeg[2:]


def _png_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_text("Comment", SECRET, zip=True)
    info.add_itxt("Description", f"phone {SECRET}", zip=True)
    return _save("PNG", pnginfo=info)


def _exif_thumbnail() -> bytes:
    # A TIFF header whose first directory is empty, then a thumbnail JPEG carrying the value.
    thumb = _save("JPEG", comment=SECRET.encode())
    return _with_segment(_save("JPEG"), 0xE1, b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00" + thumb)


HOSTILE_IMAGES = {
    "jpeg EXIF": lambda: _save("JPEG", exif=_EXIF.tobytes()),
    "jpeg EXIF thumbnail": _exif_thumbnail,
    "jpeg XMP": lambda: _with_segment(
        _save("JPEG"),
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>" + SECRET.encode() + b"</x:xmpmeta>",
    ),
    "jpeg IPTC": lambda: _with_segment(
        _save("JPEG"),
        0xED,
        b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x50\x00\x0b" + SECRET.encode(),
    ),
    "jpeg comment": lambda: _save("JPEG", comment=SECRET.encode()),
    "jpeg ICC profile": lambda: _save("JPEG", icc_profile=_ICC),
    "jpeg trailing bytes": lambda: _save("JPEG") + f"PK\x03\x04 {SECRET}".encode(),
    "png text chunks": _png_text,
    "png EXIF": lambda: _save("PNG", exif=_EXIF.tobytes()),
    "png ICC profile": lambda: _save("PNG", icc_profile=_ICC),
    "png trailing bytes": lambda: _save("PNG") + SECRET.encode(),
    "webp EXIF, XMP and ICC": lambda: _save(
        "WEBP", exif=_EXIF.tobytes(), xmp=f"<x>{SECRET}</x>".encode(), icc_profile=_ICC
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_IMAGES))
def test_a_value_hidden_in_an_image_is_gone(case):
    data = HOSTILE_IMAGES[case]()
    assert _holds(data)

    result = anonymize_bytes(data, "hostile." + case.split()[0])

    assert_nowhere(result.redacted)
    with Image.open(io.BytesIO(result.redacted)) as out:
        assert not out.info.get("exif") and not out.info.get("icc_profile") and not out.info.get("xmp")
        assert out.size == _PIXELS.size


def test_the_report_names_the_metadata_blocks_removed_from_an_image():
    data = _save("WEBP", exif=_EXIF.tobytes(), xmp=b"<x/>", icc_profile=_ICC)
    removed = anonymize_bytes(data, "a.webp").report()["removed"]
    assert {"exif", "xmp_metadata", "icc_profile"} <= set(removed)


def test_colours_survive_dropping_the_profile():
    """Pixels are converted to sRGB before the profile goes, so an sRGB picture looks the same."""
    data = _save("PNG", icc_profile=_ICC)
    with Image.open(io.BytesIO(anonymize_bytes(data, "a.png").redacted)) as out:
        assert out.convert("RGB").getpixel((5, 5)) == (245, 245, 245)


# --- text -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\u2069", "\u200f", "\U000e0041"],
)
def test_invisible_and_bidirectional_characters_do_not_split_a_phone_or_a_name(invisible):
    phone = invisible.join(SECRET)
    name = f"柏{invisible}晓{invisible}岚"
    out = anonymize_text(f"退款一直没到，柏晓岚说再等等。联系人：{name}，电话{phone}")[0]
    visible = "".join(ch for ch in out if ch != invisible)
    assert SECRET not in visible
    assert "柏晓岚" not in visible
