"""No text others read can be saved with another person's phone, ID number, bank card, email or address.

The walk starts from the URLconf: every form a view of ours can build is found, and each of its free-text
fields is either checked (`PublicTextFormMixin.public_text_fields`) or listed below with the reason nobody
else reads it. A new text field that is neither fails here.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver

from complaints.core.public_text import PublicTextFormMixin, public_text_findings

# (form module.class, field): why no one but the author, the moderators or the platform's own staff reads it.
NOT_PUBLIC = {
    ("complaints.accounts.forms.SignupForm", "username"): "allauth drops it: no usernames here",
    (
        "complaints.accounts.forms.LoginForm",
        "password",
    ): "the person's own password, checked and never stored",
    ("complaints.accounts.forms.ProfileForm", "display_name"): "the person's own name, shown to moderators",
    ("complaints.campaigns.forms.IntakePlatformForm", "platform_query"): "a search, never stored as text",
    ("complaints.campaigns.forms.IntakeStoryForm", "description"): "the private story, only its author",
    ("complaints.campaigns.forms.JoinForm", "references"): "private order numbers, only the member",
    ("complaints.campaigns.forms.JoinForm", "account"): "the private account, only the member",
    ("complaints.campaigns.forms.CaseForm", "references"): "private order numbers, only the member",
    ("complaints.campaigns.forms.CaseForm", "account"): "the private account, only the member",
    ("complaints.campaigns.forms.CampaignFilterForm", "q"): "a search, never stored",
    ("complaints.ballots.forms.ReceiptCheckForm", "code"): "a receipt code to check, never stored",
    ("complaints.campaigns.forms.CampaignFilterForm", "platform"): "a search, never stored",
    ("complaints.campaigns.forms.IntakeNewPlatformForm", "name"): "a platform's name, checked by a moderator",
    ("complaints.campaigns.forms.IntakeNewPlatformForm", "where"): "an app name or web address",
    ("complaints.campaigns.forms.IntakeNewPlatformForm", "company"): "a company's name",
    ("complaints.evidence.forms.TextMarkForm", "text"): "marks text to black out in the member's own file",
    ("complaints.evidence.forms.ReportForm", "reason"): "read by moderators only (may quote what leaked)",
    ("complaints.evidence.forms.ModerationForm", "reason"): "moderator to the evidence owner",
    ("complaints.evidence.forms.OpenOriginalForm", "reason"): "audit log only",
    ("complaints.filings.forms.ReviewForm", "comment"): "moderator to the organizers",
    ("complaints.filings.forms.TrackingForm", "tracking_number"): "a postal tracking number",
    ("complaints.filings.forms.CaseNumberForm", "tracking_number"): "the regulator's case number (受理号)",
    ("complaints.filings.forms.ResponseForm", "text"): "the regulator's or platform's own answer",
    ("complaints.filings.forms.DeadlineForm", "reason"): "audit log and organizers",
    ("complaints.filings.forms.InboundDecisionForm", "reason"): "audit log",
    ("complaints.mandates.forms.SignForm", "legal_name"): "sealed; only the member reads it back",
    ("complaints.mandates.forms.SignForm", "id_number"): "sealed; only the member reads it back",
    ("complaints.mandates.forms.SignForm", "signature"): "sealed; only the member reads it back",
    ("complaints.moderation.forms.ApproveForm", "reason"): "audit log",
    ("complaints.moderation.forms.RejectForm", "reason"): "moderator to the organizer",
    ("complaints.moderation.forms.MergeForm", "target"): "a campaign address",
    ("complaints.moderation.forms.MergeForm", "reason"): "audit log",
    ("complaints.moderation.forms.AuditFilterForm", "action"): "a filter",
    ("complaints.moderation.forms.AuditFilterForm", "target_type"): "a filter",
    ("complaints.moderation.forms.AuditFilterForm", "target_id"): "a filter",
    ("complaints.moderation.forms.ReasonForm", "reason"): "audit log",
    ("complaints.moderation.forms.UserLookupForm", "q"): "a search",
    ("complaints.moderation.forms.ReportForm", "reason"): "read by moderators only (may quote what leaked)",
    ("complaints.moderation.forms.PlatformDecisionForm", "reason"): "moderator to the person who named it",
    ("complaints.moderation.forms.PlatformDecisionForm", "alias_of"): "a platform's name",
    ("complaints.replies.forms.DecisionForm", "reason"): "moderator to the person who asked to represent",
    ("complaints.replies.forms.RevokeForm", "reason"): "moderator to the representative",
    ("complaints.proofs.forms.DuplicateReviewForm", "note"): "audit log and moderators",
}
NOT_TEXT = (forms.SlugField, forms.EmailField, forms.URLField, forms.RegexField)

# Another person's identifiers: none of them may be kept.
OTHERS = {
    "phone": "有事找张经理，电话 13812345678",
    "id_number": "他的身份证号 110101199003072316",
    "bank_card": "退款请打到卡号 6222020200112233445",
    "email": "write to li.lei@example.com for details",
    "address": "地址：北京市朝阳区建国路88号3单元501",
}


def _views() -> Iterator:
    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                yield inspect.unwrap(p.callback)

    yield from walk(get_resolver().url_patterns)


def reachable_forms() -> set[type[forms.BaseForm]]:
    """Form classes our views' modules (and the forms modules of their apps) can build."""
    found: set[type[forms.BaseForm]] = set()
    for view in _views():
        module = sys.modules.get(getattr(view, "__module__", ""))
        if module is None or not module.__name__.startswith("complaints."):
            continue
        app = module.__name__.rsplit(".", 1)[0]
        for source in (module, sys.modules.get(f"{app}.forms")):
            for value in vars(source or object).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__.startswith("complaints.")
                ):
                    found.add(value)
    return found


