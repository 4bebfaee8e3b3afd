"""Writes of the proofs app: claims from a member's case, receipt matches, duplicates, verification."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from celery import signature
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.accounts.permissions import require_moderator
from complaints.campaigns.models import Campaign, Case, Membership
from complaints.core.review import moderators_notify, moderators_settle
from complaints.core.services import audit_record
from complaints.evidence.pipeline import RejectedFile
from complaints.evidence.processing import StepTimeout, item_text
from complaints.proofs.models import CampaignKey, Claim, DuplicateClaim, VerificationUpload
from complaints.proofs.normalize import MIN_LENGTH, keyed_hash, normalize, references_in
from complaints.proofs.selectors import receipts_of

logger = logging.getLogger(__name__)

HEX_DIGEST = re.compile(r"^[0-9a-f]{64}$")
HEX_IN_LINE = re.compile(rb"(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])")
MAX_HASHES = 500_000
# Each upload answers "which members match"; a party could isolate one record per upload, so a link
# gets a few uploads (enough to correct a mistake), not an oracle.
MAX_UPLOADS_PER_SUBMISSION = 5


# Queued by name: tasks.py calls these services, so the services do not import it back.
RECHECK_TASK = "complaints.proofs.receipts_recheck_task"
# The newest processed files of a member read again when they type a new number (OCR costs seconds each).
RECHECK_ITEMS = 10


class ProofsError(Exception):
    """A request the rules do not allow; the message is shown to the person who asked."""


def hashes_in_file(upload) -> Iterator[str]:
    """The hashes in an uploaded file: 64 hex digits anywhere on a line (a plain list, or CSV columns)."""
    for line in upload:
        for found in HEX_IN_LINE.findall(line):
            yield found.decode("ascii")


def key_hand_out(*, campaign: Campaign, submission_id: int) -> str:
    """The campaign's key with the instructions, as a text file for a party that received a filing."""
    key = campaign_key(campaign)
    audit_record(
        actor=None, action="proofs.key_handed_out", target=campaign, data={"submission": submission_id}
    )
    return render_to_string(
        "proofs/key.txt",
        {"campaign": campaign, "secret": key.secret, "min_length": MIN_LENGTH, "example": _EXAMPLE},
    )


_EXAMPLE = "ＴＢ-2024 0612 8831"


def campaign_key(campaign: Campaign | int) -> CampaignKey:
    """The campaign's key, made on first use (a random 256-bit secret)."""
    campaign_id = campaign if isinstance(campaign, int) else campaign.pk
    key = CampaignKey.objects.filter(campaign_id=campaign_id).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return CampaignKey.objects.create(campaign_id=campaign_id)
    except IntegrityError:  # another request made it first
        return CampaignKey.objects.get(campaign_id=campaign_id)


def digests_of(key: CampaignKey, text: str) -> dict[str, str]:
    """{keyed hash: normalized number} of the numbers in a case's references (held in memory only)."""
    return {keyed_hash(key.secret, value): value for value in references_in(text)}


def claims_recompute(*, actor, membership: Membership, case: Case | None = None) -> int:
    """Hash the order numbers of a member's case again; numbers they removed go, new ones are checked for
    another member claiming them. Returns how many numbers the member claims now."""
    case = case if case is not None else Case.objects.filter(membership=membership).first()
    with transaction.atomic():
        typed = case.references if case is not None and membership.is_active else ""
        wanted = (
            set(digests_of(campaign_key(membership.campaign_id), typed)) if references_in(typed) else set()
        )
        mine = Claim.objects.filter(membership=membership)
        have = set(mine.values_list("digest", flat=True))
        removed, added = have - wanted, wanted - have
        if removed:
            mine.filter(digest__in=removed).delete()
        Claim.objects.bulk_create(
            [Claim(campaign_id=membership.campaign_id, membership=membership, digest=d) for d in added]
        )
        if added and receipts_of(membership).exists():
            transaction.on_commit(partial(_enqueue_recheck, membership.pk))
        if added or removed:
            _duplicates_refresh(actor, membership.campaign_id, added | removed)
            _verified_refresh(membership.campaign_id)
            audit_record(
                actor=actor,
                action="proofs.claims",
                target=membership,
                data={"added": len(added), "removed": len(removed)},
            )
    return len(wanted)


