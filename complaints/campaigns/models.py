from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints.campaigns import hooks
from complaints.core.text import search_normalize

# Anything the public sees about fewer people than this is shown as "fewer than 5" (design: privacy tiers).
SMALL_COUNT = 5
MAIN_CURRENCY = "CNY"


PAGE_LANGUAGES = [("zh", "中文"), ("en", "English")]


def page_language(code: str) -> str:
    """ "zh" or "en" for a Django language code ("zh-hans", "en", ...)."""
    return "en" if (code or "").lower().startswith("en") else "zh"


@dataclass(frozen=True, slots=True)
class CampaignText:
    """What a viewer reads of a campaign page: `language` it is in; `original_in` when untranslated and foreign."""

    title: str
    summary: str
    demands: str
    language: str
    original_in: str

    @property
    def html_lang(self) -> str:
        return "en" if self.language == "en" else "zh-Hans"


def readable_by(language: str) -> models.Q:
    """Campaigns a reader of `language` ("zh" or "en") can read: written in it, or translated."""
    return models.Q(language=language) | ~models.Q(title_translation="")


def readable_first(language: str) -> models.OrderBy:
    """An order_by key: campaigns a reader of `language` can read (written or translated) first."""
    return models.F(f"readable_{page_language(language)}").desc()


class Sector(models.TextChoices):
    ECOMMERCE = "ecommerce", _("E-commerce")
    PAYMENT = "payment", _("Digital wallet / payment")
    DATING = "dating", _("Dating / live-streaming")
    GAMING = "gaming", _("Games")
    TRAVEL = "travel", _("Travel / ride-hailing")
    TELECOM = "telecom", _("Telecom / internet service")
    OTHER = "other", _("Other")


class PlatformQuerySet(models.QuerySet):
    def listed(self) -> PlatformQuerySet:
        """Platforms in the public directory."""
        return self.filter(status=Platform.Status.ACTIVE)

    def for_intake(self) -> PlatformQuerySet:
        """What a person can pick at intake: the directory and the names others brought, still in review."""
        return self.filter(status__in=(Platform.Status.ACTIVE, Platform.Status.PENDING))


