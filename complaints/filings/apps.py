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
        _register_queue()

        from complaints.filings import campaign_hooks

        campaign_hooks.connect()


def _waiting_filings() -> int:
    from complaints.filings.selectors import filings_awaiting_approval

    return filings_awaiting_approval().count()


def _register_queue() -> None:
    from complaints.moderation.queues import Queue, register_queue

    register_queue(
        Queue(
            key="filings",
            title=_("Filings awaiting approval"),
            description=_(
                "Read each filing before it leaves: approve it, or return it to the organizers with a note."
            ),
            url_name="filings:queue",
            waiting=_waiting_filings,
        )
    )
