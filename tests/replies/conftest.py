from __future__ import annotations

import re

import pytest

from complaints.core.models import OutboundEmail
from complaints.replies.domains import platform_domains
from complaints.replies.models import PlatformDomain, Representative
from complaints.replies.services import (
    representative_approve,
    representative_confirm,
    representative_request,
)
from tests.factories import CampaignFactory, ModeratorFactory, PlatformFactory, UserFactory, join, organize
from tests.smtp import LocalSMTPServer


def code_from(email: OutboundEmail) -> str:
    return re.search(r"\b(\d{6})\b", email.body_text).group(1)


def approved_representative(platform, user=None, *, email: str = "") -> Representative:
    """A representative through the real path: request, mailed code, a moderator's approval."""
    user = user or UserFactory()
    domain = platform_domains(platform)[0]
    rep = representative_request(actor=user, platform=platform, work_email=email or f"rep{user.pk}@{domain}")
    mail = OutboundEmail.objects.filter(to=rep.work_email).latest("pk")
    representative_confirm(actor=user, representative=rep, code=code_from(mail))
    return representative_approve(actor=ModeratorFactory(), representative=rep)


@pytest.fixture
def platform():
    platform = PlatformFactory(
        slug="haoduo", name="好多商城", name_en="Haoduo Mall", website="https://www.haoduo.com/"
    )
    PlatformDomain.objects.create(platform=platform, domain="haoduo-group.cn")
    return platform


@pytest.fixture
def campaign(platform):
    campaign = CampaignFactory(platform=platform, slug="haoduo-topups", title="好多商城充值未到账")
    organize(campaign, UserFactory(display_name="Organizer Wang"), amount="300")
    return campaign


@pytest.fixture
def members(campaign):
    return [join(campaign, UserFactory(display_name=f"Member Zhao {i}"), amount="100") for i in range(6)]


@pytest.fixture
def smtp(settings):
    with LocalSMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield server