class Platform(models.Model):
    """A company or app people complain about."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In the directory")
        PENDING = "pending", _("Awaiting review")
        REJECTED = "rejected", _("Not accepted")
        MERGED = "merged", _("Another name of a platform")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    aliases = models.JSONField(
        _("aliases"),
        default=list,
        blank=True,
        help_text=_("Other names: app names, company names, in any language."),
    )
    legal_entity = models.CharField(_("legal entity"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.OTHER)
    website = models.URLField(_("website"), blank=True)
    regulators = models.ManyToManyField(
        "filings.Regulator", verbose_name=_("responsible regulators"), blank=True, related_name="platforms"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A platform a person named at intake waits for a moderator together with their campaign.
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("other name of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # Names and aliases as one normalized string: JSON text stores Chinese as \u escapes on SQLite,
    # so matching an alias needs a plain column.
    search_names = models.TextField(editable=False, blank=True, default="")

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_names = self.compute_search_names()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_names"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:platform", args=[self.slug])

    def compute_search_names(self) -> str:
        aliases = [str(a) for a in (self.aliases or []) if str(a).strip()]
        return search_normalize(" | ".join([self.name, self.name_en, self.legal_entity, *aliases]))

    def display_name(self, language: str) -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Campaign(models.Model):
    """One shared complaint against a platform; its figures are kept by the services, never counted per request."""

    class Category(models.TextChoices):
        NOT_CREDITED = "not_credited", _("Top-up or payment charged but not credited")
        BALANCE_LOST = "balance_lost", _("Balance lost when an account was closed or deleted")
        ACCOUNT_FROZEN = "account_frozen", _("Account frozen or restricted")
        UNAUTHORIZED = "unauthorized", _("Unauthorized transaction")
        REFUND_REFUSED = "refund_refused", _("Refund refused or delayed")
        HIDDEN_FEES = "hidden_fees", _("Hidden or unfair fees")
        MISLEADING_PROMOTION = "misleading_promotion", _("Misleading promotion")
        SUPPORT_UNRESOLVED = "support_unresolved", _("Customer service that does not resolve")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        OPEN = "open", _("Ongoing")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged")
        CLOSED = "closed", _("Closed")

    PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED)
    MANAGEABLE_STATUSES = (Status.PENDING, Status.OPEN)

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=160)
    # Indexed by campaign_platform_category, which starts with it.
    platform = models.ForeignKey(
        Platform,
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="campaigns",
        db_index=False,
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    summary = models.TextField(_("summary"), blank=True)
    demands = models.TextField(_("demands"), blank=True)
    # The language title, summary and demands are written in, and the organizer's translation into the other.
    language = models.CharField(_("language of the page"), max_length=2, choices=PAGE_LANGUAGES, default="zh")
    title_translation = models.CharField(_("translated title"), max_length=160, blank=True)
    summary_translation = models.TextField(_("translated summary"), blank=True)
    demands_translation = models.TextField(_("translated demands"), blank=True)
    # Stored, so the lists' indexes can start with them: a deep page walks an index, not a sort of every campaign.
    readable_zh = models.GeneratedField(
        expression=readable_by("zh"), output_field=models.BooleanField(), db_persist=True
    )
    readable_en = models.GeneratedField(
        expression=readable_by("en"), output_field=models.BooleanField(), db_persist=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True)
    # Evidence retention (complaints/evidence/retention.py) counts from here; owners are told once, beforehand.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    retention_notice_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Denormalized figures, kept by complaints.campaigns.services.figures (_apply_figures, campaign_recount).
    members_count = models.PositiveIntegerField(_("members"), default=0)
    # Next pseudonym number is pseudonym_counter + 1; only grows, so a number is never handed out twice.
    pseudonym_counter = models.PositiveIntegerField(default=0, editable=False)
    # Moves with every change to a member row (in the same UPDATE as the figures): the member list's cached
    # fragment is keyed by it, so a change shows on the next look.
    roster_version = models.PositiveBigIntegerField(default=0, editable=False)
    total_claimed = models.DecimalField(
        _("total claimed (CNY)"), max_digits=16, decimal_places=2, default=Decimal("0.00")
    )
    claimed_other_currencies = models.JSONField(default=dict, blank=True, editable=False)
    amount_histogram = models.JSONField(default=dict, blank=True, editable=False)
    joins_by_month = models.JSONField(default=dict, blank=True, editable=False)
    first_incident_on = models.DateField(_("first incident"), null=True, blank=True)
    last_incident_on = models.DateField(_("last incident"), null=True, blank=True)
    confirmed_resolved_count = models.PositiveIntegerField(_("members made whole"), default=0)
    # Title, summary, demands and the platform's names, normalized: what campaign_search matches.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-members_count", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        # Every join and every change to a case rewrites the campaign row's figures, and PostgreSQL then adds
        # an entry to each of the row's indexes: only those the lists need, none that another one covers.
        indexes = [
            models.Index(fields=["status", "-members_count"], name="campaign_status_members"),
            # The public list's default order for each page language (selectors.campaign_list).
            models.Index(fields=["status", "-readable_zh", "-members_count", "-id"], name="campaign_list_zh"),
            models.Index(fields=["status", "-readable_en", "-members_count", "-id"], name="campaign_list_en"),
            models.Index(fields=["status", "-created_at"], name="campaign_status_created"),
            models.Index(fields=["status", "-last_activity_at"], name="campaign_status_activity"),
            models.Index(fields=["platform", "category", "status"], name="campaign_platform_category"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_resubmitted(self) -> bool:
        """Waiting for review again after a rejection (`campaign_resubmit` keeps the earlier reason)."""
        return self.status == self.Status.PENDING and bool(self.rejection_reason)

    def text_for(self, language: str) -> CampaignText:
        """Title, summary and demands as a viewer reading `language` sees them: theirs first, else the original."""
        wanted = page_language(language)
        if wanted != self.language and self.title_translation:
            return CampaignText(
                self.title_translation, self.summary_translation, self.demands_translation, wanted, ""
            )
        original_elsewhere = self.language if self.language != wanted else ""
        return CampaignText(self.title, self.summary, self.demands, self.language, original_elsewhere)


class Membership(models.Model):
    """A person's place in a campaign, seen by the other members only as a pseudonym ("Member #17")."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ORGANIZER = "organizer", _("Organizer")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active member")
        LEFT = "left", _("Left the campaign")

    # Both indexed by the composite indexes and constraints below, which start with them (each join writes a
    # membership row: one index entry fewer for each index that is not there twice).
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", db_index=False
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    pseudonym_number = models.PositiveIntegerField(_("member number"))
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    share_with_group = models.BooleanField(
        _("share my case with the group"),
        default=False,
        help_text=_("Other members see your member number and amount, never your name or references."),
    )
    include_in_filings = models.BooleanField(
        _("include my case in group filings"),
        default=False,
        help_text=_("Your amount, date and approved evidence go into filings sent to regulators."),
    )
    consent_updated_at = models.DateTimeField(null=True, blank=True)
    # Set when the member took back their consent to be in filings (the organizers see it in the member list).
    consent_withdrawn_at = models.DateTimeField(_("withdrew consent"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("confirmed made whole"), null=True, blank=True)
    # Kept by the evidence app (issue 4): approved evidence items of this member, for case completeness.
    evidence_count = models.PositiveIntegerField(default=0, editable=False)
    merged_from = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["pseudonym_number"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="membership_one_per_user"),
            models.UniqueConstraint(
                fields=["campaign", "pseudonym_number"], name="membership_unique_pseudonym"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "status", "pseudonym_number"], name="membership_list"),
            models.Index(fields=["user", "status"], name="membership_user"),
            # "N joined today" on the campaign page counts these entries, not every member of a big campaign.
            models.Index(
                fields=["campaign", "joined_at"],
                name="membership_active_joined",
                condition=models.Q(status="active"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} · {self.campaign_id}"

    @property
    def pseudonym(self) -> str:
        return gettext("Member #%(number)s") % {"number": self.pseudonym_number}

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_organizer(self) -> bool:
        return self.is_active and self.role == self.Role.ORGANIZER


class Case(models.Model):
    """A member's own facts. References and the account of events are private to the member."""

    class Currency(models.TextChoices):
        CNY = "CNY", _("CNY (yuan)")
        HKD = "HKD", _("HKD")
        TWD = "TWD", _("TWD")
        USD = "USD", _("USD")
        EUR = "EUR", _("EUR")
        GBP = "GBP", _("GBP")

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="case")
    amount = models.DecimalField(_("amount lost"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    incident_date = models.DateField(_("date it happened"), null=True, blank=True)
    references = models.TextField(
        _("order or transaction numbers"),
        blank=True,
        help_text=_("Private: only you see these. They help prove your case in a filing you consent to."),
    )
    account = models.TextField(
        _("what happened to you"), blank=True, help_text=_("Private: only you see your own account.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"case of membership {self.membership_id}"

    @property
    def has_amount(self) -> bool:
        return self.amount is not None


class CampaignUpdate(models.Model):
    """A post by an organizer (or the system, on a merge) on the campaign's timeline."""

    class Kind(models.TextChoices):
        POST = "post", _("Organizer's update")
        MERGE = "merge", _("Campaign merged in")

    # Indexed by `update_timeline`, which starts with it.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="updates", db_index=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POST)
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # A campaign's timeline, newest first: without it a big campaign's five newest were found by walking
        # every campaign's updates by date.
        indexes = [models.Index(fields=["campaign", "-created_at", "-id"], name="update_timeline")]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return self.title


class MemberTask(models.Model):
    """Something the organizers ask members to do ("upload your payment receipt")."""

    class Audience(models.TextChoices):
        ALL = "all", _("All members")
        MISSING_AMOUNT = "missing_amount", _("Members who have not entered an amount")
        MISSING_DATE = "missing_date", _("Members who have not entered a date")
        MISSING_EVIDENCE = "missing_evidence", _("Members without evidence")
        MISSING_CONSENT = "missing_consent", _("Members who have not agreed to be in filings")
        EVIDENCE_NOT_IN_FILINGS = (
            "no_filing_evidence",
            _("Members whose uploaded evidence is not released for filings"),
        )
        NOT_NAMED = "not_named", _("Members in filings who have not agreed to be named to a regulator")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=160)
    description = models.TextField(_("details"), blank=True)
    audience = models.CharField(_("for"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completions_count = models.PositiveIntegerField(_("done by"), default=0)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # Set once the "due soon" reminder went out (complaints.campaigns.services.tasks_remind_due).
    due_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("member task")
        verbose_name_plural = _("member tasks")

    def __str__(self) -> str:
        return self.title

    def applies_to(self, membership: Membership, case: Case | None) -> bool:
        audience = self.Audience
        match self.audience:
            case audience.MISSING_AMOUNT:
                return case is None or case.amount is None
            case audience.MISSING_DATE:
                return case is None or case.incident_date is None
            case audience.MISSING_EVIDENCE:
                return membership.evidence_count == 0
            case audience.MISSING_CONSENT:
                return not membership.include_in_filings
            case audience.EVIDENCE_NOT_IN_FILINGS | audience.NOT_NAMED:
                # Evidence and filings decide these (they sit above this app): see campaigns/hooks.py.
                return hooks.task_applies(self, membership)
        return True


class TaskCompletion(models.Model):
    task = models.ForeignKey(MemberTask, on_delete=models.CASCADE, related_name="completions")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="task_completions")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["task", "membership"], name="task_completion_once")]

    def __str__(self) -> str:
        return f"task {self.task_id} done by membership {self.membership_id}"
