# ruff: noqa: F811 - fixtures are imported from tests.evidence.support and named as parameters
"""Past one machine: two web processes, an evidence-only worker, a general worker and beat, each in its own
directory with its own var/, sharing only PostgreSQL, Redis, a local S3 server (moto) and an SMTP server.

One journey crosses them (sign-up, upload, OCR, review, the filing built, approved, sent by SMTP and answered
through its link); then one web process and the general worker are stopped mid-journey (the worker
killed while it fans out), a replacement worker starts on another "machine", and everything finishes once:
every member has one notification and one email, the evidence item was processed once, on the right worker.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from complaints.accounts.models import User
from complaints.campaigns.models import Membership
from complaints.core.models import OutboundEmail
from complaints.evidence.models import EvidenceItem, private_storage
from complaints.filings.models import Filing, FilingVersion, Submission
from complaints.notifications.models import Broadcast, Notification
from portal.celery import app as celery_app
from portal.env import private_storage_settings
from tests.evidence.support import CHAT, PHONE, campaign, organizer, owner_membership, png_with_text  # noqa: F401
from tests.factories import PASSWORD, ModeratorFactory, RegulatorFactory, UserFactory, join
from tests.processes import child_env, wait_for
from tests.s3 import LocalS3Server
from tests.smtp import LocalSMTPServer, free_port

MEMBERS = 40


class Machine:
    """One process as if on a machine of its own: its own working directory, var/ and log."""

    def __init__(self, name: str, base: Path, argv: list[str], env: dict[str, str]):
        self.name = name
        self.dir = base / name
        (self.dir / "var").mkdir(parents=True)
        self.log_path = self.dir / "process.log"
        env = {**env, "TONGSU_VAR_DIR": str(self.dir / "var")}
        for shared_dir in (
            "TONGSU_PRIVATE_DIR",
            "TONGSU_BROKER_DIR",
            "TONGSU_CACHE_DIR",
            "TONGSU_SQLITE_PATH",
        ):
            env.pop(shared_dir, None)  # nothing on a shared disk: PostgreSQL, Redis and S3 only
        self.process = subprocess.Popen(
            [sys.executable, "-m", *argv],
            cwd=self.dir,
            env=env,
            stdout=self.log_path.open("wb"),
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def ran(self, task: str) -> int:
        return len(re.findall(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", self.log()))

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def worker(queues: str) -> list[str]:
    return ["celery", "-A", "portal", "worker", "-Q", queues, "--concurrency", "1", "--pool", "prefork",
            "--loglevel", "INFO", "--without-gossip", "--without-mingle", "-n", f"{uuid.uuid4().hex[:8]}@%h"]  # fmt: skip


def web(port: int) -> list[str]:
    return ["gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]


class Browser:
    """A person's cookies and CSRF token, talking to whichever web process it is given."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=60) as response:
            return response.read().decode()

    def post(self, url: str, fields: dict, files: dict | None = None) -> int:
        if not any(c.name == "csrftoken" for c in self.jar):
            self.get(url)
        fields = {**fields, "csrfmiddlewaretoken": self.csrf()}
        if files:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in fields.items()
            ]
            for name, (filename, data) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: text/plain\r\n\r\n".encode()
                    + data
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        request = Request(url, data=body, headers={"Content-Type": content_type, "Referer": url})
        with self.opener.open(request, timeout=60) as response:
            return response.status

    def log_in(self, host: str, email: str) -> None:
        self.post(f"{host}/accounts/login/", {"login": email, "password": PASSWORD})
        assert any(c.name == "sessionid" for c in self.jar), f"no session for {email}"


