from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.campaigns.models import Campaign, Case, MemberTask, Platform
from complaints.campaigns.search import (
    looks_like_platform_name,
    names_platform,
    platform_lookup,
    platform_search,
)
from complaints.campaigns.selectors import SIZE_FILTERS, SORTS
from complaints.campaigns.services import CaseFacts, PlatformProposal
from complaints.core.public_text import PublicTextFormMixin, public_text_findings

MAX_AMOUNT = Decimal("100000000")
SENTENCE_NOT_NAME = _(
    "This looks like a sentence, not a name. Type only the name of the app, shop or website "
    "(for example 好多商城); you tell us what happened in the next steps."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def amount_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Amount lost"),
        required=False,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        **kwargs,
    )


def incident_date_field() -> forms.DateField:
    return forms.DateField(label=_("When did it happen?"), required=False, widget=DateInput())


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


class CaseFieldsMixin:
    def clean_incident_date(self):
        return _not_in_future(self.cleaned_data.get("incident_date"))

    def case_facts(self) -> CaseFacts:
        data = self.cleaned_data
        return CaseFacts(
            amount=data.get("amount"),
            currency=data.get("currency") or Case.Currency.CNY,
            incident_date=data.get("incident_date"),
            references=data.get("references", "").strip(),
            account=data.get("account", "").strip(),
        )


class ConsentFieldsMixin(forms.Form):
    share_with_group = forms.BooleanField(
        label=_("Share my case with the other members"),
        required=False,
        help_text=_("They see your member number and amount, never your name or references."),
    )
    include_in_filings = forms.BooleanField(
        label=_("Include my case in the group filings"),
        required=False,
        help_text=_(
            "Your amount, date and approved evidence go to the regulator. Your identity is disclosed only if "
            "you agree to it for a particular filing. You can withdraw this at any time."
        ),
    )


# --- Intake ("What happened?") ------------------------------------------------------------------------------


