"""Views of the filings app: parse, fetch through permissions, call one service, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints.campaigns.permissions import get_campaign_for_user, get_membership_for_user, is_active_member
from complaints.core.downloads import private_file, private_file_headers
from complaints.core.review import ModerationError, claim_check, claim_release
from complaints.filings import changes, delivery, permissions, selection, selectors, services
from complaints.filings.forms import (
    CaseNumberForm,
    DeadlineForm,
    FilingConsentForm,
    FilingCreateForm,
    FilingRegenerateForm,
    InboundDecisionForm,
    OutcomeForm,
    ResendForm,
    ResponseForm,
    ReviewForm,
    TrackingForm,
)
from complaints.filings.models import FilingConsent, Outcome, Regulator, Response, Submission
from complaints.filings.responses import submission_for_link, submission_for_verify, verify_link_token
from complaints.proofs.forms import HashUploadForm
from complaints.proofs.services import (
    MAX_UPLOADS_PER_SUBMISSION,
    ProofsError,
    hashes_in_file,
    key_hand_out,
    proofs_verify_upload,
)


@login_required
def filing_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    if not (is_active_member(request.user, campaign) or permissions.can_approve_filing(request.user)):
        raise Http404
    filings = list(selectors.filings_visible_to(request.user, campaign)[:100])
    latest = selectors.latest_submissions(filings)
    rows = [{"filing": f, "status": delivery.filing_label(f, latest.get(f.pk))} for f in filings]
    return render(
        request,
        "filings/list.html",
        {
            "campaign": campaign,
            "rows": rows,
            "can_draft": permissions.can_draft_filing(request.user, campaign),
        },
    )


@login_required
def filing_new(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    if not permissions.can_draft_filing(request.user, campaign):
        raise PermissionDenied
    form = FilingCreateForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        if existing := selectors.unsent_filing(campaign, **form.cleaned_data):  # pressed again: open it
            messages.info(request, form.already_drafted)
            return redirect(existing)
        filing = services.filing_create(actor=request.user, campaign=campaign, **form.cleaned_data)
        messages.success(request, _("The filing is being generated."))
        return redirect(filing)
    context = {"campaign": campaign, "form": form, "evidence": selection.evidence_readiness(campaign)}
    return render(request, "filings/new.html", context)


def _submission_rows(filing, submissions, *, can_manage: bool) -> list[dict]:
    """Each submission with its state in words and, once it failed, what its organizers can do."""
    channels = services.submission_channels(filing.regulator)
    settled = all(s.status == Submission.Status.FAILED for s in submissions)
    return [
        {
            "submission": s,
            "state": delivery.submission_state(s),
            "resend": delivery.resend_choices(s, channels)
            if can_manage and settled and s == submissions[0]
            else [],
        }
        for s in submissions
    ]


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk)
    return render(request, "filings/detail.html", _detail_context(request, filing))


def _detail_context(
    request: HttpRequest, filing, regenerate_form: FilingRegenerateForm | None = None
) -> dict:
    drafts = permissions.can_view_draft(request.user, filing)
    version = filing.current_version
    can_manage = permissions.can_manage_filing(request.user, filing)
    submissions = list(
        selectors.filing_submissions(filing).prefetch_related("responses", "deadline_changes")[:20]
    )
    latest = submissions[0] if submissions else None
    context = {
        "filing": filing,
        "campaign": filing.campaign,
        "version": version,
        "can_manage": can_manage,
        "can_review": permissions.can_approve_filing(request.user, filing),
        "drafts": drafts,
        "status_label": delivery.filing_label(filing, latest),
        "figure_changes": changes.figure_changes(version.diff_summary) if version else [],
        "problems": services.filing_problems(filing, version)
        if drafts and version is not None and version.is_ready and not filing.is_submitted
        else [],
        "delivery": delivery.submission_state(latest) if latest else None,
        "latest": latest,
        "versions": selectors.filing_versions(filing)[:20] if drafts else [],
        "generating": filing.versions.filter(status="generating").order_by("-number").first()
        if drafts
        else None,
        "submission_rows": _submission_rows(filing, submissions, can_manage=can_manage) if drafts else [],
        "responses": selectors.filing_responses(filing)[:20],
        "regenerate_form": regenerate_form
        or FilingRegenerateForm(
            initial={"narrative": version.narrative, "demands": version.demands} if version else {}
        ),
        "tracking_form": TrackingForm(),
        "case_number_form": CaseNumberForm(),
        "deadline_form": DeadlineForm(),
    }
    return context


@login_required
def filing_progress(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk)
    if not permissions.can_view_draft(request.user, filing):
        raise PermissionDenied
    generating = filing.versions.order_by("-number").first()
    return render(request, "filings/_progress.html", {"filing": filing, "generating": generating})


@require_POST
@login_required
def filing_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    form = FilingRegenerateForm(request.POST)
    if form.is_valid():
        try:
            services.filing_generate(actor=request.user, filing=filing, **form.cleaned_data)
        except services.FilingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("A new version is being generated."))
    else:
        # Shown again with what was found highlighted: the facts go to a regulator and to every member.
        return render(request, "filings/detail.html", _detail_context(request, filing, form), status=400)
    return redirect(filing)


@require_POST
@login_required
def filing_send_for_approval(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    try:
        services.filing_send_for_approval(actor=request.user, filing=filing)
    except services.FilingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sent to the moderators for approval."))
    return redirect(filing)


@login_required
def filing_review(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_review(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            claim_check(actor=request.user, target=filing)  # refused while another moderator holds it
            if form.cleaned_data["decision"] == "approve":
                services.filing_approve(actor=request.user, filing=filing, comment=comment)
                messages.success(request, _("The filing is approved."))
            else:
                services.filing_return(actor=request.user, filing=filing, comment=comment)
                messages.success(request, _("The filing went back to the organizers."))
        except (services.FilingError, ModerationError) as exc:
            messages.error(request, str(exc))
        else:
            claim_release(actor=request.user, target=filing, reason="decided")
        return redirect(filing)
    checklist = services.review_checklist(filing)
    return render(request, "filings/review.html", {"filing": filing, "form": form, "checklist": checklist})


@require_POST
@login_required
def filing_submit(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    try:
        services.filing_submit(actor=request.user, filing=filing)
    except services.FilingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The filing is on its way to the regulator."))
    return redirect(filing)


@login_required
def filing_consent(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_consent(request.user, pk)
    membership = get_membership_for_user(request.user, filing.campaign, write=True)
    current = FilingConsent.objects.filter(filing=filing, membership=membership).first()
    form = FilingConsentForm(
        request.POST or None, initial={"disclose_identity": bool(current and current.disclose_identity)}
    )
    if request.method == "POST" and form.is_valid():
        services.filing_consent_update(
            actor=request.user, filing=filing, membership=membership, **form.cleaned_data
        )
        messages.success(request, _("Your choice is saved."))
        return redirect(filing.campaign)
    return render(request, "filings/consent.html", {"filing": filing, "form": form})


@login_required
def version_pdf(request: HttpRequest, pk: int, number: int) -> FileResponse:
    # Not get_filing_for_user: a member may download the submitted version even if a later draft exists.
    filing = permissions.get_filing_for_pdf(request.user, pk)
    version = permissions.get_version_for_user(request.user, filing, number)
    return private_file(version.pdf, f"{filing.campaign.slug}-v{version.number}.pdf", "application/pdf")


@login_required
def version_annex(request: HttpRequest, pk: int, number: int, kind: str) -> FileResponse:
    filing = permissions.get_filing_for_user(request.user, pk)
    if kind not in ("csv", "json"):
        raise Http404
    if not permissions.can_view_draft(request.user, filing):
        raise PermissionDenied
    version = permissions.get_version_for_user(request.user, filing, number)
    field, content_type = (
        (version.annex_csv, "text/csv") if kind == "csv" else (version.annex_json, "application/json")
    )
    return private_file(field, f"{filing.campaign.slug}-v{version.number}-annex.{kind}", content_type)


@require_POST
@login_required
def submission_tracking(request: HttpRequest, pk: int, submission_id: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    submission = permissions.get_submission_for_user(request.user, filing, submission_id, write=True)
    by_hand = submission.channel == Regulator.Channel.BY_HAND
    form = (CaseNumberForm if by_hand else TrackingForm)(request.POST)
    if not form.is_valid() and form.data.get("tracking_number", "").strip():
        messages.error(request, " ".join(form.errors["tracking_number"]))
        return redirect(filing)
    try:
        number = form.cleaned_data["tracking_number"] if form.is_valid() else ""
        services.submission_record_tracking(actor=request.user, submission=submission, tracking_number=number)
    except services.FilingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The case number is recorded: the filing counts as delivered and the deadline is running.")
            if by_hand
            else _("The tracking number is recorded; the deadline is running."),
        )
    return redirect(filing)


@require_POST
@login_required
def filing_ask_for_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    try:
        services.filing_ask_for_evidence(actor=request.user, filing=filing)
    except services.FilingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The members whose evidence is not released are asked, each once."))
    return redirect(filing)


@require_POST
@login_required
def filing_ask_to_be_named(request: HttpRequest, pk: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    try:
        services.filing_ask_to_be_named(actor=request.user, filing=filing)
    except services.FilingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The members who have not agreed to be named are asked, each once."))
    return redirect(filing)


@require_POST
@login_required
def submission_resend(request: HttpRequest, pk: int, submission_id: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    submission = permissions.get_submission_for_user(request.user, filing, submission_id, write=True)
    form = ResendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to send the filing."))
        return redirect(filing)
    try:
        services.submission_resend(actor=request.user, submission=submission, **form.cleaned_data)
    except services.FilingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Hand the filing in on the regulator's website or at its counter, then record here the "
                "case number it gives you."
            )
            if form.cleaned_data["channel"] == Regulator.Channel.BY_HAND
            else _("The filing is being sent again. This page shows when it arrives."),
        )
    return redirect(filing)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_approve_filing(request.user):
        raise PermissionDenied
    return render(request, "filings/queue.html", {"filings": selectors.filings_awaiting_approval()[:100]})


@login_required
def inbound_held(request: HttpRequest) -> HttpResponse:
    if not permissions.can_decide_inbound_email(request.user):
        raise PermissionDenied
    return render(request, "filings/inbound_held.html", {"emails": selectors.inbound_emails_held()[:100]})


@login_required
def inbound_decide(request: HttpRequest, pk: int) -> HttpResponse:
    inbound = permissions.get_inbound_email_for_moderator(request.user, pk)
    form = InboundDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = (
            services.inbound_email_release
            if form.cleaned_data["decision"] == "release"
            else services.inbound_email_discard
        )
        try:
            claim_check(actor=request.user, target=inbound)  # refused while another moderator holds it
            decide(actor=request.user, inbound=inbound, reason=form.cleaned_data["reason"])
        except (services.FilingError, ModerationError) as exc:
            messages.error(request, str(exc))
        else:
            claim_release(actor=request.user, target=inbound, reason="decided")
            messages.success(request, _("Decided. The email is no longer waiting."))
            return redirect("filings:inbound_held")
    return render(request, "filings/inbound_decide.html", {"inbound": inbound, "form": form})


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The regulator's one-time answer page: no account, the signed link is the permission."""
    submission = submission_for_link(token)
    if submission is None:
        return render(request, "filings/respond_invalid.html", status=410)
    form = ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_receive(token=token, **form.cleaned_data)
        except services.FilingError:
            return render(request, "filings/respond_invalid.html", status=410)
        return render(request, "filings/respond_done.html", {"verify_token": verify_link_token(submission)})
    context = {"submission": submission, "form": form, "verify_token": verify_link_token(submission)}
    return render(request, "filings/respond.html", context)


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """A party that received a filing checks members' purchases against its own records, by keyed hashes.

    Its own signed link, reachable from the one-time answer link: answering uses that link up, and the
    party may well verify later, after its data team hashed the records. It works until the answer link
    would have expired, and for a few uploads only (complaints/proofs/services.py says why)."""
    submission = submission_for_verify(token)
    if submission is None:
        return render(request, "filings/respond_invalid.html", status=410)
    campaign = submission.version.filing.campaign
    form = HashUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = proofs_verify_upload(
                campaign=campaign,
                submission_id=submission.pk,
                hashes=hashes_in_file(form.cleaned_data["hashes"]),
            )
        except ProofsError as exc:
            form.add_error("hashes", str(exc))
    context = {
        "submission": submission,
        "campaign": campaign,
        "form": form,
        "result": result,
        "token": token,
        "max_uploads": MAX_UPLOADS_PER_SUBMISSION,
    }
    return render(request, "filings/verify.html", context)