@pytest.fixture
def world(tmp_path, settings, owner_membership, organizer, campaign):
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"] or not os.environ.get("REDIS_URL"):
        pytest.skip("the topology needs PostgreSQL and Redis (the services run)")
    celery_app.conf.task_always_eager = False
    with LocalS3Server() as s3, LocalSMTPServer() as smtp:
        bucket = s3.new_bucket()
        # Small batches at 4 a second, so the general worker is killed with most of the update's mail unsent.
        env = child_env(
            **s3.environ(bucket),
            EMAIL_URL=smtp.url,
            TONGSU_SWEEP_AFTER_SECONDS="30",
            TONGSU_EMAIL_BATCH_SIZE="2",
            TONGSU_EMAIL_RATE_PER_SECOND="4",
        )
        os.environ.update(s3.environ(bucket))
        storage = private_storage_settings("s3", "/nonexistent")
        settings.STORAGES = {**settings.STORAGES, "default": storage, "private": storage}
        ports = {"web-a": free_port(), "web-b": free_port()}
        machines = {
            "web-a": Machine("web-a", tmp_path, web(ports["web-a"]), env),
            "web-b": Machine("web-b", tmp_path, web(ports["web-b"]), env),
            "worker-evidence": Machine("worker-evidence", tmp_path, worker("evidence"), env),
            "worker-general": Machine(
                "worker-general", tmp_path, worker("default,notifications,email,filings"), env
            ),
            "beat": Machine("beat", tmp_path, ["celery", "-A", "portal", "beat", "--loglevel", "INFO"], env),
        }
        hosts = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        for host in hosts.values():
            assert wait_for(lambda h=host: _up(h), timeout=90), "a web process did not come up"
        try:
            yield {"machines": machines, "hosts": hosts, "tmp": tmp_path, "env": env, "s3": s3, "bucket": bucket,
                   "smtp": smtp}  # fmt: skip
        finally:
            for machine in machines.values():
                machine.stop()
            for key in s3.environ(bucket):
                os.environ.pop(key, None)


def _sign_up_and_join(world, campaign) -> tuple[Browser, str]:
    """A person signs up on web A with the code mailed to them, and joins the campaign there."""
    host, smtp = world["hosts"]["web-a"], world["smtp"]
    person, email = Browser(), f"newcomer-{uuid.uuid4().hex[:6]}@example.org"
    assert (
        person.post(
            f"{host}/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )
        == 200
    )
    mail = wait_for(lambda: next((m for m in smtp.messages if m["To"] == email), None), timeout=120)
    assert mail, world["machines"]["worker-general"].log()[-3000:]
    body = mail.get_body(("plain",)).get_content()
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body, re.MULTILINE).group(1)
    assert person.post(f"{host}/accounts/confirm-email/", {"code": code}) == 200
    assert User.objects.get(email=email).emailaddress_set.get().verified
    fields = {"amount": "2835.43", "currency": "CNY", "incident_date": "2026-11-02",
              "share_with_group": "on", "include_in_filings": "on"}  # fmt: skip
    assert person.post(f"{host}/campaigns/{campaign.slug}/join/", fields) == 200
    assert Membership.objects.get(campaign=campaign, user__email=email).is_active
    return person, email


def _file_and_answer(world, campaign, organizer, boss: Browser) -> Submission:
    hosts, smtp = world["hosts"], world["smtp"]
    regulator = RegulatorFactory(channel="email")
    boss.log_in(hosts["web-a"], organizer.email)
    draft = {"regulator": regulator.pk, "language": "zh-hans"}
    assert boss.post(f"{hosts['web-a']}/campaigns/{campaign.slug}/filings/new/", draft) == 200
    filing = Filing.objects.get(campaign=campaign)
    built = wait_for(lambda: filing.versions.filter(status=FilingVersion.Status.READY).exists(), timeout=180)
    assert built, world["machines"]["worker-general"].log()[-3000:]
    assert boss.post(f"{hosts['web-a']}/filings/{filing.pk}/send-for-approval/", {}) == 200
    filing.refresh_from_db()
    page = boss.get(f"{hosts['web-a']}/filings/{filing.pk}/")
    assert filing.status == Filing.Status.AWAITING_APPROVAL, re.findall(r"<li[^>]*>([^<]{8,})</li>", page)
    moderator = Browser()
    moderator.log_in(hosts["web-a"], ModeratorFactory().email)
    assert (
        moderator.post(
            f"{hosts['web-a']}/filings/{filing.pk}/review/", {"decision": "approve", "comment": ""}
        )
        == 200
    )
    filing.refresh_from_db()
    assert filing.status == Filing.Status.APPROVED, filing.status
    assert boss.post(f"{hosts['web-a']}/filings/{filing.pk}/submit/", {}) == 200
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED, filing.status
    sent = wait_for(lambda: next((m for m in smtp.messages if m["To"] == regulator.email), None), timeout=180)
    assert sent, world["machines"]["worker-general"].log()[-3000:]
    link = re.search(r"/filings/respond/([^/\s]+)/", sent.get_body(("plain",)).get_content()).group(0)
    answer = "已受理，将在十五个工作日内答复。"
    assert Browser().post(hosts["web-b"] + link, {"text": answer}) == 200
    submission = Submission.objects.get(version__filing=filing)
    assert submission.status == Submission.Status.SENT and submission.responses.get().text == answer
    assert wait_for(
        lambda: Notification.objects.filter(
            kind="response_received", recipient__email=organizer.email
        ).exists(),
        timeout=120,
    ), "the members hear of the answer"
    return submission


