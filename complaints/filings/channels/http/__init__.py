"""HTTP API channel: JSON + PDF, signed with the regulator's shared secret, with a constant Idempotency-Key."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.conf import settings

from complaints.filings.annexes import identity_annex_bytes
from complaints.filings.channels.base import Delivery, Transport, TransportError
from complaints.filings.models import Submission

TIMEOUT_SECONDS = 30


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _b64(field) -> str:
    with field.open("rb") as fh:
        return base64.b64encode(fh.read()).decode("ascii")


class HttpTransport(Transport):
    def body(self, submission: Submission) -> bytes:
        version = submission.version
        filing = version.filing
        payload = {
            "submission": str(submission.idempotency_key),
            "campaign": {
                "title": filing.campaign.title,
                "url": settings.SITE_URL + filing.campaign.get_absolute_url(),
            },
            "language": filing.language,
            "version": version.number,
            "figures": version.content.get("figures", {}),
            "reply_to": submission.reply_to,
            "response_url": submission.response_url,
            "pdf": {"sha256": version.pdf_sha256, "base64": _b64(version.pdf)},
            "annex_csv": _b64(version.annex_csv),
            "annex_json": _b64(version.annex_json),
        }
        if version.identity_annex:
            payload["identity_annex_csv"] = base64.b64encode(
                identity_annex_bytes(version.identity_annex)
            ).decode("ascii")
        return json.dumps(payload, ensure_ascii=False).encode()

    def send(self, submission: Submission) -> Delivery:
        regulator = submission.regulator
        if not regulator.api_url or not regulator.api_secret:
            raise TransportError("regulator has no API endpoint or secret", permanent=True, code="no_address")
        body = self.body(submission)
        request = urllib.request.Request(  # noqa: S310 - the URL is admin-configured http(s)
            regulator.api_url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Idempotency-Key": str(submission.idempotency_key),
                "X-Tongsu-Signature": sign(regulator.api_secret, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310 - regulator URL is an admin-set http(s) URLField
                raw = response.read(65536)
        except urllib.error.HTTPError as exc:
            # 408, 409 (in progress), 425, 429 and 5xx may pass; any other 4xx will not.
            temporary = exc.code in (408, 409, 425, 429) or exc.code >= 500
            raise TransportError(
                f"HTTP {exc.code}", permanent=not temporary, code="http_status", detail=str(exc.code)
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise TransportError(f"HTTP connection: {exc}", code="connection") from exc
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        reference = str(answer.get("reference") or answer.get("id") or "")[:200]
        return Delivery(remote_reference=reference, detail={"status": "accepted"})
