from django import template
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from complaints.core.humanize import ago
from complaints.core.markup import csrf_input, esc, rendered_once, safe
from complaints.notifications.selectors import UNREAD_COUNT_CAP, bell_count

register = template.Library()


def bell_markup(count: int, *, oob: bool = False) -> SafeString:
    """notifications/_bell.html for this count, in the active language (oob: for an htmx out-of-band swap).
    It depends only on the language and the (capped) count, so it is rendered once per process for each,
    like the header it sits in (core.markup.rendered_once)."""
    count = min(int(count or 0), UNREAD_COUNT_CAP)
    return safe(rendered_once("notifications/_bell.html", {"unread_count": count, "oob": oob}, count, oob))


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The bell's number: taken from the page when it has it already, else from the signed-in user's row."""
    if context.get("unread_count") is not None:
        return context["unread_count"]
    request = context.get("request")
    return bell_count(getattr(request, "user", None) or context.get("user"))


def _words(context: template.Context) -> dict[str, str]:
    # Translated once a page, not once a row.
    words = context.render_context.get("notification_item_words")
    if words is None:
        words = {"unread": esc(gettext("Unread:")), "mark_read": esc(gettext("Mark as read"))}
        context.render_context["notification_item_words"] = words
    return words


@register.simple_tag(takes_context=True)
def notification_item(context: template.Context, notification, next_url: str = "") -> SafeString:
    """One row of the notification list, built in Python like the member list's rows (member_rows.py): the
    list is a signed-in page everyone opens, and its 25 rows were most of its rendering time."""
    words = _words(context)
    said = notification.rendered
    csrf = csrf_input(context.get("csrf_token"))
    unread = not notification.is_read
    created = notification.created_at
    if not next_url:
        request = context.get("request")
        next_url = request.get_full_path() if request is not None else ""

    dot = (
        f'<span class="unread-dot" aria-hidden="true"></span><span class="visually-hidden">{words["unread"]} </span>'
        if unread
        else ""
    )
    body = f'\n  <p class="notification-body">{esc(said.body)}</p>' if said.body else ""
    mark_read = ""
    if unread:
        url = esc(notification.mark_read_url)
        mark_read = (
            f'\n    <form method="post" action="{url}" class="inline-form"\n'
            f'          hx-post="{url}" hx-target="#notification-{notification.pk}" hx-swap="outerHTML">{csrf}\n'
            f'      <input type="hidden" name="next" value="{esc(next_url)}">\n'
            f'      <button type="submit" class="link-button"><small>{words["mark_read"]}</small></button>\n'
            f"    </form>"
        )
    when = formats.date_format(timezone.localtime(created), "DATETIME_FORMAT")
    return safe(
        f'<li id="notification-{notification.pk}" class="notification{" unread" if unread else ""}">\n'
        f'  <form method="post" action="{esc(notification.open_url)}" class="inline-form">{csrf}\n'
        f'    <button type="submit" class="link-button notification-title">{dot}{esc(said.title)}</button>\n'
        f"  </form>{body}\n"
        f'  <div class="notification-meta">\n'
        f'    <small class="muted"><time datetime="{created.isoformat()}" title="{esc(when)}">'
        f"{esc(ago(created))}</time> · {esc(said.label)}</small>{mark_read}\n"
        f"  </div>\n"
        f"</li>"
    )
