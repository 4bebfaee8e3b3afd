"""The mandate pages: read the text, publish a version (organizers), sign, download and revoke (the member)."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from complaints.campaigns.permissions import is_organizer, viewer_membership
from complaints.core.downloads import private_file_headers
from complaints.mandates import permissions, sealing, selectors, services
from complaints.mandates.forms import MandateTextForm, SignForm


@require_GET
def mandate_text(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_mandate(request.user, slug)
    membership = viewer_membership(request.user, campaign)
    text = selectors.current_text(campaign)
    context = {
        "campaign": campaign,
        "text": text,
        "mine": selectors.mandate_in_force(membership) if membership and membership.is_active else None,
        "is_member": bool(membership and membership.is_active),
        "can_publish": permissions.can_publish_mandate(request.user, campaign),
        "signed": selectors.public_signed_count(campaign, text) if text else None,
    }
    return render(request, "mandates/text.html", context)


def _initial(text) -> dict:
    if text is None:
        return {}
    fields = ("matters_zh", "matters_en", "may_settle", "may_drop", "term_ends_on", "revocable_until")
    return {name: getattr(text, name) for name in fields} | {"representatives": text.representatives}


@login_required
def mandate_publish(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_for_mandate(request.user, slug, write=True)
    current = selectors.current_text(campaign)
    form = MandateTextForm(
        request.POST or None, initial=_initial(current), organizers=selectors.organizer_choices(campaign)
    )
    if request.method == "POST" and form.is_valid():
        terms = services.MandateTerms(**form.cleaned_data)
        try:
            services.mandate_text_publish(actor=request.user, campaign=campaign, terms=terms)
        except services.MandateError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The mandate text is published. Members can sign it now."))
            return redirect("mandates:text", slug=campaign.slug)
    return render(request, "mandates/publish.html", {"campaign": campaign, "form": form, "current": current})


@login_required
def mandate_sign(request: HttpRequest, slug: str) -> HttpResponse:
    """Signing asks for the password again (TONGSU_REAUTH_SECONDS), after the membership was checked."""
    membership = permissions.get_membership_to_sign(request.user, slug)
    return _sign(request, membership)


@reauthentication_required
def _sign(request: HttpRequest, membership) -> HttpResponse:
    campaign = membership.campaign
    text = selectors.current_text(campaign)
    if text is None:
        messages.info(request, _("The organizers have not published a mandate text yet."))
        return redirect(campaign.get_absolute_url())
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signed = services.Signature(
            **{k: form.cleaned_data[k] for k in ("legal_name", "id_kind", "id_number", "signature")}
        )
        try:
            services.mandate_sign(actor=request.user, membership=membership, text=text, signed=signed)
        except services.MandateError as refused:
            messages.error(request, str(refused))
            return redirect("mandates:text", slug=campaign.slug)
        messages.success(request, _("You signed the mandate. Your signed copy is on the consent page."))
        return redirect("accounts:consent")
    context = {
        "campaign": campaign,
        "text": text,
        "form": form,
        "organizer": is_organizer(request.user, campaign),
    }
    return render(request, "mandates/sign.html", context)


@login_required
@require_GET
def mandate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = permissions.get_mandate_for_user(request.user, pk)
    if not mandate.pdf:
        messages.info(request, _("This mandate's PDF was erased."))
        return redirect("accounts:consent")
    try:
        data = services.mandate_pdf_bytes(mandate)
    except sealing.SealError:
        messages.error(request, _("This mandate's PDF cannot be opened right now. Please try again later."))
        return redirect("accounts:consent")
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"mandate-{mandate.membership.campaign.slug}-v{mandate.text.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private_file_headers(response)


@login_required
@require_http_methods(["GET", "POST"])
def mandate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET says what revoking means (or why it is too late) and asks to confirm; only POST revokes."""
    mandate = permissions.get_mandate_for_user(request.user, pk)
    if request.method == "GET":
        representatives = _(", ").join(
            _("Member #%(number)s") % {"number": number} for number in mandate.text.representatives
        )
        context = {
            "mandate": mandate,
            "outlook": selectors.revoke_outlook(mandate),
            "representatives": representatives,
        }
        return render(request, "mandates/revoke.html", context)
    try:
        services.mandate_revoke(actor=request.user, mandate=mandate)
    except services.MandateError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your mandate is revoked. The representatives no longer act for you."))
    return redirect("accounts:consent")
