from django.contrib import admin

from complaints.filings.models import Regulator


@admin.register(Regulator)
class RegulatorAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "jurisdiction", "kind", "channel", "response_days", "ladder_rank"]
    list_filter = ["jurisdiction", "kind", "channel"]
    search_fields = ["name_zh", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
