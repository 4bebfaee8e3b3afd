"""Who may open every URL of the portal: the table the authorization matrix checks the code against.

One entry per URL pattern (its name, or its route where it has none). `get`/`post` say which roles may
use that method, with the URL's parameters filled by `params` from the world in `tests/security/world.py`
(objects that belong to someone else: the owner, a third member of campaign A). A method not listed is
not requested, except GET, which every pattern answers: on POST-only pages nobody may GET (`NOBODY`).

To add a route: add a line here. `open_=True` is for third-party flows (allauth, the admin) whose answer
depends on state we do not set up; there the matrix only requires no server error and, for the roles
outside `get`, no 2xx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from complaints.filings.webhooks import inbound_urlpatterns
from complaints.notifications.bounces import tracking_urlpatterns
from tests.security.world import (
    ANON,
    MEMBER,
    MEMBER_OTHER,
    MODERATOR,
    ORGANIZER,
    ORGANIZER_OTHER,
    OUTSIDER,
    REPRESENTATIVE,
    ROLES,
    SUSPENDED,
)

Roles = frozenset[str]

EVERYONE: Roles = frozenset(ROLES)
NOBODY: Roles = frozenset()
# A suspended account is signed out and cannot sign in: it is treated as anonymous everywhere.
SIGNED_IN: Roles = EVERYONE - {ANON, SUSPENDED}
MEMBERS: Roles = frozenset({MEMBER, ORGANIZER})  # active members of campaign A
ORGANIZERS: Roles = frozenset({ORGANIZER})
MODERATORS: Roles = frozenset({MODERATOR})
GROUP_AND_MODERATORS: Roles = MEMBERS | MODERATORS
ORGANIZERS_AND_MODERATORS: Roles = ORGANIZERS | MODERATORS
REPRESENTATIVES: Roles = frozenset({REPRESENTATIVE})  # approved for campaign A's platform

BOGUS_TOKEN = "eyJ1IjoxfQ:1tGuess:forged-signature-AAAAAAAAAAAAAAAA"


@dataclass(frozen=True)
class Rule:
    get: Roles
    post: Roles | None = None
    params: Callable[[Any], dict] | None = None
    open_: bool = False
    note: str = ""


def slug(w) -> dict:
    return {"slug": w.campaign.slug}


def item(w) -> dict:
    return {"pk": w.item.pk}


def private_item(w) -> dict:
    return {"pk": w.private_item.pk}


def filing(w) -> dict:
    return {"pk": w.filing.pk}


def submission(w) -> dict:
    return {"pk": w.filing.pk, "submission_id": w.submission.pk}


def held_email(w) -> dict:
    """A reply to the submission's address from someone who is not the regulator, waiting for a moderator."""
    from complaints.filings.models import InboundEmail

    inbound, _created = InboundEmail.objects.get_or_create(
        message_key="0" * 64,
        defaults={"source": "smtp", "submission": w.submission, "sender": "x@evil.example", "text": "held"},
        status=InboundEmail.Status.HELD,
    )
    return {"pk": inbound.pk}


def owners_follow(w) -> dict:
    from complaints.outreach.models import Follow

    follow, _created = Follow.objects.get_or_create(user=w.owner, campaign=w.campaign)
    return {"pk": follow.pk}


def owners_invite(w) -> dict:
    from complaints.outreach.models import Invite

    invite, _created = Invite.objects.get_or_create(
        campaign=w.campaign, inviter=w.owner, defaults={"token": "owners-invite-token"}
    )
    return {"token": invite.token}


