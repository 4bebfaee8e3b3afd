"""Views of the proofs app: the moderators' list of order numbers claimed twice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from complaints.core.review import ModerationError, claim_check
from complaints.proofs import permissions, selectors, services
from complaints.proofs.forms import DuplicateReviewForm


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    if not permissions.can_review_duplicates(request.user):
        raise PermissionDenied
    rows = [(d, list(selectors.duplicate_claimants(d))) for d in selectors.open_duplicates()[:100]]
    return render(request, "proofs/duplicates.html", {"rows": rows})


@login_required
def duplicate_review(request: HttpRequest, pk: int) -> HttpResponse:
    duplicate = permissions.get_duplicate_for_user(request.user, pk)
    form = DuplicateReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim_check(actor=request.user, target=duplicate)
            services.duplicate_review(actor=request.user, duplicate=duplicate, note=form.cleaned_data["note"])
        except (ModerationError, services.ProofsError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Marked as reviewed."))
            return redirect("proofs:duplicates")
    claimants = selectors.duplicate_claimants(duplicate)
    return render(
        request, "proofs/duplicate.html", {"duplicate": duplicate, "claimants": claimants, "form": form}
    )
