"""Checks run on every built page in a real browser (issue 4): accessibility in light
and dark mode, no third-party requests, a clean console, a usable 360 px layout, and
content that is readable with JavaScript disabled."""

from __future__ import annotations

import re

import pytest

from . import harness
from .accessibility import AXE, describe_violations, undecided_contrast
from .conftest import VISITED

_reports: dict[tuple[str, str], dict] = {}


@pytest.fixture
def report(visit, base_url, request):
    """One visit per (page, mode), shared by the axe, contrast, request and console tests."""

    def get(relative: str, mode: str) -> dict:
        key = (relative, mode)
        request.node.stash.setdefault(VISITED, []).append((base_url, relative))  # screenshots on failure
        if key not in _reports:
            opened = visit(relative, mode=mode)
            page = opened.page
            # Copied before axe runs: axe re-fetches @import-ed style sheets itself
            # (resolving them against the page, hence 404s) and that is not the site's doing.
            _reports[key] = {
                "theme": page.evaluate("document.documentElement.dataset.theme"),
                "requests": list(opened.requests),
                "console": list(opened.console),
                "words": main_words(page),  # for test_content_is_readable_without_javascript
            }
            opened.recording = False
            response = AXE.run(page).response
            _reports[key]["violations"] = response["violations"]
            _reports[key]["incomplete"] = response["incomplete"]
            _reports[key]["passed_contrast"] = sum(
                len(rule["nodes"]) for rule in response["passes"] if rule["id"] == "color-contrast"
            )
        return _reports[key]

    return get


@pytest.mark.parametrize("mode", harness.MODES)
def test_axe_finds_no_violations(built_page, mode, report):
    result = report(built_page, mode)
    assert result["theme"] == mode, f"{built_page}: expected data-theme={mode}, got {result['theme']}"
    assert not result["violations"], describe_violations(f"{built_page} ({mode} mode)", result["violations"])


@pytest.mark.parametrize("mode", harness.MODES)
def test_every_text_has_enough_contrast(built_page, mode, report):
    """At least 4.5:1 (3:1 for large text) in both themes. axe fails what it measures below that
    (test_axe_finds_no_violations); what it cannot settle (incomplete) fails here."""
    result = report(built_page, mode)
    assert result["passed_contrast"], f"{built_page} ({mode} mode): axe checked the contrast of no text at all"
    undecided = undecided_contrast(result["incomplete"])
    assert not undecided, f"{built_page} ({mode} mode): text whose contrast axe could not confirm:\n  " + "\n  ".join(
        undecided
    )


def test_requests_stay_on_the_local_server(built_page, report, base_url):
    requests = [url for mode in harness.MODES for url in report(built_page, mode)["requests"]]
    assert base_url + built_page in requests, f"{built_page}: no request recorded, not even for the page itself"
    foreign = sorted({url for url in requests if not url.startswith((base_url, "data:", "blob:"))})
    assert not foreign, f"{built_page}: requests to other hosts:\n  " + "\n  ".join(foreign)


def test_console_has_no_errors_or_warnings(built_page, report):
    messages = [f"[{mode}] {m}" for mode in harness.MODES for m in report(built_page, mode)["console"]]
    assert not messages, f"{built_page}: console messages:\n  " + "\n  ".join(messages)


# Elements wider than the viewport, deepest first, to name the culprit of a horizontal scroll.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1)
      && getComputedStyle(el).position !== 'fixed';
  });
  const leaves = wide.filter(el => !wide.some(other => other !== el && el.contains(other)));
  return leaves.slice(0, 10).map(el => {
    const box = el.getBoundingClientRect();
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} spans ${Math.round(box.left)}..${Math.round(box.right)}px: ${el.outerHTML.slice(0, 120)}`;
  });
}"""


# Boxes that scroll sideways inside the page (the theme clips wide content into them).
# <pre> is exempt: preformatted text (BibTeX) scrolls by design and is keyboard-scrollable.
INNER_SCROLLERS = """() => [...document.querySelectorAll('body *:not(pre)')].filter(el => {
  const overflow = getComputedStyle(el).overflowX;
  return (overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1
    && el.checkVisibility();
}).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} is ${el.clientWidth}px wide `
  + `but holds ${el.scrollWidth}px: ${el.innerHTML.trim().slice(0, 100)}`)"""


def test_phone_width_has_no_horizontal_scroll(built_page, visit):
    page = visit(built_page, viewport=harness.PHONE).page
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, (
        f"{built_page} at 360px: page is {scroll_width}px wide, scrolls horizontally; overflowing:\n  "
        + "\n  ".join(page.evaluate(OVERFLOWING))
    )
    inner = page.evaluate(INNER_SCROLLERS)
    assert not inner, f"{built_page} at 360px: content scrolls sideways inside:\n  " + "\n  ".join(inner)


def test_phone_width_navigation_is_reachable(built_page, visit, page_soup):
    page = visit(built_page, viewport=harness.PHONE).page
    expected = {a.get_text(" ", strip=True) for a in page_soup(built_page).select(".bd-header .navbar-nav a.nav-link")}
    assert expected, f"{built_page}: no section links in the header navigation (.bd-header .navbar-nav a.nav-link)"
    toggle = page.locator("button.primary-toggle")
    assert toggle.is_visible(), f"{built_page} at 360px: the navigation button (button.primary-toggle) is not visible"
    toggle.click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible")
    shown = {text.strip() for text in dialog.locator("a.nav-link:visible").all_inner_texts()}
    assert expected <= shown, (
        f"{built_page} at 360px: after opening button.primary-toggle, section links missing "
        f"from #pst-primary-sidebar-modal: {sorted(expected - shown)}"
    )


WORDS = re.compile(r"\w+")


def main_words(page) -> set[str]:
    """The words of the page's <main>, but those on buttons (controls that need JavaScript)."""
    return set(WORDS.findall(page.inner_text("main"))) - {
        word for text in page.locator("main button").all_inner_texts() for word in WORDS.findall(text)
    }


def test_content_is_readable_without_javascript(built_page, visit, report):
    """Every word shown in the article with JavaScript is shown without it too, except
    on buttons: controls that need JavaScript (Copy BibTeX) are rightly hidden without it.
    The page with JavaScript is the one the axe tests opened (light mode), read before axe ran."""
    content = report(built_page, "light")["words"]
    assert content, f"{built_page}: no words in <main> with JavaScript: nothing to compare"
    without_js = visit(built_page, javascript=False).page
    missing = content - set(WORDS.findall(without_js.inner_text("main")))
    assert not missing, (
        f"{built_page}: text in <main> hidden or missing with JavaScript disabled: {sorted(missing)[:30]}"
    )
    assert_section_links_shown(without_js, f"{built_page} without JavaScript")


def assert_section_links_shown(page, where: str) -> None:
    links = page.locator(".bd-header .navbar-nav a.nav-link")
    hidden = [
        links.nth(i).inner_text().strip() or links.nth(i).get_attribute("href")
        for i in range(links.count())
        if not links.nth(i).is_visible()
    ]
    assert links.count(), f"{where}: no section links in the header (.bd-header .navbar-nav a.nav-link)"
    assert not hidden, f"{where}: header section links hidden (.bd-header .navbar-nav a.nav-link): {hidden}"


def test_phone_width_navigation_works_without_javascript(built_page, visit):
    """The phone layout's navigation button needs JavaScript; without it the links show."""
    page = visit(built_page, viewport=harness.PHONE, javascript=False).page
    assert_section_links_shown(page, f"{built_page} at 360px without JavaScript")
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{built_page} at 360px without JavaScript: scrolls horizontally"
