"""Normalization: a clean re-encoding that keeps what a person sees and nothing else.

Re-encoding an image drops EXIF (GPS, camera owner), text chunks and anything appended after the
image data (a polyglot HTML or ZIP tail). Rewriting a PDF drops its metadata, XMP, JavaScript,
embedded files, links and the hidden content of annotations.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from .sniff import Kind, reject

_SAVE_OPTIONS = {
    Kind.JPEG: {"format": "JPEG", "quality": 92, "subsampling": 0},
    Kind.PNG: {"format": "PNG", "optimize": False, "compress_level": 6},
    Kind.WEBP: {"format": "WEBP", "quality": 92, "method": 4},
}


def decode_image(data: bytes) -> Image.Image:
    """Decode the first frame, upright, in a mode every step can draw on."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                im.seek(0)
                im.load()
                # Turning the pixels upright first, because the rotation flag goes with the EXIF.
                upright = ImageOps.exif_transpose(im)
                icc = im.info.get("icc_profile")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise reject("too_many_pixels") from exc
    except Exception as exc:
        raise reject("corrupt") from exc
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        out = upright.convert("RGBA")
    elif upright.mode == "L":
        out = upright.copy()
    else:
        out = upright.convert("RGB")
    out.info = {"icc_profile": icc} if icc else {}
    return out


def encode_image(image: Image.Image, kind: Kind) -> bytes:
    """Encode pixels only: no EXIF, XMP or text chunks are passed on."""
    options = dict(_SAVE_OPTIONS[kind])
    if kind is Kind.JPEG and image.mode == "RGBA":
        image = image.convert("RGB")
    icc = image.info.get("icc_profile")
    if icc:
        # A colour profile describes colours, not people; dropping it would shift the colours.
        options["icc_profile"] = icc
    buf = io.BytesIO()
    image.save(buf, **options)
    return buf.getvalue()


def normalize_image(data: bytes, kind: Kind) -> tuple[bytes, Image.Image]:
    """Re-encode an image; returns the clean bytes and the decoded picture."""
    image = decode_image(data)
    return encode_image(image, kind), image


def clean_pdf(doc) -> None:  # type: ignore[no-untyped-def]
    """Strip metadata, scripts, attachments and links from an open PyMuPDF document in place."""
    # Annotations and form fields become plain page content: what they show stays (and is then
    # searched like any text), their hidden notes, authors and actions go.
    doc.bake(annots=True, widgets=True)
    # Hidden text is kept: it is often a scanned page's OCR layer, and it is redacted like the rest.
    doc.scrub(hidden_text=False, redact_images=0, reset_fields=False)
    # Actions that run on opening a file or a page (scrub empties their scripts but keeps the hooks).
    catalog = doc.pdf_catalog()
    for key in ("OpenAction", "AA"):
        doc.xref_set_key(catalog, key, "null")
    for page in doc:
        doc.xref_set_key(page.xref, "AA", "null")
        for link in page.get_links():
            page.delete_link(link)
    doc.set_metadata({})
    doc.del_xml_metadata()


def save_pdf(doc) -> bytes:  # type: ignore[no-untyped-def]
    # garbage=4 drops unreferenced objects, such as an old Info dictionary left behind by an edit.
    return doc.tobytes(garbage=4, deflate=True, clean=True, preserve_metadata=0, no_new_id=0)


def normalize_pdf(data: bytes) -> bytes:
    """Rewrite a PDF without metadata, JavaScript, embedded files, annotations or links."""
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise reject("corrupt") from exc
    with doc:
        if doc.needs_pass:
            raise reject("encrypted")
        try:
            clean_pdf(doc)
            return save_pdf(doc)
        except Exception as exc:
            raise reject("corrupt") from exc
