from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProofsConfig(AppConfig):
    name = "complaints.proofs"
    label = "proofs"
    verbose_name = _("Proofs of purchase")

    def ready(self) -> None:
        from complaints.proofs import hooks

        hooks.connect()
