"""factory_boy factories shared by the tests."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from complaints.accounts.models import MODERATORS_GROUP, User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ModeratorFactory(UserFactory):
    @factory.post_generation
    def moderator_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])


# --- Campaigns ------------------------------------------------------------------------------------------------


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.Platform"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"platform-{n}")
    name = factory.Sequence(lambda n: f"平台{n}")
    name_en = factory.Sequence(lambda n: f"Platform {n}")
    aliases = factory.LazyAttribute(lambda o: [f"{o.name_en} App"])
    sector = "ecommerce"


class CampaignFactory(factory.django.DjangoModelFactory):
    """An open campaign without members; add people with `join(campaign, user)` so figures stay right."""

    class Meta:
        model = "campaigns.Campaign"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"campaign-{n}")
    title = factory.Sequence(lambda n: f"Campaign {n}: top-up not credited")
    platform = factory.SubFactory(PlatformFactory)
    category = "not_credited"
    status = "open"
    summary = "Money was charged but never arrived in the account."
    demands = "Credit or refund every charged top-up."

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            from complaints.campaigns.search import index_campaigns

            index_campaigns([self.pk])


def join(campaign, user=None, *, amount=None, currency="CNY", incident_date=None, **consents):
    """Join through the service, as a person would; returns the membership."""
    from decimal import Decimal

    from complaints.campaigns.services import CaseFacts, campaign_join

    user = user or UserFactory()
    facts = CaseFacts(
        amount=Decimal(str(amount)) if amount is not None else None,
        currency=currency,
        incident_date=incident_date,
    )
    membership, _created = campaign_join(actor=user, campaign=campaign, facts=facts, **consents)
    return membership


def organize(campaign, user=None, **kwargs):
    """Join and become organizer (through the services)."""
    from complaints.campaigns.services import membership_promote

    membership = join(campaign, user, **kwargs)
    return membership_promote(actor=membership.user, membership=membership)


def bulk_members(campaign, count, *, amount="100.00", start_number=None):
    """Add many members fast (bulk_create) and recount; for query-budget tests of big campaigns."""
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password

    from complaints.accounts.models import User
    from complaints.campaigns.models import Campaign, Case, Membership
    from complaints.campaigns.services import campaign_recount

    password = make_password(None)
    first = Campaign.objects.get(pk=campaign.pk).pseudonym_counter
    users = User.objects.bulk_create(
        [User(email=f"bulk-{campaign.pk}-{first + i}@example.org", password=password) for i in range(count)]
    )
    memberships = Membership.objects.bulk_create(
        [
            Membership(campaign_id=campaign.pk, user=u, pseudonym_number=first + i + 1, share_with_group=True)
            for i, u in enumerate(users)
        ]
    )
    Case.objects.bulk_create([Case(membership=m, amount=Decimal(amount)) for m in memberships])
    Campaign.objects.filter(pk=campaign.pk).update(pseudonym_counter=first + count)
    return campaign_recount(campaign=campaign)


def users_in_bulk(count: int, *, domain: str = "crowd.example.org", **fields) -> list[User]:
    """Many plain accounts in one query (a campaign with thousands of members); no allauth rows."""
    from django.utils.crypto import get_random_string

    batch = get_random_string(6).lower()
    return User.objects.bulk_create(
        [User(email=f"m{n}-{batch}@{domain}", password="!", **fields) for n in range(count)], batch_size=1000
    )


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(UserFactory)
    kind = "update_posted"
    params = factory.LazyFunction(lambda: {"campaign": "某钱包冻结资金", "update": "第一次集体投诉已提交"})
    target_url = "/"
    dedupe_key = factory.Sequence(lambda n: f"update_posted:test-{n}")


# --- Filings --------------------------------------------------------------------------------------------------


class RegulatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "filings.Regulator"

    slug = factory.Sequence(lambda n: f"regulator-{n}")
    name_zh = factory.Sequence(lambda n: f"市场监督管理局{n}")
    name_en = factory.Sequence(lambda n: f"Market Regulator {n}")
    jurisdiction = "CN"
    kind = "regulator"
    channel = "email"
    email = factory.Sequence(lambda n: f"complaints{n}@regulator.example.org")
    response_days = 7
    ladder_rank = 3
