"""Markup for the rows of long lists, built with plain string formatting.

Django's format_html escapes each argument through keep_lazy wrappers; on a page of 25 rows with a dozen
pieces each that was a measurable share of a signed-in page (docs/bench.md). `esc` is
what django.utils.html.escape does (html.escape of str()), without the wrapper; `Safe` pieces (markup we
built, or Django's SafeString) pass through unescaped, exactly as format_html treats them.
"""

from __future__ import annotations

from html import escape as _escape

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language


def esc(value: object) -> str:
    """One value as HTML text: markup already marked safe is kept, anything else is escaped."""
    if isinstance(value, SafeData):
        return str(value)
    return _escape(str(value), quote=True)


def csrf_input(csrf: object) -> str:
    """What {% csrf_token %} writes, for a form inside a row built in Python."""
    if not csrf or csrf == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf)}">'


def safe(markup: str) -> SafeString:
    """Mark a row as HTML: the one place rows built from esc()'d pieces become safe for the template."""
    return SafeString(markup)  # nosec B703 - callers build markup only from esc()'d values and literals


# Markup rendered once for many requests (the site header, kept pieces) carries this mark where a form's CSRF
# token goes; `with_csrf` puts in the token of the request serving it. The mark holds no character HTML
# escaping would change, so it comes out of a template exactly as it went in.
CSRF_MARK = "\x00csrf\x00"
_CSRF_MARK_INPUT = csrf_input(CSRF_MARK)


def with_csrf(markup: str, csrf: object) -> str:
    """Markup rendered with csrf_token=CSRF_MARK, with this request's token (or no input, like the tag)."""
    return markup.replace(_CSRF_MARK_INPUT, csrf_input(csrf))


# Markup that depends only on the language, the routes and a few values named by the caller (the site header
# for each kind of viewer, the bell for each count) is rendered once per process for each combination.
_RENDERED: dict[tuple, str] = {}


def rendered_once(template_name: str, context: dict, *vary: object) -> str:
    """render_to_string(template_name, context), once per process for each language, set of routes and
    `vary`, which must determine everything in `context`."""
    key = (template_name, get_language(), settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(), *vary)
    markup = _RENDERED.get(key)
    if markup is None:
        markup = _RENDERED[key] = render_to_string(template_name, context)
    return markup


@receiver(setting_changed)
def _forget_rendered(**kwargs) -> None:
    # Tests that change languages, templates or routes get markup rendered under their settings.
    _RENDERED.clear()
