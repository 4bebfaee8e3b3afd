from __future__ import annotations

from django import template

from complaints.proofs.selectors import proofs_for_member, verified_members_public

register = template.Library()


@register.simple_tag
def verified_purchases(campaign) -> int | None:
    """{% verified_purchases campaign as count %}: the public count, None below 5."""
    return verified_members_public(campaign)


@register.simple_tag
def case_proofs(membership) -> list:
    """{% case_proofs membership as rows %}: the member's own numbers, masked, with what matched."""
    return proofs_for_member(membership)