def owners_mandate(w) -> dict:
    """The owner's signed mandate (published by campaign A's organizer the first time it is asked for)."""
    from complaints.campaigns.models import Membership
    from complaints.mandates import selectors, services
    from complaints.mandates.models import MandateIdentity
    from tests.mandates.conftest import terms

    mandate = selectors.mandate_in_force(w.owner_membership)
    if mandate is None:
        organizer = Membership.objects.filter(campaign=w.campaign, role="organizer").first()
        text = selectors.current_text(w.campaign) or services.mandate_text_publish(
            actor=organizer.user,
            campaign=w.campaign,
            terms=terms(representatives=[organizer.pseudonym_number]),
        )
        mandate = services.mandate_sign(
            actor=w.owner,
            membership=w.owner_membership,
            text=text,
            signed=services.Signature(
                "Lily Chen", MandateIdentity.IdKind.RESIDENT, "110101199003072316", "Lily Chen"
            ),
        )
    return {"pk": mandate.pk}


def open_offer(w) -> dict:
    """An offer of campaign A open for voting (recorded and opened by its organizer)."""
    from decimal import Decimal

    from complaints.ballots import services as ballot_services
    from complaints.ballots.models import Offer

    offer = Offer.objects.filter(campaign=w.campaign, status=Offer.Status.OPEN).first()
    if offer is None:
        organizer = w.users[ORGANIZER]
        offer = ballot_services.offer_record(
            actor=organizer, campaign=w.campaign, terms="Refund 80% within 30 days.", formula="percent",
            formula_value=Decimal(80), working_days=5, quorum_percent=50, threshold_percent=50,
        )  # fmt: skip
        offer = ballot_services.offer_open(actor=organizer, offer=offer)
    return {"slug": w.campaign.slug, "pk": offer.pk}


def notification(w) -> dict:
    return {"pk": w.notification.pk}


def claimable(w) -> dict:
    return {"target_type": "evidence.evidenceitem", "target_id": w.item.pk}


def owners_request(w) -> dict:
    return {"pk": w.extra["owners_request"].pk}


def report(w) -> dict:
    return {"pk": w.extra["report"].pk}


def owner(w) -> dict:
    return {"pk": w.owner.pk}


def built_dump(w) -> dict:
    from complaints.rankings.services import opendata_dump_build

    opendata_dump_build()
    return {}


def token(w) -> dict:
    return {"token": BOGUS_TOKEN}


def duplicate(w) -> dict:
    from complaints.proofs.models import DuplicateClaim

    flag, _created = DuplicateClaim.objects.get_or_create(campaign=w.campaign, digest="ab" * 32)
    return {"pk": flag.pk}


