"""Django settings for Tongsu. Everything production-specific comes from the environment (see README)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.env import (
    ConfigError,
    database_from_url,
    email_settings,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    private_storage_settings,
    redis_url,
)
from portal.tongsu import portal_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TONGSU_VAR_DIR", str(BASE_DIR / "var")))
# The team's shared test and measurement data (labelled PII corpus, evidence samples, the scorer): used by
# tests and `make bench` only. Next to the checkout by default; a clone elsewhere falls back to /work/shared.
SHARED_DIR = Path(
    env_str("TONGSU_SHARED_DIR", "")
    or next(
        (str(p) for p in (BASE_DIR.parent / "shared", Path("/work/shared")) if p.is_dir()),
        str(BASE_DIR.parent / "shared"),
    )
)
TESTING = "pytest" in sys.modules or env_bool("TONGSU_TESTING")
# Test runs on one machine must not share files: each run's SQLite file, broker, cache and private
# directory carry its process id (child processes started by a test are handed the paths explicitly).
TEST_RUN = f"test-run-{os.getpid()}"
if "pytest" in sys.modules:
    (VAR_DIR / TEST_RUN).mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING or env_bool("TONGSU_EMBEDDED", True)):
        raise ConfigError("DJANGO_SECRET_KEY must be set in production")
    # Embedded default only: a fixed key is fine on a laptop, never behind a public host.
    SECRET_KEY = "embedded-insecure-key-for-local-use-only-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("TONGSU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.weixin",
    "allauth.usersessions",
    "ninja",  # the open-data API's OpenAPI docs (templates and static files)
    "complaints.core",
    "complaints.accounts",
    "complaints.notifications",
    "complaints.filings",
    "complaints.campaigns",
    "complaints.outreach",
    "complaints.evidence",
    "complaints.mandates",
    "complaints.replies",
    "complaints.proofs",
    "complaints.ballots",
    "complaints.moderation",
    "complaints.transparency",
    "complaints.rankings",
]

MIDDLEWARE = [
    "complaints.core.middleware.RequestIdMiddleware",
    "complaints.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: what htmx asked for
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "complaints.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "complaints.outreach.invites.PendingInviteMiddleware",  # an opened invite link counts the join it leads to
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "complaints.accounts.middleware.RateLimitedMiddleware",  # innermost: sees allauth's views' RateLimited
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "complaints.core.context_processors.portal",
            ],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
        },
    }
]

# --- Database: SQLite under var/ by default, PostgreSQL from DATABASE_URL ---------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(env_str("TONGSU_SQLITE_PATH", str(VAR_DIR / "tongsu.sqlite3"))),
            # The worker and the web process share the file: WAL lets readers run beside one writer, and
            # IMMEDIATE transactions take the write lock up front instead of failing half-way.
            # secure_delete zeroes what a DELETE or UPDATE frees, so an erased account's phone, case text and
            # email do not linger in free pages (the WAL is checkpointed after an erasure, core/database.py).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA secure_delete=ON;"
                ),
            },
            # A file, not memory, so a Celery worker started by a test sees the test database.
            "TEST": {"NAME": str(VAR_DIR / TEST_RUN / "tongsu.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, sessions' helpers): Redis when REDIS_URL is set, else a file cache shared by processes ---
REDIS_URL = redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one Redis client per backend instead of one per call (Django's own does).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("TONGSU_CACHE_PREFIX", "tongsu"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str(
                "TONGSU_CACHE_DIR", str(VAR_DIR / (f"{TEST_RUN}/cache" if TESTING else "cache"))
            ),
        }
    }
# Template fragments that depend only on the language and the kind of viewer (the site header): in each
# process's memory, no round trip to the shared cache.
CACHES["fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
# With Redis, sessions are read from the cache (written through to the database): one query less per
# signed-in request.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Public pages served to visitors without a session are cached this long (complaints/campaigns/cache.py);
# 0 turns it off. Tests render every page fresh.
TONGSU_PAGE_CACHE_SECONDS = env_int("TONGSU_PAGE_CACHE_SECONDS", 0 if TESTING else 10, minimum=0)
# A moderator's claim on a queue item frees itself after this long (a closed tab, a lunch break).
TONGSU_MODERATION_CLAIM_SECONDS = env_int("TONGSU_MODERATION_CLAIM_SECONDS", 30 * 60, minimum=60)

# --- Celery ---------------------------------------------------------------------------------------
BROKER_DIR = Path(
    env_str("TONGSU_BROKER_DIR", str(VAR_DIR / (f"{TEST_RUN}/broker" if TESTING else "broker")))
)
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    # Kombu's filesystem transport with whole-file writes and bad files moved aside (complaints/core/broker.py),
    # chosen through Celery's documented broker_transport setting (a class path wins over the URL's scheme).
    CELERY_BROKER_TRANSPORT = "complaints.core.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        # Kombu's default waits 1 s after every empty poll of a queue, which holds a worker
        # consuming four queues to about one task per second; a tenth of that costs nothing.
        "polling_interval": 0.1,
    }
else:
    # Redis redelivers unacknowledged tasks after this long; longer than our slowest task.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# Email has a queue (and, in production, workers) of its own: a fan-out's thousands of email batches never
# hold up the next fan-out, an OCR job or a submission, and those never hold up mail. Exact names are looked
# up before the patterns, so the email tasks leave the `notifications` pattern.
CELERY_TASK_ROUTES = {
    "complaints.notifications.email_send_task": {"queue": "email"},
    "complaints.notifications.email_send_batch_task": {"queue": "email"},
    "complaints.notifications.broadcast_email_task": {"queue": "email"},
    "complaints.notifications.*": {"queue": "notifications"},
    "complaints.evidence.*": {"queue": "evidence"},
    # Reads receipts again (OCR): with the evidence pipeline's work, never in front of email or filings.
    "complaints.proofs.receipts_recheck_task": {"queue": "evidence"},
    "complaints.filings.*": {"queue": "filings"},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The hour the daily digest goes out, in TIME_ZONE (the settings page tells people when to expect it).
TONGSU_DIGEST_HOUR = 8
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-work": {"task": "complaints.core.tasks.sweep_task", "schedule": 60.0},
    "notifications-daily-digest": {
        "task": "complaints.notifications.digest_send_task",
        "schedule": crontab(hour=TONGSU_DIGEST_HOUR, minute=0),
    },
    "erase-accounts-past-grace": {
        "task": "complaints.accounts.tasks.accounts_erase_due_task",
        "schedule": 3600.0,
    },
    "campaigns-task-reminders": {
        "task": "complaints.campaigns.tasks.tasks_remind_due_task",
        "schedule": crontab(hour=9, minute=0),
    },
    "filings-deadlines": {
        "task": "complaints.filings.tasks.deadlines_task",
        "schedule": crontab(hour=7, minute=30),
    },
    "mail-files-sweep": {
        "task": "complaints.core.tasks.mail_files_sweep_task",
        "schedule": crontab(hour=3, minute=45),
    },
    "rankings-snapshots": {
        "task": "complaints.rankings.tasks.snapshots_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "rankings-open-data": {
        "task": "complaints.rankings.tasks.opendata_dump_task",
        "schedule": crontab(hour=3, minute=0),
    },
    "evidence-retention": {
        "task": "complaints.evidence.retention.retention_task",
        "schedule": crontab(hour=3, minute=15),
    },
}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# --- Auth and accounts (django-allauth) --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, loading the signed-in user with its moderator flag and unread count.
    "complaints.accounts.backends.ModelBackend",
    "complaints.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "complaints.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "complaints.accounts.adapter.user_display"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Email or a mobile number (allauth's phone support, accounts/phone.py); a person may have both. "email*"
# stays required here because allauth's mandatory verification demands it, but the sign-up form
# (accounts/forms.py) takes either one; a phone-only person skips email verification (accounts/stages.py).
# The number is confirmed with a code sent by SMS.
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# Text messages: files under TONGSU_SMS_DIR by default; an HTTP provider when TONGSU_SMS_URL is set.
TONGSU_SMS_DIR = env_str("TONGSU_SMS_DIR", str(VAR_DIR / (f"{TEST_RUN}/sms" if TESTING else "sms")))
TONGSU_SMS_URL = env_str("TONGSU_SMS_URL")
TONGSU_SMS_TOKEN = env_str("TONGSU_SMS_TOKEN")
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("TONGSU_REAUTH_SECONDS", 300, minimum=30)
# Every account-sensitive action (adding, changing or removing an email address, changing the password,
# second factors, linking an outside login, the data export, deleting) asks for a recent password or second
# factor: a borrowed session alone cannot take the account over.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# The address on file is told of every change to the email, the password or a second factor, with a
# "this wasn't me" link (complaints/accounts/security.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# The owner of an account a stranger is guessing at can still sign in with a code mailed to them.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Signing up with a registered address costs what a new one costs (a password hash, a queued email).
ACCOUNT_FORMS = {
    "login": "complaints.accounts.forms.LoginForm",
    "signup": "complaints.accounts.forms.SignupForm",
    "reset_password": "complaints.accounts.forms.ResetPasswordForm",
    "request_login_code": "complaints.accounts.forms.RequestLoginCodeForm",
}
# Sensitive actions (deleting the account) ask for the portal's own password or a second factor; a code
# mailed to the address (allauth >= 65.22 offers it by default) would let a mailbox alone stand for them.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[同诉 Tongsu] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    # allauth's default (3 a minute per IP) refuses a fourth sign-up with a number from one network within a
    # minute, with a server error; our own SMS limits (accounts/sms.py: per number and per IP, on the shared
    # cache) bound what texts cost.
    "verify_phone": "1/30s/key,20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Tongsu 同诉"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or env_bool("TONGSU_EMBEDDED", True)
USERSESSIONS_TRACK_ACTIVITY = False

# Optional social login: a provider appears only when its keys are set in the environment.
SOCIALACCOUNT_ADAPTER = "complaints.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # the adapter allows it only when both sides verified the address
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_PROVIDERS = {
    provider: {"APPS": [{"client_id": env_str(f"{prefix}_CLIENT_ID"), "secret": env_str(f"{prefix}_SECRET")}]}
    for provider, prefix in (("github", "TONGSU_GITHUB"), ("weixin", "TONGSU_WEIXIN"))
    if env_str(f"{prefix}_CLIENT_ID") and env_str(f"{prefix}_SECRET")
}

# --- Internationalization -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "complaints" / "locale"]
# Our formats go before Django's: thousands separators in Chinese amounts, "6 Dec 2026" in English.
# USE_THOUSAND_SEPARATOR stays off so ids in links and forms never gain commas; amounts use |money.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = env_str("TONGSU_TIME_ZONE", "Asia/Shanghai")
# Crontab entries (the daily digest at 08:00) are in the portal's time zone, not UTC.
CELERY_TIMEZONE = TIME_ZONE
USE_I18N = True
USE_TZ = True

# --- Files: static (public, vendored, no CDN) and evidence (private) --------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
PRIVATE_STORAGE_DIR = Path(
    env_str("TONGSU_PRIVATE_DIR", str(VAR_DIR / (f"{TEST_RUN}/private" if TESTING else "private")))
)
EVIDENCE_STORAGE = env_choice("EVIDENCE_STORAGE", ("local", "s3"), "local")
_private = private_storage_settings(EVIDENCE_STORAGE, PRIVATE_STORAGE_DIR)
STORAGES = {
    "default": _private,
    "private": _private,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "complaints.core.static.StaticFilesStorage"
        )
    },
}
MEDIA_URL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads past the memory limit are spooled here, not in /tmp, so a web process killed mid-upload leaves its
# partial file where the sweep (complaints/core/tasks.py) deletes it after TONGSU_UPLOAD_TMP_MAX_AGE_SECONDS.
FILE_UPLOAD_TEMP_DIR = env_str(
    "TONGSU_UPLOAD_TMP_DIR", str(VAR_DIR / (f"{TEST_RUN}/upload-tmp" if TESTING else "upload-tmp"))
)
TONGSU_UPLOAD_TMP_MAX_AGE_SECONDS = env_int("TONGSU_UPLOAD_TMP_MAX_AGE_SECONDS", 3600, minimum=600)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Email ----------------------------------------------------------------------------------------------
globals().update(email_settings(env_str("EMAIL_URL"), str(VAR_DIR / "mail")))
# The embedded outbox (var/mail/*.eml) holds personal data: files older than this many days are deleted daily
# (0 keeps them), and an erased account's are deleted at erasure.
TONGSU_MAIL_FILES_DAYS = env_int("TONGSU_MAIL_FILES_DAYS", 14, minimum=0)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "同诉 Tongsu <noreply@tongsu.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL = {
    # Basic auth ("user:password") the provider's bounce and complaint webhooks must send. Unset, a random
    # secret nobody knows: the webhook URLs then answer no one (anymail would otherwise accept anyone).
    "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET")
    or f"{secrets.token_urlsafe(16)}:{secrets.token_urlsafe(32)}",
}
if env_str("ANYMAIL_API_KEY"):
    ANYMAIL["API_KEY"] = env_str("ANYMAIL_API_KEY")

# --- Security -------------------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
_HTTPS = env_bool("TONGSU_HTTPS", not DEBUG and not env_bool("TONGSU_EMBEDDED", True))
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
LANGUAGE_COOKIE_SECURE = _HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = _HTTPS and env_bool("TONGSU_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("TONGSU_HSTS_SECONDS", 31536000 if _HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
if env_bool("TONGSU_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: one line per event, request id attached -------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "complaints.core.middleware.RequestIdLogFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("TONGSU_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- The portal's own settings (TONGSU_*): portal/tongsu.py -----------------------------------------------
globals().update(
    portal_settings(
        debug=DEBUG,
        testing=TESTING,
        var_dir=VAR_DIR,
        test_run=TEST_RUN,
        embedded=not (DATABASE_URL or REDIS_URL),
    )
)
PORTAL_NAME = _("Tongsu")

if TESTING:
    # Hashing with production strength would dominate the suite's time; strength is not under test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
