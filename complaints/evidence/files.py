"""Evidence files on the private storage: random names, safe display names, reading and deleting.

A file is written before the row that points at it and deleted only after the transaction that stops
pointing at it commits: a crash may leave an orphan file behind, never a row pointing at nothing.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from collections.abc import Iterable
from functools import partial

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction

from complaints.evidence.models import EvidenceItem, private_storage
from complaints.evidence.pipeline import Kind

logger = logging.getLogger(__name__)

EXTENSIONS = {Kind.JPEG: "jpg", Kind.PNG: "png", Kind.WEBP: "webp", Kind.PDF: "pdf", Kind.TEXT: "txt"}

# Path separators are handled apart; these are control, line-break, zero-width and bidi characters that
# could make a name lie about itself ("invoice\u202egnp.exe") or break a header or a log line.
_UNSAFE_CHARS = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
NAME_LIMIT = 120


def safe_display_name(name: str) -> str:
    """A file name fit to show and to send back as a download name: no path, no control characters."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _UNSAFE_CHARS.sub("", text)
    text = " ".join(text.split()).strip(" .")
    if len(text) > NAME_LIMIT:
        stem, dot, ext = text.rpartition(".")
        ext = ext if dot and 0 < len(ext) <= 10 else ""
        text = (
            f"{(stem if ext else text)[: NAME_LIMIT - len(ext) - 1].rstrip(' .')}{'.' + ext if ext else ''}"
        )
    return text or "evidence"


def download_name(item: EvidenceItem, *, owner: bool) -> str:
    """The owner gets their own name back with the real type's extension; anyone else a neutral name."""
    ext = EXTENSIONS[Kind(item.kind)]
    if not owner:
        return f"evidence-{item.pk}.{ext}"
    stem = item.original_name.rsplit(".", 1)[0] if "." in item.original_name else item.original_name
    return f"{stem or 'evidence'}.{ext}"


def store(data: bytes, ext: str) -> str:
    # Random names, one random folder level to keep directories small; nothing from the person.
    token = uuid.uuid4().hex
    return private_storage.save(f"evidence/{token[:2]}/{token}.{ext}", ContentFile(data))


def read_file(name: str) -> bytes:
    with private_storage.open(name, "rb") as fh:
        return fh.read()


def open_redacted(item: EvidenceItem | str) -> File:
    """The redacted file of an item, opened for reading (the caller closes it; use it in a `with`).

    Takes the item, or the redacted file's stored name as `values_list("redacted")` gives it. The redacted
    copy is what the group and regulators see; other apps read evidence files through here, not the model.
    """
    name = item.redacted.name if isinstance(item, EvidenceItem) else item
    if not name:
        raise FileNotFoundError("this evidence item has no redacted file")
    return private_storage.open(name, "rb")


def read_redacted(item: EvidenceItem | str) -> bytes:
    """The redacted file's bytes (see open_redacted)."""
    with open_redacted(item) as fh:
        return fh.read()


def delete_files(names: Iterable[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            private_storage.delete(name)
        except Exception:  # a leftover file is harmless; a failed request because of it is not
            logger.warning("could not delete evidence file %s", name, exc_info=True)


def delete_after_commit(names: Iterable[str]) -> None:
    names = [n for n in names if n]
    if names:
        transaction.on_commit(partial(delete_files, names))


def file_names(item: EvidenceItem) -> list[str]:
    return [f.name for f in (item.original, item.normalized, item.redacted, item.thumbnail) if f]
