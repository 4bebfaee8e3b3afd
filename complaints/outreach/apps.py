from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "complaints.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from complaints.outreach import audiences, services

        audiences.register()
        services.register()
