"""Search the whole database and the private storage for planted values (used by the erasure tests)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def database_hits(values: list[str]) -> list[str]:
    """Every (model.field, value) where a planted value still appears in a text column."""
    hits = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            for value in values:
                if model._base_manager.filter(**{f"{field.name}__icontains": value}).exists():
                    hits.append(f"{model._meta.label}.{field.name} contains {value!r}")
    return hits


def storage_hits(values: list[str]) -> list[str]:
    """Every file under the private storage whose bytes contain a planted value."""
    root = Path(settings.PRIVATE_STORAGE_DIR)
    hits = []
    if not root.exists():
        return hits
    needles = [v.encode() for v in values]
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            data = path.read_bytes()
            if zipfile.is_zipfile(path):  # exports are compressed: look inside
                with zipfile.ZipFile(path) as archive:
                    data += b"".join(archive.read(member) for member in archive.namelist())
            hits.extend(f"{path} contains {n!r}" for n in needles if n in data)
    return hits


def raw_file_hits(values: list[str], *roots: Path) -> list[str]:
    """Every file under ``roots`` (the SQLite file and its -wal, the broker, the cache, the outbox) whose raw
    bytes hold a planted value, as UTF-8 or as SQLite may store it; free pages included."""
    needles = [v.encode() for v in values]
    hits = []
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                path = Path(dirpath) / name
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                hits.extend(f"{path} contains {n!r}" for n in needles if n in data)
    return hits
