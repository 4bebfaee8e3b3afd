"""The audit log as sentences in the reader's language; the raw action code and data stay in a details column.

One entry per action: who (the system, a moderator or a person, by display name or account number), when,
what and to which object. An action not listed here still reads as a sentence, with its code in the details.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from complaints.campaigns.models import Campaign, Membership
from complaints.core.models import AuditEvent
from complaints.filings.delivery import failure_reason
from complaints.filings.models import Filing, FilingVersion, Regulator, Submission

NOUNS = {
    "filings.filing": gettext_lazy("filing %(id)s"),
    "filings.submission": gettext_lazy("submission %(id)s"),
    "filings.filingversion": gettext_lazy("filing version %(id)s"),
    "filings.inboundemail": gettext_lazy("answer by email %(id)s"),
    "campaigns.campaign": gettext_lazy("campaign %(id)s"),
    "campaigns.membership": gettext_lazy("membership %(id)s"),
    "evidence.evidenceitem": gettext_lazy("evidence %(id)s"),
    "accounts.user": gettext_lazy("account %(id)s"),
}

# Done by a moderator whatever their other roles: the sentence names them as one.
MODERATOR_ACTIONS = frozenset(
    {"filing.approve", "filing.return", "campaign.approve", "campaign.reject", "campaign.merge",
     "account.suspend", "moderator.grant", "moderation.claim", "moderation.release", "evidence.open_original",
     "report.hide", "report.dismiss", "evidence.moderate.keep", "evidence.moderate.return",
     "evidence.moderate.remove", "inbound_email.release", "inbound_email.discard"}
)  # fmt: skip

SENTENCES = {
    "filing.create": gettext_lazy("%(actor)s created %(target)s on %(time)s."),
    "filing.generate": gettext_lazy("%(actor)s generated version %(version)s of %(target)s on %(time)s."),
    "filing.send_for_approval": gettext_lazy(
        "%(actor)s sent version %(version)s of %(target)s for approval on %(time)s."
    ),
    "filing.approve": gettext_lazy("%(actor)s approved version %(version)s of %(target)s on %(time)s."),
    "filing.return": gettext_lazy("%(actor)s returned %(target)s for changes on %(time)s."),
    "filing.submit": gettext_lazy(
        "%(actor)s released version %(version)s of %(target)s for sending on %(time)s."
    ),
    "submission.sent": gettext_lazy("%(target)s was delivered through the %(channel)s channel on %(time)s."),
    "submission.failed": gettext_lazy("%(target)s failed on %(time)s: %(failure)s"),
    "submission.needs_manual": gettext_lazy("%(target)s waits for a person to act since %(time)s."),
    "submission.retry": gettext_lazy("%(actor)s sent %(target)s again on %(time)s."),
    "submission.change_channel": gettext_lazy(
        "%(actor)s sent %(target)s again through the %(channel)s channel on %(time)s."
    ),
    "submission.tracking": gettext_lazy("%(actor)s recorded the tracking number of %(target)s on %(time)s."),
    "campaign.start": gettext_lazy("%(actor)s started %(target)s on %(time)s."),
    "campaign.approve": gettext_lazy("%(actor)s approved %(target)s on %(time)s."),
    "campaign.reject": gettext_lazy("%(actor)s turned down %(target)s on %(time)s."),
    "campaign.close": gettext_lazy("%(actor)s closed %(target)s on %(time)s."),
    "campaign.task_create": gettext_lazy("%(actor)s gave the members of %(target)s a task on %(time)s."),
    "evidence.upload": gettext_lazy("%(actor)s uploaded %(target)s on %(time)s."),
    "evidence.approve": gettext_lazy("%(actor)s approved the redacted copy of %(target)s on %(time)s."),
    "evidence.open_original": gettext_lazy("%(actor)s opened the original of %(target)s on %(time)s."),
    "evidence.moderate.keep": gettext_lazy("%(actor)s kept %(target)s shared on %(time)s."),
    "evidence.moderate.return": gettext_lazy("%(actor)s sent %(target)s back to its owner on %(time)s."),
    "evidence.moderate.remove": gettext_lazy("%(actor)s removed %(target)s on %(time)s."),
    "account.suspend": gettext_lazy("%(actor)s suspended %(target)s on %(time)s."),
    "inbound_email.accept": gettext_lazy(
        "%(target)s came from the regulator on file and was recorded on %(time)s."
    ),
    "inbound_email.hold": gettext_lazy(
        "%(target)s came from another sender on %(time)s and waits for a moderator."
    ),
    "inbound_email.release": gettext_lazy(
        "%(actor)s released %(target)s as the regulator's answer on %(time)s."
    ),
    "inbound_email.discard": gettext_lazy("%(actor)s deleted %(target)s on %(time)s."),
}

ATTEMPTS = {
    "handed_over": gettext_lazy(
        "Attempt %(number)s of %(target)s was handed to the %(channel)s channel on %(time)s."
    ),
    "will_retry": gettext_lazy(
        "Attempt %(number)s of %(target)s failed on %(time)s and will be retried: %(failure)s"
    ),
    "failed": gettext_lazy("Attempt %(number)s of %(target)s failed on %(time)s: %(failure)s"),
}


# Reasons the code itself writes: shown translated. Any other reason from the system (a channel's raw error)
# goes to the details column only; a person's reason is shown as they wrote it.
REASONS = {
    "decided": gettext_lazy("the item was decided"),
    "demo data": gettext_lazy("demo data"),
}


@dataclass(frozen=True)
class AuditEntry:
    event: AuditEvent
    sentence: str
    reason: str = ""  # shown under the sentence; the raw reason stays in the details


def _reason(event: AuditEvent) -> str:
    if event.reason in REASONS:
        return str(REASONS[event.reason])
    if event.actor_id is None and not event.actor_label.startswith("user #"):
        return ""
    return event.reason


def when(value) -> str:
    """A time with its zone, as the audit log shows it: 2026-12-06 13:21 (UTC+08:00)."""
    local = timezone.localtime(value)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def object_names(events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """Each campaign, filing, version and submission named as people know it: a few queries per page."""
    ids: dict[str, set[int]] = {}
    for event in events:
        if str(event.target_id).isdigit():
            ids.setdefault(event.target_type, set()).add(int(event.target_id))
    language = get_language() or "zh-hans"
    names: dict[tuple[str, str], str] = {}

    def filing_name(filing) -> str:
        return _("the filing to %(regulator)s in “%(campaign)s”") % {
            "regulator": filing.regulator.display_name(language),
            "campaign": filing.campaign.title,
        }

    for pk, title in Campaign.objects.filter(pk__in=ids.get("campaigns.campaign", ())).values_list(
        "pk", "title"
    ):
        names["campaigns.campaign", str(pk)] = _("campaign “%(name)s”") % {"name": title}
    memberships = Membership.objects.filter(pk__in=ids.get("campaigns.membership", ())).select_related(
        "campaign"
    )
    for membership in memberships.only("pk", "pseudonym_number", "campaign__title"):
        names["campaigns.membership", str(membership.pk)] = _("%(member)s of “%(campaign)s”") % {
            "member": membership.pseudonym,
            "campaign": membership.campaign.title,
        }
    related = ("regulator", "campaign")
    for filing in Filing.objects.filter(pk__in=ids.get("filings.filing", ())).select_related(*related):
        names["filings.filing", str(filing.pk)] = filing_name(filing)
    versions = FilingVersion.objects.filter(pk__in=ids.get("filings.filingversion", ())).select_related(
        "filing__regulator", "filing__campaign"
    )
    for version in versions.defer("content"):
        names["filings.filingversion", str(version.pk)] = _("version %(number)s of %(filing)s") % {
            "number": version.number,
            "filing": filing_name(version.filing),
        }
    submissions = Submission.objects.filter(pk__in=ids.get("filings.submission", ())).select_related(
        "version__filing__regulator", "version__filing__campaign"
    )
    for submission in submissions.defer("version__content"):
        names["filings.submission", str(submission.pk)] = _(
            "the submission of version %(number)s of %(filing)s"
        ) % {"number": submission.version.number, "filing": filing_name(submission.version.filing)}
    return names


def _actor(event: AuditEvent) -> str:
    if event.actor_id is None and not event.actor_label.startswith("user #"):
        return _("The system")
    actor = event.actor
    name = (actor.display_name if actor is not None else "") or _("account #%(id)s") % {
        "id": event.actor_id or event.actor_label.removeprefix("user #")
    }
    if event.action in MODERATOR_ACTIONS:
        return _("Moderator %(name)s") % {"name": name}
    return name


def _target(event: AuditEvent, names: dict | None = None) -> str:
    name = (names or {}).get((event.target_type, str(event.target_id)))
    if name:
        return name
    noun = NOUNS.get(event.target_type)
    if noun is None:
        return event.target_label or _("an object")
    return str(noun) % {"id": f"#{event.target_id}"}


def sentence(event: AuditEvent, names: dict | None = None) -> str:
    data = event.data if isinstance(event.data, dict) else {}
    channels = dict(Regulator.Channel.choices)
    values = {
        "actor": _actor(event),
        "target": _target(event, names),
        "time": when(event.created_at),
        "version": data.get("version", "–"),
        "number": data.get("number", "–"),
        "channel": str(channels.get(data.get("to") or data.get("channel"), "–")),
        "failure": failure_reason(str(data.get("code", "")), str(data.get("detail", ""))),
    }
    template = SENTENCES.get(event.action)
    if event.action == "submission.attempt":
        template = ATTEMPTS.get(data.get("result", ""))
    if template is None:
        return _("%(actor)s acted on %(target)s on %(time)s (see the details).") % values
    return str(template) % values


def entries(events: list[AuditEvent]) -> list[AuditEntry]:
    names = object_names(events)
    return [AuditEntry(event, sentence(event, names), _reason(event)) for event in events]
