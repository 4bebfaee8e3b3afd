from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "complaints.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from complaints.moderation import audiences, reports

        audiences.register()
        reports.register_defaults()
