from django.contrib import admin

from complaints.replies.models import PlatformDomain


@admin.register(PlatformDomain)
class PlatformDomainAdmin(admin.ModelAdmin):
    """The domains a platform's representatives may have their work email on (the website's host counts too)."""

    list_display = ("domain", "platform")
    search_fields = ("domain", "platform__name")
    autocomplete_fields = ("platform",)
