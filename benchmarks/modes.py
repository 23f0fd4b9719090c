"""The dashboard measured as people meet it, beside run.py's warm pages (issue 12, item 4).

- cold: the first dashboard request after the data is loaded (nothing cached), and the
  first after the figures cache is cleared.
- past_first_view: the dashboard as at past dates nobody has asked for yet.
- live: the dashboard right after a partner logs progress (which retires today's figures).
- mixed: readers loading the dashboard continuously while a partner logs progress about
  once a second.

Progress is logged over HTTP through the real form, as a partner would. The functions
that take a ``base`` URL talk to gunicorn; ``writer_account`` and ``clear_cache`` run
in the measuring process, which has Django set up on the benchmark's database.
"""

from __future__ import annotations

import random
import re
import statistics
import threading
import time
from datetime import date

LIVE_SAMPLES = 15
MIXED_READERS = 4
MIXED_SECONDS = 25
WRITE_INTERVAL_S = 1.0
PAST_DATES = 5
DASHBOARD = "/dashboard/"

# The goals of issue 12, judged at the largest size in the run against demo.
LIVE_RATIO = 3.0
LIVE_P95_MS = 300
PAST_MS = 500
COLD_MS = 1000
MIXED_P95_MS = 500


def percentile(times: list[float], fraction: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(times: list[float]) -> dict:
    if not times:
        return {"p50_ms": None, "p95_ms": None}
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 0.95), 1)}


