from django.contrib import admin

from complaints.rankings.models import OpenDataDump, PlatformSnapshot


@admin.register(PlatformSnapshot)
class PlatformSnapshotAdmin(admin.ModelAdmin):
    list_display = ("platform", "month", "members_joined", "members_total", "filings_sent", "computed_at")
    list_filter = ("month",)
    search_fields = ("platform__name", "platform__slug")
    list_select_related = ("platform",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OpenDataDump)
class OpenDataDumpAdmin(admin.ModelAdmin):
    list_display = ("file_name", "size", "built_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
