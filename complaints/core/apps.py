from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "complaints.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from portal.celery import ensure_broker_dirs

        ensure_broker_dirs()
