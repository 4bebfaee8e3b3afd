"""Normalization: a clean re-encoding that keeps what a person sees and nothing else.

Re-encoding an image drops EXIF (GPS, camera owner, the thumbnail inside it), XMP, IPTC, comments,
text chunks, the colour profile (pixels are converted to sRGB first) and anything appended after
the image data (a polyglot HTML or ZIP tail). Rewriting a PDF drops its metadata, XMP, JavaScript,
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
    if icc:
        out = _to_srgb(out, icc)
    # Nothing from the file's metadata travels with the pixels.
    out.info = {}
    return out


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """The pixels in sRGB, so the file's own colour profile (whose description and other tags are
    free text that can carry anything) need not be written out again."""
    from PIL import ImageCms

    if image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a profile that does not parse: the pixels are shown as they are
    return converted if converted is not None else image


# What Pillow reports for each kind of metadata block, by the name the report gives it.
_IMAGE_BLOCKS = {
    "exif": ("exif",),
    "xmp_metadata": ("xmp", "XML:com.adobe.xmp"),
    "iptc": ("photoshop", "iptc"),
    "icc_profile": ("icc_profile",),
    "comment": ("comment",),
}


def hidden_image_parts(data: bytes) -> list[str]:
    """Names of the metadata blocks an image file carries (all of them are dropped on re-encoding)."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            info = dict(im.info)
            text = getattr(im, "text", None) if im.format == "PNG" else None
    except Exception:
        return []
    found = [name for name, keys in _IMAGE_BLOCKS.items() if any(info.get(k) for k in keys)]
    known = {k for keys in _IMAGE_BLOCKS.values() for k in keys}
    if text and any(k not in known for k in text):
        found.append("text_chunks")
    return found


def encode_image(image: Image.Image, kind: Kind) -> bytes:
    """Encode pixels only: no EXIF, XMP or text chunks are passed on."""
    options = dict(_SAVE_OPTIONS[kind])
    if kind is Kind.JPEG and image.mode == "RGBA":
        image = image.convert("RGB")
    buf = io.BytesIO()
    image.save(buf, **options)
    return buf.getvalue()


def normalize_image(data: bytes, kind: Kind) -> tuple[bytes, Image.Image]:
    """Re-encode an image; returns the clean bytes and the decoded picture."""
    image = decode_image(data)
    return encode_image(image, kind), image


def _hidden_pdf_parts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    """Names of the places in a PDF that carry content a reader of the page does not see."""
    catalog = doc.pdf_catalog()
    found: list[str] = []

    def has(xref: int, key: str) -> bool:
        return doc.xref_get_key(xref, key)[0] not in ("null", "")

    pages = list(doc)
    checks = {
        "embedded_files": doc.embfile_count() > 0 or has(catalog, "Collection"),
        "associated_files": has(catalog, "AF") or any(has(pg.xref, "AF") for pg in pages),
        "annotations": any(pg.first_annot is not None for pg in pages),
        "form_fields": any(pg.first_widget is not None for pg in pages) or has(catalog, "AcroForm"),
        "links": any(pg.first_link is not None for pg in pages),
        "javascript": has(catalog, "Names/JavaScript"),
        "actions": has(catalog, "OpenAction")
        or has(catalog, "AA")
        or any(has(pg.xref, "AA") for pg in pages),
        "optional_content": has(catalog, "OCProperties"),
        "metadata": any(v for k, v in (doc.metadata or {}).items() if k not in ("format", "encryption")),
        "xmp_metadata": bool(doc.get_xml_metadata()),
        "previous_revisions": doc.version_count > 1,
    }
    found.extend(name for name, present in checks.items() if present)
    return found


def clean_pdf(doc) -> list[str]:  # type: ignore[no-untyped-def]
    """Strip metadata, scripts, attachments, layers and links from an open PyMuPDF document in place.

    Returns the names of the hiding places that held something (for the report).
    """
    removed = _hidden_pdf_parts(doc)
    catalog = doc.pdf_catalog()
    # Text in a layer switched off is invisible and skipped by text extraction, but it is in the
    # file: without optional content every layer is shown, so it is read and redacted like the rest.
    doc.xref_set_key(catalog, "OCProperties", "null")
    # Annotations and form fields become plain page content: what they show stays (and is then
    # searched like any text), their hidden notes, authors and actions go.
    doc.bake(annots=True, widgets=True)
    # Hidden text is kept: it is often a scanned page's OCR layer, and it is redacted like the rest.
    doc.scrub(hidden_text=False, redact_images=0, reset_fields=False)
    for name in doc.embfile_names():
        doc.embfile_del(name)
    # Actions that run on opening a file or a page (scrub empties their scripts but keeps the hooks),
    # and associated files (/AF), which are attachments that scrub does not see.
    for key in ("OpenAction", "AA", "AF", "Collection", "AcroForm", "Names"):
        doc.xref_set_key(catalog, key, "null")
    for page in doc:
        for key in ("AA", "AF"):
            doc.xref_set_key(page.xref, key, "null")
        for link in page.get_links():
            page.delete_link(link)
    doc.set_metadata({})
    doc.del_xml_metadata()
    return removed


def save_pdf(doc) -> bytes:  # type: ignore[no-untyped-def]
    # garbage=4 drops unreferenced objects, such as an old Info dictionary left behind by an edit.
    return doc.tobytes(
        garbage=4, deflate=True, clean=True, incremental=False, preserve_metadata=0, no_new_id=0
    )


def normalize_pdf(data: bytes) -> tuple[bytes, list[str]]:
    """Rewrite a PDF without metadata, JavaScript, attachments, layers, annotations, links or
    earlier revisions; returns the clean bytes and the names of the hiding places that held something."""
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise reject("corrupt") from exc
    with doc:
        if doc.needs_pass:
            raise reject("encrypted")
        try:
            removed = clean_pdf(doc)
            # Written whole (never appended to), so an earlier revision's objects are not carried over.
            return save_pdf(doc), removed
        except Exception as exc:
            raise reject("corrupt") from exc
