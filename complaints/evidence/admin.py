from django.contrib import admin

from complaints.evidence.models import EvidenceItem


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    """Read-only, and without the file name or the files: changes go through the services (and the audit log)."""

    list_display = [
        "id",
        "campaign",
        "kind",
        "category",
        "status",
        "needs_moderation",
        "attempts",
        "created_at",
    ]
    list_filter = ["status", "kind", "category", "needs_moderation"]
    fields = [
        "id", "owner", "membership", "campaign", "kind", "category", "document_date", "size", "sha256_original",
        "sha256_redacted", "status", "stage", "finding_counts", "unsure_reasons", "ocr_confidence",
        "needs_moderation", "moderation_reasons", "moderation_decision", "moderated_by", "moderated_at",
        "reports_count", "share_with_group", "include_in_filings", "attempts", "processing_started_at",
        "error_code", "error_message", "created_at", "updated_at", "approved_at",
    ]  # fmt: skip
    readonly_fields = fields
    raw_id_fields = ["owner", "membership", "campaign"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # evidence_delete removes the files too
