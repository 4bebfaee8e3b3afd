"""Demo logins for `manage.py demo_data` (embedded default only; printed at start-up)."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from complaints.accounts.models import User
from complaints.accounts.services import moderator_grant

DEMO_PASSWORD = "tongsu-demo-2026"  # noqa: S105 - documented demo credential, embedded mode only
DEMO_USERS = {
    "member": ("member@demo.tongsu.test", "小林", "zh-hans"),
    "organizer": ("organizer@demo.tongsu.test", "Organizer Wang", "zh-hans"),
    "moderator": ("moderator@demo.tongsu.test", "Moderator Li", "en"),
    "admin": ("admin@demo.tongsu.test", "Admin", "en"),
}


def demo_user(role: str) -> User:
    email, name, language = DEMO_USERS[role]
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "preferred_language": language}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        if role == "admin":
            user.is_staff = user.is_superuser = True
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if role == "moderator" and not user.groups.filter(name="moderators").exists():
        moderator_grant(actor=None, user=user, reason="demo data")
    return user


def load(out) -> None:
    for role in DEMO_USERS:
        demo_user(role)
    out.write(f"  demo logins: {len(DEMO_USERS)}")


def logins(out, style) -> None:
    """Printed by `manage.py demo_data` once everything is loaded (unless --quiet-logins)."""
    out.write("")
    out.write(style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
    for role, (email, _name, _lang) in DEMO_USERS.items():
        out.write(f"  {role:<10} {email}")
    out.write("  open http://127.0.0.1:8000/  (admin: /admin/)")
