from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "complaints.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from complaints.campaigns.panels import register_figure, register_panel
        from complaints.outreach import audiences, selectors, services

        audiences.register()
        services.register()
        for slot, template in (
            ("campaign_head", "outreach/_campaign_meta.html"),
            ("campaign_reach", "outreach/_campaign.html"),
            ("platform_head", "outreach/_platform_meta.html"),
            ("platform_reach", "outreach/_platform.html"),
            ("intake_no_match", "outreach/_intake.html"),
        ):
            register_panel(slot, template)
        for name, expression in selectors.page_figures().items():
            register_figure(name, expression)