def verify_key(request: HttpRequest, token: str) -> HttpResponse:
    """The campaign's key and the instructions, as a text file (each download is audited)."""
    submission = submission_for_verify(token)
    if submission is None:
        return render(request, "filings/respond_invalid.html", status=410)
    campaign = submission.version.filing.campaign
    text = key_hand_out(campaign=campaign, submission_id=submission.pk)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tongsu-key-{campaign.pk}.txt"'
    return private_file_headers(response)


@login_required
def response_record(request: HttpRequest, pk: int, submission_id: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    submission = permissions.get_submission_for_user(request.user, filing, submission_id, write=True)
    form = ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_record(actor=request.user, submission=submission, **form.cleaned_data)
        except services.FilingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The answer is recorded and the members are told."))
            return redirect(filing)
    return render(
        request, "filings/response_record.html", {"filing": filing, "submission": submission, "form": form}
    )


@login_required
def response_attachment(request: HttpRequest, pk: int, response_id: int) -> FileResponse:
    filing = permissions.get_filing_for_user(request.user, pk)
    response = get_object_or_404(
        Response.objects.filter(submission__version__filing=filing).exclude(attachment=""), pk=response_id
    )
    extension = response.attachment.name.rsplit(".", 1)[-1]
    return private_file(response.attachment, f"response-{response.pk}.{extension}", response.attachment_type)


@require_POST
@login_required
def submission_deadline(request: HttpRequest, pk: int, submission_id: int) -> HttpResponse:
    filing = permissions.get_filing_for_user(request.user, pk, write=True)
    submission = permissions.get_submission_for_user(request.user, filing, submission_id, write=True)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a change and give a reason."))
        return redirect(filing)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "extend":
            services.submission_extend_deadline(
                actor=request.user, submission=submission, days=form.cleaned_data["days"] or 0, reason=reason
            )
        elif action == "pause":
            services.submission_pause_deadline(actor=request.user, submission=submission, reason=reason)
        else:
            services.submission_resume_deadline(actor=request.user, submission=submission, reason=reason)
    except services.FilingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The deadline is updated."))
    return redirect(filing)


@login_required
def outcome(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    membership = get_membership_for_user(request.user, campaign, write=True)
    current = Outcome.objects.filter(membership=membership).first()
    initial = {"result": current.result, "amount_received": current.amount_received} if current else {}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.outcome_confirm(actor=request.user, membership=membership, **form.cleaned_data)
        messages.success(request, _("Thank you. Your outcome is saved."))
        return redirect(campaign)
    return render(request, "filings/outcome.html", {"campaign": campaign, "form": form})
