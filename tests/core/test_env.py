from __future__ import annotations

import subprocess
import sys

import pytest

from portal.env import ConfigError, database_from_url, email_settings, env_bool, env_int


def test_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError, match="X_FLAG"):
        env_bool("X_FLAG")


def test_bad_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ConfigError, match="X_NUM"):
        env_int("X_NUM", 1)


def test_database_url_must_be_postgres_or_sqlite():
    with pytest.raises(ConfigError):
        database_from_url("mysql://root@localhost/db")
    config = database_from_url("postgres://postgres@127.0.0.1:5432/tongsu")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "tongsu"


def test_email_url_schemes():
    smtp = email_settings("smtp://user:p%40ss@mail.example.org:587?tls=1", "/tmp/mail")
    assert smtp["EMAIL_HOST"] == "mail.example.org"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert smtp["EMAIL_USE_TLS"] is True
    assert email_settings("", "/tmp/mail")["EMAIL_BACKEND"].endswith("EmlFileBackend")
    with pytest.raises(ConfigError):
        email_settings("carrier-pigeon://x", "/tmp/mail")


def test_production_without_secret_key_refuses_to_start():
    env = {
        "PATH": "/usr/bin:/bin",
        "TONGSU_EMBEDDED": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
