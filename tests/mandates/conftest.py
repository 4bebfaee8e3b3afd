from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.mandates import services
from complaints.mandates.forms import resident_check_digit
from complaints.mandates.models import MandateIdentity
from tests.campaigns.conftest import campaign, client, member, organizer, platform  # noqa: F401
from tests.factories import PASSWORD

# A resident ID with a valid check digit (a made-up person) and a legal name nobody else uses.
ID_NUMBER = "110101199003072316"
LEGAL_NAME = "欧阳Zq测试"


def terms(**overrides) -> services.MandateTerms:
    today = timezone.localdate()
    values = {
        "matters_zh": "就充值未到账一事向平台及监管部门投诉。",
        "matters_en": "Complain to the platform and the regulators about top-ups never credited.",
        "may_settle": False,
        "may_drop": False,
        "term_ends_on": today + timedelta(days=365),
        "representatives": [1],
        "revocable_until": today + timedelta(days=30),
    }
    return services.MandateTerms(**(values | overrides))


@pytest.fixture
def text(campaign, organizer):  # noqa: F811 - the fixtures imported above
    return services.mandate_text_publish(actor=organizer, campaign=campaign, terms=terms())


def resident_id(n: int) -> str:
    """A resident ID number with a valid check digit, one per n (one person, one number)."""
    base = f"11010119900307{n % 1000:03d}"
    return base + resident_check_digit(base)


def sign(membership, text, *, legal_name: str = LEGAL_NAME, id_number: str | None = None):
    """Sign as the member, with their own ID number unless one is given (one number signs a campaign once)."""
    id_number = id_number or resident_id(membership.user_id)
    return services.mandate_sign(
        actor=membership.user,
        membership=membership,
        text=text,
        signed=services.Signature(
            legal_name=legal_name,
            id_kind=MandateIdentity.IdKind.RESIDENT,
            id_number=id_number,
            signature=legal_name,
        ),
    )


def reauthenticated(user) -> Client:
    """A browser that signed in with the password and confirmed it again (as signing asks)."""
    browser = Client(headers={"Accept-Language": "en"})
    browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    browser.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return browser
