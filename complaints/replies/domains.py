"""The one rule for whose email may speak for a platform: an address on one of the platform's domains.

A subdomain counts (support.haoduo.com for haoduo.com); a lookalike does not (haoduo.com.cn.example,
evil-haoduo.com, haoduo-com.cn, or a name with a Cyrillic "а"): names are compared label by label after
IDNA encoding, so two names that look the same but are spelled differently never match.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from complaints.campaigns.models import Platform
from complaints.replies.models import PlatformDomain


def normalize_domain(value: str) -> str:
    """`value` as ASCII labels, lower case, without a trailing dot or a leading "www." ("" if it is not a name)."""
    name = (value or "").strip().rstrip(".").lower()
    if not name or any(c in name for c in "@/: "):
        return ""
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        return ""
    if name.startswith("www."):
        name = name[4:]
    labels = name.split(".")
    if len(labels) < 2 or not all(labels):
        return ""
    return name


def platform_domains(platform: Platform) -> list[str]:
    """The platform's listed domains, and its website's host."""
    names = list(PlatformDomain.objects.filter(platform=platform).values_list("domain", flat=True))
    if platform.website:
        names.append(urlsplit(platform.website).hostname or "")
    return sorted({n for n in map(normalize_domain, names) if n})


def email_domain(address: str) -> str:
    _local, at, domain = (address or "").strip().rpartition("@")
    return normalize_domain(domain) if at and _local else ""


def domain_belongs(domain: str, allowed: str) -> bool:
    """True for the domain itself and its subdomains, label by label."""
    return bool(domain and allowed) and (domain == allowed or domain.endswith("." + allowed))


def email_on_platform_domain(address: str, platform: Platform) -> bool:
    domain = email_domain(address)
    return any(domain_belongs(domain, allowed) for allowed in platform_domains(platform))
