from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "complaints.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The sweep registers itself on import; the web process runs sweeps too (manage.py, tests).
        from complaints.notifications import audiences, bounces, privacy, tasks  # noqa: F401

        privacy.register()
        bounces.register()
