"""Whose work email may speak for a platform: its domains and their subdomains, never a lookalike."""

from __future__ import annotations

import pytest

from complaints.replies.domains import email_on_platform_domain, normalize_domain

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "li.na@haoduo.com",
        "li.na@HAODUO.COM",
        "li.na@support.haoduo.com",
        "li.na@kefu.bj.haoduo.com",
        "li.na@www.haoduo.com",
        "li.na@haoduo-group.cn",
        "li.na@mail.haoduo-group.cn",
    ],
)
def test_an_address_on_the_platforms_domain_or_a_subdomain_is_accepted(platform, address):
    assert email_on_platform_domain(address, platform)


@pytest.mark.parametrize(
    "address",
    [
        "li.na@haoduo.com.evil.cn",  # the real name as a left-hand label
        "li.na@evilhaoduo.com",  # the real name as a suffix of another label
        "li.na@haoduo-com.cn",
        "li.na@haoduo.co",
        "li.na@h\u0430oduo.com",  # Cyrillic а
        "li.na@xn--hoduo-4ve.com",
        "li.na@group.cn",  # a parent of a listed domain
        "haoduo.com@gmail.com",
        "li.na@",
        "not an address",
        "li.na@haoduo.com@evil.cn",
    ],
)
def test_a_lookalike_domain_is_refused(platform, address):
    assert not email_on_platform_domain(address, platform)


def test_a_platform_without_website_or_domains_accepts_nobody():
    from tests.factories import PlatformFactory

    bare = PlatformFactory(website="")
    assert not email_on_platform_domain("someone@example.com", bare)


def test_names_are_compared_as_ascii_labels():
    assert normalize_domain("Www.HaoDuo.com.") == "haoduo.com"
    assert normalize_domain("好多.中国") == "xn--cssvi.xn--fiqs8s"
    assert normalize_domain("localhost") == ""
