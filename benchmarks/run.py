"""`make bench`: load three sizes of data into PostgreSQL, serve them with gunicorn
(production settings, whitenoise) and measure the key pages.

For each size and page it records the SQL queries one request runs (counted
in-process against the same database), the median and 95th-percentile time of
sequential requests to gunicorn over loopback, and the throughput under concurrent
load (wrk), beside a trivial view measured in the same run as the machine's ceiling:
the "warm" mode. benchmarks/modes.py adds the dashboard cold, as at new past dates,
right after progress updates and under mixed load (issue 12). Order matters: cold
first, then the past dates, then warm, live and mixed.
Results go to benchmarks/results.json and benchmarks/README.md.

The machine is shared and noisy: compare ratios within one run, not absolute numbers
across runs.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import modes

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8765
SAMPLES = 15
WRK_SECONDS = 4
PASSWORDS = {"demo": "demo-password", "scale": "scale-password"}
SIZES = {
    "demo": None,
    "10x": [
        "--agencies",
        "130",
        "--recommendations",
        "310",
        "--actions-per-recommendation",
        "3.4",
        "--updates-per-action",
        "4.9",
    ],
    "national": [
        "--agencies",
        "250",
        "--recommendations",
        "50000",
        "--actions-per-recommendation",
        "3.0",
        "--updates-per-action",
        "6.67",
    ],
}
GOALS = """Goals (issue 7): every page a fixed number of queries at all sizes; dashboard p50 within 3x of
its demo-size p50; every listed page p95 under 300 ms; our pages faster than the Django admin
changelist on the same data; exporting all actions with peak memory under 100 MB above idle."""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def env_for(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="benchmark-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="False",
        SECURE_COOKIES="False",
        DJANGO_SETTINGS_MODULE="assurance.settings",
        STATIC_ROOT=str(ROOT / "benchmarks" / "tmp" / "static"),
        EVIDENCE_ROOT=str(ROOT / "benchmarks" / "tmp" / "evidence"),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def recreate_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def start_gunicorn(env: dict, workers: int = 2) -> subprocess.Popen:
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "assurance.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{PORT}",
        "--timeout",
        "300",
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    import requests

    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{PORT}/ping", timeout=1).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def sign_in(username: str, password: str, totp_key: str | None, next_path: str = "/ping"):
    """A requests session signed in through the real forms, two-factor included. It
    lands on ``next_path``, not the home page, which for oversight is the dashboard."""
    import requests
    from django_otp.oath import totp

    base = f"http://127.0.0.1:{PORT}"
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": next_path},
        headers={"Referer": f"{base}/accounts/login/"},
    )
    if totp_key and "two-factor" in response.url:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
        code = f"{totp(bytes.fromhex(totp_key)):06d}"
        session.post(
            f"{base}/accounts/two-factor/",
            data={"csrfmiddlewaretoken": token, "token": code, "next": next_path},
            headers={"Referer": response.url},
        )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"could not sign in as {username}")
    return session


def time_page(session, path: str, samples: int = SAMPLES) -> tuple[float, float, int]:
    """Median and 95th percentile of sequential requests (after one warm-up), in ms."""
    url = f"http://127.0.0.1:{PORT}{path}"
    first = session.get(url)
    status = first.status_code
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        response = session.get(url)
        _ = response.content
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, status


def throughput(session, path: str) -> float | None:
    wrk = shutil.which("wrk")
    if not wrk:
        return None
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    result = subprocess.run(
        [
            wrk,
            "-t2",
            "-c8",
            f"-d{WRK_SECONDS}s",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: {cookie}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
    )
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    return float(match.group(1)) if match else None


def export_memory_mb(env: dict, session_cookie: dict) -> dict:
    """Peak resident memory of a one-worker gunicorn streaming the full actions export, above idle."""
    import requests

    process = start_gunicorn(env, workers=1)
    try:
        worker = int(
            subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()[
                0
            ]
        )
        session = requests.Session()
        session.cookies.update(session_cookie)
        session.get(f"http://127.0.0.1:{PORT}/dashboard/")  # imports and connections warmed up
        idle = _rss_kb(worker, "VmRSS")
        started = time.perf_counter()
        response = session.get(f"http://127.0.0.1:{PORT}/exports/actions.csv", stream=True)
        rows = sum(chunk.count(b"\n") for chunk in response.iter_content(65536)) - 1
        seconds = time.perf_counter() - started
        peak = _rss_kb(worker, "VmHWM")
    finally:
        stop(process)
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "idle_mb": round(idle / 1024, 1),
        "peak_above_idle_mb": round((peak - idle) / 1024, 1),
    }


def _rss_kb(pid: int, field: str) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1))


def in_process_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_accounts(kind: str) -> dict:
    """The accounts the benchmark signs in with, and a TOTP device for those that need one.

    The mixed load's readers are oversight accounts of their own ("bench.reader1", ...):
    one account signing in several times within a TOTP step would reuse its code, which
    django-otp refuses. The writer is the lead of the agency with the most open actions."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agencies.models import User

    names = (
        {"oversight": "oversight", "lead": "bolton.lead", "admin": "admin"}
        if kind == "demo"
        else {"oversight": "scale.oversight", "lead": "scale-0001.lead", "admin": "scale.admin"}
    )
    keys = {}
    for role in ("oversight", "admin"):
        user = User.objects.get(username=names[role])
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Benchmark", defaults={"confirmed": True}
        )
        keys[role] = device.key
    hashed = make_password(PASSWORDS[kind])
    readers = []
    for i in range(1, modes.MIXED_READERS + 1):
        user, _ = User.objects.get_or_create(
            username=f"bench.reader{i}", defaults={"is_oversight": True, "password": hashed}
        )
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Benchmark", defaults={"confirmed": True}
        )
        readers.append((user.username, device.key))
    writer, action_ids = modes.writer_account()
    assert settings.TWO_FACTOR_REQUIRED
    return {"names": names, "keys": keys, "readers": readers, "writer": writer, "open_actions": action_ids}


