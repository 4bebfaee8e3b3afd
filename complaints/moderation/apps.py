from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "complaints.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from complaints.core import review
        from complaints.moderation import audiences, reports
        from complaints.moderation.port import ModerationPort

        audiences.register()
        reports.register_defaults()
        review.register(ModerationPort())