def _duplicates_refresh(actor, campaign_id: int, digests: set[str]) -> None:
    """Flag numbers two active members now claim; close flags nobody claims twice any more."""
    counts = dict(
        Claim.objects.filter(
            campaign_id=campaign_id, digest__in=digests, membership__status=Membership.Status.ACTIVE
        )
        .values_list("digest")
        .annotate(n=Count("membership", distinct=True))
        .values_list("digest", "n")
    )
    for digest in digests:
        twice = counts.get(digest, 0) >= 2
        flag = DuplicateClaim.objects.filter(campaign_id=campaign_id, digest=digest).first()
        if twice and (flag is None or flag.status == DuplicateClaim.Status.GONE):
            _flag(actor, campaign_id, digest, flag)
        elif not twice and flag is not None and flag.status == DuplicateClaim.Status.OPEN:
            DuplicateClaim.objects.filter(pk=flag.pk).update(status=DuplicateClaim.Status.GONE)
            moderators_settle(target=flag)


def _flag(actor, campaign_id: int, digest: str, flag: DuplicateClaim | None) -> None:
    if flag is None:
        flag = DuplicateClaim.objects.create(campaign_id=campaign_id, digest=digest)
    else:
        flag.status = DuplicateClaim.Status.OPEN
        flag.flagged_at = timezone.now()
        flag.save(update_fields=["status", "flagged_at"])
    audit_record(actor=None, action="proofs.duplicate_flagged", target=flag)
    moderators_notify(
        actor=None,
        queue="proofs",
        target=flag,
        dedupe_key=f"duplicate:{flag.pk}:{flag.flagged_at.isoformat()}",
    )


def _verified_refresh(campaign_id: int) -> int:
    """Recount the active members with a verified purchase (the public figure)."""
    count = (
        Claim.objects.filter(
            campaign_id=campaign_id, verified_at__isnull=False, membership__status=Membership.Status.ACTIVE
        )
        .values("membership")
        .distinct()
        .count()
    )
    CampaignKey.objects.filter(campaign_id=campaign_id).update(verified_members=count)
    return count


def receipt_check(*, item_id: int, membership_id: int, text: str) -> int:
    """A receipt of the member was read: mark each claimed number its text contains. Returns how many."""
    membership = Membership.objects.select_related("case").filter(pk=membership_id).first()
    if membership is None or not text:
        return 0
    case = getattr(membership, "case", None)
    key = campaign_key(membership.campaign_id)
    haystack = normalize(text)
    found = [d for d, value in digests_of(key, case.references if case else "").items() if value in haystack]
    if not found:
        return 0
    with transaction.atomic():
        marked = Claim.objects.filter(
            membership=membership, digest__in=found, receipt_item__isnull=True
        ).update(receipt_item_id=item_id, receipt_matched_at=timezone.now())
        if marked:
            audit_record(
                actor=None,
                action="proofs.receipt_matches",
                target=membership,
                data={"item": item_id, "numbers": marked},
            )
    return marked


def _enqueue_recheck(membership_id: int) -> None:
    signature(RECHECK_TASK, args=(membership_id,)).delay()


def receipts_recheck(*, membership_id: int) -> int:
    """A member typed a number after uploading receipts: read their newest files again. Returns how many
    numbers are newly marked "receipt matches"; safe to run twice (a marked number stays marked)."""
    membership = Membership.objects.filter(pk=membership_id, status=Membership.Status.ACTIVE).first()
    if membership is None:
        return 0
    marked = 0
    for item in receipts_of(membership).order_by("-created_at")[:RECHECK_ITEMS]:
        if not Claim.objects.filter(membership=membership, receipt_item__isnull=True).exists():
            break
        try:
            text = item_text(item)
        except (RejectedFile, StepTimeout, OSError):
            logger.warning("evidence item %s: could not be read again for proofs", item.pk)
            continue
        marked += receipt_check(item_id=item.pk, membership_id=membership.pk, text=text)
    return marked


def claims_forget(*, actor, membership: Membership) -> int:
    """The member left (or their account is erased): their hashes go, and the figures follow."""
    with transaction.atomic():
        digests = set(Claim.objects.filter(membership=membership).values_list("digest", flat=True))
        if not digests:
            return 0
        Claim.objects.filter(membership=membership).delete()
        _duplicates_refresh(actor, membership.campaign_id, digests)
        _verified_refresh(membership.campaign_id)
        audit_record(
            actor=actor, action="proofs.claims_forgotten", target=membership, data={"removed": len(digests)}
        )
    return len(digests)


def proofs_erase_person(*, user) -> int:
    """Erasure of an account: every hash of the person's order numbers goes, in every campaign."""
    removed = 0
    for membership in Membership.objects.filter(user=user):
        removed += claims_forget(actor=None, membership=membership)
    return removed


