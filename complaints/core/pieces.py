"""Versions for cached fragments of signed-in pages whose data has no version column of its own.

A person's notification list is the same on every visit until something arrives or is read; its template
fragment (`{% cache %}` in notifications/list.html) is keyed by the version of its *scope* (one person's
inbox). Whatever changes what a scope shows calls `scope_changed`, which retires the version when its
transaction commits, so the next look renders afresh. The version is read before the fragment is rendered,
so a render that raced a change is stored under the retired version and never served. Fragments also expire
after TONGSU_PAGE_CACHE_SECONDS (10 s; 0 turns them off), which bounds what a missed change or a relative time
("2 minutes ago") could show.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache, caches
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver

# A version outlives its fragments by far; when it is evicted or expires, a new one simply starts.
VERSION_SECONDS = 24 * 3600


def _version_key(scope: str) -> str:
    return f"piece-version:{scope}"


def scope_changed(*scopes: str) -> None:
    """After the current transaction commits, retire what was kept for these scopes."""
    keys = [_version_key(scope) for scope in scopes]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


def scope_version(scope: str) -> str:
    """The scope's current version, for a fragment's cache key (a new one when there is none)."""
    key = _version_key(scope)
    version = cache.get(key)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(key, version, VERSION_SECONDS):
            version = cache.get(key) or version
    return version


@receiver(setting_changed)
def _forget_fragments(**kwargs) -> None:
    # The per-process fragments (the site header) hold routes and words: a test that changes languages,
    # templates or routes gets fragments rendered under its settings.
    caches["fragments"].clear()
