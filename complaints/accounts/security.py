"""Guards on the account itself: "this wasn't me" undo links, the 7-day hold, and failed-login limits.

Every change notice (email, password, second factor, linked login) carries a signed link for the address
it went to. Following it puts that address back as the only one, drops the password and any second factor
or linked login added in the day before the notice, ends every session and holds the account for
TONGSU_SECURITY_HOLD_DAYS: whoever made the change is out, and the owner comes back through a password
reset to their own address once the hold ends (or sooner through the contact address).

Failed password logins are counted per (account, IP address) pair and per IP address on the shared cache:
a stranger guessing from their address locks only themselves out of that account, not its owner on
another network. A browser that signed in to the account before (a signed cookie) has its own count, so
the owner is not locked out by a stranger on the same network either; and the owner can always sign in
with a code mailed to them (allauth's login by code).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from complaints.accounts.models import User
from complaints.core.services import audit_record, email_queue
from complaints.core.text import local_datetime

UNDO_SALT = "tongsu.account.undo-change"
# Second factors and linked logins added this long before a notice go when its undo link is followed.
UNDO_LOOKBACK = timedelta(days=1)

FAILURES_PER_ACCOUNT_AND_IP = 5
FAILURES_PER_IP = 30
FAILURE_WINDOW_SECONDS = 5 * 60


def hold_period() -> timedelta:
    return timedelta(days=getattr(settings, "TONGSU_SECURITY_HOLD_DAYS", 7))


def undo_link_lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "TONGSU_UNDO_LINK_DAYS", 7))


def is_on_hold(user: User) -> bool:
    return bool(user.security_hold_until and user.security_hold_until > timezone.now())


def held_account(email: str) -> User | None:
    """The account held under this address, if any (login, reset and login-code forms refuse it by name).

    Saying "locked" reveals only accounts whose owner reported a takeover, for a week: the owner needs to
    know why nothing works, and an address that is not held gets the usual answers, which tell nothing."""
    email = (email or "").strip()
    if not email:
        return None
    return User.objects.filter(email__iexact=email, security_hold_until__gt=timezone.now()).first()


def hold_notice(user: User) -> str:
    """What every refused login, reset or login code tells the owner of a held account."""
    return gettext(
        "This account is locked until %(date)s because a change to it was reported as not "
        "made by its owner. After that date, choose a new password with “Forgot your "
        "password?”; the link goes to the restored address. Need it sooner? Write to %(contact)s."
    ) % {"date": local_datetime(user.security_hold_until), "contact": settings.TONGSU_CONTACT_EMAIL}


# --- "this wasn't me" --------------------------------------------------------------------------------


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // MICROSECOND  # exact, unlike a float timestamp


def undo_token(user: User, email: str) -> str:
    return signing.dumps({"u": user.pk, "e": email, "t": _micros(timezone.now())}, salt=UNDO_SALT)


def undo_url(user: User, email: str) -> str:
    return settings.SITE_URL + reverse("accounts:undo_change", args=[undo_token(user, email)])


def undo_target(token: str) -> tuple[User, str, int] | None:
    """(user, address, issued-at) for a valid, unused undo link, or None when forged, expired or used."""
    try:
        data = signing.loads(token, salt=UNDO_SALT, max_age=undo_link_lifetime())
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), erased_at__isnull=True).first()
    issued = data.get("t")
    if user is None or not isinstance(issued, int) or not data.get("e"):
        return None
    if not undo_still_valid(user, issued):
        return None
    return user, data["e"], issued


def undo_still_valid(user: User, issued: int) -> bool:
    """After an undo, only links from notices older than the one followed still work, and new ones.

    Whoever takes an account over adds their address after the owner's was notified, so the owner's link is
    always the oldest: someone following a link sent to their own address cannot spend the owner's, and
    the owner's undo spends every link sent in between (including the one just used)."""
    if not user.security_undo_issued_at or not user.security_hold_until:
        return True
    undone_at = _micros(user.security_hold_until - hold_period())
    return issued < _micros(user.security_undo_issued_at) or issued > undone_at


