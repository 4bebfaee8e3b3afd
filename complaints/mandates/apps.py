from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "complaints.mandates"
    label = "mandates"
    verbose_name = _("Mandates")

    def ready(self) -> None:
        from complaints.campaigns.panels import register_figure, register_panel
        from complaints.mandates import account_hooks, progress, selectors

        account_hooks.register()
        progress.register_progress()
        register_panel("campaign_reach", "mandates/_campaign.html", order=60)
        register_panel("case", "mandates/_case.html", order=40)
        for name, expression in selectors.page_figures().items():
            register_figure(name, expression)
