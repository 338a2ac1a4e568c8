"""End to end, as a visitor would: search, the theme switcher, first-visit colour
scheme, copying and downloading BibTeX, and printing the CV."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pybtex.database import parse_string
from pypdf import PdfReader

from tests.conftest import PHONE_NUMBER

from . import harness

# Where each query must land (paths relative to the site root); the first result counts.
SEARCHES = {
    "Mooncake": {"publications/index.html", "projects/mooncake-store.html"},
    "Riedel": {"publications/index.html", "cv/index.html"},
    "THUMT": {"cv/index.html"},
    "FlashAttention": {"projects/flash-attention-from-scratch.html"},
}
PAPER_PAGE = re.compile(r"^publications/(?!index\.html$)[^/]+\.html$")


def site_path(url: str, base_url: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(base_url).path)


@pytest.mark.parametrize("query", SEARCHES)
def test_ctrl_k_search_lands_on_the_right_page(query, visit, base_url):
    page = visit("index.html").page
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    assert page.evaluate("document.activeElement.name") == "q", "Ctrl+K did not focus the search field"
    field.fill(query)
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?"))
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10_000)
    found = [site_path(href, base_url) for href in results.evaluate_all("links => links.map(a => a.href)")]
    expected = SEARCHES[query] | (
        {p for p in found if PAPER_PAGE.match(p)} if query in {"Mooncake", "Riedel"} else set()
    )
    assert found[0] in expected, (
        f"search for {query!r}: first result {found[0]}, expected one of {sorted(expected)}; all: {found}"
    )
    results.first.click()
    page.wait_for_load_state("load")
    assert site_path(page.url, base_url) == found[0], (
        f"search for {query!r}: clicking the first result went to {page.url}"
    )


# Records the theme when <body> first exists: head scripts have run and render-blocking
# style sheets have loaded, so this is what the first paint shows.
FIRST_PAINT_PROBE = """
new MutationObserver((records, observer) => {
  if (!document.body) return;
  observer.disconnect();
  window.__firstPaint = {theme: document.documentElement.dataset.theme,
                         background: getComputedStyle(document.body).backgroundColor};
}).observe(document, {childList: true, subtree: true});
"""


def is_dark(css_color: str) -> bool:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css_color)[:3])
    return red + green + blue < 3 * 128


@pytest.mark.parametrize("system", harness.MODES)
def test_first_visit_follows_the_system_preference_without_a_flash(system, browser, base_url):
    context = harness.new_context(browser, mode=system, stored=False)
    try:
        context.add_init_script(FIRST_PAINT_PROBE)
        page = context.new_page()
        page.goto(base_url + "index.html")
        first = page.evaluate("window.__firstPaint")
        assert first["theme"] == system, (
            f"index.html with the system in {system} mode: data-theme={first['theme']!r} at first paint "
            "(the inline script in <head> must resolve 'auto')"
        )
        assert is_dark(first["background"]) == (system == "dark"), (
            f"index.html with the system in {system} mode: body background {first['background']} at first paint"
        )
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.dataset.theme") == system
    finally:
        context.close()


def test_theme_switcher_changes_mode_and_the_choice_survives_navigation(visit):
    page = visit("index.html", mode="light", stored=False).page
    theme = "document.documentElement.dataset.theme"
    assert page.evaluate(theme) == "light"
    page.locator(".bd-header .theme-switch-button").click()
    page.locator(".bd-header .theme-change-button[data-mode=dark]").click()
    assert page.evaluate(theme) == "dark", "choosing Dark in the theme switcher did not switch to dark"
    page.locator(".bd-header .navbar-nav a.nav-link", has_text="CV").click()
    page.wait_for_url(re.compile(r"/cv/index\.html$"))
    assert page.evaluate(theme) == "dark", "the dark theme was not kept after navigating to cv/index.html"
    page.wait_for_load_state("networkidle")  # the switcher works once the theme's scripts have run
    page.locator(".bd-header .theme-switch-button").click()
    page.locator(".bd-header .theme-change-button[data-mode=light]").click()
    page.go_back()
    page.wait_for_load_state("load")
    assert page.evaluate(theme) == "light", "the light theme was not kept after navigating back"


def entries_in(bibtex: str) -> dict:
    return dict(parse_string(bibtex, "bibtex").entries)


def clipboard_after_copy(page, attempts: int = 50) -> str:
    """The clipboard once the (asynchronous) copy has landed; "" if it never does.
    Polled here: wait_for_function would take the pending Promise itself as truthy."""
    for _ in range(attempts):
        text = page.evaluate("navigator.clipboard.readText()")
        if text:
            return text
        page.wait_for_timeout(100)
    return ""


def test_copy_bibtex_puts_exactly_the_entry_on_the_clipboard(visit, site):
    page = visit("publications/index.html", permissions=["clipboard-read", "clipboard-write"]).page
    items = page.locator("li.pub[id]")
    assert items.count(), "publications/index.html: no publication items (li.pub[id])"
    for i in range(items.count()):
        item = items.nth(i)
        key = item.get_attribute("id")
        shown = item.locator("details.pub-bibtex pre").text_content().strip()
        button = item.locator("button.pub-copy-bibtex")
        assert button.count() == 1, f"publications/index.html: li#{key} has no button.pub-copy-bibtex"
        if not button.is_visible():
            item.locator("details.pub-bibtex > summary").click()
        page.evaluate("navigator.clipboard.writeText('')")
        button.click()
        copied = clipboard_after_copy(page)
        assert copied.strip() == shown, (
            f"publications/index.html li#{key}: button.pub-copy-bibtex copied\n{copied}\n"
            f"but details.pub-bibtex pre shows\n{shown}"
        )
        assert list(entries_in(copied)) == [key], (
            f"li#{key}: the copied BibTeX holds entries {list(entries_in(copied))}"
        )


def test_download_link_serves_a_bib_file_that_pybtex_parses(visit):
    page = visit("publications/index.html").page
    links = page.locator("a.pub-download-bib[download]")
    assert links.count(), "publications/index.html: no download link (a.pub-download-bib[download])"
    for i in range(links.count()):
        link = links.nth(i)
        href = link.get_attribute("href")
        item_key = link.evaluate("a => a.closest('li.pub')?.id ?? null")
        with page.expect_download() as download:
            link.click()
        text = Path(download.value.path()).read_text("utf-8")
        entries = entries_in(text)
        assert entries, f"publications/index.html: {href} holds no BibTeX entry"
        if item_key:
            assert item_key in entries, f"li#{item_key}: {href} holds {list(entries)}, not {item_key}"


CV_SECTIONS = ["Education", "Experience", "Publications", "Projects", "Awards and Honors"]
CHROME_SELECTORS = [
    ".bd-header",
    "#pst-skip-link",
    ".bd-footer",
    "#pst-back-to-top",
    ".search-button",
    ".theme-switch-button",
    ".headerlink",
    ".bd-sidebar-primary",
    ".bd-sidebar-secondary",
]
CHROME_TEXT = ["Skip to main content", "Back to top", "Search", "Copyright", "Ctrl"]


def test_printed_cv_is_clean_complete_and_at_most_two_pages(visit):
    page = visit("cv/index.html").page
    page.emulate_media(media="print")
    shown_chrome = [
        f"{selector} ({page.locator(selector).nth(i).evaluate('e => e.outerHTML.slice(0, 80)')})"
        for selector in CHROME_SELECTORS
        for i in range(page.locator(selector).count())
        if page.locator(selector).nth(i).is_visible()
    ]
    assert not shown_chrome, "cv/index.html printed: navigation chrome visible:\n  " + "\n  ".join(shown_chrome)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) <= 2, f"cv/index.html printed on A4: {len(pdf.pages)} pages, at most 2 allowed"
    missing = [s for s in CV_SECTIONS if s not in text]
    assert not missing, f"cv/index.html printed: sections missing from the PDF: {missing}"
    chrome = [s for s in CHROME_TEXT if s in text]
    assert not chrome, f"cv/index.html printed: chrome text in the PDF: {chrome}"
    assert not PHONE_NUMBER.search(text), "cv/index.html printed: the phone number is in the PDF"
