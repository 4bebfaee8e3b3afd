from django import template

from complaints.notifications.selectors import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """The bell's number: taken from the page when it has it already, else one capped COUNT query."""
    if context.get("unread_count") is not None:
        return context["unread_count"]
    request = context.get("request")
    return notification_unread_count(getattr(request, "user", None) or context.get("user"))
