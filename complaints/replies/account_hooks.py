"""The replies app's part in the sign-in page (complaints.accounts.continuation): a signed-out visitor sent from
a platform's "answer its campaigns" link is told they will ask to represent the platform after signing in."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from complaints.accounts.continuation import register_sign_in_reason


def represent_reason(next_url: str) -> str | None:
    try:
        match = resolve(urlsplit(next_url).path)
    except Resolver404:
        return None
    if match.view_name != "replies:represent":
        return None
    return _("Sign in or sign up first, then ask to represent this platform.")


def register() -> None:
    register_sign_in_reason(represent_reason)
