"""`{% sign_in_reason as reason %}`: why a signed-out visitor is asked to sign in, from the page they continue to."""

from __future__ import annotations

from django import template

from complaints.accounts.continuation import sign_in_reason as reason_for

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_reason(context) -> str | None:
    request = context.get("request")
    if request is None:
        return None
    return reason_for(request.POST.get("next") or request.GET.get("next") or "")