def _up(host: str) -> bool:
    try:
        Browser().get(f"{host}/healthz")
        return True
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_one_journey_across_two_webs_two_workers_and_beat_survives_losing_a_web_and_a_worker(
    world, owner_membership, organizer, campaign, capsys
):
    machines, hosts = world["machines"], world["hosts"]
    others = [join(campaign, UserFactory(preferred_language="en")).user for _ in range(MEMBERS)]
    member, boss = Browser(), Browser()

    # A newcomer signs up on web A (the code comes by SMTP from the general worker) and joins there; then
    # uploads a screenshot on web B, which only the evidence worker reads (OCR), and approves it on web A.
    newcomer, newcomer_email = _sign_up_and_join(world, campaign)
    picture = png_with_text(["客服电话", PHONE, "充值 2835.43 元"])
    assert newcomer.post(
        f"{hosts['web-b']}/evidence/campaigns/{campaign.slug}/mine/", {"category": "screenshot"},
        {"files": ("screenshot.png", picture)},
    ) == 200  # fmt: skip
    shot = wait_for(
        lambda: EvidenceItem.objects.filter(
            campaign=campaign, kind="png", status=EvidenceItem.Status.NEEDS_REVIEW
        ).first(),
        timeout=240,
    )
    assert shot, machines["worker-evidence"].log()[-3000:]
    assert "PHONE" in str(shot.findings), "OCR on the evidence worker read the number off the picture"
    assert (
        newcomer.post(
            f"{hosts['web-a']}/evidence/{shot.pk}/review/approve/",
            {"share_with_group": "on", "include_in_filings": "on"},
        )
        == 200
    )

    # Signed in on web A, the member uploads on web B; the evidence worker processes it.
    member.log_in(hosts["web-a"], owner_membership.user.email)
    mine = f"/evidence/campaigns/{campaign.slug}/mine/"
    assert member.post(hosts["web-b"] + mine, {"category": "chat_log"}, {"files": ("chat.txt", CHAT)}) == 200
    item = wait_for(
        lambda: EvidenceItem.objects.filter(
            campaign=campaign, kind="text", status=EvidenceItem.Status.NEEDS_REVIEW
        ).first(),
        timeout=180,
    )
    assert item, machines["worker-evidence"].log()[-3000:]
    assert PHONE not in private_storage.open(item.redacted.name, "rb").read().decode()
    assert world["s3"].keys(world["bucket"]), "the files are in the shared bucket"

    # Review on web A.
    assert (
        member.post(
            f"{hosts['web-a']}/evidence/{item.pk}/review/approve/",
            {"share_with_group": "on", "include_in_filings": "on"},
        )
        == 200
    )
    item.refresh_from_db()
    assert item.status == EvidenceItem.Status.APPROVED

    # The filing: drafted on web A, built by the general worker, approved by a moderator, sent by SMTP to
    # the regulator, and answered through the link in that email on web B.
    submission = _file_and_answer(world, campaign, organizer, boss)

    # The mail of the joins above is out; from here on the SMTP server sees only the update's.
    assert wait_for(
        lambda: (
            not Notification.objects.filter(email_pending=True).exists()  # emails still to be written
            and not OutboundEmail.objects.exclude(status="sent").exists()
        ),
        timeout=180,
    )
    world["smtp"].messages.clear()
    # (There may be none: joiners are no longer mailed about their own join.)
    before_update = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    update_mail = OutboundEmail.objects.filter(pk__gt=before_update)

    # The organizer posts an update on web B; the general worker fans it out and mails every member.
    boss.log_in(hosts["web-b"], organizer.email)
    url = f"{hosts['web-b']}/campaigns/{campaign.slug}/updates/new/"
    assert boss.post(url, {"title": "材料已提交", "body": "进展：材料已提交。"}) == 200
    # Mid-journey: web B goes away, and the general worker is killed once it has started sending.
    machines["web-b"].stop()
    started = wait_for(lambda: update_mail.filter(status="sent").exists(), timeout=180, interval=0.05)
    assert started, machines["worker-general"].log()[-3000:]
    machines["worker-general"].stop(signal.SIGKILL)
    unsent = update_mail.exclude(status="sent").count()
    assert unsent > MEMBERS // 2, "killed mid-way, with most of the mail still to send"
    replacement = Machine(
        "worker-general-2", world["tmp"], worker("default,notifications,email,filings"), world["env"]
    )
    machines["worker-general-2"] = replacement

    recipients = {owner_membership.user.email, newcomer_email, *(u.email for u in others)}
    done = wait_for(
        lambda: (
            not OutboundEmail.objects.exclude(status="sent").exists()
            and {m["To"] for m in world["smtp"].messages} >= recipients
        ),
        timeout=300,
        interval=1,
    )
    assert done, replacement.log()[-3000:]
    broadcast = Broadcast.objects.get(kind="update_posted")
    assert broadcast.status == Broadcast.Status.DONE
    # Nothing lost, nothing twice. Each email has one Message-ID on every try: the one email the killed
    # worker may have had accepted by the server but not yet marked sent goes again under the same
    # Message-ID (a mail service shows it once), and no other email is repeated.
    received = [(m["To"], m["Message-ID"]) for m in world["smtp"].messages]
    emails = set(received)
    assert sorted(to for to, _ in emails) == sorted(recipients), "every member mailed about the update once"
    assert len({message_id for _, message_id in emails}) == len(emails), "one Message-ID per email"
    repeats = len(received) - len(emails)
    assert repeats <= 1, "at most the email in flight when the worker was killed went twice"
    for user in [owner_membership.user, User.objects.get(email=newcomer_email), *others]:
        assert Notification.objects.filter(recipient=user, kind="update_posted").count() == 1
    for evidence in (item, shot):
        evidence.refresh_from_db()
        assert evidence.attempts == 1, "processed once"
    assert submission.attempt_rows.count() == 1, "the filing went out once"

    # What ran where; evidence work only on the evidence worker.
    watched = (
        "complaints.evidence.tasks.evidence_process_task",
        "complaints.filings.tasks.filing_version_build_task",
        "complaints.filings.tasks.submission_send_task",
    )
    ran = {name: {t: m.ran(t) for t in watched} for name, m in machines.items()}
    with capsys.disabled():
        print("\nwhat ran where:")
        for name, machine in machines.items():
            tasks = re.findall(r"Task ([\w.]+)\[[^\]]+\] succeeded", machine.log())
            print(f"  {name:<18} {sorted(set(tasks)) or '(no Celery task: web requests or the schedule)'}")
        print(f"  killed the general worker with {unsent} of {MEMBERS + 2} update emails unsent")
        print(f"  update emails received again under the same Message-ID: {repeats}")
    assert ran["worker-evidence"]["complaints.evidence.tasks.evidence_process_task"] == 2
    assert ran["worker-general"]["complaints.filings.tasks.filing_version_build_task"] >= 1
    assert ran["worker-general"]["complaints.filings.tasks.submission_send_task"] >= 1
    assert not any(ran["worker-evidence"][t] for t in watched[1:]), "filings never on the evidence worker"
    assert replacement.ran("complaints.notifications.email_send_batch_task"), (
        "the replacement finished the mail"
    )
    for name in ("worker-general", "worker-general-2"):
        assert ran[name]["complaints.evidence.tasks.evidence_process_task"] == 0
