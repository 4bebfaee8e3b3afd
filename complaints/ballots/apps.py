from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    name = "complaints.ballots"
    label = "ballots"
    verbose_name = _("Offers and votes")

    def ready(self) -> None:
        from complaints.ballots import audiences, privacy, progress, tasks
        from complaints.campaigns.panels import register_panel

        audiences.register()
        privacy.register()
        tasks.register()
        progress.register_progress()
        register_panel("campaign_activity", "ballots/_campaign_offers.html", order=30)
        register_panel("mandate_sign", "ballots/_mandate_sign.html")
