"""Fixtures for the browser tests: one loopback server and one Chromium per session.

`visit(...)` opens a page in a fresh context that records every request and every
console message; requests to any other host are recorded and then aborted, so a
third-party request fails the test instead of hanging on the closed network.
When a test fails, screenshots of the pages it visited (light and dark, desktop
and phone) are written to _build/screenshots/failures/.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import ROOT

from . import harness

FAILURE_SHOTS = ROOT / "_build" / "screenshots" / "failures"
_session: dict = {}  # the browser and the real site's URL, for the failure screenshots
VISITED = pytest.StashKey[list]()  # (server URL, page) a test looked at, screenshotted if it fails


@pytest.fixture(scope="session")
def base_url(site):
    url, server = harness.serve(site)
    _session["base_url"] = url
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    message = harness.missing_chromium_message()
    if message:
        pytest.exit(message, returncode=1)  # one clear message, not one per test
    shutil.rmtree(FAILURE_SHOTS, ignore_errors=True)  # only this run's failures
    with sync_playwright() as playwright:
        chromium = harness.launch(playwright)
        _session["browser"] = chromium
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page opened by a test, with everything it asked the network and said on the console."""

    relative: str
    page: object
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)  # "error: text (url:line)"
    recording: bool = True  # off while a test tool (axe) works in the page


def _watch(context, page, visit: Visit, base_url: str) -> None:
    context.on("request", lambda request: visit.requests.append(request.url))
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())

    def on_console(message):
        if visit.recording and message.type in ("error", "warning"):
            where = message.location or {}
            visit.console.append(
                f"{message.type}: {message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})"
            )

    page.on("console", on_console)
    page.on("pageerror", lambda error: visit.recording and visit.console.append(f"uncaught exception: {error}"))


# The speed step's loader (page_speed/script_deferral.py) adds the theme's scripts after the first
# paint, which can come after the load event: settled means each of them is in the page and fetched.
LOADER_SCRIPTS_FETCHED = """() => {
  if (document.readyState !== "complete") return false;
  const loader = [...document.scripts].find((s) => !s.src && s.text.startsWith("(function(scripts){"));
  if (!loader) return true;
  const wanted = JSON.parse(loader.text.slice(loader.text.lastIndexOf("})(") + 3, -1))
    .map((attributes) => new URL(attributes.src, document.baseURI).href)
    .filter((src) => !src.startsWith("data:"));  // data: scripts are not fetched
  const present = new Set([...document.querySelectorAll("script[src]")].map((s) => s.src));
  const fetched = new Set(performance.getEntriesByType("resource").map((e) => e.name));
  return wanted.every((src) => present.has(src) && fetched.has(src));
}"""
NEXT_TASK = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))"


def track_requests(page) -> list[int]:
    """[requests under way], kept by the page's request events."""
    in_flight = [0]

    def started(request):
        in_flight[0] += 1

    def ended(request):
        in_flight[0] -= 1

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    return in_flight


def settle(page, in_flight: list[int]) -> None:
    """Wait until the page's scripts have run and nothing is being fetched.

    What Playwright's "networkidle" waits for, without its fixed half second of quiet
    per page (a third of the browser tests' time): the deferred scripts fetched, one more
    task for them to run, and again while that started a request (the search index)."""
    page.wait_for_function(LOADER_SCRIPTS_FETCHED, timeout=10_000)
    for _ in range(100):
        page.evaluate(NEXT_TASK)
        if not in_flight[0]:
            return
        page.wait_for_timeout(10)
    raise AssertionError(f"{page.url}: still fetching after the scripts ran")


@pytest.fixture
def visit(browser, request):
    """visit("cv/index.html", mode="dark", viewport=harness.PHONE, javascript=True,
    stored=True, server=None, **context_options) -> Visit, loaded and settled.

    Pages come from the real site's server, or from `server` (the URL of another served
    site, such as a fixture). Whatever the test does there, the console must stay free of
    errors and warnings: the test errors at teardown otherwise, naming the page and the messages."""
    contexts, visits = [], []
    visited = request.node.stash.setdefault(VISITED, [])

    def open_page(
        relative, *, mode="light", viewport=harness.DESKTOP, javascript=True, stored=True, server=None, **options
    ):
        # The real site's server only when a test asks for one of its pages: a fixture site needs no build.
        base_url = server or request.getfixturevalue("base_url")
        context = harness.new_context(
            browser,
            mode=mode,
            viewport=viewport,
            stored=stored,
            java_script_enabled=javascript,
            **options,
        )
        contexts.append(context)
        page = context.new_page()
        in_flight = track_requests(page)
        result = Visit(relative, page)
        visits.append(result)
        _watch(context, page, result, base_url)
        visited.append((base_url, relative))
        page.goto(base_url + relative, wait_until="load")
        if javascript:  # without it, nothing runs after the load event
            settle(page, in_flight)
        return result

    yield open_page
    for context in contexts:
        context.close()
    noisy = [f"{v.relative}: {message}" for v in visits for message in v.console]
    if noisy:
        pytest.fail("console errors or warnings while the test ran:\n  " + "\n  ".join(noisy))


_shot_pages: set[tuple[str, str]] = set()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or "browser" not in _session:
        return
    pages = list(dict.fromkeys(item.stash.get(VISITED, [])))
    for server, relative in pages:
        if (server, relative) in _shot_pages:
            continue
        _shot_pages.add((server, relative))
        # A fixture site's pages go apart: their names are often the real site's too.
        folder = FAILURE_SHOTS if server == _session.get("base_url") else FAILURE_SHOTS / "fixtures"
        try:
            written = harness.capture_screenshots(_session["browser"], server, relative, folder)
        except Exception as error:  # a screenshot must never hide the real failure
            report.sections.append(("screenshots", f"could not capture {relative}: {error}"))
        else:
            report.sections.append(("screenshots", "\n".join(str(p) for p in written)))


@pytest.fixture(scope="session")
def page_soup(page):
    """The built page's HTML (BeautifulSoup), named apart from Playwright's pages."""
    return page