def claims_merge_follow(*, source: Campaign, target: Campaign) -> int:
    """After a merge the moved members' numbers are hashed under the target campaign's key; the source's
    claims go (its memberships left), so a number claimed in both campaigns now shows as claimed twice."""
    for membership in Membership.objects.filter(
        campaign=source, pk__in=Claim.objects.values("membership_id")
    ):
        claims_forget(actor=None, membership=membership)
    followed = Membership.objects.filter(campaign=target).filter(
        Q(merged_from=source) | Q(user_id__in=Membership.objects.filter(campaign=source).values("user_id"))
    )
    count = 0
    for membership in followed.select_related("case"):
        Claim.objects.filter(membership=membership).exclude(campaign=target).delete()
        claims_recompute(actor=None, membership=membership, case=getattr(membership, "case", None))
        count += 1
    return count


@dataclass(frozen=True)
class VerifyResult:
    """What a receiving party learns from one upload: member numbers, never order numbers."""

    hashes: int
    matched: list[int]  # member numbers (成员 #N) whose purchase this upload verified
    verified_total: int  # active members verified by any upload so far


def clean_hashes(values: Iterable[str]) -> set[str]:
    """The well-formed hashes among the values (64 hex digits, any case); refuses an oversized list."""
    found: set[str] = set()
    for value in values:
        value = value.strip().lower()
        if HEX_DIGEST.match(value):
            found.add(value)
            if len(found) > MAX_HASHES:
                raise ProofsError(_("The file holds more than %(count)s hashes.") % {"count": MAX_HASHES})
    return found


def proofs_verify_upload(
    *, campaign: Campaign, submission_id: int, hashes: Iterable[str], actor=None
) -> VerifyResult:
    """A receiving party's hashes of its own records: each member with a matching claim is verified."""
    wanted = clean_hashes(hashes)
    if not wanted:
        # Likely the order numbers themselves: say so, and do not count it against the link's uploads.
        raise ProofsError(
            _(
                "The file holds no hashes (64 hexadecimal digits on a line). If it lists order numbers, hash "
                "them first as the instructions say; this upload was not counted."
            )
        )
    with transaction.atomic():
        key = campaign_key(campaign)
        CampaignKey.objects.select_for_update().filter(pk=key.pk).first()
        if (
            VerificationUpload.objects.filter(submission_id=submission_id).count()
            >= MAX_UPLOADS_PER_SUBMISSION
        ):
            raise ProofsError(
                _("This link has been used for %(count)s uploads, the most it allows.")
                % {"count": MAX_UPLOADS_PER_SUBMISSION}
            )
        active = Claim.objects.filter(campaign=campaign, membership__status=Membership.Status.ACTIVE)
        # The campaign's claims are few next to a platform's records: intersect in memory, then ask the
        # database about the matches only (no IN list of half a million parameters).
        matched = wanted & set(active.values_list("digest", flat=True))
        claims = active.filter(digest__in=matched) if matched else Claim.objects.none()
        numbers = sorted(set(claims.values_list("membership__pseudonym_number", flat=True)))
        claims.filter(verified_at__isnull=True).update(
            verified_at=timezone.now(), verified_submission_id=submission_id
        )
        total = _verified_refresh(campaign.pk)
        upload = VerificationUpload.objects.create(
            campaign=campaign,
            submission_id=submission_id,
            hashes_count=len(wanted),
            members_matched=len(numbers),
        )
        audit_record(
            actor=actor,
            action="proofs.verify_upload",
            target=campaign,
            data={
                "submission": submission_id,
                "upload": upload.pk,
                "hashes": len(wanted),
                "matched": len(numbers),
            },
        )
    return VerifyResult(hashes=len(wanted), matched=numbers, verified_total=total)


def duplicate_review(*, actor, duplicate: DuplicateClaim, note: str) -> DuplicateClaim:
    """A moderator looked at a number claimed twice and says what they found (kept in the audit log)."""
    require_moderator(actor)
    if not note.strip():
        raise ProofsError(_("Say what you found."))
    with transaction.atomic():
        locked = DuplicateClaim.objects.select_for_update().get(pk=duplicate.pk)
        if locked.status != DuplicateClaim.Status.OPEN:
            raise ProofsError(_("This was already decided."))
        locked.status = DuplicateClaim.Status.REVIEWED
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.note = note.strip()
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "note"])
        audit_record(actor=actor, action="proofs.duplicate_reviewed", target=locked, reason=locked.note)
        moderators_settle(target=locked)
    return locked