def text_fields(form_class) -> Iterator[str]:
    for name, field in form_class.base_fields.items():
        if (
            isinstance(field, forms.CharField)
            and not isinstance(field, NOT_TEXT)
            and name != "keep_personal_data"
        ):
            yield name


def _key(form_class) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


def test_every_text_field_of_every_reachable_form_is_checked_or_known_private():
    reached = reachable_forms()
    assert len(reached) > 20, "the walk from the URLconf found the forms"
    unclassified = []
    for form_class in reached:
        public = (
            getattr(form_class, "public_text_fields", ())
            if issubclass(form_class, PublicTextFormMixin)
            else ()
        )
        for name in text_fields(form_class):
            if name not in public and (_key(form_class), name) not in NOT_PUBLIC:
                unclassified.append(f"{_key(form_class)}.{name}")
    assert not unclassified, (
        "Text fields that others may read must be checked for personal data (PublicTextFormMixin), or be "
        f"listed in NOT_PUBLIC with the reason nobody else reads them: {sorted(unclassified)}"
    )


def public_fields() -> list[tuple[type, str]]:
    return sorted(
        (
            (form_class, name)
            for form_class in reachable_forms()
            if issubclass(form_class, PublicTextFormMixin)
            for name in form_class.public_text_fields
        ),
        key=lambda pair: (_key(pair[0]), pair[1]),
    )


def test_the_known_public_texts_are_among_the_checked_ones():
    checked = {(_key(c), n) for c, n in public_fields()}
    for expected in [
        ("complaints.campaigns.forms.CampaignStartForm", "summary"),
        ("complaints.campaigns.forms.CampaignEditForm", "summary"),
        ("complaints.campaigns.forms.CampaignEditForm", "demands"),
        ("complaints.campaigns.forms.UpdateForm", "body"),
        ("complaints.campaigns.forms.TaskForm", "description"),
        ("complaints.campaigns.forms.CampaignCloseForm", "reason"),
        ("complaints.filings.forms.FilingRegenerateForm", "narrative"),
    ]:
        assert expected in checked


@pytest.mark.parametrize("kind", sorted(OTHERS))
def test_no_public_field_accepts_another_persons_identifier_even_when_told_to_keep(kind):
    text = OTHERS[kind]
    assert any(f.blocked for f in public_text_findings(text)), "the detectors find it"
    for form_class, name in public_fields():
        data = {name: text, "keep_personal_data": "on"}
        form = form_class(data=data, prefix=getattr(form_class, "prefix", None))
        assert not form.is_valid()
        assert form.has_error(name), f"{_key(form_class)}.{name} accepted a {kind}"
        assert name in form.public_findings


def test_a_clean_text_raises_no_finding():
    assert public_text_findings("充值648元后一直没有到账，客服只说是网络问题，已经等了两周。") == []
    assert public_text_findings("The wallet froze our balances in March and support never answered.") == []
