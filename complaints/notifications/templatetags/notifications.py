from django import template

from complaints.notifications.selectors import UNREAD_COUNT_CAP, bell_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The bell's number (capped): taken from the page when it has it already, else from the signed-in
    user's row."""
    if context.get("unread_count") is not None:
        return min(int(context["unread_count"] or 0), UNREAD_COUNT_CAP)
    request = context.get("request")
    return bell_count(getattr(request, "user", None) or context.get("user"))
