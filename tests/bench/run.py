"""`make bench`: seed (or reuse) the data set, start gunicorn + a Celery worker on PostgreSQL and Redis, load
each page with locust next to a trivial view, time the heavy jobs, count queries; print one table and write
it as JSON under var/bench/.
"""

from __future__ import annotations

import csv
import http.cookiejar
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.database import database_ensure
from tests.bench.mail import SMTPSink, mail_wait

ROOT = Path(__file__).resolve().parents[2]
VAR = Path(os.environ.get("TONGSU_VAR_DIR", ROOT / "var"))
OUT = VAR / "bench"
PY = sys.executable
USERS = int(os.environ.get("BENCH_USERS", "16"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 2) + 1)))
SCENARIOS = [
    # (locust class, label, kind) — kind sets the floor: public, logged-in, or write
    ("Trivial", "trivial view (physical limit)", "trivial"),
    ("CampaignList", "campaign list", "public"),
    ("BigCampaign", "big campaign page", "public"),
    ("PlatformPage", "platform page", "public"),
    ("Search", "search (Chinese)", "public"),
    ("MemberView", "member view (big campaign)", "logged-in"),
    ("Notifications", "notification list", "logged-in"),
    ("Join", "join POST", "write"),
]
# The queues the bench's worker consumes, and whose backlog drain() waits for.
QUEUES = ("default", "notifications", "evidence", "filings")
# The worker's CPU priority: background work yields the 2 cores to requests (deliveries wait, people do not).
NICE = os.environ.get("BENCH_WORKER_NICE", "10")
FLOORS = {"public": (100, 0.30), "logged-in": (150, 0.15), "write": (250, 0.0)}
SMTP_PORT = 0  # set by main() once the SMTP sink listens


def _env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ, **overrides)
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    env["PYTHONPATH"] = str(ROOT)
    env["TONGSU_LOG_LEVEL"] = "WARNING"
    # Work a stopped run's worker had taken is re-enqueued by drain()'s sweep after a minute, not ten.
    env.setdefault("TONGSU_SWEEP_AFTER_SECONDS", "60")
    if SMTP_PORT:  # every email goes to the bench's own SMTP server (tests/bench/mail.py)
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{SMTP_PORT}"
    return env


def manage(*args: str, **env: str) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=_env(**env), check=True, capture_output=True, text=True
    ).stdout