POLICY: dict[str, Rule] = {
    # --- core
    "home": Rule(EVERYONE),
    "healthz": Rule(EVERYONE),
    "ping": Rule(EVERYONE),
    # --- campaigns
    "campaigns:list": Rule(EVERYONE),
    "campaigns:detail": Rule(EVERYONE, params=slug),
    "campaigns:join": Rule(
        SIGNED_IN, SIGNED_IN, slug, note="open campaign: anyone may join; members go back"
    ),
    "campaigns:case": Rule(MEMBERS, MEMBERS, slug, note="the viewer's own case"),
    "campaigns:consent": Rule(NOBODY, MEMBERS, slug),
    "campaigns:resolved": Rule(NOBODY, MEMBERS, slug),
    "campaigns:leave": Rule(MEMBERS, MEMBERS, slug),
    "campaigns:members": Rule(MEMBERS, params=slug),
    "campaigns:promote": Rule(
        NOBODY, ORGANIZERS, lambda w: {"slug": w.campaign.slug, "number": w.owner_membership.pseudonym_number}
    ),
    "campaigns:edit": Rule(ORGANIZERS, ORGANIZERS, slug),
    "campaigns:close": Rule(NOBODY, ORGANIZERS, slug, note="an empty form: asks for a reason"),
    "campaigns:resubmit": Rule(
        NOBODY, NOBODY, slug, note="campaign A is open; a rejected one: tests/campaigns/test_resubmit.py"
    ),
    "campaigns:updates": Rule(EVERYONE, params=slug),
    "campaigns:update_create": Rule(ORGANIZERS, ORGANIZERS, slug),
    "campaigns:tasks": Rule(MEMBERS, ORGANIZERS, slug),
    "campaigns:task": Rule(ORGANIZERS, params=lambda w: {"slug": w.campaign.slug, "task_id": w.task.pk}),
    "campaigns:task_done": Rule(NOBODY, MEMBERS, lambda w: {"slug": w.campaign.slug, "task_id": w.task.pk}),
    "campaigns:dashboard": Rule(SIGNED_IN),
    "campaigns:intake": Rule(EVERYONE, EVERYONE),
    "campaigns:start": Rule(SIGNED_IN, SIGNED_IN),
    "campaigns:platforms": Rule(EVERYONE),
    "campaigns:platform_autocomplete": Rule(EVERYONE),
    "campaigns:platform": Rule(EVERYONE, params=lambda w: {"slug": w.campaign.platform.slug}),
    # --- mandates: the text is public with its campaign; a signed mandate is its signer's alone (w.owner's)
    "mandates:text": Rule(EVERYONE, params=slug),
    "mandates:publish": Rule(ORGANIZERS, ORGANIZERS, slug),
    "mandates:sign": Rule(MEMBERS, MEMBERS, slug, note="asks to sign in again first"),
    "mandates:pdf": Rule(NOBODY, params=owners_mandate, note="someone else's mandate is not found"),
    "mandates:revoke": Rule(NOBODY, NOBODY, owners_mandate, note="someone else's mandate is not found"),
    # --- transparency: public status and statistics, for everyone (public aggregates and redacted answers)
    "transparency:status": Rule(EVERYONE, params=slug),
    "transparency:statistics": Rule(EVERYONE),
    # --- rankings and open data: public pages and a read-only API, the same for everyone
    "rankings:list": Rule(EVERYONE),
    "rankings:methodology": Rule(EVERYONE),
    "rankings:open_data": Rule(EVERYONE),
    "rankings:api_guide": Rule(EVERYONE),
    "rankings:open_data_download": Rule(EVERYONE, params=built_dump),
    "opendata:api-root": Rule(NOBODY, note="no page at the API's root: its lists and docs are below it"),
    "opendata:openapi-json": Rule(EVERYONE),
    "opendata:openapi-view": Rule(EVERYONE),
    "opendata:platform_list": Rule(EVERYONE),
    "opendata:campaign_list": Rule(EVERYONE),
    "opendata:filing_list": Rule(EVERYONE),
    "opendata:answer_list": Rule(EVERYONE),
    "opendata:snapshot_list": Rule(EVERYONE),
    "api_root": Rule(NOBODY, note="the API's root: a JSON 404, its lists and docs are below it"),
    "api_not_found": Rule(
        NOBODY, params=lambda w: {"rest": "v1/nothing-here"}, note="any other address under /api/: a JSON 404"
    ),
    # --- outreach: follow without joining; a follow is its follower's alone (w.owner's, no role's)
    "outreach:following": Rule(SIGNED_IN),
    "outreach:follow_campaign": Rule(NOBODY, SIGNED_IN, slug),
    "outreach:follow_platform": Rule(NOBODY, SIGNED_IN, lambda w: {"slug": w.campaign.platform.slug}),
    "outreach:unfollow": Rule(NOBODY, NOBODY, owners_follow, note="someone else's follow is not found"),
    "outreach:invite_create": Rule(NOBODY, MEMBERS, slug, note="a member's own link"),
    "outreach:invite_open": Rule(EVERYONE, params=owners_invite, note="anyone given the link"),
    "outreach:goal_set": Rule(NOBODY, ORGANIZERS, slug),
    "outreach:qr": Rule(EVERYONE, params=lambda w: {"slug": w.campaign.slug, "kind": "png"}),
    "outreach:poster": Rule(EVERYONE, params=slug),
    "outreach:campaign_card": Rule(EVERYONE, params=lambda w: {"slug": w.campaign.slug, "lang": "zh"}),
    "outreach:platform_card": Rule(
        EVERYONE, params=lambda w: {"slug": w.campaign.platform.slug, "lang": "en"}
    ),
    # --- ballots: offers are the members' (and moderators'); nobody sees who voted what
    "ballots:offers": Rule(GROUP_AND_MODERATORS, params=slug),
    "ballots:offer_create": Rule(ORGANIZERS, ORGANIZERS, slug),
    "ballots:offer": Rule(GROUP_AND_MODERATORS, params=open_offer),
    "ballots:offer_open": Rule(NOBODY, ORGANIZERS, open_offer, note="already open: the organizer is told"),
    "ballots:offer_vote": Rule(NOBODY, MEMBERS, open_offer, note="an empty ballot: asks for a choice"),
    "ballots:offer_accept": Rule(NOBODY, MEMBERS, open_offer),
    "ballots:offer_received": Rule(NOBODY, MEMBERS, open_offer),
    "ballots:receipts": Rule(
        EVERYONE, params=open_offer, note="campaign A is public: anyone may check a code"
    ),
    # --- filings (w.filing is submitted; members see it, only organizers see drafts and annexes)
    "filings:list": Rule(GROUP_AND_MODERATORS, params=slug),
    "filings:new": Rule(ORGANIZERS, ORGANIZERS, slug),
    "filings:queue": Rule(MODERATORS),
    "filings:inbound_held": Rule(MODERATORS),
    "filings:inbound_decide": Rule(MODERATORS, MODERATORS, held_email, note="a reply held for a moderator"),
    "filings:detail": Rule(GROUP_AND_MODERATORS, params=filing),
    "filings:progress": Rule(ORGANIZERS_AND_MODERATORS, params=filing),
    "filings:regenerate": Rule(NOBODY, ORGANIZERS, filing),
    "filings:send_for_approval": Rule(NOBODY, ORGANIZERS, filing),
    "filings:review": Rule(MODERATORS, MODERATORS, filing),
    "filings:submit": Rule(NOBODY, ORGANIZERS, filing),
    "filings:ask_for_evidence": Rule(NOBODY, ORGANIZERS, filing),
    "filings:ask_to_be_named": Rule(NOBODY, ORGANIZERS, filing),
    "filings:consent": Rule(MEMBERS, MEMBERS, lambda w: {"pk": w.draft_filing.pk}, note="a draft filing"),
    "filings:pdf": Rule(
        GROUP_AND_MODERATORS, params=lambda w: {"pk": w.filing.pk, "number": w.version.number}
    ),
    "filings:annex": Rule(
        ORGANIZERS_AND_MODERATORS,
        params=lambda w: {"pk": w.filing.pk, "number": w.version.number, "kind": "csv"},
    ),
    "filings:tracking": Rule(NOBODY, ORGANIZERS, submission),
    "filings:resend": Rule(NOBODY, ORGANIZERS, submission),
    "filings:outcome": Rule(MEMBERS, MEMBERS, slug),
    "filings:respond": Rule(NOBODY, NOBODY, token, note="a guessed token"),
    "filings:verify": Rule(NOBODY, NOBODY, token, note="a guessed token"),
    "filings:verify_key": Rule(NOBODY, params=token, note="a guessed token"),
    "filings:deadline": Rule(NOBODY, ORGANIZERS, submission),
    "filings:response_record": Rule(ORGANIZERS, ORGANIZERS, submission),
    "filings:response_attachment": Rule(
        GROUP_AND_MODERATORS, params=lambda w: {"pk": w.filing.pk, "response_id": w.response.pk}
    ),
    # --- moderation
    "moderation:index": Rule(MODERATORS),
    "moderation:campaigns": Rule(MODERATORS),
    "moderation:campaign": Rule(MODERATORS, params=slug),
    "moderation:campaign_approve": Rule(NOBODY, MODERATORS, slug),
    "moderation:campaign_reject": Rule(NOBODY, MODERATORS, slug),
    "moderation:campaign_merge": Rule(NOBODY, MODERATORS, slug),
    "moderation:platform_decide": Rule(NOBODY, MODERATORS, slug),
    "moderation:claim": Rule(NOBODY, MODERATORS, claimable),
    "moderation:release": Rule(NOBODY, MODERATORS, claimable),
    "moderation:users": Rule(MODERATORS),
    "moderation:user_suspend": Rule(NOBODY, MODERATORS, owner, note="an empty form: asks for a reason"),
    "moderation:user_restore": Rule(NOBODY, MODERATORS, owner),
    "moderation:audit": Rule(MODERATORS),
    "moderation:report_this": Rule(
        MEMBERS,
        MEMBERS,
        lambda w: {"target_type": "evidence.evidenceitem", "target_id": w.item.pk},
        note="only those who see the shared item may report it",
    ),
    "moderation:reports": Rule(MODERATORS),
    "moderation:report": Rule(MODERATORS, params=report),
    "moderation:report_dismiss": Rule(NOBODY, MODERATORS, report),
    "moderation:report_hide": Rule(NOBODY, MODERATORS, report),
    # --- replies: the platform's representatives (w.extra["owners_request"]: the owner's, awaiting a moderator)
    "replies:represent": Rule(SIGNED_IN, SIGNED_IN, lambda w: {"slug": w.campaign.platform.slug}),
    "replies:representations": Rule(SIGNED_IN, note="the viewer's own"),
    "replies:representation": Rule(NOBODY, params=owners_request, note="the owner's own request"),
    "replies:confirm": Rule(NOBODY, NOBODY, owners_request),
    "replies:resign": Rule(NOBODY, NOBODY, owners_request),
    "replies:moderation_queue": Rule(MODERATORS),
    "replies:moderation_review": Rule(MODERATORS, MODERATORS, owners_request),
    "replies:moderation_revoke": Rule(
        NOBODY,
        MODERATORS,
        lambda w: {"pk": w.extra["representative"].pk},
        note="an empty form: asks for a reason",
    ),
    "replies:thread": Rule(EVERYONE, params=slug),
    "replies:reply_create": Rule(
        ORGANIZERS | REPRESENTATIVES, ORGANIZERS | REPRESENTATIVES, slug, note="organizers: a follow-up only"
    ),
    "replies:ask": Rule(REPRESENTATIVES, REPRESENTATIVES, slug),
    "replies:requests": Rule(ORGANIZERS | REPRESENTATIVES, params=slug),
    "replies:request_task": Rule(ORGANIZERS, ORGANIZERS, lambda w: {"pk": w.extra["info_request"].pk}),
    "replies:mark": Rule(
        NOBODY, MEMBERS, lambda w: {"pk": w.extra["reply"].pk}, note="an empty form: no answer"
    ),
    # --- proofs
    "proofs:duplicates": Rule(MODERATORS),
    "proofs:duplicate": Rule(MODERATORS, MODERATORS, duplicate),
    # --- evidence (w.item: the owner's approved, shared picture; w.private_item: not approved)
    "evidence:index": Rule(MEMBERS, params=slug),
    "evidence:mine": Rule(MEMBERS, MEMBERS, slug, note="the viewer's own evidence"),
    "evidence:detail": Rule(GROUP_AND_MODERATORS, params=item),
    "evidence:status": Rule(NOBODY, params=item, note="the owner's processing status"),
    "evidence:review": Rule(NOBODY, params=private_item),
    "evidence:details": Rule(NOBODY, NOBODY, private_item),
    "evidence:box_add": Rule(NOBODY, NOBODY, private_item),
    "evidence:box_remove": Rule(NOBODY, NOBODY, lambda w: {"pk": w.private_item.pk, "box_id": "b1"}),
    "evidence:text_mark": Rule(NOBODY, NOBODY, private_item),
    "evidence:approve": Rule(NOBODY, NOBODY, private_item),
    "evidence:reject": Rule(NOBODY, NOBODY, private_item),
    "evidence:delete": Rule(NOBODY, NOBODY, item),
    "evidence:report": Rule(NOBODY, MEMBERS, item),
    "evidence:original": Rule(NOBODY, params=item, note="private tier: the owner alone"),
    "evidence:normalized": Rule(NOBODY, params=item),
    "evidence:redacted": Rule(GROUP_AND_MODERATORS, params=item),
    "evidence:thumbnail": Rule(GROUP_AND_MODERATORS, params=item),
    "evidence:page": Rule(
        GROUP_AND_MODERATORS, params=lambda w: {"pk": w.pdf_item.pk, "version": "redacted", "number": 1}
    ),
    "evidence:moderation_queue": Rule(MODERATORS),
    "evidence:moderate": Rule(MODERATORS, params=item),
    "evidence:moderate_decide": Rule(NOBODY, MODERATORS, item),
    "evidence:moderate_original": Rule(NOBODY, MODERATORS, item),
    "evidence:original_link": Rule(NOBODY, params=token),
    # --- notifications (w.notification is the owner's)
    "notifications:list": Rule(SIGNED_IN),
    "notifications:mark_read": Rule(NOBODY, NOBODY, notification),
    "notifications:open": Rule(NOBODY, NOBODY, notification),
    "notifications:mark_all_read": Rule(NOBODY, SIGNED_IN),
    "notifications:preferences": Rule(SIGNED_IN, SIGNED_IN),
    "notifications:email_resume": Rule(NOBODY, SIGNED_IN, note="the viewer's own emails"),
    "notifications:unsubscribe": Rule(NOBODY, NOBODY, token),
    # --- accounts (w.export is the owner's, with the owner's valid token)
    "accounts:profile": Rule(SIGNED_IN, SIGNED_IN),
    "accounts:delete": Rule(SIGNED_IN, SIGNED_IN, note="asks to sign in again first"),
    "accounts:deleted": Rule(EVERYONE),
    "accounts:restore": Rule(NOBODY, NOBODY, token),
    "accounts:restore_request": Rule(EVERYONE, EVERYONE, note="same answer for any address"),
    "accounts:undo_change": Rule(NOBODY, NOBODY, token, note="the signed link from a change notice"),
    "accounts:consent": Rule(SIGNED_IN, note="the viewer's own consents"),
    "accounts:consent_withdraw": Rule(NOBODY, MEMBERS, slug, note="the viewer's own membership"),
    "accounts:export": Rule(SIGNED_IN, SIGNED_IN, note="asks to sign in again first"),
    "accounts:export_download": Rule(NOBODY, params=lambda w: {"pk": w.export.pk, "token": w.export_token}),
    # --- allauth: public flows, and the signed-in person's own security pages
    "account_login": Rule(EVERYONE, open_=True),
    "account_logout": Rule(EVERYONE, open_=True),
    "account_inactive": Rule(EVERYONE, open_=True),
    "account_signup": Rule(EVERYONE, open_=True),
    "account_reauthenticate": Rule(SIGNED_IN, open_=True),
    # Re-authentication by a mailed code is switched off (settings.ACCOUNT_REAUTHENTICATION_METHODS).
    "account_request_reauthentication_code": Rule(NOBODY, NOBODY, note="off: the password is asked"),
    "account_confirm_reauthentication_code": Rule(NOBODY, NOBODY, note="off: the password is asked"),
    "account_email": Rule(SIGNED_IN, open_=True),
    "account_email_verification_sent": Rule(EVERYONE, open_=True),
    "account_change_password": Rule(SIGNED_IN, open_=True),
    # Phone sign-in (issue #24): the verify stage belongs to a sign-up or login in progress; changing the
    # number is ours (accounts:phone_change, asks for the password again), allauth's own route is shadowed.
    "account_verify_phone": Rule(NOBODY, open_=True, note="only within a sign-up or login in progress"),
    "account_change_phone": Rule(SIGNED_IN, open_=True, note="shadowed by accounts:phone_change"),
    "accounts:phone_change": Rule(SIGNED_IN, open_=True, note="after a fresh password or second factor"),
    "account_set_password": Rule(SIGNED_IN, open_=True),
    "account_reset_password": Rule(EVERYONE, open_=True),
    "account_confirm_login_code": Rule(EVERYONE, open_=True),
    "account_request_login_code": Rule(EVERYONE, open_=True),
    "account_reset_password_from_key_done": Rule(EVERYONE, open_=True),
    "account_reset_password_from_key": Rule(
        EVERYONE, params=lambda w: {"uidb36": "1", "key": "set-password-guess"}, open_=True
    ),
    "account_reset_password_done": Rule(EVERYONE, open_=True),
    "mfa_index": Rule(SIGNED_IN, open_=True),
    "mfa_authenticate": Rule(EVERYONE, open_=True),
    "mfa_reauthenticate": Rule(SIGNED_IN, open_=True),
    "mfa_activate_totp": Rule(SIGNED_IN, open_=True),
    "mfa_deactivate_totp": Rule(SIGNED_IN, open_=True),
    "mfa_view_recovery_codes": Rule(SIGNED_IN, open_=True),
    "mfa_generate_recovery_codes": Rule(SIGNED_IN, open_=True),
    "mfa_download_recovery_codes": Rule(SIGNED_IN, open_=True),
    "mfa_list_webauthn": Rule(SIGNED_IN, open_=True),
    "mfa_add_webauthn": Rule(SIGNED_IN, open_=True),
    "mfa_reauthenticate_webauthn": Rule(SIGNED_IN, open_=True),
    "mfa_remove_webauthn": Rule(NOBODY, params=lambda w: {"pk": w.authenticator.pk}, note="the owner's key"),
    "mfa_edit_webauthn": Rule(NOBODY, params=lambda w: {"pk": w.authenticator.pk}, note="the owner's key"),
    "mfa_login_webauthn": Rule(EVERYONE, open_=True),
    "socialaccount_login_cancelled": Rule(EVERYONE, open_=True),
    "socialaccount_login_error": Rule(EVERYONE, open_=True),
    "socialaccount_signup": Rule(EVERYONE, open_=True),
    "socialaccount_connections": Rule(SIGNED_IN, open_=True),
    "accounts/social/login/cancelled/": Rule(EVERYONE, open_=True),
    "accounts/social/login/error/": Rule(EVERYONE, open_=True),
    "accounts/social/signup/": Rule(EVERYONE, open_=True),
    "accounts/social/connections/": Rule(EVERYONE, open_=True),
    "github_login": Rule(EVERYONE, open_=True),
    "github_callback": Rule(EVERYONE, open_=True),
    "weixin_login": Rule(EVERYONE, open_=True),
    "weixin_callback": Rule(EVERYONE, open_=True),
    "usersessions_list": Rule(SIGNED_IN, open_=True),
    # --- Django
    "set_language": Rule(EVERYONE, EVERYONE, open_=True),
    "javascript-catalog": Rule(EVERYONE),
}

