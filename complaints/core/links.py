"""Links to the rows of a long list: reverse() once per URL name, then the id is filled in.

The notification list reversed three URLs for each of its 25 rows, and reverse() cost about as much as
rendering the rest of the row; the figures are in docs/bench.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# An id no route is spelled with; the URL is split around it once and re-joined with the real id.
_MARK = 918273645


# A slug no route is spelled with (slugs are made of [-a-zA-Z0-9_], which reverse() leaves as they are).
_SLUG_MARK = "zq918273645zq"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=256)
def _halves(name: str, mark: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    # `prefix` is only part of the cache key: reverse() reads the current script prefix itself.
    url = reverse(name, args=[mark], urlconf=urlconf)
    head, tail = url.rsplit(mark, 1)
    return head, tail


def pk_url(name: str, pk: int) -> str:
    """What reverse(name, args=[pk]) answers, for a route whose one argument is an integer id."""
    head, tail = _halves(name, str(_MARK), get_script_prefix(), get_urlconf())
    return f"{head}{int(pk)}{tail}"


def slug_url(name: str, slug: str) -> str:
    """What reverse(name, args=[slug]) answers, for a route whose one argument is a `slug` (checked here)."""
    return slug_urls(name)(slug)


def slug_urls(name: str) -> Callable[[str], str]:
    """`slug_url` for the rows of one page: the route is looked up once, each row's slug filled in."""
    head, tail = _halves(name, _SLUG_MARK, get_script_prefix(), get_urlconf())

    def url(slug: str) -> str:
        if not _SLUG.fullmatch(slug):
            return reverse(name, args=[slug])
        return f"{head}{slug}{tail}"

    return url


@lru_cache(maxsize=128)
def _route_path(name: str, prefix: str, urlconf: str | None) -> str:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return ""


def route_path(name: str) -> str:
    """What reverse(name) answers for a route without arguments (the site header's and footer's links, on
    every page), worked out once; "" where the route does not exist, as {% url name as var %} gives."""
    return _route_path(name, get_script_prefix(), get_urlconf())


@receiver(setting_changed)
def _forget_routes(setting: str, **kwargs) -> None:
    # A test that swaps the URLconf gets its own routes.
    if setting == "ROOT_URLCONF":
        _halves.cache_clear()
        _route_path.cache_clear()