def part(*args: str) -> str:
    """One part of the harness (tests/bench/seed.py, jobs.py, queries.py) in a process of its own."""
    return subprocess.run(
        [PY, str(ROOT / "tests/bench/task.py"), *args],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def database_prepare(url: str) -> None:
    """Create the bench's database when it is missing (a fresh machine has none), then migrate it."""
    if database_ensure(url):
        print("created the database (it was missing)", flush=True)
    manage("migrate", "--noinput", "-v0", DATABASE_URL=url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(web_pid: int, worker_pid: int) -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by each process of the web server, the worker (each with its children),
    PostgreSQL and Redis, by pid: where the 2 cores go during a scenario. Empty where there is no /proc."""
    procs = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            name, rest = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = rest.split()
        procs[int(entry.name)] = (name.split("(", 1)[1], int(fields[1]), (int(fields[11]) + int(fields[12])))
    groups = {web_pid: "web", worker_pid: "worker"}

    def group(pid: int) -> str | None:
        for _ in range(20):
            if pid in groups:
                return groups[pid]
            if pid not in procs:
                return None
            pid = procs[pid][1]
        return None

    used = {}
    for pid, (name, _, ticks) in procs.items():
        label = group(pid) or {"postgres": "postgres", "redis-server": "redis"}.get(name)
        if label:
            used[pid] = (label, ticks / _TICKS)
    return used


def cpu_used(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds per part between two readings, process by process (a database connection closed in
    between takes its share with it: a little is missed, nothing counts twice or negative)."""
    used: dict[str, float] = {}
    for pid, (label, seconds) in after.items():
        earlier = before.get(pid)
        start = earlier[1] if earlier and earlier[0] == label else 0.0
        used[label] = used.get(label, 0.0) + seconds - start
    return used


def run_locust(cls: str, host: str, pids: tuple[int, int]) -> dict:
    prefix = OUT / f"locust-{cls}"
    before, children = cpu_seconds(*pids), os.times()
    subprocess.run(
        [
            PY,
            "-m",
            "locust",
            "-f",
            str(ROOT / "tests/bench/locustfile.py"),
            "--headless",
            "-u",
            str(USERS),
            "-r",
            str(USERS),
            "-t",
            f"{SECONDS}s",
            "--host",
            host,
            "--only-summary",
            "--csv",
            str(prefix),
            "--loglevel",
            "WARNING",
            cls,
        ],
        cwd=ROOT,
        env=_env(),
        check=False,
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
    )
    after, done = cpu_seconds(*pids), os.times()
    cpu = cpu_used(before, after)
    cpu["locust"] = (done.children_user + done.children_system) - (
        children.children_user + children.children_system
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Name"] != "Aggregated"]
    # The scenario's own request: the join scenario's one set-up GET per user (for its CSRF cookie) is
    # not a join and stays out of the figures.
    row = max(rows, key=lambda r: int(r["Request Count"]))
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
        # CPU milliseconds each part of the stack spent per request of the scenario (the load generator too:
        # it shares the 2 cores).
        "cpu_ms": {
            label: round(1000 * used / max(int(row["Request Count"]), 1), 2) for label, used in cpu.items()
        },
    }


def main() -> int:
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        print(
            "make bench needs DATABASE_URL (PostgreSQL) and REDIS_URL, e.g.\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/tongsu_bench REDIS_URL=redis://127.0.0.1:6379/2 make bench"
        )
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    print("migrating and seeding (reused when present) ...", flush=True)
    database_prepare(os.environ["DATABASE_URL"])
    manage("collectstatic", "--noinput", "-v0")
    print(part("seed", *os.environ.get("BENCH_SEED_ARGS", "").split()).strip(), flush=True)
    dataset = json.loads((OUT / "dataset.json").read_text())
    global SMTP_PORT
    with SMTPSink(free_port()) as sink:
        SMTP_PORT = sink.port
        return _run(dataset, sink)


def _run(dataset: dict, sink: SMTPSink) -> int:
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    web = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(OUT / "gunicorn.log"),
        ],
        cwd=ROOT,
        env=_env(),
    )
    worker = subprocess.Popen(
        [
            *(["nice", "-n", NICE] if NICE != "0" else []),
            PY,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-Q",
            ",".join(QUEUES),
            "--concurrency",
            "2",
            # Email batches left queued by an earlier run's fan-out would otherwise load this run's pages.
            "--purge",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=_env(),
        stdout=open(OUT / "worker.log", "wb"),  # noqa: SIM115 - open for the worker's life
        stderr=subprocess.STDOUT,
    )
    results: dict = {"pages": {}, "jobs": {}, "queries": {}}
    try:
        wait_up(host + "/ping")
        # What an earlier run left for the worker would take the CPU from this run's pages.
        print("letting the worker finish what earlier runs left ...", flush=True)
        results["jobs"]["left by earlier runs"] = drain(limit=900)
        # BENCH_ONLY=Join,MemberView loads just those pages (and the trivial view the ratios need).
        only = {c for c in os.environ.get("BENCH_ONLY", "").split(",") if c}
        for cls, label, kind in SCENARIOS:
            if only and cls not in only and kind != "trivial":
                continue
            print(f"loading {label} ({USERS} users, {SECONDS} s) ...", flush=True)
            results["pages"][label] = {"kind": kind, **run_locust(cls, host, (web.pid, worker.pid))}
        if os.environ.get("BENCH_SKIP_JOBS") != "1":
            print("waiting for the worker to catch up with the pages' background work ...", flush=True)
            results["jobs"]["backlog"] = drain()
            print(
                "posting an organizer update to the big campaign and waiting for its fan-out ...", flush=True
            )
            posted_at = datetime.now(UTC)
            results["jobs"]["fan-out"] = fanout(host, dataset)
            print(
                "waiting for the last of the fan-out's emails to be accepted by the SMTP server ...",
                flush=True,
            )
            results["jobs"]["fan-out emails"] = mail_wait(posted_at, sink)
            results["jobs"].update(jobs(dataset))
        results["queries"] = json.loads(part("queries"))
    finally:
        for process in (web, worker):
            process.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    results["machine"] = machine()
    results["dataset"] = {k: v for k, v in dataset.items() if k != "sessions"}
    results["settings"] = {
        "users": USERS,
        "seconds": SECONDS,
        "gunicorn_workers": WORKERS,
        "worker_nice": NICE,
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (OUT / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    (OUT / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(table(results))
    print(f"\nwritten: var/bench/bench-{stamp}.json")
    return 0


def drain(limit: float = 300) -> dict:
    """Wait until the worker has caught up: no broker message queued or taken by the worker, and no broadcast
    the database still lists as not fanned out. The joins leave their notifications and emails behind while
    the worker yields the CPU to the pages; an earlier run's worker was stopped mid-way and its messages
    purged, so its broadcasts wait for the sweep, sent here whenever the broker is empty and broadcasts still
    wait (as beat does every minute). Returns how much there was and how long it took."""
    import psycopg
    import redis

    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    database = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)

    def messages() -> int:
        queued = sum(
            broker.llen(key) for q in QUEUES for key in broker.scan_iter(match=f"{q}*", _type="list")
        )
        return queued + broker.hlen("unacked")

    def rows() -> int:
        # Broadcasts only: the fan-out's emails are timed on their own (mail_wait), and an earlier run's
        # unsent ones would hold up every run.
        return database.execute(
            "SELECT count(*) FROM notifications_broadcast WHERE status IN ('pending', 'running')"
        ).fetchone()[0]

    started = time.monotonic()
    first, swept = {"messages": messages(), "rows": rows()}, -1.0
    try:
        while time.monotonic() - started < limit:
            waiting = messages()
            if not waiting and not rows():
                break
            if not waiting and time.monotonic() - swept > 20:
                subprocess.run(
                    [PY, "-m", "celery", "-A", "portal", "call", "complaints.core.tasks.sweep_task"],
                    cwd=ROOT,
                    env=_env(),
                    check=True,
                    capture_output=True,
                )
                swept = time.monotonic()
            time.sleep(0.5)
        return {**first, "seconds": round(time.monotonic() - started, 1), "left": messages() + rows()}
    finally:
        database.close()


def jobs(dataset: dict) -> dict:
    """Heavy jobs timed with their peak memory, each in its own process (so its peak is its own)."""
    found = {}
    for name in ("filing", "anonymizer"):
        print(f"timing {name} ...", flush=True)
        try:
            found.update(json.loads(part("jobs", "--big", dataset["big_campaign"], "--only", name)))
        except subprocess.CalledProcessError as exc:
            found[name] = {"error": exc.stderr[-500:]}
    return found


def fanout(host: str, dataset: dict) -> dict:
    """The organizer posts an update through the web (timed), then the real worker fans it out to every
    member: timed until the broadcast is done (all notifications written, emails queued)."""
    organizer = next((s for s in dataset["sessions"] if s.get("number") == 1), dataset["sessions"][0])
    url = f"{host}/campaigns/{dataset['big_campaign']}/updates/new/"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    opener.addheaders = [("Cookie", f"sessionid={organizer['session']}")]
    opener.open(url, timeout=30).read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    stamp = datetime.now(UTC).strftime("%H:%M:%S")
    body = urlencode(
        {"title": f"Bench update {stamp}", "body": "进展：材料已提交。", "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Cookie": f"sessionid={organizer['session']}; csrftoken={token}", "Referer": url},
    )
    started = time.monotonic()
    with _open_no_redirect(request) as response:
        status = response.status
    web_ms = (time.monotonic() - started) * 1000
    waited = json.loads(part("jobs", "--big", dataset["big_campaign"], "--only", "fanout_wait"))
    result = waited["fanout_wait"]
    return {"web_status": status, "web_ms": round(web_ms), **result}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _open_no_redirect(request):
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        return opener.open(request, timeout=60)
    except urllib.error.HTTPError as exc:  # a 302 answer arrives here without a redirect handler
        return exc


def machine() -> dict:
    mem = "?"
    try:
        with open("/proc/meminfo") as handle:
            mem = f"{int(handle.readline().split()[1]) // 1024 // 1024} GiB"
    except OSError:
        pass
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "memory": mem,
        "python": platform.python_version(),
        "postgres_client": pg,
        "kernel": platform.release(),
    }


def table(results: dict) -> str:
    pages = results["pages"]
    trivial = pages.get("trivial view (physical limit)", {}).get("rps") or 1
    lines = [
        f"{'page':<30} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'vs trivial':>10} {'fail':>5}  floor",
        "-" * 92,
    ]
    for label, row in pages.items():
        ratio = row["rps"] / trivial
        floor = ""
        if row["kind"] in FLOORS:
            p95_max, ratio_min = FLOORS[row["kind"]]
            ok = row["p95"] < p95_max and ratio >= ratio_min and row["failures"] == 0
            floor = (
                ("ok" if ok else "MISSED")
                + f" (p95<{p95_max}"
                + (f", >={ratio_min:.0%}" if ratio_min else "")
                + ")"
            )
        lines.append(
            f"{label:<30} {row['rps']:>8.1f} {row['p50']:>7.0f} {row['p95']:>7.0f} {row['p99']:>7.0f} "
            f"{ratio:>10.1%} {row['failures']:>5}  {floor}"
        )
    if any(row.get("cpu_ms") for row in pages.values()):
        parts = ("web", "postgres", "redis", "worker", "locust")
        lines += ["", f"{'CPU ms per request':<30} " + " ".join(f"{part:>8}" for part in parts)]
        for label, row in pages.items():
            cpu = row.get("cpu_ms") or {}
            lines.append(f"{label:<30} " + " ".join(f"{cpu.get(part, 0):>8.2f}" for part in parts))
    if results["jobs"]:
        lines += ["", "jobs"]
        for name, value in results["jobs"].items():
            lines.append(f"  {name}: {value}")
    if results["queries"]:
        lines += ["", "queries per page (10 members vs big campaign)"]
        for name, value in results["queries"].items():
            lines.append(f"  {name}: {value}")
    m = results.get("machine", {})
    lines += [
        "",
        f"machine: {m.get('cpus')} cores, {m.get('memory')}, Python {m.get('python')}, {m.get('postgres_client')}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