# The admin is for staff accounts only, none of the roles above: every admin page, present or future.
ADMIN = Rule(NOBODY, note="staff only")
ADMIN_PARAMS = {
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "app_label": "campaigns",
    "url": "no-such-page/",
}
# The mail provider's bounce, complaint and inbound-mail webhooks: only its basic-auth secret gets in, no role does.
for _pattern in tracking_urlpatterns + inbound_urlpatterns:
    POLICY[f"anymail:{_pattern.name}"] = Rule(NOBODY, NOBODY, note="the provider's webhook, basic auth")
POLICY["admin:logout"] = Rule(NOBODY, open_=True, note="sends everyone back to the admin's front door")
PREFIX_POLICY: dict[str, Rule] = {"admin:": ADMIN, "admin/": ADMIN}


def rule_for(key: str) -> Rule | None:
    if key in POLICY:
        return POLICY[key]
    for prefix, rule in PREFIX_POLICY.items():
        if key.startswith(prefix):
            return rule
    return None


__all__ = [
    "ANON",
    "MEMBER",
    "MEMBER_OTHER",
    "MODERATOR",
    "ORGANIZER",
    "ORGANIZER_OTHER",
    "OUTSIDER",
    "POLICY",
    "SUSPENDED",
    "Rule",
    "rule_for",
]
