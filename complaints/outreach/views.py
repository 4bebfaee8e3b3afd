"""Follow a campaign or a platform, see and stop what you follow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints.accounts.continuation import continue_after_sign_in
from complaints.campaigns.permissions import get_campaign_for_user
from complaints.outreach import cards, invites, permissions, qr, selectors, services
from complaints.outreach.forms import FollowForm, GoalForm, PlatformFollowForm


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return redirect(target if target.startswith("/") and allowed else fallback)


@login_required
@require_POST
def follow_campaign(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = permissions.get_campaign_to_follow(request.user, slug)
    form = FollowForm(request.POST)
    if form.is_valid():
        services.follow_set(actor=request.user, campaign=campaign, mode=form.cleaned_data["mode"])
        messages.success(request, _("You follow this campaign. Its news reaches you without joining."))
    return _back(request, campaign.get_absolute_url())


@login_required
@require_POST
def follow_platform(request: HttpRequest, slug: str) -> HttpResponse:
    platform = permissions.get_platform_to_follow(request.user, slug)
    form = PlatformFollowForm(request.POST)
    if form.is_valid():
        services.follow_set(
            actor=request.user,
            platform=platform,
            category=form.cleaned_data["category"],
            mode=form.cleaned_data["mode"],
        )
        messages.success(request, _("You follow this platform. We tell you when a campaign about it starts."))
    return _back(request, platform.get_absolute_url())


@login_required
@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    follow = permissions.get_follow_for_user(request.user, pk)
    services.follow_remove(actor=request.user, follow=follow)
    messages.success(request, _("You no longer follow it."))
    return _back(request, reverse("outreach:following"))


@login_required
@require_GET
def following(request: HttpRequest) -> HttpResponse:
    follows = selectors.follows_of_user(request.user)
    return render(
        request,
        "outreach/following.html",
        {"follows": follows, "mode_choices": FollowForm.base_fields["mode"].choices},
    )


@login_required
@require_POST
def invite_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    try:
        invites.invite_create(actor=request.user, campaign=campaign)
    except PermissionError:
        raise PermissionDenied from None
    return redirect(campaign.get_absolute_url() + "#invite")


@require_GET
def invite_open(request: HttpRequest, token: str) -> HttpResponse:
    """Someone opened a member's invite link: remember it for their join, and show the campaign."""
    invite = invites.invite_for_token(token)
    if invite is None or not invite.campaign.is_open:
        raise Http404
    request.session[invites.SESSION_KEY] = invite.token
    if not request.user.is_authenticated:  # whichever "Sign up" they press, they come back here
        continue_after_sign_in(request, invite.campaign.get_absolute_url())
    messages.info(request, _("A member of this campaign invited you. If it happened to you too, join them."))
    return redirect(invite.campaign)


@login_required
@require_POST
def goal_set(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    form = GoalForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("members_wanted", [])))
        return redirect(campaign.get_absolute_url() + "#goal")
    try:
        services.goal_set(
            actor=request.user, campaign=campaign, members_wanted=form.cleaned_data["members_wanted"]
        )
    except PermissionError:
        raise PermissionDenied from None
    messages.success(request, _("The goal is saved."))
    return redirect(campaign.get_absolute_url() + "#goal")


def _public_campaign(request: HttpRequest, slug: str):
    campaign = get_campaign_for_user(request.user, slug)
    if not campaign.is_public:
        raise Http404  # a poster or a code is for spreading a campaign the public can already see
    return campaign


@require_GET
def campaign_qr(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    if kind not in ("svg", "png"):
        raise Http404
    campaign = _public_campaign(request, slug)
    content_type = "image/svg+xml" if kind == "svg" else "image/png"
    response = HttpResponse(qr.campaign_qr(campaign, kind=kind), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="tongsu-{campaign.slug}-qr.{kind}"'
    return response


@require_GET
def campaign_poster(request: HttpRequest, slug: str) -> HttpResponse:
    """A printable A4 poster: what happened, how to join, the QR code."""
    campaign = _public_campaign(request, slug)
    context = {"campaign": campaign, "link": qr.campaign_link(campaign)}
    return render(request, "outreach/poster.html", context)


CARD_LANGUAGES = {"zh": "zh-hans", "en": "en"}


def _card_response(request: HttpRequest, png: bytes, etag: str) -> HttpResponse:
    if request.headers.get("If-None-Match") == f'"{etag}"':
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(png, content_type="image/png")
    response["ETag"] = f'"{etag}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def campaign_share_card(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    """The preview image of a campaign page (Open Graph / Twitter), in the page's language."""
    if lang not in CARD_LANGUAGES:
        raise Http404
    campaign = _public_campaign(request, slug)
    with translation.override(CARD_LANGUAGES[lang]):
        png, etag = cards.card_png(cards.campaign_card(campaign))
    return _card_response(request, png, etag)


@require_GET
def platform_share_card(request: HttpRequest, slug: str, lang: str) -> HttpResponse:
    if lang not in CARD_LANGUAGES:
        raise Http404
    platform = permissions.get_public_platform(slug)
    with translation.override(CARD_LANGUAGES[lang]):
        png, etag = cards.card_png(cards.platform_card(platform))
    return _card_response(request, png, etag)
