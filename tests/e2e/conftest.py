"""Browser journeys: a real server, a real Celery worker and Debian's Chromium driven by Playwright.

The stack runs in its own var/ directory (SQLite, filesystem broker) so it never touches the developer's
data; its mail goes to a local SMTP server (aiosmtpd) and is read from there, as a person reads their inbox.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.smtp import LocalSMTPServer

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = ROOT / "var" / "e2e"
CHROMIUM = os.environ.get("TONGSU_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
VIEWPORTS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ["zh-hans", "en"]
DEMO_PASSWORD = "tongsu-demo-2026"
PASSWORD = "a-long-secret-phrase-42"
QUEUES = "default,notifications,email,evidence,filings"
EVIDENCE_DIR = Path(settings.SHARED_DIR) / "data" / "evidence"


def _free_port() -> int:
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
        # Every mail (codes, restore links, filings to regulators) goes to a real local SMTP server.
        self.smtp = LocalSMTPServer()
        self.env["EMAIL_URL"] = self.smtp.url
        # Regulators answer filings by mail to the portal's own SMTP receiver (manage.py receive_mail).
        self.inbound_port = _free_port()
        self.env["TONGSU_INBOUND_SMTP_PORT"] = str(self.inbound_port)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code: str) -> str:
        """Run Python in the stack's Django (seeding what a journey need not show); returns what it prints."""
        return self.manage("shell", "--no-imports", "-c", code).strip()

    def start(self) -> None:
        self.smtp.__enter__()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("demo_data", "--quiet-logins")
        # Loading the demo queues hundreds of fan-outs for demo people; on the filesystem broker they would
        # hold a journey's verification mail back for minutes. The journeys need none of them: their messages
        # are purged and their broadcasts marked done.
        subprocess.run(
            [sys.executable, "-m", "celery", "-A", "portal", "purge", "-f", "-Q", QUEUES],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            check=True,
        )
        # The broadcasts are the fan-out's to-do list: the first window's task would work through them all.
        self.shell(
            "from complaints.notifications.models import Broadcast; "
            "Broadcast.objects.filter(status=Broadcast.Status.PENDING).update(status=Broadcast.Status.DONE)"
        )
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
                    QUEUES,
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
        inbound_log = open(self.var_dir / "inbound.log", "wb")  # noqa: SIM115
        self.processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "receive_mail"],
                cwd=ROOT,
                env=self.env,
                stdout=inbound_log,
                stderr=subprocess.STDOUT,
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.inbound_port), timeout=1).close()
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(
            f"the web process or the mail receiver did not come up; see web.log and inbound.log in {self.var_dir}"
        )

    def stop(self) -> None:
        self.smtp.__exit__(None, None, None)
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def mails_to(self, address: str) -> list:
        return [message for message in list(self.smtp.messages) if address in str(message["To"])]

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
    shutil.rmtree(E2E_DIR, ignore_errors=True)  # screenshots and failure dumps of this run only
    E2E_DIR.mkdir(parents=True)
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


# Run on every screenshot. Returns a list of problems a person would notice, each in words.
LAYOUT_CHECK = r"""
() => {
  const problems = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.width > 2 && box.height > 2;
  };
  const short = (text) => text.replace(/\s+/g, " ").trim().slice(0, 30);
  // 1. Text in a button, link, label or table heading wrapping one character per line ("继\n续").
  const controls = document.querySelectorAll(
    "button, a, label, summary, th, [role=button], .badge, nav li, .figures span"
  );
  for (const el of controls) {
    if (!visible(el) || el.closest(".visually-hidden")) continue;
    const chars = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const parent = node.parentElement;
      if (parent.closest(".visually-hidden") || parent.getBoundingClientRect().width <= 2) continue;  // for screen readers
      for (let i = 0; i < node.data.length; i++) {
        if (/\s/.test(node.data[i])) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.width > 0) chars.push(Math.round(rect.top));
      }
    }
    if (chars.length < 2) continue;
    const lines = new Set(chars).size;
    if (lines >= 2 && lines * 1.5 > chars.length) {
      problems.push(`text wraps one character per line: "${short(el.innerText)}" (${lines} lines)`);
    }
  }
  // 2. The page is wider than the screen: the person has to scroll sideways.
  const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  if (overflow > 1) {
    const wide = [...document.querySelectorAll("body *")].filter(
      (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest(".table-scroll")
    ).slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
    problems.push(`page is ${overflow}px wider than the screen (${wide.join(", ")})`);
  }
  // 3. Chart labels drawn on top of each other.
  for (const svg of document.querySelectorAll("svg")) {
    const labels = [...svg.querySelectorAll("text")].map((t) => [t, t.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const [ta, a] = labels[i], [tb, b] = labels[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) {
          problems.push(`chart labels overlap: "${short(ta.textContent)}" and "${short(tb.textContent)}"`);
        }
      }
    }
  }
  // 4. On a phone the header takes at most 15% of the screen.
  const header = document.querySelector(".site-header");
  if (header && window.innerWidth <= 480) {
    const height = header.getBoundingClientRect().height;
    if (height > window.innerHeight * 0.15) {
      problems.push(`header is ${Math.round(height)}px tall, over 15% of a ${window.innerHeight}px screen`);
    }
  }
  return problems;
}
"""


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
        self.check_layout(label)

    def check_layout(self, label: str = "") -> None:
        """What a person would see broken on this screen: words stacked one character per line, a page wider
        than the phone, chart labels on top of each other, a header eating the screen (issue #20, item 8)."""
        problems = self.page.evaluate(LAYOUT_CHECK)
        assert problems == [], f"{self.name} step {self.step_no} {label} ({self.page.url}): {problems}"

    def fail_dump(self) -> None:
        (E2E_DIR / f"{self.name}-FAILED.html").write_text(self.page.content(), encoding="utf-8")
        self.page.screenshot(path=str(E2E_DIR / f"{self.name}-FAILED.png"), full_page=True)

    def close(self) -> None:
        self.context.close()

    def submit(self, form: str = "main form") -> None:
        """Press the form's submit button and wait for the next page."""
        self.page.locator(f"{form} button[type=submit]").first.click()
        self.page.wait_for_load_state()

    def sign_up(self, email: str, password: str = PASSWORD) -> None:
        """Sign up and confirm the address with the code from the mail, as a newcomer does."""
        page = self.page
        self.go("/accounts/signup/")
        page.locator("input[name=email]").fill(email)
        page.locator("input[name=password1]").fill(password)
        page.locator("input[name=password2]").fill(password)
        self.shot("signup-form")
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_url("**/accounts/confirm-email/**")
        code = self.stack.code_in(self.stack.wait_for_mail(email)[-1])
        page.locator("input[name=code]").fill(code)
        self.shot("enter-code")
        self.submit()

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        self.go("/accounts/login/")
        self.page.locator("input[name=login]").fill(email)
        self.page.locator("input[name=password]").fill(password)
        self.submit()
        assert "/accounts/login/" not in self.page.url, "login failed"

    def speak_my_language(self) -> None:
        """A logged-in person whose saved language differs switches it with the header's language button."""
        if self.page.locator("html").get_attribute("lang") != self.language:
            self.page.locator("form.language-switcher button").first.click()
            self.page.wait_for_load_state()
        assert self.page.locator("html").get_attribute("lang") == self.language

    def fits_the_screen(self) -> None:
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{self.page.url} is {overflow}px wider than the screen"


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
