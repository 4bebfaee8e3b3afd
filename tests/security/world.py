"""A small world for the authorization matrix: two campaigns, each with organizers, members, a case,
evidence, a filing, an answer, a task, notifications and an export — and the people who look at them.

Everything a URL points at belongs to someone who is *not* one of the roles that request it (the
"owner", a third member of campaign A), so an allowed answer is only ever a legitimate shared view.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pymupdf
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from complaints.accounts.models import DataExport, User
from complaints.campaigns import services as campaign_services
from complaints.evidence import services as evidence_services
from complaints.evidence.files import store
from complaints.evidence.models import EvidenceItem
from complaints.evidence.pipeline import Kind
from complaints.evidence.rendering import thumbnail
from complaints.filings import services as filing_services
from complaints.filings.models import Filing, FilingVersion
from complaints.notifications.models import Notification
from tests.factories import (
    CampaignFactory,
    ModeratorFactory,
    NotificationFactory,
    PlatformFactory,
    RegulatorFactory,
    UserFactory,
    join,
    organize,
)

ANON = "anonymous"
OUTSIDER = "unrelated user"
MEMBER_OTHER = "member of another campaign"
MEMBER = "member of the same campaign"
ORGANIZER_OTHER = "organizer of another campaign"
ORGANIZER = "organizer of the same campaign"
MODERATOR = "moderator"
SUSPENDED = "suspended user"
REPRESENTATIVE = "representative of the campaigns' platform"
ROLES = (
    ANON,
    OUTSIDER,
    MEMBER_OTHER,
    MEMBER,
    ORGANIZER_OTHER,
    ORGANIZER,
    MODERATOR,
    SUSPENDED,
    REPRESENTATIVE,
)


def png_bytes(width: int = 160, height: int = 100) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (240, 240, 240)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    doc = pymupdf.open()
    doc.new_page(width=300, height=200).insert_text((36, 60), "Top-up 35.00 yuan", fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data


def suspend(user: User, *, by: User) -> User:
    """Suspend an account the way a moderator does (it keeps its memberships and its session cookie)."""
    from complaints.moderation.services import account_suspend

    account_suspend(actor=by, user=user, reason="Posting other people's ID numbers.")
    user.refresh_from_db()
    assert user.suspended_at is not None
    return user


def _evidence(membership, *, kind: str, data: bytes, approve: bool, share: bool = True) -> EvidenceItem:
    """An item as processing leaves it (no OCR run), optionally approved and shared by its owner."""
    is_pdf = kind == "pdf"
    item = EvidenceItem.objects.create(
        owner=membership.user,
        membership=membership,
        campaign_id=membership.campaign_id,
        original_name=f"收据 张伟.{kind}",
        kind=kind,
        size=len(data),
        sha256_original=hashlib.sha256(data).hexdigest(),
        sha256_redacted=hashlib.sha256(data).hexdigest(),
        width=None if is_pdf else 160,
        height=None if is_pdf else 100,
        page_count=1 if is_pdf else None,
        status=EvidenceItem.Status.NEEDS_REVIEW,
        original=store(data, kind),
        normalized=store(data, kind),
        redacted=store(data, kind),
        thumbnail=store(thumbnail(data, Kind(kind)), "jpg"),
    )
    if approve:
        item = evidence_services.evidence_approve(
            actor=membership.user, item=item, share_with_group=share, include_in_filings=share
        )
    return item


@dataclass
class World:
    users: dict[str, User | None]
    campaign: Any
    other_campaign: Any
    owner: User
    owner_membership: Any
    task: Any
    item: EvidenceItem
    pdf_item: EvidenceItem
    private_item: EvidenceItem
    filing: Filing
    draft_filing: Filing
    version: FilingVersion
    submission: Any
    response: Any
    notification: Notification
    export: DataExport
    export_token: str
    authenticator: Any
    extra: dict = field(default_factory=dict)


def build_world() -> World:
    platform = PlatformFactory(
        slug="haoduo", name="好多商城", name_en="Haoduo Mall", website="https://haoduo.com"
    )
    campaign = CampaignFactory(platform=platform, slug="camp-a", title="好多商城充值未到账")
    other = CampaignFactory(platform=platform, slug="camp-b", title="好多商城余额清零")

    organizer = organize(
        campaign, UserFactory(display_name="Organizer A"), amount="300", include_in_filings=True
    )
    owner_membership = join(
        campaign, UserFactory(display_name="Lily Chen"), amount="2835.43", share_with_group=True,
        include_in_filings=True,
    )  # fmt: skip
    member = join(campaign, UserFactory(display_name="Member A"), amount="50", include_in_filings=True)
    suspended = join(campaign, UserFactory(display_name="Suspended A"), amount="80")
    organizer_other = organize(other, UserFactory(display_name="Organizer B"), amount="10")
    member_other = join(other, UserFactory(display_name="Member B"), amount="20")
    moderator = ModeratorFactory(display_name="Moderator")
    outsider = UserFactory(display_name="Outsider")

    task = campaign_services.task_create(
        actor=organizer.user, campaign=campaign, title="Upload your receipt", description="", audience="all"
    )
    update = campaign_services.campaign_post_update(
        actor=organizer.user, campaign=campaign, title="First filing sent", body="We sent it."
    )

    item = _evidence(owner_membership, kind="png", data=png_bytes(), approve=True)
    pdf_item = _evidence(owner_membership, kind="pdf", data=pdf_bytes(), approve=True)
    private_item = _evidence(owner_membership, kind="png", data=png_bytes(90, 60), approve=False)

    # A filing that went out by post and got an answer with an attachment; and a draft one.
    regulator = RegulatorFactory(channel="postal", postal_address="北京市西城区")
    moderator_for_filings = ModeratorFactory(display_name="Filing moderator")
    filing = filing_services.filing_create(
        actor=organizer.user, campaign=campaign, regulator=regulator, language="zh-hans"
    )
    _build_pending()
    filing.refresh_from_db()
    filing_services.filing_send_for_approval(actor=organizer.user, filing=filing)
    filing_services.filing_approve(actor=moderator_for_filings, filing=filing)
    filing.refresh_from_db()
    submission = filing_services.filing_submit(actor=organizer.user, filing=filing)
    filing_services.submission_send(submission_id=submission.pk)
    submission.refresh_from_db()
    response = filing_services.response_record(
        actor=organizer.user,
        submission=submission,
        text="We received your complaint.",
        attachment=SimpleUploadedFile("answer.png", png_bytes(), content_type="image/png"),
    )
    filing.refresh_from_db()
    version = filing.versions.get(number=1)
    draft_filing = filing_services.filing_create(
        actor=organizer.user, campaign=campaign, regulator=RegulatorFactory(), language="en"
    )
    _build_pending()
    draft_filing.refresh_from_db()

    notification = NotificationFactory(recipient=owner_membership.user, target_url="/dashboard/")

    from complaints.accounts import lifecycle

    export = DataExport.objects.create(
        user=owner_membership.user,
        status=DataExport.Status.READY,
        ready_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    export.file.save(f"owner-{export.pk}.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    export_token = lifecycle.export_download_token(export)

    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.create(
        user=owner_membership.user,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "Lily's key", "credential": {}},
    )

    # Someone reported the organizer's update: an open report in the moderators' queue.
    from complaints.moderation.models import ReportedContent
    from complaints.moderation.services import report_create

    report_create(
        actor=UserFactory(display_name="Reporter"), target=update, reason="Contains a phone number."
    )
    report = ReportedContent.objects.get(target_type="campaigns.campaignupdate", target_id=str(update.pk))

    representative, owners_request, reply, info_request = _replies(
        campaign, organizer.user, owner_membership.user
    )

    users: dict[str, User | None] = {
        ANON: None,
        OUTSIDER: outsider,
        MEMBER_OTHER: member_other.user,
        MEMBER: member.user,
        ORGANIZER_OTHER: organizer_other.user,
        ORGANIZER: organizer.user,
        MODERATOR: moderator,
        SUSPENDED: suspend(suspended.user, by=moderator),
        REPRESENTATIVE: representative.user,
    }
    return World(
        users=users,
        campaign=campaign,
        other_campaign=other,
        owner=owner_membership.user,
        owner_membership=owner_membership,
        task=task,
        item=item,
        pdf_item=pdf_item,
        private_item=private_item,
        filing=filing,
        draft_filing=draft_filing,
        version=version,
        submission=submission,
        response=response,
        notification=notification,
        export=export,
        export_token=export_token,
        authenticator=authenticator,
        extra={
            "update": update,
            "report": report,
            "representative": representative,
            "owners_request": owners_request,
            "reply": reply,
            "info_request": info_request,
        },
    )


def _replies(campaign, organizer: User, owner: User):
    """An approved representative of the platform with a public reply and a request for information; and the
    owner's own request to represent it, confirmed and waiting for a moderator."""
    from complaints.core.models import OutboundEmail
    from complaints.replies import services as replies

    def confirmed(user: User, address: str):
        rep = replies.representative_request(actor=user, platform=campaign.platform, work_email=address)
        code = re.search(r"\b(\d{6})\b", OutboundEmail.objects.filter(to=address).latest("pk").body_text)
        return replies.representative_confirm(actor=user, representative=rep, code=code.group(1))

    rep = confirmed(UserFactory(display_name="Platform Staff"), "staff@kefu.haoduo.com")
    rep = replies.representative_approve(
        actor=ModeratorFactory(display_name="Rep moderator"), representative=rep
    )
    owners_request = confirmed(owner, "lily@haoduo.com")
    reply = replies.reply_post(
        actor=rep.user, campaign=campaign, kind="offer", text="We refund every top-up."
    )
    info_request = replies.info_request_create(
        actor=rep.user, campaign=campaign, text="Which day was the top-up?"
    )
    return rep, owners_request, reply, info_request


def _build_pending() -> None:
    for pk in FilingVersion.objects.filter(status=FilingVersion.Status.GENERATING).values_list(
        "pk", flat=True
    ):
        filing_services.filing_version_build(version_id=pk)
