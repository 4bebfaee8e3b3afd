from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from complaints.core import humanize
from complaints.core.markup import CSRF_MARK, esc, rendered_once, safe, with_csrf
from complaints.core.text import local_datetime as _local_datetime

register = template.Library()


@register.simple_tag
def field_widget(field: BoundField):
    """Render a field's widget with its error and help text tied to it for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    attrs = {}
    if field.errors:
        described_by.insert(0, f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter(name="money")
def money_filter(amount, currency: str = "CNY") -> str:
    """{{ amount|money }} or {{ amount|money:case.currency }}: ¥593,676.00, one notation on every page."""
    return humanize.money(amount, currency)


@register.filter
def money0(amount, currency: str = "CNY") -> str:
    """A rounded amount for headline figures: ¥593,676."""
    return humanize.money(amount, currency, places=0)


@register.filter
def ago(value) -> str:
    """{{ when|ago }}: 刚刚, 5 分钟前, then the date; replaces naturaltime ("54秒之前")."""
    return humanize.ago(value)


@register.filter
def local_datetime(value) -> str:
    """{{ moment|local_datetime }}: the portal's local time with its zone named (core.text.local_datetime)."""
    return _local_datetime(value) if value else ""


@register.filter
def get_item(mapping, key):
    """Look up a key in a dict from a template: {{ links|get_item:export.pk }}."""
    return mapping.get(key) if hasattr(mapping, "get") else None


# --- The site header ---------------------------------------------------------------------------------------
# Every page carries the same header; only the language, whether someone is signed in and whether they
# moderate change its markup, and per request only the CSRF token, the page's own address (the language
# switcher's `next`) and the bell differ. Through the template engine it cost about a fifth of a signed-in
# page's Python work (3,700 of 20,000 calls on the member list, 2026-12-03), so it is rendered once per
# process for each kind of viewer (core.markup.rendered_once), with marks where the per-request values go,
# and each page fills them in.
# Like the CSRF mark (complaints.core.markup), the marks hold no character HTML escaping would change.

_NEXT_MARK = "\x00next\x00"
_BELL_MARK = "\x00bell\x00"


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    moderator = bool(signed_in and context.get("is_moderator"))
    markup = rendered_once(
        "_site_header.html",
        {
            "signed_in": signed_in,
            "is_moderator": moderator,
            "csrf_token": CSRF_MARK,
            "next_path": _NEXT_MARK,
            "bell": _BELL_MARK,
        },
        signed_in,
        moderator,
    ).strip()
    request = context.get("request")
    bell = ""
    if signed_in:
        from complaints.notifications.templatetags.notifications import bell_markup, unread_notification_count

        bell = bell_markup(unread_notification_count(context))
    return safe(
        with_csrf(markup, context.get("csrf_token"))
        .replace(_NEXT_MARK, esc(request.get_full_path() if request is not None else ""))
        .replace(_BELL_MARK, bell)
    )
