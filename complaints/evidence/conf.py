"""Evidence settings: Django settings win, then the environment, then these defaults.

Read at call time, so tests can change them with the `settings` fixture.
"""

from __future__ import annotations

from django.conf import settings

from complaints.evidence.pipeline import Limits
from portal.env import env_int

MB = 1024 * 1024


def _setting(name: str, default: int, *, minimum: int = 0) -> int:
    value = getattr(settings, name, None)
    return int(value) if value is not None else env_int(name, default, minimum=minimum)


def quota_items() -> int:
    """Evidence items one person may keep, over all their campaigns."""
    return _setting("TONGSU_EVIDENCE_QUOTA_ITEMS", 300, minimum=1)


def quota_bytes() -> int:
    """Bytes of originals one person may keep."""
    return _setting("TONGSU_EVIDENCE_QUOTA_BYTES", 500 * MB, minimum=MB)


def max_files_per_upload() -> int:
    return _setting("TONGSU_EVIDENCE_MAX_FILES", 20, minimum=1)


def max_attempts() -> int:
    """Processing attempts before an item is failed for good (a file that crashes a worker every time)."""
    return _setting("TONGSU_EVIDENCE_MAX_ATTEMPTS", 3, minimum=1)


def limits() -> Limits:
    """What the pipeline accepts; the upload check and the task use the same limits."""
    base = Limits()
    return Limits(
        max_bytes=_setting("TONGSU_EVIDENCE_MAX_BYTES", base.max_bytes, minimum=1024),
        max_pixels=_setting("TONGSU_EVIDENCE_MAX_PIXELS", base.max_pixels, minimum=10_000),
        max_side=base.max_side,
        max_pages=_setting("TONGSU_EVIDENCE_MAX_PAGES", base.max_pages, minimum=1),
        max_text_chars=base.max_text_chars,
    )
