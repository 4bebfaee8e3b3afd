"""Seed the benchmark data set with bulk inserts (PostgreSQL). Re-running reuses an existing data set.

Run by tests/bench/run.py through tests/bench/task.py (`task.py seed --campaigns 50 ...`)."""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.utils import timezone

from complaints.accounts.models import User
from complaints.campaigns.figures import amount_bucket
from complaints.campaigns.models import (
    Campaign,
    CampaignUpdate,
    Case,
    Membership,
    Platform,
    Sector,
)
from complaints.core.text import search_normalize
from complaints.rankings.services import snapshots_write

PREFIX = "bench-"
WORDS_ZH = [
    "充值",
    "未到账",
    "余额",
    "清零",
    "冻结",
    "退款",
    "客服",
    "扣费",
    "提现",
    "会员",
    "自动续费",
    "账户注销",
]
WORDS_EN = ["top-up", "balance", "frozen", "refund", "withdrawal", "fees", "subscription", "wallet"]
BATCH = 5000


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=Seeder.help)
    Seeder.add_arguments(parser)
    Seeder().handle(**vars(parser.parse_args(argv)))


class Seeder:
    help = "Create the benchmark data set (platforms, campaigns, members with cases, sessions) if absent."

    @staticmethod
    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--platforms", type=int, default=2000)
        parser.add_argument("--campaigns", type=int, default=20000)
        parser.add_argument("--memberships", type=int, default=500000)
        parser.add_argument("--big", type=int, default=50000, help="members of the one big campaign")
        parser.add_argument("--users", type=int, default=60000)
        parser.add_argument("--sessions", type=int, default=64, help="logged-in sessions for the load test")
        parser.add_argument("--force", action="store_true", help="seed again even if a data set exists")

    def handle(self, **opts):
        if connection.vendor != "postgresql" and not settings.DEBUG and opts["campaigns"] > 1000:
            raise SystemExit("the full benchmark data set needs PostgreSQL (set DATABASE_URL)")
        out = Path(settings.VAR_DIR) / "bench"
        out.mkdir(parents=True, exist_ok=True)
        manifest = out / "dataset.json"
        existing = Campaign.objects.filter(slug__startswith=PREFIX).count()
        if existing >= opts["campaigns"] and manifest.exists() and not opts["force"]:
            data = json.loads(manifest.read_text())
            data.update(self._extras(data["big_campaign"]))
            data["sessions"] = self._sessions(opts["sessions"], data["big_campaign"])
            data["fresh_sessions"] = self._fresh_sessions(opts["sessions"])
            manifest.write_text(json.dumps(data, indent=2))
            snapshots_write()  # and the stored rankings, analyzed with the rest below
            self._analyze()
            print(f"reusing the data set: {existing} campaigns")
            return
        started = time.monotonic()
        rng = random.Random(20261122)  # reproducible synthetic data
        with transaction.atomic():
            users = self._users(opts["users"])
            platforms = self._platforms(opts["platforms"], rng)
            campaigns = self._campaigns(opts["campaigns"], platforms, rng)
            self._memberships(campaigns, users, opts["memberships"], opts["big"], rng)
        big = campaigns[0]
        small = (
            Campaign.objects.filter(slug__startswith=PREFIX, members_count__gte=10)
            .order_by("members_count")
            .first()
        )
        data = {
            "seconds": round(time.monotonic() - started, 1),
            "platforms": len(platforms),
            "campaigns": len(campaigns),
            "memberships": Membership.objects.filter(campaign__slug__startswith=PREFIX).count(),
            "big_campaign": big.slug,
            "big_platform": big.platform.slug,
            "small_campaign": small.slug if small else big.slug,
            "search_query": "充值 未到账",
        }
        data.update(self._extras(big.slug))
        data["seconds"] = round(time.monotonic() - started, 1)
        data["sessions"] = self._sessions(opts["sessions"], big.slug)
        data["fresh_sessions"] = self._fresh_sessions(opts["sessions"])
        manifest.write_text(json.dumps(data, indent=2))
        snapshots_write()  # the rankings page reads the monthly snapshots of the joins, spread over two years
        self._analyze()
        print(
            f"seeded in {data['seconds']} s: {json.dumps({k: v for k, v in data.items() if k != 'sessions'})}"
        )

    @staticmethod
    def _analyze() -> None:
        """Give the planner the data set's statistics, as PostgreSQL's documentation asks after a bulk load.

        Autovacuum would gather them in time, but it can be off (it is on these CI machines): then the
        planner believed the 50,000-member campaign had 9 members, and the fiftieth member page took 6.3 ms
        instead of 4.0. VACUUM also marks the pages all-visible, so the index-only scans the indexes allow
        happen.
        Run on reuse too: each run's joins add rows.
        """
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")

    def _users(self, count: int) -> list[int]:
        password = make_password("bench-password-2026")
        have = User.objects.filter(email__startswith=PREFIX).count()
        batch = []
        for i in range(have, count):
            batch.append(
                User(email=f"{PREFIX}{i}@bench.invalid", password=password, display_name=f"Bench {i}")
            )
            if len(batch) == BATCH:
                User.objects.bulk_create(batch)
                batch = []
        User.objects.bulk_create(batch)
        return list(User.objects.filter(email__startswith=PREFIX).order_by("pk").values_list("pk", flat=True))

    def _platforms(self, count: int, rng: random.Random) -> list[Platform]:
        sectors = [s for s, _ in Sector.choices]
        rows = []
        for i in range(count):
            name = f"测试平台{i}号"
            aliases = [f"Bench Platform {i}", f"BP{i}"]
            platform = Platform(
                slug=f"{PREFIX}p{i:05d}",
                name=name,
                name_en=f"Bench Platform {i}",
                aliases=aliases,
                sector=rng.choice(sectors),
                legal_entity=f"测试{i}科技有限公司",
            )
            platform.search_names = platform.compute_search_names()
            rows.append(platform)
        Platform.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return list(Platform.objects.filter(slug__startswith=PREFIX).order_by("slug"))

    def _campaigns(self, count: int, platforms: list[Platform], rng: random.Random) -> list[Campaign]:
        categories = [c for c, _ in Campaign.Category.choices]
        now = timezone.now()
        rows = []
        for i in range(count):
            platform = platforms[0] if i == 0 else rng.choice(platforms)
            words = rng.sample(WORDS_ZH, 3)
            title = (
                f"{platform.name}{words[0]}{words[1]}集体投诉 {i}"
                if i % 3
                else f"{platform.name_en}: {rng.choice(WORDS_EN)} complaint {i}"
            )
            summary = f"{'、'.join(words)}。用户反映{words[2]}问题，客服长期不处理。Users report {rng.choice(WORDS_EN)} problems."
            campaign = Campaign(
                slug=f"{PREFIX}c{i:06d}",
                title=title,
                platform=platform,
                category=rng.choice(categories),
                status=Campaign.Status.OPEN,
                summary=summary,
                demands="退还全部款项。Refund all amounts.",
                last_activity_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 90)),
            )
            campaign.search_text = search_normalize(
                " ".join([title, summary, campaign.demands, platform.search_names])
            )
            rows.append(campaign)
        Campaign.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        return list(
            Campaign.objects.filter(slug__startswith=PREFIX).select_related("platform").order_by("slug")
        )

    def _memberships(self, campaigns, users, total: int, big: int, rng: random.Random) -> None:
        # The big campaign gets `big` members; the rest are spread over the others, no one twice in a campaign.
        sizes = [big] + [0] * (len(campaigns) - 1)
        rest = max(total - big, 0)
        for _ in range(rest):
            sizes[rng.randint(1, len(campaigns) - 1)] += 1
        today = date.today()
        figures = []
        memberships: list[Membership] = []
        cases_for: list[tuple[Decimal, date]] = []
        for campaign, size in zip(campaigns, sizes, strict=True):
            members = users[:size] if size > len(users) // 2 else rng.sample(users, min(size, len(users)))
            total_claimed = Decimal("0")
            histogram: dict[str, int] = {}
            months: dict[str, int] = {}
            first = last = None
            for number, user_id in enumerate(members, start=1):
                amount = Decimal(rng.randint(1000, 500000)) / 100
                incident = today - timedelta(days=rng.randint(1, 700))
                # Joined on the day of the incident, so the joins-per-month chart and the rows agree.
                joined = timezone.make_aware(datetime.combine(incident, clock(12)))
                memberships.append(
                    Membership(
                        campaign_id=campaign.pk,
                        user_id=user_id,
                        pseudonym_number=number,
                        role=Membership.Role.ORGANIZER if number == 1 else Membership.Role.MEMBER,
                        share_with_group=number % 2 == 0,
                        include_in_filings=number % 3 != 0,
                        joined_at=joined,
                    )
                )
                cases_for.append((amount, incident))
                total_claimed += amount
                # The same buckets the site keeps (figures.amount_bucket), so the pages draw real charts.
                bucket = str(amount_bucket(amount))
                histogram[bucket] = histogram.get(bucket, 0) + 1
                month = timezone.localtime(joined).strftime("%Y-%m")
                months[month] = months.get(month, 0) + 1
                first = min(first or incident, incident)
                last = max(last or incident, incident)
                if len(memberships) >= BATCH:
                    self._flush(memberships, cases_for)
            figures.append(
                Campaign(
                    pk=campaign.pk,
                    members_count=len(members),
                    pseudonym_counter=len(members),
                    total_claimed=total_claimed,
                    amount_histogram=histogram,
                    joins_by_month=months,
                    first_incident_on=first,
                    last_incident_on=last,
                )
            )
        self._flush(memberships, cases_for)
        Campaign.objects.bulk_update(
            figures,
            [
                "members_count",
                "pseudonym_counter",
                "total_claimed",
                "amount_histogram",
                "joins_by_month",
                "first_incident_on",
                "last_incident_on",
            ],
            batch_size=2000,
        )

    @staticmethod
    def _flush(memberships: list, cases_for: list) -> None:
        # joined_at is auto_now_add: for the seed only, keep the date given (spread over two years).
        joined_at = Membership._meta.get_field("joined_at")
        joined_at.auto_now_add = False
        try:
            created = Membership.objects.bulk_create(memberships)
        finally:
            joined_at.auto_now_add = True
        Case.objects.bulk_create(
            [
                Case(membership_id=m.pk, amount=a, incident_date=d)
                for m, (a, d) in zip(created, cases_for, strict=True)
            ]
        )
        memberships.clear()
        cases_for.clear()

    # --- Evidence, updates and notifications: each step seeds itself once, also on a reused data set ---

    def _extras(self, big_slug: str) -> dict:
        big = Campaign.objects.get(slug=big_slug)
        return {
            "evidence": self._evidence(big),
            "updates": self._updates(big),
            "notifications": self._notifications(big),
        }

    def _evidence(self, big: Campaign, total: int = 200_000, in_big: int = 20_000) -> int:
        """Evidence rows: `in_big` in the big campaign, the rest spread over other memberships. Only the
        big campaign's items carry real (small) thumbnails, the only files a benchmarked page shows; a
        few hundred of them carry a redacted image, so the filing has real exhibits to lay out."""
        from complaints.evidence.models import EvidenceItem

        bench = EvidenceItem.objects.filter(campaign__slug__startswith=PREFIX)
        have = bench.count()
        if have >= total:
            return have
        rng = random.Random(7)  # reproducible synthetic data
        thumbs, redacted = self._evidence_files()
        big_members = list(
            Membership.objects.filter(campaign=big)
            .order_by("pseudonym_number")
            .values_list("pk", "user_id", "campaign_id", "share_with_group", "include_in_filings")[:in_big]
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT m.id, m.user_id, m.campaign_id, m.share_with_group, m.include_in_filings "
                "FROM campaigns_membership m JOIN campaigns_campaign c ON c.id = m.campaign_id "
                "WHERE c.slug LIKE %s AND c.id <> %s ORDER BY random() LIMIT %s",
                [PREFIX + "%", big.pk, total - in_big],
            )
            others = cursor.fetchall()
        now = timezone.now()
        kinds = [EvidenceItem.Kind.PNG, EvidenceItem.Kind.JPEG, EvidenceItem.Kind.PNG, EvidenceItem.Kind.TEXT]
        categories = [c for c, _ in EvidenceItem.Category.choices]
        batch: list = []
        with transaction.atomic():
            bench.delete()
            for n, (membership_id, user_id, campaign_id, share, include) in enumerate(big_members + others):
                in_big_campaign = campaign_id == big.pk
                kind = EvidenceItem.Kind.PNG if in_big_campaign else rng.choice(kinds)
                approved = n % 7 != 0
                exhibit = in_big_campaign and include and approved and n < 600
                batch.append(
                    EvidenceItem(
                        owner_id=user_id,
                        membership_id=membership_id,
                        campaign_id=campaign_id,
                        original_name=f"截图{n}.{'txt' if kind == EvidenceItem.Kind.TEXT else kind}",
                        kind=kind,
                        category=rng.choice(categories),
                        document_date=now.date() - timedelta(days=rng.randint(1, 600)),
                        size=rng.randint(20_000, 900_000),
                        sha256_original=f"{n:064x}",
                        sha256_redacted=f"{n + 1:064x}" if approved else "",
                        thumbnail=thumbs[n % len(thumbs)] if in_big_campaign else "",
                        redacted=redacted if exhibit else "",
                        width=1080,
                        height=1920,
                        status=EvidenceItem.Status.APPROVED if approved else EvidenceItem.Status.NEEDS_REVIEW,
                        share_with_group=share and approved,
                        include_in_filings=include and approved,
                        approved_at=now - timedelta(minutes=n) if approved else None,
                        finding_counts={"phone": 1, "name": 1},
                    )
                )
                if len(batch) >= BATCH:
                    EvidenceItem.objects.bulk_create(batch)
                    batch = []
            EvidenceItem.objects.bulk_create(batch)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE campaigns_membership m SET evidence_count = e.n FROM ("
                    " SELECT membership_id, count(*) AS n FROM evidence_evidenceitem GROUP BY membership_id"
                    ") e WHERE e.membership_id = m.id AND m.evidence_count <> e.n"
                )
        return bench.count()

    @staticmethod
    def _evidence_files() -> tuple[list[str], str]:
        """A few small real images in the private evidence storage, shared by the seeded rows."""
        import io

        from PIL import Image, ImageDraw

        from complaints.evidence.models import evidence_storage

        storage = evidence_storage()

        def save(name: str, size: tuple[int, int], shade: int) -> str:
            if storage.exists(name):
                return name
            image = Image.new("RGB", size, (245, 245, 245))
            draw = ImageDraw.Draw(image)
            for row in range(12, size[1] - 12, 18):
                draw.rectangle((12, row, size[0] - 12 - (row * shade) % 60, row + 8), fill=(90, 90, 90))
            draw.rectangle((12, size[1] // 3, size[0] // 2, size[1] // 3 + 10), fill=(0, 0, 0))
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=True)
            from django.core.files.base import ContentFile

            return storage.save(name, ContentFile(buffer.getvalue()))

        thumbs = [save(f"bench/thumb-{i}.png", (160, 284), i + 3) for i in range(8)]
        return thumbs, save("bench/redacted.png", (540, 960), 5)

    @staticmethod
    def _updates(big: Campaign, in_big: int = 200) -> int:
        """Organizer updates: `in_big` on the big campaign's timeline, one on every other campaign."""
        bench = CampaignUpdate.objects.filter(campaign__slug__startswith=PREFIX)
        have = bench.count()
        if have:
            return have
        rows = [
            CampaignUpdate(campaign=big, title=f"第{i}次进展：已向监管部门提交材料", body="感谢大家的耐心。")
            for i in range(in_big)
        ]
        ids = Campaign.objects.filter(slug__startswith=PREFIX).exclude(pk=big.pk).values_list("pk", flat=True)
        rows += [CampaignUpdate(campaign_id=pk, title="已联系平台客服", body="等待答复。") for pk in ids]
        CampaignUpdate.objects.bulk_create(rows, batch_size=BATCH)
        return bench.count()

    @staticmethod
    def _notifications(big: Campaign, people: int = 64, each: int = 300) -> int:
        """A full inbox (`each` notifications, a third unread) for the members whose sessions the load uses."""
        from complaints.notifications.kinds import Kind
        from complaints.notifications.models import Notification

        bench = Notification.objects.filter(dedupe_key__startswith="bench:")
        have = bench.count()
        if have:
            return have
        users = list(
            Membership.objects.filter(campaign=big)
            .order_by("pseudonym_number")
            .values_list("user_id", flat=True)[:people]
        )
        now = timezone.now()
        url = f"/campaigns/{big.slug}/updates/"
        rows = [
            Notification(
                recipient_id=user_id,
                kind=Kind.UPDATE_POSTED,
                params={"campaign": big.title, "update": f"第{i}次进展"},
                target_type="campaigns.campaignupdate",
                target_id=str(i),
                target_url=url,
                dedupe_key=f"bench:{i}",
                created_at=now - timedelta(hours=each - i),
                read_at=None if i % 3 == 0 else now,
            )
            for user_id in users
            for i in range(each)
        ]
        Notification.objects.bulk_create(rows, batch_size=BATCH)
        return bench.count()

    def _fresh_sessions(self, count: int) -> list[dict]:
        """People with an account who have joined nothing yet: the join POST signs them up to campaigns."""
        password = make_password("bench-password-2026")
        User.objects.bulk_create(
            [
                User(email=f"{PREFIX}fresh{i}@bench.invalid", password=password, display_name=f"Fresh {i}")
                for i in range(count)
            ],
            ignore_conflicts=True,
        )
        return [
            {"user": user.pk, "session": self._session_for(user)}
            for user in User.objects.filter(email__startswith=f"{PREFIX}fresh").order_by("pk")[:count]
        ]

    @staticmethod
    def _session_for(user) -> str:
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.set_expiry(6 * 3600)
        store.save()
        return store.session_key

    def _sessions(self, count: int, big_slug: str) -> list[dict]:
        """Logged-in sessions for the load test: members of the big campaign, made without the login form."""
        members = list(
            Membership.objects.filter(campaign__slug=big_slug)
            .select_related("user")
            .order_by("pseudonym_number")[:count]
        )
        return [
            {"user": m.user.pk, "session": self._session_for(m.user), "number": m.pseudonym_number}
            for m in members
        ]
