from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "complaints.filings"
    label = "filings"
    verbose_name = _("Filings")

    def ready(self) -> None:
        from complaints.filings import audiences, privacy, progress, tasks  # noqa: F401 - registers sweeps

        audiences.register()
        privacy.register()
        progress.register_progress()

        from complaints.filings import account_hooks

        account_hooks.register()
