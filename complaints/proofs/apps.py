from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProofsConfig(AppConfig):
    name = "complaints.proofs"
    label = "proofs"
    verbose_name = _("Proofs of purchase")

    def ready(self) -> None:
        # The task registers itself in tasks.py; import it so every process knows it by name.
        from complaints.campaigns.panels import register_figure, register_panel
        from complaints.proofs import hooks, selectors, tasks  # noqa: F401

        hooks.connect()
        register_panel("campaign_figures", "proofs/_campaign_verified.html", order=10)
        register_panel("case", "proofs/_case_proofs.html")
        for name, expression in selectors.page_figures().items():
            register_figure(name, expression)