def pages_for(kind: str) -> list[tuple[str, str, str]]:
    from django.db.models import Count

    from recommendations.models import Recommendation

    longest = (
        Recommendation.objects.annotate(n=Count("actions__updates"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    past = "2026-06-30"
    return [
        ("trivial view (ceiling)", "anonymous", "/ping"),
        ("oversight dashboard", "oversight", "/dashboard/"),
        ("dashboard as at a past date", "oversight", f"/dashboard/?as_at={past}"),
        ("our actions, filtered", "lead", "/actions/?status=in_progress&sort=-due"),
        ("all recommendations", "oversight", "/recommendations/"),
        ("recommendation, long timeline", "oversight", f"/recommendations/{longest}/"),
        ("CSV export of all actions", "oversight", "/exports/actions.csv"),
        ("public summary", "anonymous", "/public/"),
        ("admin changelist of actions (baseline)", "admin", "/admin/recommendations/action/"),
    ]


def count_queries(user_name: str | None, path: str) -> tuple[int, float]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from agencies.models import User

    client = Client()
    with override_settings(TWO_FACTOR_REQUIRED=False):
        if user_name:
            client.force_login(User.objects.get(username=user_name))
        # The first request after loading the data works out everything (cold caches);
        # its time is the "first" column. Queries are counted on the second, warm one,
        # as the timed requests mostly are.
        started = time.perf_counter()
        warm = client.get(path)
        if hasattr(warm, "streaming_content"):
            for _ in warm.streaming_content:
                pass
        first_ms = (time.perf_counter() - started) * 1000
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                for _ in response.streaming_content:
                    pass
    return len(captured.captured_queries), first_ms


def bench_size(size: str, args, admin_url: str, database_url: str) -> list[dict]:
    name = database_url.rsplit("/", 1)[1]
    log(f"{size}: recreating database {name}")
    recreate_database(admin_url, name)
    env = env_for(database_url)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    if SIZES[size] is None:
        manage(env, "load_demo", "--force")
    else:
        manage(env, "generate_scale", "--today", "2026-11-25", *SIZES[size])
    log(f"{size}: data loaded in {time.monotonic() - started:.0f} s")
    worker = subprocess.run(
        [PYTHON, __file__, "--measure", size, "--database-url", database_url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,  # the records; progress lines go to stderr as they come
        text=True,
    )
    if worker.returncode != 0:
        raise SystemExit(f"measuring {size} failed (above):\n{worker.stdout[-3000:]}")
    return json.loads(worker.stdout.strip().splitlines()[-1])


def measure(size: str, database_url: str) -> None:
    """Runs in a child process configured for one database: prints JSON records."""
    import requests

    env = env_for(database_url)
    in_process_setup(env)
    from django.utils import timezone

    from recommendations.views.common import first_record_day

    kind = "demo" if size == "demo" else "scale"
    accounts = prepare_accounts(kind)
    pages = pages_for(kind)
    base = f"http://127.0.0.1:{PORT}"
    process = start_gunicorn(env)
    records = []
    try:
        names, keys = accounts["names"], accounts["keys"]
        sessions = {
            "anonymous": requests.Session(),
            "oversight": sign_in(names["oversight"], PASSWORDS[kind], keys["oversight"]),
            "lead": sign_in(names["lead"], PASSWORDS[kind], None),
            "admin": sign_in(names["admin"], PASSWORDS[kind], keys["admin"]),
        }
        # Nothing has asked for figures yet: cold first, then past dates nobody has seen.
        records += modes.measure_cold(sessions["oversight"], base, size)
        days = modes.past_dates(first_record_day(), timezone.localdate())
        records.append(modes.measure_past_first_views(sessions["oversight"], base, size, days))
        for record in records:
            show(record)
        # Queries are counted in-process on the same database, the dashboard's now warm.
        measured = {path: count_queries(names.get(role), path) for _, role, path in pages}
        for label, role, path in pages:
            queries, cold_ms = measured[path]
            p50, p95, status = time_page(sessions[role], path, samples=5 if "export" in path else SAMPLES)
            rps = throughput(sessions[role], path) if "export" not in path else None
            records.append(
                {
                    "mode": "warm",
                    "size": size,
                    "page": label,
                    "path": path,
                    "status": status,
                    "queries": queries,
                    "first_ms": round(cold_ms, 1),
                    "p50_ms": round(p50, 1),
                    "p95_ms": round(p95, 1),
                    "requests_per_s": rps,
                }
            )
            show(records[-1])
        writer = modes.ProgressWriter(
            sign_in(accounts["writer"], PASSWORDS[kind], None), base, accounts["open_actions"]
        )
        records.append(modes.measure_live(sessions["oversight"], writer, base, size))
        show(records[-1])
        readers = [sign_in(name, PASSWORDS[kind], key) for name, key in accounts["readers"]]
        records.append(modes.measure_mixed(readers, writer, base, size))
        show(records[-1])
        oversight_cookies = dict(sessions["oversight"].cookies)
    finally:
        stop(process)
    memory = export_memory_mb(env, oversight_cookies)
    warm = [r for r in records if r["mode"] == "warm"]
    trivial = next(r for r in warm if r["path"] == "/ping")
    for record in warm:
        record["ratio_to_trivial"] = (
            round(record["p50_ms"] / trivial["p50_ms"], 1) if trivial["p50_ms"] else None
        )
        if "export" in record["path"]:
            record["export_memory"] = memory
    print(json.dumps(records))


def show(r: dict) -> None:
    """One line per record on stderr, as the run goes."""
    extra = {
        "warm": lambda: f"q={r['queries']:3} first={r['first_ms']:8.0f} rps={r['requests_per_s']}",
        "cold": lambda: "",
        "past_first_view": lambda: (
            f"max={r['max_ms']:7.1f} each={r['times_ms']} refused={r['dates_refused']}"
        ),
        "live": lambda: (
            f"updates={r['updates']} failed={r['update_failures']} update_p50={r['update_p50_ms']}"
        ),
        "mixed": lambda: (
            f"requests={r['requests']} failed={r['failed']} rps={r['requests_per_s']} "
            f"updates={r['updates']} failed_updates={r['update_failures']} errors={r['errors']}"
        ),
    }[r["mode"]]()
    print(
        f"  {r['size']:8} {r['mode']:15} {r['page'][:52]:52} p50={r['p50_ms']:7.1f} p95={r['p95_ms']:7.1f} {extra}",
        file=sys.stderr,
    )


def write_results(records: list[dict], seconds: float) -> None:
    out = ROOT / "benchmarks"
    (out / "results.json").write_text(json.dumps(records, indent=2) + "\n")
    warm = [r for r in records if r.get("mode", "warm") == "warm"]
    by = {(r["size"], r["page"]): r for r in warm}
    sizes = [s for s in SIZES if any(r["size"] == s for r in records)]
    pages = list(dict.fromkeys(r["page"] for r in warm))
    lines = [
        "# Benchmark: last run",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make bench` in {seconds / 60:.1f} minutes on this 2-core machine,",
        "gunicorn (2 sync workers, production settings, whitenoise) on PostgreSQL, client and server sharing",
        "the cores. Times are client-side over loopback. Compare ratios within the run, not absolute",
        "numbers between runs. Each size is measured in this order: cold dashboard, first views of past",
        "dates, warm pages, the dashboard after progress updates, mixed load.",
        "",
        "## Warm pages (`warm`)",
        "",
        "`first` is the first request in-process after gunicorn's cold and past-date requests (so the",
        "dashboard's current figures are already cached; the fixed past date's are not), p50/p95 over 15",
        "sequential requests to gunicorn after one more (5 for the export), throughput from wrk (2",
        "threads, 8 connections).",
        "",
        GOALS,
        "",
        "| page | size | queries | first ms | p50 ms | p95 ms | req/s | p50 / trivial |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page in pages:
        for size in sizes:
            r = by.get((size, page))
            if r:
                lines.append(
                    f"| {page} | {size} | {r['queries']} | {r['first_ms']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
                    f"{r['requests_per_s'] or '–'} | {r['ratio_to_trivial']} |"
                )
    lines += ["", "## Against the goals of issue 7", ""]
    lines += verdicts(by, sizes, pages)
    lines += modes.readme_sections(records, sizes)
    counts = {page: {by[(s, page)]["queries"] for s in sizes if (s, page) in by} for page in pages}
    lines += modes.goal_verdicts(records, sizes, counts)
    lines += [
        "",
        "## Reading these numbers",
        "",
        "- Today's figures add up each agency's stored tallies (`Tally`), which the write path marks",
        "  out of date and the request that made a change counts again for its agency as it commits;",
        "  overdue and due-soon counts are taken from the open actions on each read. The trend's",
        "  month-ends are worked out once and kept (`TrendPoint`) until an entry is backdated into",
        "  them. The dashboard's figures are also cached, today's until the next update: `live` is",
        "  what the next reader pays after each update, `cold` the first request after loading data",
        "  or clearing the cache.",
        "- As-at figures for a past day read the state intervals (`ActionState`) the write path",
        "  keeps. The whole partnership's summary, themes and progress updates are stored for every",
        "  settled day as data is generated (`PastFigures`); a day not stored is the stored day before",
        "  it moved on by the intervals that changed in between (`recommendations.past`). The median",
        "  days to assure reads the assurances' intervals, and the lists are indexed scans. All are",
        "  cached until the past changes.",
        "- The CSV export streams every action (flat memory, above); its time grows with the rows it",
        "  writes, so the 300 ms goal for pages does not apply to it.",
    ]
    notes = out / "notes.md"  # the analysis of the goals missed, kept by hand between runs
    if notes.exists():
        lines += ["", notes.read_text().rstrip()]
    (out / "README.md").write_text("\n".join(lines) + "\n")


def verdicts(by: dict, sizes: list[str], pages: list[str]) -> list[str]:
    notes = []
    for page in pages:
        counts = {by[(s, page)]["queries"] for s in sizes if (s, page) in by}
        notes.append(
            f"- {page}: queries {'fixed' if len(counts) == 1 else 'NOT fixed'} across sizes ({sorted(counts)})."
        )
    if ("demo", "oversight dashboard") in by and (sizes[-1], "oversight dashboard") in by:
        ratio = (
            by[(sizes[-1], "oversight dashboard")]["p50_ms"] / by[("demo", "oversight dashboard")]["p50_ms"]
        )
        notes.append(f"- Dashboard p50 at {sizes[-1]} is {ratio:.1f}x its demo-size p50 (goal: within 3x).")
    slow = [
        f"{p} ({by[(sizes[-1], p)]['p95_ms']:.0f} ms)"
        for p in pages
        if (sizes[-1], p) in by and by[(sizes[-1], p)]["p95_ms"] > 300
    ]
    notes.append(f"- p95 over 300 ms at {sizes[-1]}: {', '.join(slow) if slow else 'none'}.")
    admin = by.get((sizes[-1], "admin changelist of actions (baseline)"))
    if admin:
        ours = [p for p in pages if "admin" not in p and "trivial" not in p and (sizes[-1], p) in by]
        slower = [p for p in ours if by[(sizes[-1], p)]["p50_ms"] > admin["p50_ms"]]
        notes.append(
            f"- Slower than the admin changelist ({admin['p50_ms']:.0f} ms p50) at {sizes[-1]}: {', '.join(slower) if slower else 'none'}."
        )
    export = by.get((sizes[-1], "CSV export of all actions"), {}).get("export_memory")
    if export:
        notes.append(
            f"- Exporting {export['rows']} actions took {export['seconds']} s with peak memory "
            f"{export['peak_above_idle_mb']} MB above idle (goal: under 100 MB)."
        )
    return notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="demo,10x,national")
    parser.add_argument("--measure")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.database_url)
        return
    user = getpass.getuser()
    base = os.environ.get("BENCH_DATABASE_URL", f"postgres://{user}@127.0.0.1:5432")
    admin_url = f"{base}/postgres"
    started = time.monotonic()
    (ROOT / "benchmarks" / "tmp").mkdir(parents=True, exist_ok=True)
    log("collecting static files")
    manage(env_for(f"{base}/postgres"), "collectstatic", "--noinput", "-v0")
    records = []
    for size in args.sizes.split(","):
        records += bench_size(size, args, admin_url, f"{base}/assurance_bench_{size.replace('x', 'x')}")
    write_results(records, time.monotonic() - started)
    log(
        f"done in {(time.monotonic() - started) / 60:.1f} minutes: benchmarks/results.json and benchmarks/README.md"
    )
    print((ROOT / "benchmarks" / "README.md").read_text())


if __name__ == "__main__":
    main()
