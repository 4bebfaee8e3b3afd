from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "complaints.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from portal.celery import ensure_broker_dirs

        ensure_broker_dirs()
        # Django spools large uploads here and does not create the directory.
        Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)

        from complaints.core import tasks  # noqa: F401 - registers the email tasks services queue by name
        from complaints.core.mail import mail_files_erase
        from complaints.core.models import OutboundEmail
        from complaints.core.privacy import register_privacy

        # Mail not yet sent to an erased person still names them; sent mail keeps only the address.
        register_privacy(
            "outgoing_email",
            erase=lambda user: (
                OutboundEmail.objects.filter(to__iexact=user.email).delete() if user.email else None
            ),
        )
        # The embedded outbox's .eml files name the person (address, name, codes): deleted at erasure.
        register_privacy("outbox_files", erase=mail_files_erase)
