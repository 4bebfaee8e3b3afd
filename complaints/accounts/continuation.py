"""Where a person goes on after signing up or in, when the page that sent them there asked for it.

An invite link, say, is opened before the person has an account; the sign-up that follows may start from any
"Sign up" button (the header's carries no `next`). The page remembers where to continue in the session, which
sign-up and sign-in keep; an explicit `next` still wins (allauth reads it before asking the adapter).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "accounts.continue_to"


def continue_after_sign_in(request: HttpRequest, url: str) -> None:
    request.session[SESSION_KEY] = url


def continuation(request: HttpRequest) -> str | None:
    """The remembered page (once), if it is one of ours."""
    url = request.session.pop(SESSION_KEY, None)
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None
