from django.contrib import admin

from complaints.filings.models import (
    Filing,
    FilingVersion,
    InboundEmail,
    Regulator,
    Submission,
    SubmissionAttempt,
)


@admin.register(Regulator)
class RegulatorAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "jurisdiction", "kind", "channel", "response_days", "ladder_rank"]
    list_filter = ["jurisdiction", "kind", "channel"]
    search_fields = ["name_zh", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class FilingVersionInline(admin.TabularInline):
    model = FilingVersion
    extra = 0
    can_delete = False
    fields = ["number", "status", "progress", "pdf_sha256", "frozen_at", "created_at"]
    readonly_fields = fields


@admin.register(Filing)
class FilingAdmin(admin.ModelAdmin):
    """Read-only: approval and submission go through the services (and the audit log), not the admin."""

    list_display = ["id", "campaign", "regulator", "language", "status", "updated_at"]
    list_filter = ["status", "language"]
    search_fields = ["campaign__title"]
    inlines = [FilingVersionInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


class SubmissionAttemptInline(admin.TabularInline):
    model = SubmissionAttempt
    extra = 0
    can_delete = False
    fields = ["number", "status", "started_at", "finished_at", "detail"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "version", "channel", "status", "attempts", "sent_at", "due_at"]
    list_filter = ["status", "channel"]
    inlines = [SubmissionAttemptInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """Read-only: a held reply is decided in the moderators' queue (audited), not here."""

    list_display = ["id", "submission", "source", "sender", "status", "attachments_refused", "received_at"]
    list_filter = ["status", "source"]
    exclude = ["text", "attachment", "message_key"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
