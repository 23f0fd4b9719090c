"""Real-browser tests: pytest-playwright driving the system Chromium against live_server.

Chromium comes from Debian (``apt-get install -y chromium``), never from a Playwright
download. Without it these tests are skipped with one line saying how to run them,
except where ``REQUIRE_BROWSER=1`` (CI sets it), where a missing browser is a failure.
On failure, a screenshot and the page's HTML are saved under ``test-results/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run there unless told it is safe (it is: the live server has its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
HOW_TO_ENABLE = (
    f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium` to run the browser tests."
)
BROWSER_REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_report_header(config) -> str | None:
    if not CHROMIUM.exists():
        return ("FAILING" if BROWSER_REQUIRED else "SKIPPING") + f" browser tests. {HOW_TO_ENABLE}"
    return None


def pytest_collection_modifyitems(config, items) -> None:
    if CHROMIUM.exists() or BROWSER_REQUIRED:
        return
    skip = pytest.mark.skip(reason=HOW_TO_ENABLE)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(HOW_TO_ENABLE)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def playwright(playwright):
    """pytest-playwright's Playwright, closing the database connections it made necessary.

    While Playwright's event loop runs (from the first browser test to the end of the
    process), asgiref sees an async context, and Django keeps this thread's connections
    in a context variable rather than the thread's own storage: every test after the
    first browser test opens one more connection, which pytest-django's teardown, run
    once the loop has stopped, never sees. Left open, it held the test database for
    PostgreSQL's 5 s wait before "database is being accessed by other users".
    """
    yield playwright
    connections.close_all()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def demo(demo_snapshot, transactional_db):
    """The demo data (as ``load_demo`` leaves it), committed for the live server to see;
    the flush after the test empties it again."""
    demo_snapshot.restore()


@pytest.fixture
def page(page, request):
    """Playwright's page, with a short timeout and evidence of what went wrong on failure."""
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
            (RESULTS / f"{name}.html").write_text(page.content())
        except Exception as error:  # the page may be gone; the test's own failure is what matters
            print(f"Could not save the failing page: {error}")


_axe = Axe()


def assert_accessible(page) -> None:
    """Zero axe-core violations for WCAG 2.2 A and AA on the page as it is now."""
    # Only violations are read: axe then skips gathering the details of every rule that
    # passed or did not apply (a third of each check's time, measured on these pages).
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    violations = results.response["violations"]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n{summary}"


def assert_no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} scrolls sideways at {viewport}px: content is {width}px wide"


def sign_in(page, live_server, username: str, password: str = "demo-password") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def tab_to(page, selector: str, limit: int = 150):
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return page.locator(":focus")
    raise AssertionError(f"Tab never reached {selector} on {page.url}")
