from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "complaints.evidence"
    label = "evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        # The sweep registers itself in tasks.py; import it here so every process (web, worker, beat,
        # tests) knows it, not only those where Celery has autodiscovered the tasks.
        from complaints.evidence import privacy, progress, retention, tasks  # noqa: F401

        privacy.register()
        progress.register_progress()

        from complaints.evidence import campaign_hooks

        campaign_hooks.connect()

        from complaints.core.public_text import register_detector
        from complaints.evidence.pipeline.detect import detect

        # Texts others read (campaign pages, updates, tasks, reports) are checked by the same detectors.
        register_detector(detect)

        from complaints.evidence import account_hooks

        account_hooks.register()
