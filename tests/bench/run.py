"""`make bench`: seed (or reuse) the data set, start gunicorn + a Celery worker on PostgreSQL and Redis, load
each page with locust next to a trivial view, time the heavy jobs, count queries; print one table and write
it as JSON under var/bench/.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.database import autovacuum_catch_up, database_ensure
from tests.bench.mail import mail_wait
from tests.bench.pages import CACHED, SECONDS, UNCACHED, USERS, run_locust, summary, table
from tests.bench.sink import CountingSMTPServer
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
VAR = Path(os.environ.get("TONGSU_VAR_DIR", ROOT / "var"))
OUT = VAR / "bench"
PY = sys.executable
# gunicorn's sync workers: two per core. With gunicorn's suggested 2 x cores + 1 (5 here) the uncached pages ran
# 10-25% slower (more web CPU a request, 2026-12-07 00:14-00:44, alternating 5/3/5/3 then 4/3 runs): five
# processes, PostgreSQL and locust took turns on 2 cores. With 3 the pages ran as with 4, the trivial view slower.
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 2))))
# The queues the bench's workers consume, and whose backlog drain() waits for: email has a worker of its own.
QUEUES = ("default", "notifications", "evidence", "filings", "email")
# The workers' CPU priority: background work yields the 2 cores to requests (deliveries wait, people do not).
NICE = os.environ.get("BENCH_WORKER_NICE", "10")
# The mail worker's processes spend most of each email waiting for the SMTP server's four answers: with 4
# processes the last of 50,000 emails was accepted 50.0 s after the post, with 2 61.4 s (2026-12-06 17:29
# and 17:33, quiet machine); the fan-out's notifications took 12.2 and 8.7 s.
MAIL_CONCURRENCY = os.environ.get("BENCH_MAIL_CONCURRENCY", "4")
SMTP_PORT = 0  # set by main() once the SMTP sink listens


def _env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ, **overrides)
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    env["PYTHONPATH"] = str(ROOT)
    env["TONGSU_LOG_LEVEL"] = "WARNING"
    # Work a stopped run's worker had taken is re-enqueued by drain()'s sweep after a minute, not ten.
    env.setdefault("TONGSU_SWEEP_AFTER_SECONDS", "60")
    # Every locust user is one client at 127.0.0.1: the open-data API's per-client limit would measure itself.
    env.setdefault("TONGSU_API_RATE", "100000000/m")
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


def wait_up(url: str) -> None:
    deadline = time.monotonic() + 180  # gunicorn's workers boot slowly on a loaded machine
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


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
    print(part("mix").strip(), flush=True)
    global SMTP_PORT
    with CountingSMTPServer(free_port()) as sink:  # counts what it accepts, keeps nothing
        SMTP_PORT = sink.port
        return _run(dataset, sink)


def serve(port: int, **env: str) -> subprocess.Popen:
    """gunicorn on the bench's port with its workers (and the environment one table needs)."""
    command = [PY, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)]
    command += ["--access-logfile", "/dev/null", "--error-logfile", str(OUT / "gunicorn.log")]
    return subprocess.Popen(command, cwd=ROOT, env=_env(**env))


def celery_worker(name: str, queues: tuple[str, ...], concurrency: str) -> subprocess.Popen:
    command = [*(["nice", "-n", NICE] if NICE != "0" else []), PY, "-m", "celery", "-A", "portal", "worker"]
    command += [
        "-n",
        f"{name}@%h",
        "-Q",
        ",".join(queues),
        "--concurrency",
        concurrency,
        "--loglevel",
        "WARNING",
    ]
    # Email batches left queued by an earlier run's fan-out would otherwise load this run's pages.
    command += ["--purge"]
    log = open(OUT / f"{name}.log", "wb")  # noqa: SIM115 - open for the worker's life
    return subprocess.Popen(command, cwd=ROOT, env=_env(), stdout=log, stderr=subprocess.STDOUT)


