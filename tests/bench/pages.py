"""`make bench`'s page measurements: one locust scenario at a time next to the trivial view, the CPU each part
of the stack spent per request, and the tables printed at the end."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
USERS = int(os.environ.get("BENCH_USERS", "16"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))

# (locust class, label, kind): the kind sets the floor. The cached table is what many visitors see with the
# anonymous page cache on (tests/bench/mix.py: every list page, 3,000 campaigns, 1,000 search terms); the
# uncached one is the same mix with TONGSU_PAGE_CACHE_SECONDS=0, each next to the trivial view in one run.
CACHED = [
    ("Trivial", "trivial view (physical limit)", "trivial"),
    ("CampaignListFirstPages", "campaign list (first 20 pages)", "public"),
    ("CampaignList", "campaign list (all pages)", "public"),
    ("BigCampaign", "big campaign page", "public"),
    ("ManyCampaigns", "campaign pages (3,000)", "public"),
    ("PlatformPage", "platform page", "public"),
    ("ManyPlatforms", "platform pages (many)", "public"),
    ("Statistics", "statistics page", "public"),
    ("BigCampaignStatus", "big campaign's public status", "public"),
    ("Search", "search (Chinese, one query)", "public"),
    ("ManySearches", "search (1,000 terms)", "public"),
    ("Rankings", "rankings page", "public"),
    ("ApiList", "API list (campaigns)", "public"),
    ("MemberView", "member view (big campaign)", "logged-in"),
    ("Notifications", "notification list", "logged-in"),
    ("Join", "join POST", "write"),
]
UNCACHED = [
    ("Trivial", "trivial view (physical limit)", "trivial"),
    ("CampaignList", "campaign list (all pages)", "public"),
    ("BigCampaign", "big campaign page", "public"),
    ("ManyCampaigns", "campaign pages (3,000)", "public"),
    ("ManyPlatforms", "platform pages (many)", "public"),
    ("Statistics", "statistics page", "public"),
    ("ManySearches", "search (1,000 terms)", "public"),
    ("Rankings", "rankings page", "public"),
    ("ApiList", "API list (campaigns)", "public"),
    ("MemberView", "member view (big campaign)", "logged-in"),
]
# kind -> (p95 below, share of the trivial view at least): issue 26's floors.
FLOORS = {
    "cached": {"public": (100, 0.30), "logged-in": (150, 0.15), "write": (250, 0.0)},
    "uncached": {"public": (150, 0.15), "logged-in": (1000, 0.10)},
}


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(web_pid: int, *worker_pids: int) -> dict[int, tuple[str, float]]:
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
    groups = {web_pid: "web"} | dict.fromkeys(worker_pids, "worker")

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


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:  # N/A: no request finished
        return 0.0


def run_locust(cls: str, host: str, pids: tuple[int, ...], out: Path, env: dict) -> dict:
    prefix = out / f"locust-{cls}"
    before, children = cpu_seconds(*pids), os.times()
    finished = subprocess.run(
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
        env=env,
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
    if not rows:  # locust answered nothing (its log says why): a row of zeros, not a crashed run
        (out / f"locust-{cls}.log").write_text(finished.stdout + finished.stderr)
        rows = [
            {
                "Request Count": "0",
                "Failure Count": "0",
                "Requests/s": "0",
                "50%": "0",
                "95%": "0",
                "99%": "0",
            }
        ]
    row = max(rows, key=lambda r: int(r["Request Count"]))
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": _number(row["Requests/s"]),
        "p50": _number(row["50%"]),
        "p95": _number(row["95%"]),
        "p99": _number(row["99%"]),
        # CPU milliseconds each part of the stack spent per request of the scenario (the load generator too:
        # it shares the 2 cores).
        "cpu_ms": {
            label: round(1000 * used / max(int(row["Request Count"]), 1), 2) for label, used in cpu.items()
        },
    }


def table(results: dict, key: str = "pages", floors: str = "cached") -> str:
    pages = results.get(key) or {}
    trivial = pages.get("trivial view (physical limit)", {}).get("rps") or 1
    lines = [
        f"{'page':<30} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'vs trivial':>10} {'fail':>5}  floor",
        "-" * 92,
    ]
    for label, row in pages.items():
        ratio = row["rps"] / trivial
        floor = ""
        if row["kind"] in FLOORS[floors]:
            p95_max, ratio_min = FLOORS[floors][row["kind"]]
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
    return "\n".join(lines)


def summary(results: dict) -> str:
    """The jobs, the queries and the machine under the tables."""
    lines: list[str] = []
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
