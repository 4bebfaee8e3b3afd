"""Browser journeys: a real server, a real Celery worker and Debian's Chromium driven by Playwright.

The stack runs in its own var/ directory (SQLite, filesystem broker, .eml mail) so it never touches the
developer's data; mail is read from the .eml files the worker writes, as a person would read their inbox.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = ROOT / "var" / "e2e"
CHROMIUM = os.environ.get("TONGSU_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
VIEWPORTS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ["zh-hans", "en"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """Web + worker processes on a private var/ directory."""

    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DATABASE_URL", "REDIS_URL"))
        }
        self.env.update(
            TONGSU_VAR_DIR=str(var_dir),
            TONGSU_SITE_URL=self.url,
            DJANGO_SETTINGS_MODULE="portal.settings",
            PYTHONPATH=str(ROOT),
            # The same rules as a person meets; only sweeping is faster so a lost message shows quickly.
            TONGSU_SWEEP_AFTER_SECONDS="30",
        )
        self.processes: list[subprocess.Popen] = []

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def start(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("demo_data", "--quiet-logins")
        log = open(self.var_dir / "web.log", "wb")  # noqa: SIM115 - kept open for the process' life
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "portal.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        worker_log = open(self.var_dir / "worker.log", "wb")  # noqa: SIM115
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "portal",
                    "worker",
                    "--queues",
                    "default,notifications,evidence,filings",
                    "--concurrency",
                    "2",
                    "--loglevel",
                    "INFO",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the web process did not come up; see " + str(self.var_dir / "web.log"))

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def mails_to(self, address: str) -> list:
        folder = self.var_dir / "mail"
        found = []
        for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            if message["To"] == address:
                found.append(message)
        return found

    def wait_for_mail(self, address: str, *, count: int = 1, timeout: float = 30) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            mails = self.mails_to(address)
            if len(mails) >= count:
                return mails
            time.sleep(0.3)
        raise AssertionError(f"no mail for {address} after {timeout}s")

    @staticmethod
    def code_in(message) -> str:
        body = message.get_body(("plain",)).get_content()
        match = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", body)
        assert match, body
        return match.group(1)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("e2e-var")
    stack = Stack(var_dir)
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (make e2e does this)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Journey:
    """One person's browser session; every step leaves a screenshot, a failure leaves the HTML too."""

    def __init__(self, browser, stack: Stack, name: str, language: str, viewport: str):
        self.stack = stack
        self.name = f"{name}-{language}-{viewport}"
        self.context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            locale="zh-CN" if language == "zh-hans" else "en-GB",
            extra_http_headers={
                "Accept-Language": "zh-CN,zh;q=0.9" if language == "zh-hans" else "en-GB,en;q=0.9"
            },
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.language = language
        self.step_no = 0
        self.console_errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on(
            "response", lambda r: r.status >= 400 and self.console_errors.append(f"{r.status} {r.url}")
        )
        E2E_DIR.mkdir(parents=True, exist_ok=True)

    def t(self, zh: str, en: str) -> str:
        return zh if self.language == "zh-hans" else en

    def go(self, path: str) -> None:
        self.page.goto(self.stack.url + path)

    def shot(self, label: str) -> None:
        self.step_no += 1
        self.page.screenshot(
            path=str(E2E_DIR / f"{self.name}-{self.step_no:02d}-{label}.png"), full_page=True
        )

    def fail_dump(self) -> None:
        (E2E_DIR / f"{self.name}-FAILED.html").write_text(self.page.content(), encoding="utf-8")
        self.page.screenshot(path=str(E2E_DIR / f"{self.name}-FAILED.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def journey(browser, stack, request):
    journeys: list[Journey] = []

    def make(name: str, language: str, viewport: str) -> Journey:
        j = Journey(browser, stack, name, language, viewport)
        journeys.append(j)
        return j

    yield make
    failed = getattr(request.node, "rep_call", None)
    for j in journeys:
        if failed is not None and failed.failed:
            j.fail_dump()
        j.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
