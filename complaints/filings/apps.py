from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "complaints.filings"
    label = "filings"
    verbose_name = _("Filings")

    def ready(self) -> None:
        from complaints.campaigns.panels import register_panel
        from complaints.filings import (  # noqa: F401 - tasks registers sweeps
            account_hooks,
            audiences,
            campaign_hooks,
            privacy,
            progress,
            tasks,
            webhooks,
        )

        audiences.register()
        privacy.register()
        register_panel("campaign_activity", "filings/_campaign_filings.html", order=10)
        progress.register_progress()
        campaign_hooks.connect()
        account_hooks.register()
        webhooks.register()
