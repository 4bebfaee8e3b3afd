"""Sealing of mandate identities and PDFs: Fernet (AES-128-CBC with HMAC-SHA256) with a key from the environment.

`TONGSU_MANDATE_KEY` holds one or more Fernet keys, comma-separated: the first seals, all of them open (so a
key can be rotated). Without it (the embedded default only; production refuses to start) a random key is
written once to `TONGSU_MANDATE_KEY_FILE` under var/, readable by the portal's user alone. The fixed
embedded SECRET_KEY is public, so nothing is derived from it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


class SealError(RuntimeError):
    """A sealed value cannot be opened with the configured keys (a lost or wrong key)."""


def _key_file() -> bytes:
    path = Path(settings.TONGSU_MANDATE_KEY_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    key = Fernet.generate_key()
    with os.fdopen(fd, "wb") as out:
        out.write(key + b"\n")
    return key


@cache
def _keys() -> tuple[bytes, ...]:
    configured = [k.strip() for k in (settings.TONGSU_MANDATE_KEY or "").split(",") if k.strip()]
    return tuple(k.encode() for k in configured) or (_key_file(),)


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs) -> None:
    if setting.startswith("TONGSU_MANDATE_KEY"):
        _keys.cache_clear()
        _fernet.cache_clear()


def seal(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def unseal(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as exc:
        raise SealError("the mandate key cannot open this value") from exc


def seal_json(value: dict) -> bytes:
    return seal(json.dumps(value, ensure_ascii=False).encode())


def unseal_json(token: bytes) -> dict:
    return json.loads(unseal(token))


def id_digests(id_kind: str, id_number: str) -> list[str]:
    """Keyed hashes (HMAC-SHA256) of an identity document's number, one per configured key, the sealing
    key's first: two signatures with the same number can be found without anyone reading either. Without the
    key the digest says nothing (China's ID numbers are few enough to try them all against a plain hash)."""
    message = f"{id_kind}:{id_number.strip().upper()}".encode()
    return [
        hmac.new(hashlib.sha256(b"tongsu mandate id digest\0" + key).digest(), message, "sha256").hexdigest()
        for key in _keys()
    ]