def account_change_undo(*, user: User, email: str, issued: int) -> User | None:
    """Put `email` back as the only address, drop what may have been added, end sessions, hold the account.

    None when the link was spent meanwhile or the address now belongs to another account (a person must
    look at that: the page gives the contact address)."""
    from allauth.mfa.models import Authenticator

    now = timezone.now()
    issued_at = EPOCH + issued * MICROSECOND
    since = issued_at - UNDO_LOOKBACK
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not undo_still_valid(user, issued):  # two tabs, one link: the second finds it spent
            return None
        if _held_elsewhere(user, email):
            return None
        EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
        address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
        if address is None:
            address = EmailAddress(user=user, email=email)
        address.verified = address.primary = True
        address.save()
        user.email = address.email
        user.set_unusable_password()
        user.security_hold_until = now + hold_period()
        user.security_undo_issued_at = issued_at
        user.save(update_fields=["email", "password", "security_hold_until", "security_undo_issued_at"])
        removed_factors = Authenticator.objects.filter(user=user, created_at__gte=since).delete()[0]
        removed_logins = _linked_logins_since(user, since)
        audit_record(
            actor=user,
            action="account.change_undone",
            target=user,
            data={"removed_factors": removed_factors, "removed_linked_logins": removed_logins},
        )
        email_queue(
            to=user.email,
            template="account_on_hold",
            context={
                "hold_until": user.security_hold_until,
                "reset_url": settings.SITE_URL + reverse("account_reset_password"),
                "contact": settings.TONGSU_CONTACT_EMAIL,
            },
            language=user.preferred_language or None,
            kind="security:hold",
        )
        transaction.on_commit(partial(sessions_end, user))
    return user


def _held_elsewhere(user: User, email: str) -> bool:
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        return True
    others = EmailAddress.objects.filter(email__iexact=email).exclude(user=user)
    others.filter(verified=False).delete()  # an unconfirmed claim on the address gives way to its owner
    return others.exists()


def _linked_logins_since(user: User, since) -> int:
    if "allauth.socialaccount" not in settings.INSTALLED_APPS:
        return 0
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(user=user, date_joined__gte=since).delete()[0]


def sessions_end(user: User) -> None:
    """End every signed-in session of the person (usersessions records them all)."""
    from allauth.usersessions.models import UserSession

    for session in UserSession.objects.filter(user=user):
        session.end()


# --- failed logins -----------------------------------------------------------------------------------


DEVICE_COOKIE = "tongsu_device"
DEVICE_SALT = "tongsu.account.device"
DEVICE_COOKIE_AGE = 180 * 24 * 3600


def _login_hash(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()


def device_cookie_value(user: User) -> str:
    """A browser the account signed in from: its failed logins count apart from its network's."""
    return signing.dumps(
        {"e": _login_hash(user.email or user.phone or "")[:32], "d": secrets.token_urlsafe(12)},
        salt=DEVICE_SALT,
    )


def verified_device(cookies: dict, login: str) -> str | None:
    """The id of this browser when it signed in to this very account before, else None."""
    try:
        data = signing.loads(cookies.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    return data.get("d") if data.get("e") == _login_hash(login)[:32] else None


def _keys(ip: str, login: str, device: str | None) -> list[str]:
    if device:  # a browser the owner used: its own count, not the network's, which strangers may share
        return [f"tongsu:login-failed:device:{_login_hash(login + chr(10) + device)}"]
    return [f"tongsu:login-failed:pair:{_login_hash(login + chr(10) + ip)}", f"tongsu:login-failed:ip:{ip}"]


def login_allowed(*, ip: str, login: str, device: str | None = None) -> bool:
    keys = _keys(ip, login, device)
    counts = cache.get_many(keys)
    limits = (FAILURES_PER_ACCOUNT_AND_IP, FAILURES_PER_IP)
    return all(counts.get(key, 0) < limit for key, limit in zip(keys, limits, strict=False))


def login_failure_record(*, ip: str, login: str, device: str | None = None) -> None:
    for key in _keys(ip, login, device):
        if not cache.add(key, 1, timeout=FAILURE_WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=FAILURE_WINDOW_SECONDS)


def rate_limit_hit(*, scope: str, key: str, limit: int, seconds: int) -> bool:
    """Count one use of `scope` by `key` on the shared cache; True when it goes over `limit` per window."""
    cache_key = f"tongsu:rl:{scope}:{hashlib.sha256(key.strip().lower().encode()).hexdigest()}"
    if cache.add(cache_key, 1, timeout=seconds):
        return limit < 1
    try:
        return cache.incr(cache_key) > limit
    except ValueError:
        cache.add(cache_key, 1, timeout=seconds)
        return False