def timed_get(session, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = session.get(url, allow_redirects=False)
    _ = response.content
    return (time.perf_counter() - started) * 1000, response.status_code


# In the measuring process (Django set up) ------------------------------------------


def writer_account() -> tuple[str, list[int]]:
    """The lead of the agency with the most actions open for progress, and those actions."""
    from django.db.models import Count

    from agencies.models import Membership
    from recommendations.models import Action, Status

    open_actions = Action.objects.filter(
        status__in=[Status.NOT_STARTED, Status.IN_PROGRESS],
        is_archived=False,
        recommendation__is_archived=False,
    )
    agency_id = (
        open_actions.values("agency").annotate(n=Count("pk")).order_by("-n", "agency").first()["agency"]
    )
    lead = (
        Membership.objects.filter(agency_id=agency_id, role=Membership.Role.LEAD)
        .order_by("user__username")
        .values_list("user__username", flat=True)
        .first()
    )
    return lead, list(open_actions.filter(agency_id=agency_id).order_by("pk").values_list("pk", flat=True))


def clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


def past_dates(first_day: date, today: date, count: int = PAST_DATES) -> list[date]:
    """The 17th of ``count`` months spread over the last 18 (or since the first record):
    never month-ends, which the trend has already cached."""
    months = [(today.year * 12 + today.month - 1) - back for back in range(1, 19)]
    days = [date(m // 12, m % 12 + 1, 17) for m in months]
    days = sorted(d for d in days if first_day <= d < today)
    if len(days) <= count:
        return days
    step = (len(days) - 1) / (count - 1)
    return [days[round(i * step)] for i in range(count)]


# Over HTTP ---------------------------------------------------------------------------


class ProgressWriter:
    """Logs progress on random open actions through the form, as the agency's lead."""

    def __init__(self, session, base: str, action_ids: list[int], seed: int = 12) -> None:
        self.session = session
        self.base = base
        self.action_ids = action_ids
        self.random = random.Random(seed)  # noqa: S311 (choosing test data)
        self.written = 0
        self.failed = 0
        self.errors: list[str] = []
        self.times: list[float] = []

    def write(self) -> bool:
        """One update: GET the form, POST it back. True if it was saved (a redirect)."""
        pk = self.random.choice(self.action_ids)
        url = f"{self.base}/actions/{pk}/progress/"
        started = time.perf_counter()
        try:
            page = self.session.get(url, allow_redirects=False)
            fields = {
                name: re.search(rf'name="{name}" value="([^"]*)"', page.text)
                for name in ("csrfmiddlewaretoken", "version", "form_token")
            }
            if page.status_code != 200 or not all(fields.values()):
                return self._fail(f"GET {url}: {page.status_code}")
            data = {name: match.group(1) for name, match in fields.items()}
            data.update(
                narrative=f"Benchmark progress note {self.written + self.failed + 1}.",
                confidence=self.random.choice(["green", "amber", "red"]),
                percent_complete=str(self.random.randint(5, 95)),
                status_to="",
            )
            response = self.session.post(
                url,
                data=data,
                files={"files": ("", b"", "application/octet-stream")},  # an empty file input
                headers={"Referer": url},
                allow_redirects=False,
            )
        except Exception as error:  # noqa: BLE001 (a failed request is a result here)
            return self._fail(f"{url}: {error!r}")
        if response.status_code != 302:
            return self._fail(f"POST {url}: {response.status_code}")
        self.times.append((time.perf_counter() - started) * 1000)
        self.written += 1
        return True

    def _fail(self, error: str) -> bool:
        self.failed += 1
        if len(self.errors) < 5:
            self.errors.append(error)
        return False


def measure_cold(oversight, base: str, size: str) -> list[dict]:
    """The first dashboard request after loading the data, then the first after the cache is cleared."""
    records = []
    for page, prepare in (
        ("oversight dashboard, first after loading data", None),
        ("oversight dashboard, first after clearing the cache", clear_cache),
    ):
        if prepare:
            prepare()
        ms, status = timed_get(oversight, base + DASHBOARD)
        records.append(
            {"mode": "cold", "size": size, "page": page, "path": DASHBOARD, "status": status, "samples": 1}
            | {"ms": round(ms, 1), "p50_ms": round(ms, 1), "p95_ms": round(ms, 1)}
        )
    return records


def measure_past_first_views(oversight, base: str, size: str, days: list[date]) -> dict:
    times, statuses, refused = [], set(), []
    for day in days:
        path = f"{DASHBOARD}?as_at={day.isoformat()}"
        started = time.perf_counter()
        response = oversight.get(base + path, allow_redirects=False)
        times.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
        if "Showing today's figures" in response.text:
            refused.append(day.isoformat())
    return {
        "mode": "past_first_view",
        "size": size,
        "page": "dashboard as at a past date, first view",
        "path": f"{DASHBOARD}?as_at=…",
        "status": max(statuses),
        "samples": len(times),
        "dates": [d.isoformat() for d in days],
        "times_ms": [round(t, 1) for t in times],
        **summary(times),
        "max_ms": round(max(times), 1),
        "dates_refused": refused,
    }


def measure_live(oversight, writer: ProgressWriter, base: str, size: str) -> dict:
    """One progress update, then one timed dashboard request, ``LIVE_SAMPLES`` times."""
    oversight.get(base + DASHBOARD)  # connections warm, as for the warm pages
    times, statuses = [], set()
    for _ in range(LIVE_SAMPLES):
        writer.write()
        ms, status = timed_get(oversight, base + DASHBOARD)
        times.append(ms)
        statuses.add(status)
    return {
        "mode": "live",
        "size": size,
        "page": "oversight dashboard after a progress update",
        "path": DASHBOARD,
        "status": max(statuses),
        "samples": len(times),
        **summary(times),
        "updates": writer.written,
        "update_failures": writer.failed,
        "update_p50_ms": summary(writer.times)["p50_ms"],
        "errors": writer.errors,
    }


def measure_mixed(readers: list, writer: ProgressWriter, base: str, size: str) -> dict:
    """``len(readers)`` threads load the dashboard continuously while ``writer`` logs
    progress about once a second, for ``MIXED_SECONDS``."""
    stop = threading.Event()
    lock = threading.Lock()
    times: list[float] = []
    failures: list[str] = []
    writer.written = writer.failed = 0
    writer.times, writer.errors = [], []

    def read(session) -> None:
        while not stop.is_set():
            try:
                ms, status = timed_get(session, base + DASHBOARD)
            except Exception as error:  # noqa: BLE001
                with lock:
                    failures.append(repr(error))
                continue
            with lock:
                times.append(ms)
                if status != 200:
                    failures.append(f"status {status}")

    def write() -> None:
        next_at = time.monotonic()
        while not stop.is_set():
            writer.write()
            next_at += WRITE_INTERVAL_S
            stop.wait(max(0.0, next_at - time.monotonic()))

    threads = [threading.Thread(target=read, args=(s,)) for s in readers] + [threading.Thread(target=write)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    stop.wait(MIXED_SECONDS)
    stop.set()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    return {
        "mode": "mixed",
        "size": size,
        "page": f"oversight dashboard, {len(readers)} readers and a writer",
        "path": DASHBOARD,
        "samples": len(times),
        "seconds": round(seconds, 1),
        "readers": len(readers),
        "requests": len(times) + sum(1 for f in failures if not f.startswith("status")),
        "failed": len(failures),
        **summary(times),
        "requests_per_s": round(len(times) / seconds, 1),
        "updates": writer.written,
        "update_failures": writer.failed,
        "update_p50_ms": summary(writer.times)["p50_ms"],
        "errors": (failures[:5] + writer.errors)[:10],
    }


# Results -----------------------------------------------------------------------------

SECTIONS = {
    "cold": (
        "Cold dashboard",
        "The first dashboard request to gunicorn after the data is loaded (before any other request "
        "for figures), then the first after the figures cache is cleared.",
    ),
    "past_first_view": (
        "First view of a past date",
        f"One request each for the dashboard as at {PAST_DATES} past dates nobody has asked for "
        "(the 17th of months spread over the last 18): each works out that day's figures.",
    ),
    "live": (
        "Dashboard after a progress update",
        f"{LIVE_SAMPLES} times: a lead logs progress on a random open action through the form (GET, "
        "POST), then one dashboard request is timed. Each update retires today's figures, so each "
        "timed request works them out again.",
    ),
    "mixed": (
        "Mixed load",
        f"{MIXED_READERS} threads, each with its own oversight session, load the dashboard continuously "
        f"for {MIXED_SECONDS} s while a lead logs progress through the form about once a second. A "
        "request fails if it is not a 200 (an update: not a redirect) or errors.",
    ),
}


def _row(r: dict) -> str:
    def ms(key: str) -> str:
        return "–" if r.get(key) is None else f"{r[key]:.0f}"

    if r["mode"] == "cold":
        return f"| {r['page']} | {r['size']} | {r['status']} | {ms('ms')} |"
    if r["mode"] == "past_first_view":
        each = ", ".join(f"{d}: {t:.0f}" for d, t in zip(r["dates"], r["times_ms"], strict=True))
        refused = f" (refused: {', '.join(r['dates_refused'])})" if r["dates_refused"] else ""
        return f"| {r['size']} | {ms('p50_ms')} | {ms('max_ms')} | {each}{refused} |"
    if r["mode"] == "live":
        return (
            f"| {r['size']} | {r['samples']} | {ms('p50_ms')} | {ms('p95_ms')} | {r['updates']} | "
            f"{r['update_failures']} | {ms('update_p50_ms')} |"
        )
    return (
        f"| {r['size']} | {r['readers']} | {r['seconds']} | {r['requests']} | {r['failed']} | "
        f"{ms('p50_ms')} | {ms('p95_ms')} | {r['requests_per_s']} | {r['updates']} | {r['update_failures']} |"
    )


HEADERS = {
    "cold": ["| request | size | status | ms |", "|---|---|---|---|"],
    "past_first_view": ["| size | p50 ms | max ms | each date: ms |", "|---|---|---|---|"],
    "live": [
        "| size | samples | dashboard p50 ms | dashboard p95 ms | updates | failed updates | update p50 ms |",
        "|---|---|---|---|---|---|---|",
    ],
    "mixed": [
        "| size | readers | seconds | reader requests | failed | p50 ms | p95 ms | req/s | updates | failed updates |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ],
}


def readme_sections(records: list[dict], sizes: list[str]) -> list[str]:
    lines = []
    for mode, (title, text) in SECTIONS.items():
        ours = sorted((r for r in records if r.get("mode") == mode), key=lambda r: sizes.index(r["size"]))
        if not ours:
            continue
        lines += ["", f"## {title} (`{mode}`)", "", text, "", *HEADERS[mode], *(_row(r) for r in ours)]
        errors = [f"{r['size']}: {e}" for r in ours for e in r.get("errors", [])]
        if errors:
            lines += ["", "Errors seen (first few):", "", *(f"- {e}" for e in errors)]
    return lines


def _verdict(met: bool, text: str, miss: str) -> str:
    return f"- {'MET' if met else 'MISSED'}: {text}" + ("" if met else f" Missed by {miss}.")


def goal_verdicts(records: list[dict], sizes: list[str], warm_query_counts: dict[str, set]) -> list[str]:
    """One line per goal of issue 12, at the largest size measured (national in a full run)."""
    big = sizes[-1]
    find = {(r.get("mode", "warm"), r["size"]): r for r in records if r.get("mode") != "warm"}
    lines = ["", "## Goals (issue 12)", ""]
    if big != "national":
        lines += [f"This run stopped at {big}: the goals are judged there, not at national scale.", ""]

    live, demo_live = find.get(("live", big)), find.get(("live", "demo"))
    if live and demo_live and live["p50_ms"] and demo_live["p50_ms"]:
        ratio = live["p50_ms"] / demo_live["p50_ms"]
        lines.append(
            _verdict(
                ratio <= LIVE_RATIO,
                f"live dashboard p50 at {big} is {live['p50_ms']:.0f} ms, {ratio:.1f}x its demo-size "
                f"{demo_live['p50_ms']:.0f} ms (goal: within {LIVE_RATIO:.0f}x).",
                f"{ratio / LIVE_RATIO:.1f}x ({ratio - LIVE_RATIO:.1f}x over the {LIVE_RATIO:.0f}x allowed)",
            )
        )
    if live and live["p95_ms"] is not None:
        lines.append(
            _verdict(
                live["p95_ms"] < LIVE_P95_MS,
                f"live dashboard p95 at {big} is {live['p95_ms']:.0f} ms (goal: under {LIVE_P95_MS} ms).",
                f"{live['p95_ms'] - LIVE_P95_MS:.0f} ms",
            )
        )
    past = find.get(("past_first_view", big))
    if past:
        lines.append(
            _verdict(
                past["max_ms"] < PAST_MS and not past["dates_refused"],
                f"first view of a new past date at {big}: p50 {past['p50_ms']:.0f} ms, slowest "
                f"{past['max_ms']:.0f} ms of {past['samples']} (goal: each under {PAST_MS} ms).",
                f"{past['max_ms'] - PAST_MS:.0f} ms on the slowest"
                if past["max_ms"] >= PAST_MS
                else "dates refused",
            )
        )
    cold = [r for r in records if r.get("mode") == "cold" and r["size"] == big]
    for r in cold:
        lines.append(
            _verdict(
                r["ms"] < COLD_MS,
                f"{r['page']} at {big}: {r['ms']:.0f} ms (goal: under {COLD_MS} ms).",
                f"{r['ms'] - COLD_MS:.0f} ms",
            )
        )
    mixed = find.get(("mixed", big))
    if mixed:
        over = mixed["p95_ms"] - MIXED_P95_MS if mixed["p95_ms"] is not None else None
        failed = mixed["failed"] + mixed["update_failures"]
        misses = ([f"{over:.0f} ms on p95"] if over is None or over >= 0 else []) + (
            [f"{failed} failed requests"] if failed else []
        )
        lines.append(
            _verdict(
                not misses,
                f"under mixed load at {big} ({mixed['readers']} readers, {mixed['updates']} updates in "
                f"{mixed['seconds']} s), dashboard p95 {mixed['p95_ms']:.0f} ms over {mixed['requests']} "
                f"requests, {mixed['failed']} failed reads and {mixed['update_failures']} failed updates "
                f"(goal: p95 under {MIXED_P95_MS} ms, no failed request).",
                " and ".join(misses),
            )
        )
    unfixed = sorted(page for page, counts in warm_query_counts.items() if len(counts) > 1)
    lines.append(
        _verdict(
            not unfixed,
            f"every page's query count is the same at every size ({', '.join(sizes)}).",
            "pages whose count varies: " + ", ".join(unfixed),
        )
    )
    return lines
