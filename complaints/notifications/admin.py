from django.contrib import admin

from complaints.notifications.models import Broadcast, Digest, Notification, NotificationPreference


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows change through the services (fan-out, mark read, preferences), never by hand in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "kind",
        "audience",
        "status",
        "cursor",
        "notified",
        "emailed",
        "finished_at",
    ]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["dedupe_key", "target_type", "target_id"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "target_type", "target_id", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "broadcast"]
    show_full_result_count = False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "mode", "updated_at"]
    list_filter = ["kind", "mode"]
    list_select_related = ["user"]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["day", "user", "notifications", "created_at"]
    list_select_related = ["user"]
    date_hierarchy = "day"
