"""Representatives ask, confirm and resign; moderators decide; the public reads the reply thread; members
answer it; representatives ask members for information through the organizers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.accounts.continuation import continue_after_sign_in
from complaints.accounts.permissions import is_moderator
from complaints.ballots.permissions import can_manage_offers
from complaints.campaigns.models import Platform
from complaints.campaigns.permissions import get_campaign_for_user, is_active_member, is_organizer
from complaints.core.review import ModerationError, claim_check, claim_release
from complaints.replies import permissions, selectors, services
from complaints.replies.domains import platform_domains
from complaints.replies.forms import (
    CodeForm,
    DecisionForm,
    InfoRequestForm,
    MakeTaskForm,
    MarkForm,
    ReplyForm,
    RepresentForm,
    RevokeForm,
)

# --- Representatives --------------------------------------------------------------------------------------------


def represent(request: HttpRequest, slug: str) -> HttpResponse:
    platform = get_object_or_404(Platform.objects.listed(), slug=slug)
    if not request.user.is_authenticated:
        # Staff who arrive signed out may sign in or sign up from any button: they come back to this form.
        continue_after_sign_in(request, request.get_full_path())
        return redirect_to_login(request.get_full_path())
    form = RepresentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rep = services.representative_request(
                actor=request.user, platform=platform, work_email=form.cleaned_data["work_email"]
            )
        except services.RepliesError as exc:
            form.add_error("work_email", str(exc))
        else:
            messages.success(request, _("We sent a code to your work email."))
            return redirect("replies:representation", pk=rep.pk)
    return render(request, "replies/represent.html", {"platform": platform, "form": form})


@login_required
def representations(request: HttpRequest) -> HttpResponse:
    reps = selectors.representations_of_user(request.user)
    return render(request, "replies/representations.html", {"representations": reps})


@login_required
def representation(request: HttpRequest, pk: int) -> HttpResponse:
    rep = permissions.get_representation_for_user(request.user, pk)
    page = None
    if rep.is_approved:
        page = Paginator(selectors.platform_campaigns(rep.platform), 20).get_page(request.GET.get("page"))
    context = {"rep": rep, "code_form": CodeForm(), "page": page}
    return render(request, "replies/representation.html", context)


@require_POST
@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    rep = permissions.get_representation_for_user(request.user, pk)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            services.representative_confirm(
                actor=request.user, representative=rep, code=form.cleaned_data["code"]
            )
        except services.RepliesError as exc:
            form.add_error("code", str(exc))
        else:
            messages.success(request, _("Your work email is confirmed. A moderator will decide soon."))
            return redirect("replies:representation", pk=rep.pk)
    return render(request, "replies/representation.html", {"rep": rep, "code_form": form}, status=400)


@require_POST
@login_required
def resign(request: HttpRequest, pk: int) -> HttpResponse:
    rep = permissions.get_representation_for_user(request.user, pk)
    try:
        services.representative_resign(actor=request.user, representative=rep)
    except services.RepliesError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("You no longer represent this platform."))
    return redirect("replies:representations")


# --- Moderators ---------------------------------------------------------------------------------------------------


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    if not is_moderator(request.user):
        raise PermissionDenied
    waiting = selectors.representatives_awaiting_approval()[:100]
    return render(request, "replies/queue.html", {"representatives": waiting})


@login_required
def moderation_review(request: HttpRequest, pk: int) -> HttpResponse:
    rep = permissions.get_representation_for_moderator(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = services.representative_approve
        if form.cleaned_data["decision"] == "reject":
            decide = services.representative_reject
        try:
            claim_check(actor=request.user, target=rep)  # refused while another moderator holds it
            decide(actor=request.user, representative=rep, reason=form.cleaned_data["reason"])
        except (services.RepliesError, ModerationError) as exc:
            messages.error(request, str(exc))
        else:
            claim_release(actor=request.user, target=rep, reason="decided")
            messages.success(request, _("Decision saved."))
            return redirect("replies:moderation_queue")
    others = selectors.representatives_of_platform(rep.platform).count()
    context = {
        "rep": rep,
        "form": form,
        "revoke_form": RevokeForm(),
        "others": others,
        "domains": platform_domains(rep.platform),
    }
    return render(request, "replies/review.html", context)


@require_POST
@login_required
def moderation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    rep = permissions.get_representation_for_moderator(request.user, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
    else:
        try:
            services.representative_revoke(
                actor=request.user, representative=rep, reason=form.cleaned_data["reason"]
            )
        except services.RepliesError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The representation is revoked."))
    return redirect("replies:moderation_review", pk=rep.pk)


# --- The thread -----------------------------------------------------------------------------------------------


def thread(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    if not campaign.is_public:
        raise Http404
    replies = list(selectors.campaign_replies(campaign))
    member = is_active_member(request.user, campaign)
    context = {
        "campaign": campaign,
        "replies": replies,
        "figures": selectors.mark_figures(replies),
        "my_marks": selectors.my_marks(request.user, replies) if member else {},
        "is_member": member,
        "can_reply": permissions.can_reply_on_campaign(request.user, campaign),
        "can_ask": permissions.can_ask_members(request.user, campaign),
        "can_see_requests": permissions.can_see_info_requests(request.user, campaign),
        "can_put_to_vote": can_manage_offers(request.user, campaign),
        "reply_figures": selectors.public_reply_figures(campaign),
        "mark_form": MarkForm(),
    }
    return render(request, "replies/thread.html", context)


def _public_campaign(request: HttpRequest, slug: str):
    campaign = get_campaign_for_user(request.user, slug)
    if not campaign.is_public:
        raise Http404
    return campaign


@login_required
def reply_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _public_campaign(request, slug)
    if not permissions.can_reply_on_campaign(request.user, campaign):
        raise PermissionDenied
    organizer_only = not permissions.is_representative(request.user, campaign.platform_id)
    names = (campaign.platform.name, campaign.platform.name_en, campaign.platform.legal_entity)
    form = ReplyForm(request.POST or None, organizer_only=organizer_only, public_names=names)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_post(actor=request.user, campaign=campaign, **form.cleaned_data)
        except services.RepliesError as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(request, _("Posted on the public thread."))
            return redirect("replies:thread", slug=campaign.slug)
    context = {"campaign": campaign, "form": form, "organizer_only": organizer_only}
    return render(request, "replies/reply_form.html", context)


@require_POST
@login_required
def reply_mark(request: HttpRequest, pk: int) -> HttpResponse:
    reply = permissions.get_reply_for_member(request.user, pk)
    form = MarkForm(request.POST)
    if form.is_valid():
        services.reply_mark(actor=request.user, reply=reply, answer=form.cleaned_data["answer"])
        # A template (so, safe HTML): the message links to the outcome page where the amount is entered.
        thanks = render_to_string(
            "replies/_marked_message.html", {"campaign": reply.campaign}, request=request
        )
        messages.success(request, thanks)
    else:
        messages.error(request, _("Choose an answer."))
    return redirect(reply.get_absolute_url())


@login_required
def info_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _public_campaign(request, slug)
    if not permissions.can_ask_members(request.user, campaign):
        raise PermissionDenied
    form = InfoRequestForm(
        request.POST or None, public_names=(campaign.platform.name, campaign.platform.name_en)
    )
    if request.method == "POST" and form.is_valid():
        services.info_request_create(actor=request.user, campaign=campaign, text=form.cleaned_data["text"])
        messages.success(request, _("The organizers will see your request."))
        return redirect("replies:requests", slug=campaign.slug)
    return render(request, "replies/ask.html", {"campaign": campaign, "form": form})


@login_required
def info_requests(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _public_campaign(request, slug)
    if not permissions.can_see_info_requests(request.user, campaign):
        raise PermissionDenied
    context = {
        "campaign": campaign,
        "requests": selectors.open_info_requests(campaign)[:50],
        "is_organizer": is_organizer(request.user, campaign),
    }
    return render(request, "replies/requests.html", context)


@login_required
def info_request_task(request: HttpRequest, pk: int) -> HttpResponse:
    info_request = permissions.get_info_request_for_organizer(request.user, pk)
    campaign = info_request.campaign
    initial = {"description": info_request.text, "audience": "all"}
    form = MakeTaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.info_request_make_task(
                actor=request.user, info_request=info_request, **form.cleaned_data
            )
        except services.RepliesError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The task is created."))
        return redirect("replies:requests", slug=campaign.slug)
    context = {"campaign": campaign, "info_request": info_request, "form": form}
    return render(request, "replies/request_task.html", context)
