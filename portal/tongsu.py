"""The portal's own settings (TONGSU_*), read from the environment; portal/settings.py takes them in.

Kept apart from Django's and the libraries' settings so each file stays short enough to read; every name
here is documented in the README's configuration table.
"""

from __future__ import annotations

import re
from pathlib import Path

from portal.env import ConfigError, env_bool, env_fernet_keys, env_int, env_str


def portal_settings(*, debug: bool, testing: bool, var_dir: Path, test_run: str, embedded: bool) -> dict:
    """Every TONGSU_* setting, given what settings.py already decided."""
    DEBUG, TESTING, VAR_DIR, TEST_RUN = debug, testing, var_dir, test_run
    # Portal
    TONGSU_EMBEDDED = embedded
    # A monitor sending "Authorization: Bearer <token>" to /healthz sees which check failed; others see ok/error.
    TONGSU_HEALTH_TOKEN = env_str("TONGSU_HEALTH_TOKEN")
    TONGSU_SWEEP_AFTER_SECONDS = env_int("TONGSU_SWEEP_AFTER_SECONDS", 600, minimum=30)
    # A running task refreshes its claim's heartbeat this often; a claim silent for the second figure belongs
    # to a dead worker and the sweep hands the work out again (complaints/core/heartbeat.py).
    TONGSU_HEARTBEAT_SECONDS = env_int("TONGSU_HEARTBEAT_SECONDS", 15, minimum=1)
    TONGSU_HEARTBEAT_STALE_SECONDS = env_int("TONGSU_HEARTBEAT_STALE_SECONDS", 60, minimum=10)
    # The mail provider's limit: at most this many messages a second from all workers together (counted in the
    # shared cache); 0 means no limit. Emails are claimed and sent TONGSU_EMAIL_BATCH_SIZE per SMTP session.
    TONGSU_EMAIL_RATE_PER_SECOND = env_int("TONGSU_EMAIL_RATE_PER_SECOND", 0, minimum=0)
    TONGSU_EMAIL_BATCH_SIZE = env_int("TONGSU_EMAIL_BATCH_SIZE", 100, minimum=1)
    # Broadcasts announced within this many seconds start their fan-out with one task message when the window
    # closes (complaints/notifications/services.py); 0 sends one message per event (the tests' default).
    TONGSU_FAN_OUT_GATHER_SECONDS = env_int("TONGSU_FAN_OUT_GATHER_SECONDS", 0 if TESTING else 1, minimum=0)
    TONGSU_DELETION_GRACE_DAYS = env_int("TONGSU_DELETION_GRACE_DAYS", 30, minimum=1)
    # "This wasn't me" links in change notices work this long; following one holds the account this long.
    TONGSU_UNDO_LINK_DAYS = env_int("TONGSU_UNDO_LINK_DAYS", 7, minimum=1)
    TONGSU_SECURITY_HOLD_DAYS = env_int("TONGSU_SECURITY_HOLD_DAYS", 7, minimum=1)
    # Where a person locked out after a reported change can write to get back in sooner.
    TONGSU_CONTACT_EMAIL = env_str("TONGSU_CONTACT_EMAIL", "security@tongsu.localhost")
    TONGSU_EXPORT_INTERVAL_HOURS = env_int("TONGSU_EXPORT_INTERVAL_HOURS", 3, minimum=0)
    TONGSU_EXPORT_LINK_HOURS = env_int("TONGSU_EXPORT_LINK_HOURS", 48, minimum=1)
    # Originals and normalized evidence files are deleted this long after their campaign closed; owners are
    # told TONGSU_EVIDENCE_RETENTION_NOTICE_DAYS before.
    TONGSU_EVIDENCE_RETENTION_DAYS = env_int("TONGSU_EVIDENCE_RETENTION_DAYS", 180, minimum=1)
    TONGSU_EVIDENCE_RETENTION_NOTICE_DAYS = env_int("TONGSU_EVIDENCE_RETENTION_NOTICE_DAYS", 14, minimum=1)
    # Mandates (授权委托书): Fernet keys sealing members' legal names, ID numbers and mandate PDFs, comma-separated
    # (the first seals, all open: a key can be rotated). Production must set it; the embedded default writes a
    # random key once to var/mandate.key (the fixed embedded SECRET_KEY is public, so nothing derives from it).
    TONGSU_MANDATE_KEY = env_fernet_keys(
        "TONGSU_MANDATE_KEY", required=not (DEBUG or TESTING or env_bool("TONGSU_EMBEDDED", True))
    )
    TONGSU_MANDATE_KEY_FILE = str(VAR_DIR / (f"{TEST_RUN}/mandate.key" if TESTING else "mandate.key"))

    # Answers by email
    # Filings go out with Reply-To: filing+<token>@<this domain> (default: the domain of DEFAULT_FROM_EMAIL).
    # Replies arrive at `manage.py receive_mail` (an SMTP receiver, the Procfile's `inbound`) or through the
    # provider's inbound webhook (mail/webhooks/<esp>/inbound/).
    TONGSU_FILING_REPLY_DOMAIN = env_str("TONGSU_FILING_REPLY_DOMAIN")
    TONGSU_INBOUND_SMTP_HOST = env_str("TONGSU_INBOUND_SMTP_HOST", "127.0.0.1")
    TONGSU_INBOUND_SMTP_PORT = env_int("TONGSU_INBOUND_SMTP_PORT", 2525, minimum=1)
    # Replies to mail for unknown addresses: at most one per sender per day, and this many an hour in all.
    TONGSU_INBOUND_BOUNCES_PER_HOUR = env_int("TONGSU_INBOUND_BOUNCES_PER_HOUR", 30, minimum=0)
    # Rankings: ranked from this many members at the period's end; data cached this long; API requests per
    # client.
    TONGSU_RANKINGS_MIN_MEMBERS = env_int("TONGSU_RANKINGS_MIN_MEMBERS", 20, minimum=5)
    TONGSU_RANKINGS_CACHE_SECONDS = env_int("TONGSU_RANKINGS_CACHE_SECONDS", 0 if TESTING else 300, minimum=0)
    TONGSU_API_RATE = env_str("TONGSU_API_RATE", "120/m")
    if not re.fullmatch(r"[0-9]+/(s|sec|m|min|h|hour|d|day)", TONGSU_API_RATE):
        raise ConfigError(
            f"TONGSU_API_RATE={TONGSU_API_RATE!r} is not a rate such as 120/m (per s, m, h or d)"
        )
    return {name: value for name, value in locals().items() if name.startswith("TONGSU_")}
