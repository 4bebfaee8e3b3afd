from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from complaints.core.storage import private_storage

MODERATORS_GROUP = "moderators"


def storages_private():
    # The "private" storage as configured when used: a test that points STORAGES at a bucket moves exports too.
    return private_storage


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str | None, password: str | None, **extra):
        if not email and not extra.get("phone"):
            raise ValueError("an email address or a mobile number is required")
        user = self.model(email=self.normalize_email(email).lower() if email else None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account: signs in with email; what others see is the display name or a pseudonym."""

    username = None
    first_name = None
    last_name = None
    # Empty (NULL, so that many people may have none) for a person who signed up with a mobile number only.
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    display_name = models.CharField(
        _("display name"), max_length=80, blank=True, help_text=_("Shown to moderators and in emails to you.")
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    locked_at = models.DateTimeField(
        _("locked at"), null=True, blank=True, help_text=_("Set when the person asked to delete the account.")
    )
    erase_after = models.DateTimeField(_("erase after"), null=True, blank=True, db_index=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    # Suspended by a moderator (the reason is in the audit log): cannot sign in; restoring clears it.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True, editable=False)
    # A mobile number to sign in with (E.164, see accounts/phone.py); optional, next to the email address.
    phone = models.CharField(_("mobile number"), max_length=20, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)
    # Set when the owner followed "this wasn't me" in a change notice: no sign-in until then.
    security_hold_until = models.DateTimeField(
        _("locked after a reported change until"), null=True, blank=True
    )
    # When the notice whose link was last followed was sent: older links still work (the owner's notice is
    # older than any sent to an address someone added since), links sent between it and the undo do not.
    security_undo_issued_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    def save(self, *args, **kwargs) -> None:
        # No address is NULL, never "": the unique index then allows any number of phone-only people.
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)

    def audit_label(self) -> str:
        # An id, not a name: the audit log is kept after an account is erased and must not hold personal data.
        return f"user #{self.pk}"

    @cached_property
    def is_moderator(self) -> bool:
        return self.is_active and self.groups.filter(name=MODERATORS_GROUP).exists()


class DataExport(models.Model):
    """A ZIP of everything the portal holds about one person, built by a task, downloadable for a while."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    file = models.FileField(storage=storages_private, upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"export #{self.pk} ({self.status})"
