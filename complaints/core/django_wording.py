"""Django's own strings that its Chinese catalogue leaves in English or half-width; ours wins (LOCALE_PATHS).

Nothing imports this module; it tells makemessages to carry these msgids into complaints/locale.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

DJANGO_WORDING = (
    # The empty choice of every select (Django 6 BLANK_CHOICE_LABEL): "请选择", not "- Select an option -".
    gettext_lazy("- Select an option -"),
    # The suffix after a form label: a full-width colon in Chinese.
    gettext_lazy(":"),
    # Labels ending in one of these get no suffix, so "什么时候发生的？" never becomes "什么时候发生的？：".
    gettext_lazy(":?.!"),
    # Form errors a person can meet, which Django's catalogue writes with 您, 帐号 or a half-width stop.
    gettext_lazy("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "max",
    ),
    gettext_lazy("Please correct the duplicate values below."),
    gettext_lazy("This account is inactive."),
)
