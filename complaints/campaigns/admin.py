"""Admin for platforms (curated by staff) and read-mostly views of campaigns.

Campaign state changes go through the services (moderation queue, organizer pages), so campaigns and
memberships are read-only here; cases are private to their members and not shown at all.
"""

from __future__ import annotations

from django.contrib import admin

from complaints.campaigns import services
from complaints.campaigns.models import Campaign, CampaignUpdate, Membership, MemberTask, Platform


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "sector", "slug", "status"]
    list_filter = ["status", "sector"]
    # A platform named at intake is decided by a moderator (audited), not by editing its status here.
    readonly_fields = ["status", "proposed_by", "merged_into", "rejection_reason"]
    search_fields = ["name", "name_en", "slug", "search_names"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["regulators"]

    def save_model(self, request, obj, form, change):
        services.platform_save(actor=request.user, platform=obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "platform", "category", "status", "members_count", "created_at"]
    list_filter = ["status", "category"]
    search_fields = ["title", "slug"]
    list_select_related = ["platform"]
    exclude = ["search_text"]
    show_full_result_count = False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "pseudonym_number", "role", "status", "joined_at"]
    list_filter = ["role", "status"]
    raw_id_fields = ["campaign", "user"]
    list_select_related = ["campaign"]
    show_full_result_count = False


@admin.register(CampaignUpdate)
class CampaignUpdateAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "kind", "created_at"]
    list_select_related = ["campaign"]


@admin.register(MemberTask)
class MemberTaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "campaign", "audience", "completions_count", "created_at"]
    list_select_related = ["campaign"]