class IntakePlatformForm(forms.Form):
    platform_query = forms.CharField(
        label=_("Which platform or app?"),
        required=False,
        max_length=120,
        help_text=_("A name in Chinese or English, an app name or a company name."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
    platform = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices: list[Platform] = []
        self.unknown = False

    def clean(self):
        data = super().clean()
        slug, query = data.get("platform"), (data.get("platform_query") or "").strip()
        if slug:
            platform = Platform.objects.for_intake().filter(slug=slug).first()
            if platform is not None:
                data["platform_obj"] = platform
                return data
        if not query:
            raise forms.ValidationError(_("Type the name of the platform or app."))
        found = platform_lookup(query)
        if len(found) == 1 and names_platform(query, found[0]):
            data["platform_obj"] = found[0]
        elif found and all(names_platform(query, p) for p in found):
            self.choices = found
            raise forms.ValidationError(_("Several platforms match. Which one do you mean?"))
        elif found:
            # Only alike ("悦点交友" and "一点交友"): the person says whether it is theirs or a new one.
            self.choices, self.unknown = found, True
            raise forms.ValidationError(
                _("Did you mean one of these? If not, tell us about your platform below.")
            )
        elif not looks_like_platform_name(query):
            self.unknown = True
            raise forms.ValidationError(SENTENCE_NOT_NAME)
        else:
            self.unknown = True
            raise forms.ValidationError(
                _(
                    "This platform is not in our directory yet. Check the spelling, or tell us about it below: "
                    "a moderator adds it when they review your campaign."
                )
            )
        return data

    def intake_data(self) -> dict:
        return {"platform": self.cleaned_data["platform_obj"].slug, "new_platform": None}


def clean_platform_name(value: str) -> str:
    """A new platform's name as people will see it: a name, not contact details or a sentence."""
    name = " ".join(value.split())
    if len(name) < 2:
        raise forms.ValidationError(_("Type at least two characters of the name."))
    # Others searching for their platform see this name: no one's phone number or address in it.
    if any(f.blocked for f in public_text_findings(name)):
        raise forms.ValidationError(_("Type the name of the platform, not a person's contact details."))
    if not looks_like_platform_name(name):
        raise forms.ValidationError(SENTENCE_NOT_NAME)
    return name


class IntakeNewPlatformForm(forms.Form):
    """A platform the directory does not know yet, as the person knows it."""

    prefix = "new"
    name = forms.CharField(
        label=_("Name of the platform, as you know it"),
        max_length=120,
        help_text=_("For example the name of the app, the shop or the wallet."),
    )
    where = forms.CharField(
        label=_("App or website"),
        max_length=200,
        required=False,
        help_text=_("The app's name in the app store, or the website's address. Optional."),
    )
    company = forms.CharField(
        label=_("Company behind it (optional)"),
        max_length=200,
        required=False,
        help_text=_("As written in the app's terms or on your receipt, if you know it."),
    )

    def clean_name(self):
        return clean_platform_name(self.cleaned_data["name"])

    def intake_data(self) -> dict:
        data = self.cleaned_data
        proposal = {"name": data["name"], "where": data["where"].strip(), "company": data["company"].strip()}
        return {"platform": "", "new_platform": proposal}


class IntakeDetailsForm(CaseFieldsMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("What happened?"), choices=Campaign.Category.choices, widget=forms.RadioSelect
    )
    incident_date = incident_date_field()
    amount = amount_field()
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Case.Currency.choices, initial=Case.Currency.CNY
    )

    def intake_data(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "incident_date": data["incident_date"].isoformat() if data.get("incident_date") else "",
            "amount": str(data["amount"]) if data.get("amount") is not None else "",
            "currency": data.get("currency") or Case.Currency.CNY,
        }


class IntakeStoryForm(forms.Form):
    description = forms.CharField(
        label=_("Tell us briefly what happened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "A few sentences are enough. Only you see this; it helps us find people it happened to as well."
        ),
    )

    def intake_data(self) -> dict:
        return {"description": self.cleaned_data["description"].strip()}


# --- Campaigns and membership -------------------------------------------------------------------------------


class CampaignStartForm(PublicTextFormMixin, ConsentFieldsMixin, forms.Form):
    public_text_fields = ("title", "summary", "demands")
    field_order = ["title", "summary", "demands", "keep_personal_data"]
    title = forms.CharField(label=_("Title of the campaign"), max_length=160)
    summary = forms.CharField(
        label=_("What happened to the members"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Public. Describe what the platform did, not who you are."),
    )
    demands = forms.CharField(
        label=_("What the members ask for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        help_text=_("For example: refund the charged amounts; restore the deleted balances."),
    )


class CampaignEditForm(PublicTextFormMixin, forms.Form):
    """The page and its translation; every text is checked for personal data like the original."""

    public_text_fields = ("title", "summary", "demands", "title_translation", "summary_translation",
                          "demands_translation")  # fmt: skip
    field_order = ["title", "summary", "demands", "title_translation", "summary_translation",
                   "demands_translation", "keep_personal_data"]  # fmt: skip
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    demands = forms.CharField(
        label=_("Demands"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, required=False
    )
    title_translation = forms.CharField(label=_("Translated title"), max_length=160, required=False)
    summary_translation = forms.CharField(
        label=_("Translated summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
    )
    demands_translation = forms.CharField(
        label=_("Translated demands"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )

    def __init__(self, *args, translate_to: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        if translate_to == "en":
            labels = (_("Title in English"), _("Summary in English"), _("Demands in English"))
            help_text = _("Optional. English readers see this instead of the Chinese original.")
        else:
            labels = (_("Title in Chinese"), _("Summary in Chinese"), _("Demands in Chinese"))
            help_text = _("Optional. Chinese readers see this instead of the English original.")
        for name, label in zip(
            ("title_translation", "summary_translation", "demands_translation"), labels, strict=True
        ):
            self.fields[name].label = label
        self.fields["title_translation"].help_text = help_text

    def clean(self):
        data = super().clean()
        has_text = data.get("summary_translation") or data.get("demands_translation")
        if has_text and not (data.get("title_translation") or "").strip():
            self.add_error(
                "title_translation", _("A translation needs a title: readers see it in the lists.")
            )
        return data


class CampaignResubmitForm(CampaignEditForm):
    """A rejected campaign, corrected: its texts and, when the platform was rejected too, the platform."""

    def __init__(self, *args, platform_rejected: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if platform_rejected:
            platform_form = IntakeNewPlatformForm()
            for name in ("name", "where", "company"):
                self.fields[f"platform_{name}"] = platform_form.fields[name]

    def clean_platform_name(self):
        return clean_platform_name(self.cleaned_data["platform_name"])

    def platform_proposal(self) -> PlatformProposal | None:
        data = self.cleaned_data
        if "platform_name" not in data:
            return None
        return PlatformProposal(
            name=data.pop("platform_name"),
            where=data.pop("platform_where"),
            company=data.pop("platform_company"),
        )


class CampaignCloseForm(PublicTextFormMixin, forms.Form):
    public_text_fields = ("reason",)
    reason = forms.CharField(
        label=_("Closing note to the members"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("What came of the campaign and why it ends. Every member receives it as an update."),
    )


class JoinForm(CaseFieldsMixin, ConsentFieldsMixin, forms.Form):
    amount = amount_field()
    currency = forms.ChoiceField(
        label=_("Currency"), choices=Case.Currency.choices, initial=Case.Currency.CNY
    )
    incident_date = incident_date_field()
    references = forms.CharField(
        label=_("Order or transaction numbers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Private: only you see these."),
    )
    account = forms.CharField(
        label=_("What happened to you"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Private: only you see your own account."),
    )

    field_order = ["amount", "currency", "incident_date", "references", "account"]


class CaseForm(CaseFieldsMixin, forms.Form):
    amount = amount_field()
    currency = forms.ChoiceField(label=_("Currency"), choices=Case.Currency.choices)
    incident_date = incident_date_field()
    references = JoinForm.base_fields["references"]
    account = JoinForm.base_fields["account"]


class ConsentForm(ConsentFieldsMixin, forms.Form):
    pass


class UpdateForm(PublicTextFormMixin, forms.Form):
    public_text_fields = ("title", "body")
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(
        label=_("Text of the update"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )


class TaskForm(PublicTextFormMixin, forms.Form):
    public_text_fields = ("title", "description")
    title = forms.CharField(
        label=_("Task"), max_length=160, help_text=_("For example: upload your payment receipt.")
    )
    description = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000, required=False
    )
    audience = forms.ChoiceField(label=_("For"), choices=MemberTask.Audience.choices)
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. The members it is for are reminded two days before."),
    )

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if due_on and due_on < timezone.localdate():
            raise forms.ValidationError(_("A due date cannot be in the past."))
        return due_on


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    # A typed name (or a link's slug), not a <select>: thousands of platforms would make every list page
    # render thousands of options.
    platform = forms.CharField(
        label=_("Platform"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("All platforms")}),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Campaign.Category.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (Campaign.Status.OPEN, Campaign.Status.OPEN.label),
            (Campaign.Status.CLOSED, Campaign.Status.CLOSED.label),
        ],
    )
    size = forms.ChoiceField(
        label=_("Size"),
        required=False,
        choices=[
            ("", _("Any size")),
            ("small", _("Under 10 members")),
            ("medium", _("10 to 99 members")),
            ("large", _("100 to 999 members")),
            ("huge", _("1,000 members or more")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("members", _("Most members")), ("newest", _("Newest")), ("activity", _("Recent activity"))],
    )

    def clean_platform(self) -> Platform | str | None:
        """The platform named by slug, name or alias; text naming none is searched for like the query."""
        text = self.cleaned_data["platform"].strip()
        if not text:
            return None
        found = (
            Platform.objects.listed().filter(slug=text).first()
            or platform_search(text).order_by("name").first()
        )
        return found or text

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        platform = data["platform"]
        if isinstance(platform, str):
            data["q"], platform = f"{data['q']} {platform}".strip(), None
        return {
            "query": data["q"],
            "platform": platform,
            "category": data["category"],
            "status": data["status"],
            "size": data["size"] if data["size"] in SIZE_FILTERS else "",
            "sort": data["sort"] if data["sort"] in SORTS else "members",
        }
