"""Where a person goes on after signing up or in, when the page that sent them there asked for it.

An invite link, say, is opened before the person has an account; the sign-up that follows may start from any
"Sign up" button (the header's carries no `next`). The page remembers where to continue in the session, which
sign-up and sign-in keep; an explicit `next` still wins (allauth reads it before asking the adapter).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "accounts.continue_to"

# Apps that send a signed-out visitor to sign in say why, for the page they continue to (their AppConfig.ready()):
# a function of that local URL that returns a sentence for the sign-in page, or None when the page is not theirs.
_reasons: list[Callable[[str], str | None]] = []


def register_sign_in_reason(reason: Callable[[str], str | None]) -> None:
    if reason not in _reasons:
        _reasons.append(reason)


def sign_in_reason(next_url: str) -> str | None:
    """Why the visitor is asked to sign in, when the page they continue to is one an app explains."""
    if not next_url or not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        return None
    for reason in _reasons:
        sentence = reason(next_url)
        if sentence:
            return sentence
    return None


def continue_after_sign_in(request: HttpRequest, url: str) -> None:
    request.session[SESSION_KEY] = url


def continuation(request: HttpRequest) -> str | None:
    """The remembered page (once), if it is one of ours."""
    url = request.session.pop(SESSION_KEY, None)
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None
