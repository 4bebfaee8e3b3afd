"""Offers in the admin, read-only. Ballots and the voter roll have no admin page at all: nobody browses them
side by side."""

from django.contrib import admin

from complaints.ballots.models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "campaign",
        "status",
        "opened_at",
        "closes_at",
        "electorate_count",
        "voted_count",
        "passed",
    ]
    list_filter = ["status"]
    list_select_related = ["campaign"]
    raw_id_fields = ["campaign", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
