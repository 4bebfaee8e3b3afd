"""{% claim_box item claims %}: who holds a queue item, with the claim or release button."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from complaints.moderation.services import claims_for

register = template.Library()


@register.inclusion_tag("moderation/_claim.html", takes_context=True)
def claim_box(context, obj, claims=None):
    if claims is None:
        claims = claims_for([obj])
    key = (obj._meta.label_lower, str(obj.pk))
    claim = claims.get(key)
    request = context.get("request")
    return {
        "claim": claim,
        "mine": claim is not None and request is not None and claim.moderator_id == request.user.pk,
        "target_type": key[0],
        "target_id": key[1],
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def claims_of(objects):
    """The current claims of a page of items in one query, for claim_box."""
    return claims_for(list(objects))


@register.simple_tag(takes_context=True)
def report_link(context, obj) -> str:
    """A "Report this" link for signed-in people (the report page checks who may report what). Visitors get
    nothing, without rendering the link's template: a campaign page has one for each update."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and obj is not None):
        return ""
    return render_to_string(
        "moderation/_report_link.html",
        {"show": True, "target_type": obj._meta.label_lower, "target_id": obj.pk},
    )
