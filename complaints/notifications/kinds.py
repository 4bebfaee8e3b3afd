"""Every kind of notification: what it says and how it is emailed unless the person chose otherwise.

A notification stores its kind and plain parameters, never finished sentences: the words are put
together when someone reads it, in the reader's language (a member may switch language after the fact,
and an email goes out in the recipient's language, not the organizer's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints.core.text import inner_quotes


class Kind(models.TextChoices):
    CAMPAIGN_APPROVED = "campaign_approved", _("Campaign approved")
    CAMPAIGN_REJECTED = "campaign_rejected", _("Campaign not approved")
    CAMPAIGN_MERGED = "campaign_merged", _("Campaign merged")
    UPDATE_POSTED = "update_posted", _("Organizer update posted")
    TASK_ASSIGNED = "task_assigned", _("Member task assigned")
    TASK_DUE = "task_due", _("Member task due")
    EVIDENCE_PROCESSED = "evidence_processed", _("Evidence processed")
    EVIDENCE_NEEDS_REVIEW = "evidence_needs_review", _("Evidence needs review")
    EVIDENCE_RETENTION = "evidence_retention", _("Original files about to be deleted")
    EVIDENCE_FAILED = "evidence_failed", _("Evidence could not be processed")
    EVIDENCE_MODERATED = "evidence_moderated", _("Moderator decision on your evidence")
    FILING_RETURNED = "filing_returned", _("Filing returned for changes")
    FILING_APPROVED = "filing_approved", _("Filing approved")
    FILING_SUBMITTED = "filing_submitted", _("Filing submitted")
    FILING_FAILED = "filing_failed", _("Filing submission failed")
    RESPONSE_RECEIVED = "response_received", _("Response received")
    DEADLINE_PASSED = "deadline_passed", _("Deadline passed")
    CONSENT_CHANGED = "consent_changed", _("Your consent changed")
    MEMBERSHIP_CHANGED = "membership_changed", _("Your membership changed")
    MEMBER_JOINED = "member_joined", _("New member in a campaign you organize")
    MODERATION_WAITING = "moderation_waiting", _("Items waiting for a moderator")
    CONTENT_HIDDEN = "content_hidden", _("Your content was hidden by a moderator")
    ACCOUNT_EMAIL = "account_email", _("Email address verification and changes")
    ACCOUNT_PASSWORD = "account_password", _("Password changes and resets")
    ACCOUNT_DELETION = "account_deletion", _("Account deletion")
    ACCOUNT_SUSPENDED = "account_suspended", _("Account suspended or restored")
    FOLLOWED_NEWS = "followed_news", _("News from what you follow, at once")
    FOLLOWED_DIGEST = "followed_digest", _("News from what you follow, in the daily digest")
    OFFER_OPENED = "offer_opened", _("A settlement offer is put to the vote")
    OFFER_REMINDER = "offer_reminder", _("Last day to vote on an offer")
    OFFER_RESULT = "offer_result", _("Result of a vote on an offer")
    MANDATE_NEW_VERSION = "mandate_new_version", _("A new mandate version to sign")
    INFO_REQUESTED = "info_requested", _("A platform asks members for information")
    PLATFORM_REPLIED = "platform_replied", _("A platform replied on a campaign")
    PLATFORM_OFFER = "platform_offer", _("A platform made a settlement offer")


class Mode(models.TextChoices):
    """How a kind reaches someone by email; every notification is listed in the portal whatever the mode."""

    IMMEDIATELY = "immediately", _("Email immediately")
    DAILY = "daily", _("Daily digest email")
    OFF = "off", _("No email")


class Group(models.TextChoices):
    CAMPAIGNS = "campaigns", _("Campaigns")
    TASKS = "tasks", _("Member tasks")
    EVIDENCE = "evidence", _("Evidence")
    FILINGS = "filings", _("Filings and responses")
    MEMBERSHIP = "membership", _("Your membership")
    MODERATION = "moderation", _("Moderation")
    SECURITY = "security", _("Account security")


@dataclass(frozen=True)
class KindSpec:
    group: Group
    title: Promise
    body: Promise
    action: Promise
    default_mode: Mode = Mode.IMMEDIATELY
    # Security mail (verification, password, deletion) always goes out at once and cannot be turned off.
    security: bool = False


# Parameters each kind expects (strings, or {"zh-hans": ..., "en": ...}, or {"date": "YYYY-MM-DD"}):
# campaign, into, reason, update, task, due, evidence, filing, regulator, detail.
SPECS: dict[str, KindSpec] = {
    Kind.CAMPAIGN_APPROVED: KindSpec(
        Group.CAMPAIGNS,
        _("Your campaign “%(campaign)s” was approved"),
        _("It is now public: people harmed the same way can find it and join."),
        _("Open the campaign"),
    ),
    Kind.CAMPAIGN_REJECTED: KindSpec(
        Group.CAMPAIGNS,
        _("Your campaign “%(campaign)s” was not approved"),
        _("The moderator’s reason: %(reason)s"),
        _("Open the campaign"),
    ),
    Kind.CAMPAIGN_MERGED: KindSpec(
        Group.CAMPAIGNS,
        _("“%(campaign)s” was merged into “%(into)s”"),
        _("Your membership, your case and your evidence moved to the merged campaign."),
        _("Open the campaign"),
    ),
    Kind.UPDATE_POSTED: KindSpec(
        Group.CAMPAIGNS,
        _("New update in “%(campaign)s”"),
        _("The organizers posted: %(update)s"),
        _("Read the update"),
    ),
    Kind.TASK_ASSIGNED: KindSpec(
        Group.TASKS,
        _("New task in “%(campaign)s”: %(task)s"),
        _("The organizers asked members to do this. It helps the group filing."),
        _("Open the task"),
    ),
    Kind.TASK_DUE: KindSpec(
        Group.TASKS,
        _("Task due soon: %(task)s"),
        _("Due on %(due)s in “%(campaign)s”."),
        _("Open the task"),
    ),
    Kind.EVIDENCE_PROCESSED: KindSpec(
        Group.EVIDENCE,
        _("Your evidence “%(evidence)s” is ready for your review"),
        _("Check what was redacted, then approve it so it joins the group’s evidence."),
        _("Review your evidence"),
        default_mode=Mode.DAILY,
    ),
    Kind.EVIDENCE_NEEDS_REVIEW: KindSpec(
        Group.EVIDENCE,
        _("“%(evidence)s” needs a closer look"),
        _("The automatic redaction was not sure it found all personal data. Please check it carefully."),
        _("Review your evidence"),
    ),
    Kind.EVIDENCE_FAILED: KindSpec(
        Group.EVIDENCE,
        _("Your evidence “%(evidence)s” could not be processed"),
        _("%(detail)s You can upload the file again."),
        _("Open your evidence"),
    ),
    Kind.EVIDENCE_MODERATED: KindSpec(
        Group.EVIDENCE,
        _("A moderator reviewed your evidence “%(evidence)s”"),
        _("%(detail)s The moderator’s reason: %(reason)s"),
        _("Open your evidence"),
    ),
    Kind.EVIDENCE_RETENTION: KindSpec(
        Group.EVIDENCE,
        _("Your original files in “%(campaign)s” will be deleted on %(due)s"),
        _(
            "The campaign is closed. Download your originals before then if you want to keep them; "
            "the redacted copies used in filings stay."
        ),
        _("Open your evidence"),
    ),
    Kind.FILING_RETURNED: KindSpec(
        Group.FILINGS,
        _("Filing “%(filing)s” was returned for changes"),
        _("The moderator’s note: %(reason)s"),
        _("Open the filing"),
    ),
    Kind.FILING_APPROVED: KindSpec(
        Group.FILINGS,
        _("Filing “%(filing)s” was approved"),
        _("A moderator approved it. You can now submit it to %(regulator)s from the filing page."),
        _("Open the filing"),
    ),
    Kind.FILING_SUBMITTED: KindSpec(
        Group.FILINGS,
        _("The group filing was submitted to %(regulator)s"),
        _("Campaign “%(campaign)s”. The deadline for an answer is now tracked for everyone."),
        _("Open the campaign"),
    ),
    Kind.FILING_FAILED: KindSpec(
        Group.FILINGS,
        _("Submitting “%(filing)s” to %(regulator)s failed"),
        _(
            "Nothing reached the regulator. The filing page says why; from there you can try again or "
            "submit it yourself on the regulator's website or at its counter."
        ),
        _("Open the filing"),
    ),
    Kind.RESPONSE_RECEIVED: KindSpec(
        Group.FILINGS,
        _("%(regulator)s answered"),
        _("The response is on the timeline of “%(campaign)s”."),
        _("Read the response"),
    ),
    # The platform's own answers on a campaign's reply thread (replies app). Parameters: platform, campaign.
    Kind.PLATFORM_REPLIED: KindSpec(
        Group.FILINGS,
        _("%(platform)s replied publicly in “%(campaign)s”"),
        _("Read the reply on the campaign’s reply thread and say whether it solved your case."),
        _("Read the reply"),
    ),
    Kind.PLATFORM_OFFER: KindSpec(
        Group.FILINGS,
        _("%(platform)s made a settlement offer in “%(campaign)s”"),
        _(
            "Read the offer on the campaign’s reply thread. The organizers may put it to the members’ vote; "
            "each member still says whether it solves their case."
        ),
        _("Read the offer"),
    ),
    # To the organizers: a representative asked the members for information through them.
    Kind.INFO_REQUESTED: KindSpec(
        Group.CAMPAIGNS,
        _("%(platform)s asks the members of “%(campaign)s” for information"),
        _(
            "The platform’s request waits for you on the requests page: turn it into a member task, "
            "or leave it if the members should not answer it."
        ),
        _("Open the requests"),
    ),
    Kind.DEADLINE_PASSED: KindSpec(
        Group.FILINGS,
        _("%(regulator)s did not answer in time"),
        _("The deadline for “%(campaign)s” has passed. The organizers can take the next escalation step."),
        _("Open the campaign"),
    ),
    Kind.CONSENT_CHANGED: KindSpec(
        Group.MEMBERSHIP,
        _("Your consent in “%(campaign)s” changed"),
        _("%(detail)s If you did not make this change, contact a moderator."),
        _("Review your consent"),
    ),
    Kind.MEMBERSHIP_CHANGED: KindSpec(
        Group.MEMBERSHIP,
        _("Your membership in “%(campaign)s” changed"),
        _("%(detail)s"),
        _("Open the campaign"),
    ),
    Kind.MEMBER_JOINED: KindSpec(
        Group.CAMPAIGNS,
        _("People who joined “%(campaign)s” today: %(count)s"),
        _("%(detail)s"),
        _("See the members"),
        default_mode=Mode.DAILY,
    ),
    Kind.MODERATION_WAITING: KindSpec(
        Group.MODERATION,
        _("Waiting for a moderator: %(queue)s"),
        _("%(detail)s"),
        _("Open the queue"),
        default_mode=Mode.DAILY,
    ),
    Kind.CONTENT_HIDDEN: KindSpec(
        Group.CAMPAIGNS,
        _("A moderator hid “%(content)s”"),
        _("It was reported and a moderator decided to hide it. The moderator’s reason: %(reason)s"),
        _("Open the page"),
    ),
    # Sent to followers (never members of that campaign); which of the two a follower gets is the mode they
    # chose when following. Parameters: subject (a campaign title or a platform name), detail.
    Kind.FOLLOWED_NEWS: KindSpec(
        Group.CAMPAIGNS,
        _("News from “%(subject)s”, which you follow"),
        _("%(detail)s"),
        _("Open the page"),
    ),
    Kind.FOLLOWED_DIGEST: KindSpec(
        Group.CAMPAIGNS,
        _("News from “%(subject)s”, which you follow"),
        _("%(detail)s"),
        _("Open the page"),
        default_mode=Mode.DAILY,
    ),
    # Settlement offers (ballots app). Parameters: campaign, due (the last day of voting), result.
    Kind.OFFER_OPENED: KindSpec(
        Group.CAMPAIGNS,
        _("Vote on a settlement offer in “%(campaign)s”"),
        _("The organizers put an offer to the members’ vote. Your ballot is secret. Voting ends on %(due)s."),
        _("Read the offer and vote"),
    ),
    Kind.OFFER_REMINDER: KindSpec(
        Group.CAMPAIGNS,
        _("Last day to vote on the offer in “%(campaign)s”"),
        _("You have not voted yet. Voting ends on %(due)s; your ballot is secret."),
        _("Read the offer and vote"),
    ),
    Kind.OFFER_RESULT: KindSpec(
        Group.CAMPAIGNS,
        _("The members’ vote on the offer in “%(campaign)s” is counted"),
        _("%(result)s"),
        _("See the result"),
    ),
    # Mandates (授权委托书). Parameters: campaign, version, changed (the parts that changed, per language),
    # note (the organizers' own words on the change, per language; may be empty).
    Kind.MANDATE_NEW_VERSION: KindSpec(
        Group.MEMBERSHIP,
        _("Version %(version)s of the mandate in “%(campaign)s” is ready to sign"),
        _(
            "The organizers changed %(changed)s. %(note)s Until you sign the new version, the representatives "
            "no longer act for you in filings and you cannot vote on settlement offers."
        ),
        _("Read and sign the new version"),
    ),
    Kind.ACCOUNT_EMAIL: KindSpec(
        Group.SECURITY,
        _("The email address of your account changed"),
        _("If you did not do this, reset your password now and contact us."),
        _("Open your account"),
        security=True,
    ),
    Kind.ACCOUNT_PASSWORD: KindSpec(
        Group.SECURITY,
        _("Your password was changed"),
        _("If you did not do this, reset your password now and contact us."),
        _("Open your account"),
        security=True,
    ),
    Kind.ACCOUNT_DELETION: KindSpec(
        Group.SECURITY,
        _("Your account is scheduled for deletion"),
        _(
            "It will be deleted on %(due)s. To keep it, open the restore link in the confirmation email "
            "we sent you before then: it restores your account."
        ),
        _("Open your account"),
        security=True,
    ),
    Kind.ACCOUNT_SUSPENDED: KindSpec(
        Group.SECURITY,
        _("Your account was %(state)s by a moderator"),
        _("The moderator’s reason: %(reason)s"),
        _("Open Tongsu"),
        security=True,
    ),
}

SECURITY_KINDS = frozenset(kind for kind, spec in SPECS.items() if spec.security)


def default_mode(kind: str) -> str:
    return SPECS[kind].default_mode


def effective_mode(kind: str, chosen: str | None) -> str:
    """The mode that applies: security kinds are always immediate, no choice means the kind's default."""
    if kind in SECURITY_KINDS:
        return Mode.IMMEDIATELY
    return chosen if chosen in Mode.values else default_mode(kind)


