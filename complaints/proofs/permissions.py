"""Who may see and decide what in the proofs app."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from complaints.accounts.permissions import is_moderator
from complaints.proofs.models import DuplicateClaim


def can_review_duplicates(user) -> bool:
    """Only moderators see numbers claimed twice (as pseudonyms and a short fingerprint)."""
    return is_moderator(user)


def get_duplicate_for_user(user, pk: int) -> DuplicateClaim:
    if not can_review_duplicates(user):
        raise Http404
    return get_object_or_404(DuplicateClaim.objects.select_related("campaign"), pk=pk)
