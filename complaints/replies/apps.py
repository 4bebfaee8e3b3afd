from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepliesConfig(AppConfig):
    name = "complaints.replies"
    label = "replies"
    verbose_name = _("Platform replies")

    def ready(self) -> None:
        from complaints.ballots.sources import register_offer_source
        from complaints.campaigns.panels import register_figure, register_panel
        from complaints.replies import account_hooks, privacy, receivers, selectors

        account_hooks.register()
        privacy.register()
        receivers.register()
        register_panel("campaign_activity", "replies/_campaign_replies.html", order=20)
        register_panel("platform_aside", "replies/_platform.html")
        register_offer_source("reply", selectors.offer_from_reply)
        for name, expression in selectors.page_figures().items():
            register_figure(name, expression)
