"""An upload too large for memory is spooled in a directory the portal owns, where the sweep deletes what a
killed web process left behind; never in /tmp for ever."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile

from complaints.core.tasks import sweep_upload_leftovers


def test_large_uploads_are_spooled_under_var_not_in_tmp():
    upload = TemporaryUploadedFile("receipt.pdf", "application/pdf", 3 * 1024 * 1024, None)
    try:
        path = Path(upload.temporary_file_path())
        assert path.parent == Path(settings.FILE_UPLOAD_TEMP_DIR)
        assert Path(settings.VAR_DIR) in path.parents
    finally:
        upload.close()


def test_the_sweep_deletes_upload_leftovers_older_than_an_hour_and_keeps_running_ones():
    directory = Path(settings.FILE_UPLOAD_TEMP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    left_over, running = directory / "tmpkilled.upload.pdf", directory / "tmprunning.upload.pdf"
    left_over.write_bytes(b"%PDF half of a receipt")
    running.write_bytes(b"%PDF still arriving")
    an_hour_ago = time.time() - 3700
    os.utime(left_over, (an_hour_ago, an_hour_ago))
    assert sweep_upload_leftovers() == 1
    assert not left_over.exists() and running.exists()
    running.unlink()
