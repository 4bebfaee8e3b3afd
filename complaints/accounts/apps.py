from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "complaints.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from complaints.accounts import phone
        from complaints.core.demo import register_demo

        register_demo("complaints.accounts.demo")
        phone.register()
