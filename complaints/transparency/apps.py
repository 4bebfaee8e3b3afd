from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "complaints.transparency"
    label = "transparency"
    verbose_name = _("Public status and statistics")

    def ready(self) -> None:
        from complaints.campaigns.panels import register_panel

        register_panel("campaign_figures", "transparency/_status_link.html", order=90)
