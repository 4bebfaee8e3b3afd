from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepliesConfig(AppConfig):
    name = "complaints.replies"
    label = "replies"
    verbose_name = _("Platform replies")

    def ready(self) -> None:
        from complaints.replies import privacy, receivers

        privacy.register()
        receivers.register()