def stop_all(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def load(scenarios: list, host: str, pids: tuple[int, ...], title: str, **env: str) -> dict:
    only = {c for c in os.environ.get("BENCH_ONLY", "").split(",") if c}
    found = {}
    for cls, label, kind in scenarios:
        if only and cls not in only and kind != "trivial":
            continue
        print(f"{title}: loading {label} ({USERS} users, {SECONDS} s) ...", flush=True)
        found[label] = {"kind": kind, **run_locust(cls, host, pids, OUT, _env(**env))}
    return found


def _run(dataset: dict, sink: CountingSMTPServer) -> int:
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    worker = celery_worker("general", QUEUES[:-1], "2")
    mailer = celery_worker("mail", ("email",), MAIL_CONCURRENCY)
    web = serve(port)
    results: dict = {"pages": {}, "pages_uncached": {}, "jobs": {}, "queries": {}}
    try:
        wait_up(host + "/ping")
        # What an earlier run left for the workers would take the CPU from this run's pages.
        print("letting the workers finish what earlier runs left ...", flush=True)
        results["jobs"]["left by earlier runs"] = drain(limit=900)
        pids = (web.pid, worker.pid, mailer.pid)
        if os.environ.get("BENCH_SKIP_CACHED") != "1":
            results["pages"] = load(CACHED, host, pids, "cached, realistic mix")
        if os.environ.get("BENCH_SKIP_JOBS") != "1":
            results["jobs"].update(fanout_and_mail(host, dataset, sink))
        stop_all([web])
        print("restarting the web server with TONGSU_PAGE_CACHE_SECONDS=0 ...", flush=True)
        web = serve(port, TONGSU_PAGE_CACHE_SECONDS="0")
        wait_up(host + "/ping")
        print("letting the database be as autovacuum keeps it after the writes above ...", flush=True)
        results["jobs"]["autovacuum"] = autovacuum_catch_up(os.environ["DATABASE_URL"])
        print(f"  {results['jobs']['autovacuum']}", flush=True)
        pids = (web.pid, worker.pid, mailer.pid)
        results["pages_uncached"] = load(UNCACHED, host, pids, "uncached", TONGSU_PAGE_CACHE_SECONDS="0")
        results["queries"] = json.loads(part("queries"))
    finally:
        stop_all([web, worker, mailer])
    results["machine"] = machine()
    results["dataset"] = {k: v for k, v in dataset.items() if k != "sessions"}
    results["settings"] = {
        "users": USERS,
        "seconds": SECONDS,
        "gunicorn_workers": WORKERS,
        "worker_nice": NICE,
    }
    results["settings"]["db_pool_max_size"] = os.environ.get("TONGSU_DB_POOL_MAX_SIZE", "0")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (OUT / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    (OUT / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print("\ncached (anonymous page cache on), realistic mix\n" + table(results, "pages", "cached"))
    print("\nuncached (TONGSU_PAGE_CACHE_SECONDS=0)\n" + table(results, "pages_uncached", "uncached"))
    print(summary(results))
    print(f"\nwritten: var/bench/bench-{stamp}.json")
    return 0


def fanout_and_mail(host: str, dataset: dict, sink: CountingSMTPServer) -> dict:
    """The big campaign's update: its fan-out's write time, then the last of its emails accepted by SMTP."""
    found = {}
    print("waiting for the workers to catch up with the pages' background work ...", flush=True)
    found["backlog"] = drain()
    print("posting an organizer update to the big campaign and waiting for its fan-out ...", flush=True)
    posted_at = datetime.now(UTC)
    accepted_before = sink.handler.accepted  # the mail worker starts sending while the fan-out still runs
    found["fan-out"] = fanout(host, dataset)
    print("waiting for the last of the fan-out's emails to be accepted by the SMTP server ...", flush=True)
    found["fan-out emails"] = mail_wait(posted_at, sink, accepted_before)
    if os.environ.get("BENCH_SKIP_HEAVY") != "1":  # the filing and the anonymizer, a few minutes
        found.update(jobs(dataset))
    return found


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


if __name__ == "__main__":
    sys.exit(main())
