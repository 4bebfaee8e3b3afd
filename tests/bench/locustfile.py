"""Load scenarios for `make bench`: one locust User class per page, run one at a time by tests/bench/run.py.

The users are FastHttpUsers (geventhttpclient): the load generator shares the server's 2 cores, and the
requests-based HttpUser spent about as much CPU per request as the server did on the trivial view
(2.0 ms against 2.3 ms; 5.4 ms per join), CPU the pages under test then lacked.
"""

from __future__ import annotations

import json
import os
import random
from contextlib import suppress
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import quote, urlsplit

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

BENCH_DIR = Path(os.environ.get("TONGSU_VAR_DIR", "var")) / "bench"
DATASET = json.loads((BENCH_DIR / "dataset.json").read_text())
SESSIONS = DATASET["sessions"]
# What many visitors open (tests/bench/mix.py): 1,000 search terms, every list page, many campaigns.
MIX = json.loads((BENCH_DIR / "mix.json").read_text()) if (BENCH_DIR / "mix.json").exists() else {}


class _Base(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    default_headers = {"Accept-Language": "zh-CN,zh;q=0.9"}

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == name), "")

    def set_cookie(self, name: str, value: str) -> None:
        domain = urlsplit(self.host).hostname
        fields = dict(version=0, name=name, value=value, port=None, port_specified=False, domain=domain)
        fields |= dict(domain_specified=False, domain_initial_dot=False, path="/", path_specified=True)
        fields |= dict(secure=False, expires=None, discard=False, comment=None, comment_url=None, rest={})
        self.client.cookiejar.set_cookie(Cookie(**fields))

    def drop_cookie(self, name: str) -> None:
        with suppress(KeyError):
            self.client.cookiejar.clear(urlsplit(self.host).hostname, "/", name)


class _LoggedIn(_Base):
    abstract = True
    sessions = SESSIONS

    def on_start(self) -> None:
        super().on_start()
        session = random.choice(self.sessions)
        self.user_id = session["user"]
        self.set_cookie("sessionid", session["session"])

    def signed_in_get(self, path: str, name: str) -> None:
        """A page only a signed-in person sees: a lost session would answer with the login page instead."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")


class Trivial(_Base):
    @task
    def ping(self):
        self.client.get("/ping", name="trivial")


class CampaignList(_Base):
    @task
    def campaign_list(self):
        page = random.randint(1, MIX.get("list_pages", 20))  # every page of the list
        self.client.get(f"/campaigns/?page={page}", name="campaign list (all pages)")


class CampaignListFirstPages(_Base):
    """The list as the bench issue measured it and as most visitors browse it: its first 20 pages."""

    @task
    def campaign_list(self):
        self.client.get(f"/campaigns/?page={random.randint(1, 20)}", name="campaign list (first 20 pages)")


class BigCampaign(_Base):
    @task
    def big_campaign(self):
        self.client.get(f"/campaigns/{DATASET['big_campaign']}/", name="big campaign page")


class PlatformPage(_Base):
    @task
    def platform(self):
        self.client.get(f"/platforms/{DATASET['big_platform']}/", name="platform page")


class Statistics(_Base):
    @task
    def statistics(self):
        self.client.get("/statistics/", name="statistics page")


class BigCampaignStatus(_Base):
    @task
    def big_campaign_status(self):
        self.client.get(f"/campaigns/{DATASET['big_campaign']}/status/", name="big campaign's public status")


class Search(_Base):
    @task
    def search(self):
        self.client.get(f"/campaigns/?q={quote(DATASET['search_query'])}", name="search (Chinese)")


class ManyCampaigns(_Base):
    @task
    def campaign(self):
        self.client.get(f"/campaigns/{random.choice(MIX['campaigns'])}/", name="campaign pages (3,000)")


class ManyPlatforms(_Base):
    @task
    def platform(self):
        self.client.get(f"/platforms/{random.choice(MIX['platforms'])}/", name="platform pages (many)")


class Rankings(_Base):
    @task
    def rankings(self):
        period = random.choice(("30d", "quarter", "year"))
        self.client.get(f"/rankings/?period={period}", name="rankings page")


class ApiList(_Base):
    """A client of the open data crawls the public campaigns as the API says to: from the start, each page's
    `next` cursor giving the following page, and from the start again at the end."""

    after = 0

    @task
    def campaigns(self):
        with self.client.get(
            f"/api/v1/campaigns?after={self.after}&limit=100",
            name="API list (campaigns)",
            catch_response=True,
        ) as response:
            try:
                self.after = response.json()["next"] or 0
            except (ValueError, KeyError, TypeError):
                response.failure("not a page of the API")
                self.after = 0


class ManySearches(_Base):
    @task
    def search(self):
        self.client.get(f"/campaigns/?q={quote(random.choice(MIX['terms']))}", name="search (1,000 terms)")


class MemberView(_LoggedIn):
    @task
    def members(self):
        page = random.randint(1, 50)
        self.signed_in_get(f"/campaigns/{DATASET['big_campaign']}/members/?page={page}", "member view (big)")


class Notifications(_LoggedIn):
    @task
    def notifications(self):
        self.signed_in_get("/notifications/", "notification list")


class Join(_LoggedIn):
    # People with an account who had joined nothing: each POST is a new membership with its case.
    sessions = DATASET.get("fresh_sessions") or SESSIONS

    def on_start(self) -> None:
        super().on_start()
        self.client.get("/campaigns/")
        self.csrf = self.cookie("csrftoken")

    @task
    def join(self):
        # Each POST joins a campaign this person is not yet in: a fresh membership every time.
        slug = f"bench-c{random.randint(1, DATASET['campaigns'] - 1):06d}"
        with self.client.post(
            f"/campaigns/{slug}/join/",
            data={
                "amount": "188.00",
                "currency": "CNY",
                "incident_date": "2026-10-01",
                "share_with_group": "on",
                "include_in_filings": "on",
                "csrfmiddlewaretoken": self.csrf,
            },
            headers={"X-CSRFToken": self.csrf, "Referer": self.host + f"/campaigns/{slug}/join/"},
            name="join POST",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # A join answers with the campaign's page; a lost session would answer with the login page.
            where = (response.headers or {}).get("Location", "")
            if response.status_code != 302 or not where.endswith(f"/campaigns/{slug}/"):
                response.failure(f"join answered {response.status_code} {where}")
        # A browser follows the redirect and the page shows (and so consumes) the "you joined" message;
        # without this the messages cookie would grow with every join to its 2 KB cap.
        self.drop_cookie("messages")
