from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "complaints.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from complaints.campaigns import audiences, privacy

        privacy.register()
        audiences.register()

        from complaints.campaigns import account_hooks

        account_hooks.register()
