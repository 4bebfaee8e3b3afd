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
        from complaints.moderation.queues import Queue, register_queue

        privacy.register()
        progress.register_progress()

        from complaints.evidence import campaign_hooks

        campaign_hooks.connect()

        from complaints.core.public_text import register_detector
        from complaints.evidence.pipeline.detect import detect

        # Texts others read (campaign pages, updates, tasks, reports) are checked by the same detectors.
        register_detector(detect)

        register_queue(
            Queue(
                key="evidence",
                title=_("Evidence"),
                description=_(
                    "Evidence the anonymizer was unsure about, or that members reported: keep it shared, "
                    "send it back to its owner, or remove it."
                ),
                url_name="evidence:moderation_queue",
                waiting=_waiting_evidence,
            )
        )


def _waiting_evidence() -> int:
    from complaints.evidence.selectors import evidence_needing_moderation

    return evidence_needing_moderation().count()
