"""Text messages (SMS): sign-in and verification codes to a phone number.

Embedded default: each message is a file under `TONGSU_SMS_DIR` (var/sms/), like the `.eml` outbox. In
production `TONGSU_SMS_URL` names an HTTP provider: each message is POSTed as JSON {"to", "text"} with
`Authorization: Bearer TONGSU_SMS_TOKEN` and an idempotency key. How many codes one number and one network
address may ask for is counted on the shared cache, so every web process holds the same limit.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from complaints.accounts.security import rate_limit_hit

logger = logging.getLogger(__name__)
CODES_PER_NUMBER = 5  # per hour: enough for typos and a lost message, too few to flood someone's phone
CODES_PER_IP = 20  # per hour
WINDOW_SECONDS = 3600


class SmsError(Exception):
    pass


def sms_allowed(*, phone: str, ip: str) -> bool:
    """Count one code for this number and this address; False once either is over its hourly limit."""
    over_number = rate_limit_hit(
        scope="sms-number", key=phone, limit=CODES_PER_NUMBER, seconds=WINDOW_SECONDS
    )
    over_ip = rate_limit_hit(scope="sms-ip", key=ip or "-", limit=CODES_PER_IP, seconds=WINDOW_SECONDS)
    return not (over_number or over_ip)


def _file_send(phone: str, text: str) -> None:
    folder = Path(settings.TONGSU_SMS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    name = f"{stamp}-{re.sub(r'[^0-9]', '', phone)}.txt"
    (folder / name).write_text(f"To: {phone}\n\n{text}\n", encoding="utf-8")


def _http_send(phone: str, text: str) -> None:
    if not settings.TONGSU_SMS_URL.startswith(("https://", "http://")):
        raise SmsError("TONGSU_SMS_URL must be an http(s) address")
    body = json.dumps({"to": phone, "text": text}).encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configured https provider
        settings.TONGSU_SMS_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.TONGSU_SMS_TOKEN}",
            "Idempotency-Key": hashlib.sha256(body).hexdigest(),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  # nosec B310 - scheme checked above
            if response.status >= 300:
                raise SmsError(f"SMS provider answered {response.status}")
    except OSError as error:
        raise SmsError(f"SMS provider unreachable: {error}") from error


def sms_send(*, phone: str, text: str) -> None:
    """Send one text message through the configured sender."""
    if settings.TONGSU_SMS_URL:
        _http_send(phone, text)
    else:
        _file_send(phone, text)
