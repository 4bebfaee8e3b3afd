"""Bounces and complaints reported by the mail provider (django-anymail's tracking webhooks, behind the
webhook's basic-auth secret) stop the email to that address: every kind a person may turn off is set to
off, as if they had unsubscribed, so a dead mailbox or a person who marked us as spam is not mailed again.
Security notices still go (they cannot be turned off; see kinds.SECURITY_KINDS). The pause is kept (EmailStop)
with the settings from before the first report: every page says why, and the settings page offers them back,
until the person takes them back or saves a choice with an email on (services.inbox)."""

from __future__ import annotations

import logging
from typing import Any

from anymail import urls as anymail_urls
from anymail.signals import AnymailTrackingEvent, EventType, tracking
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from complaints.core.services import audit_record
from complaints.notifications.kinds import SECURITY_KINDS, Kind, Mode
from complaints.notifications.models import EmailStop, NotificationPreference
from complaints.notifications.selectors import own_email_modes

logger = logging.getLogger(__name__)

# The provider's word that this address must not be mailed again: a bounce, or a spam complaint.
STOPPING_EVENTS = frozenset({EventType.BOUNCED, EventType.COMPLAINED})

# Providers whose tracking webhook anymail authenticates with the basic-auth secret alone (others also need
# a signing key of their own); their webhooks only (e.g. mail/webhooks/postmark/tracking/), no inbound mail.
WEBHOOK_PROVIDERS = ("amazon_ses", "brevo", "mailjet", "postmark", "sparkpost")
tracking_urlpatterns = [
    p for p in anymail_urls.urlpatterns if p.name in {f"{esp}_tracking_webhook" for esp in WEBHOOK_PROVIDERS}
]


@transaction.atomic
def email_stop_for_address(*, address: str, event: str, provider: str) -> list[int]:
    """Turn off every email a person may turn off, for each account with this address; returns their ids."""
    users = list(get_user_model().objects.filter(email__iexact=address.strip()))
    kinds = [kind for kind in Kind.values if kind not in SECURITY_KINDS]
    for user in users:
        stop = EmailStop.objects.select_for_update().filter(user=user).first()
        if stop is None:  # a second report keeps what the person had before the first
            stop = EmailStop(user=user, previous_modes=own_email_modes(user.pk))
        stop.reason, stop.address, stop.provider, stop.stopped_at = (
            event,
            user.email,
            provider,
            timezone.now(),
        )
        stop.save()
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(user=user, kind=kind, mode=Mode.OFF) for kind in kinds],
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["mode", "updated_at"],
        )
        audit_record(
            actor=None,
            action="notification_preferences.email_stopped",
            target=user,
            reason=f"{provider} reported: {event}",
            data={"event": event, "provider": provider},
        )
    return [user.pk for user in users]


def tracking_received(sender: Any, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any) -> None:
    """Receiver of anymail's tracking signal (connected in NotificationsConfig.ready)."""
    if event.event_type not in STOPPING_EVENTS or not event.recipient:
        return
    stopped = email_stop_for_address(address=event.recipient, event=event.event_type, provider=esp_name)
    logger.info("%s %s: email stopped for %d account(s)", esp_name, event.event_type, len(stopped))


def register() -> None:
    tracking.connect(tracking_received, dispatch_uid="tongsu-email-stop")