# The parameters the sentences set inside “…” (a campaign's title, a file's name ...).
QUOTED_PARAMS = frozenset({"campaign", "content", "evidence", "filing", "into", "subject"})


class _Params(dict):
    # A sender that forgot a parameter gets an ellipsis in the sentence, not a crashed page or email.
    def __missing__(self, key: str) -> str:
        return "…"


def _param_text(value: object, language: str) -> str:
    if isinstance(value, dict):
        if "date" in value:
            try:
                return date_format(date.fromisoformat(str(value["date"])), "DATE_FORMAT")
            except ValueError:
                return str(value["date"])
        for code in (language, language.split("-")[0], settings.LANGUAGE_CODE):
            if code in value:
                return str(value[code])
        return str(next(iter(value.values()), ""))
    return str(value)


def _fill(template: Promise, params: _Params) -> str:
    text = str(template)
    try:
        return text % params
    except (TypeError, ValueError):
        # A broken translation must not hide the notification: fall back to the plain text.
        return text


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    action: str
    label: str


def render(kind: str, params: dict | None) -> Rendered:
    """The sentences of one notification in the active language."""
    spec = SPECS.get(kind)
    language = get_language() or settings.LANGUAGE_CODE
    values = _Params({key: _param_text(value, language) for key, value in (params or {}).items()})
    for key in QUOTED_PARAMS.intersection(values):
        values[key] = inner_quotes(values[key])
    if spec is None:  # a kind removed from the code while old rows remain
        return Rendered(title=str(kind), body="", action=str(_("Open")), label=str(kind))
    return Rendered(
        title=_fill(spec.title, values),
        body=_fill(spec.body, values),
        action=str(spec.action),
        label=str(Kind(kind).label),
    )


def in_each_language(message: Promise, **values: object) -> dict[str, str]:
    """A parameter that is itself a sentence: {"zh-hans": ..., "en": ...}, read in the reader's language."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            text = str(message)
            texts[code] = text % values if values else text
    return texts
