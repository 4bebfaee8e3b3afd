from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "complaints.rankings"
    label = "rankings"
    verbose_name = _("Rankings and open data")

    def ready(self) -> None:
        from complaints.core.demo import register_demo

        register_demo("complaints.rankings.demo")
