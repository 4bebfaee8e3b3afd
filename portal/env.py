"""Typed helpers that read configuration from the environment and fail loudly on bad values."""

from __future__ import annotations

import os
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.fernet import Fernet


class ConfigError(RuntimeError):
    """A configuration variable is present but cannot be used."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={value!r} must be one of: {', '.join(choices)}")
    return value


def env_fernet_keys(name: str, *, required: bool) -> str:
    """Comma-separated Fernet keys (32 url-safe base64 bytes each), checked now so a typo stops start-up."""
    value = env_str(name)
    if not value and required:
        raise ConfigError(f"{name} must be set in production")
    for key in filter(None, (k.strip() for k in value.split(","))):
        try:
            Fernet(key.encode())
        except ValueError:
            raise ConfigError(
                f"{name} must be Fernet keys (32 url-safe base64 bytes), comma-separated"
            ) from None
    return value


def database_from_url(url: str) -> dict:
    """Django DATABASES entry for a postgres:// (or sqlite://) URL."""
    import dj_database_url

    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(f"DATABASE_URL scheme {scheme!r} is not supported (use postgres:// or sqlite://)")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL cannot be parsed: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError("DATABASE_URL must name a database, e.g. postgres://user@host:5432/tongsu")
    pool = env_int("TONGSU_DB_POOL_MAX_SIZE", 0, minimum=0)
    if scheme != "sqlite" and pool:
        # Django's own PostgreSQL pool (psycopg_pool), one per process: threads of a web process share up to
        # `pool` connections; a connection goes back to the pool at the end of each request instead of being
        # kept per thread. Persistent connections and a pool exclude each other.
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": pool,
            "timeout": env_int("TONGSU_DB_POOL_TIMEOUT_SECONDS", 10, minimum=1),
        }
    return config


def redis_url(name: str) -> str:
    url = os.environ.get(name, "").strip()
    if url and urlsplit(url).scheme not in {"redis", "rediss"}:
        raise ConfigError(f"{name}={url!r} must start with redis:// or rediss://")
    return url


def email_settings(url: str, default_dir: str) -> dict:
    """Django email settings for EMAIL_URL: file:///dir, smtp://user:pass@host:port, smtps://..., console:, anymail+ESP:."""
    if not url:
        return {"EMAIL_BACKEND": "complaints.core.mail.EmlFileBackend", "EMAIL_FILE_PATH": default_dir}
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "complaints.core.mail.EmlFileBackend",
            "EMAIL_FILE_PATH": parts.path or default_dir,
        }
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ConfigError(
                "EMAIL_URL smtp:// needs a host, e.g. smtp://user:pass@mail.example.org:587?tls=1"
            )
        return {
            "EMAIL_BACKEND": "complaints.core.mail.SMTPBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", "0").lower() in _TRUE,
            "EMAIL_TIMEOUT": 20,
        }
    if parts.scheme.startswith("anymail+"):
        esp = parts.scheme.removeprefix("anymail+")
        known = {"amazon_ses", "brevo", "mailgun", "mailjet", "postmark", "resend", "sendgrid", "sparkpost"}
        if esp not in known:
            raise ConfigError(
                f"EMAIL_URL anymail provider {esp!r} unknown (one of: {', '.join(sorted(known))})"
            )
        return {"EMAIL_BACKEND": f"anymail.backends.{esp}.EmailBackend"}
    raise ConfigError(
        f"EMAIL_URL scheme {parts.scheme!r} is not supported (file, console, smtp, smtps, anymail+ESP)"
    )


def private_storage_settings(kind: str, local_dir) -> dict:
    """The STORAGES entry for evidence and exports: a private directory, or a private S3 bucket (S3_*)."""
    if kind != "s3":
        # base_url=None: a local private file has no URL at all; views stream it after a permission check.
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(local_dir), "base_url": None},
        }
    if not env_str("S3_BUCKET"):
        raise ConfigError("EVIDENCE_STORAGE=s3 needs S3_BUCKET (and S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY)")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            # Originals must never be public: private ACL, and only short-lived signed URLs if any.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "signature_version": "s3v4",  # signed URLs state their own lifetime (X-Amz-Expires)
            "file_overwrite": False,
        },
    }
