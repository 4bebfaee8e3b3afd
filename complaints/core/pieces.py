"""Pieces of signed-in pages kept in the cache until what they show changes.

Some parts of signed-in pages cost more than the rest of the page together and change far less often than
they are read: a big campaign's member list (the same for every member), a person's notification list (the
same on every visit until something arrives or is read). A piece is kept under a *scope* (one campaign's
roster, one person's inbox), stamped with the scope's current version; whatever changes what a scope's
pieces show calls `scope_changed`, which retires the version when its transaction commits, so the next
reader renders afresh. The version is read before the piece is rendered, so a render that raced a change is
stored under the retired version and never served. Pieces also expire after TONGSU_PAGE_CACHE_SECONDS (10 s;
0 turns them off), which bounds what a missed change or a relative time ("2 minutes ago") could show.

A piece holds nothing that differs between the people who may read it: per-viewer marks (a CSRF token, the
viewer's own row) are put in by the caller when it serves the piece.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

# A version outlives its pieces by far; when it is evicted or expires, a new one simply starts.
VERSION_SECONDS = 24 * 3600


def _version_key(scope: str) -> str:
    return f"piece-version:{scope}"


def scope_changed(*scopes: str) -> None:
    """After the current transaction commits, retire what was kept for these scopes."""
    keys = [_version_key(scope) for scope in scopes]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


def kept_piece(scope: str, name: str, render: Callable[[], str]) -> str:
    """`render()`'s markup for `name` in this scope and the active language, kept until the scope changes."""
    timeout = getattr(settings, "TONGSU_PAGE_CACHE_SECONDS", 10)
    if not timeout:
        return render()
    version_key = _version_key(scope)
    key = f"piece:{scope}:{get_language()}:{name}"
    found = cache.get_many([version_key, key])
    version = found.get(version_key)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(version_key, version, VERSION_SECONDS):
            version = cache.get(version_key)
    stored = found.get(key)
    if version is not None and stored is not None and stored[0] == version:
        return stored[1]
    markup = render()
    if version is not None:
        cache.set(key, (version, markup), timeout)
    return markup
