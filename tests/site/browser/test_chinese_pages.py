"""The Chinese site (zh/) in a real browser: the per-page checks of test_every_page and
test_keyboard on its home, publications and CV pages, the language switcher, and search.

The Chinese pages share the English pages' templates, CSS and scripts (what those tests check
on every English page); what differs is the text, its language and its fonts. So the checks
run on the three pages with the most varied content, and each page is opened as few times as
the checks allow: axe in light mode on a desktop, axe in dark mode at phone width (with the
sideways-scroll check) and a reading without JavaScript; the keyboard walk on the page with the
most controls.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

from . import harness
from .accessibility import AXE, describe_violations, undecided_contrast
from .test_every_page import INNER_SCROLLERS, OVERFLOWING, WORDS, assert_section_links_shown, main_words
from .test_keyboard import test_every_control_is_reachable_and_visibly_focused as every_control_reachable

CHINESE_PAGES = ("zh/index.html", "zh/publications/index.html", "zh/cv/index.html")


def foreign_requests(requests: list[str], base_url: str) -> list[str]:
    return sorted({url for url in requests if not url.startswith((base_url, "data:", "blob:"))})


@pytest.mark.parametrize("relative", CHINESE_PAGES)
def test_chinese_page_is_accessible_in_both_modes_and_fits_a_phone(relative, visit, base_url):
    words = None
    for mode, viewport in (("light", harness.DESKTOP), ("dark", harness.PHONE)):
        opened = visit(relative, mode=mode, viewport=viewport)
        page = opened.page
        where = f"{relative} ({mode} mode, {viewport['width']}px)"
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dataset.theme]") == [
            "zh-CN",
            mode,
        ], where
        assert base_url + relative in opened.requests, f"{where}: the page itself was not requested"
        assert not foreign_requests(opened.requests, base_url), f"{where}: requests to other hosts"
        if viewport is harness.PHONE:
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"{where}: scrolls sideways:\n  " + "\n  ".join(page.evaluate(OVERFLOWING))
            inner = page.evaluate(INNER_SCROLLERS)
            assert not inner, f"{where}: content scrolls sideways inside:\n  " + "\n  ".join(inner)
        else:
            words = main_words(page)
        opened.recording = False  # axe's own fetches are not the page's (see test_every_page.report)
        response = AXE.run(page).response
        assert not response["violations"], describe_violations(where, response["violations"])
        assert not undecided_contrast(response["incomplete"]), where
        assert any(rule["id"] == "color-contrast" and rule["nodes"] for rule in response["passes"]), where
    # Without JavaScript: every word of the article still shown, the header's links too.
    assert words and any(re.search(r"[\u4e00-\u9fff]", word) for word in words), f"{relative}: no Chinese text"
    without_js = visit(relative, javascript=False).page
    missing = words - set(WORDS.findall(without_js.inner_text("main")))
    assert not missing, f"{relative} without JavaScript: text hidden or missing: {sorted(missing)[:30]}"
    assert_section_links_shown(without_js, f"{relative} without JavaScript")


def test_chinese_page_every_control_is_reachable_and_visibly_focused(visit):
    """The publication list: the page with the most controls (filters, disclosures, copy
    buttons), all labelled in Chinese; the header's, switcher included, are every page's."""
    every_control_reachable("zh/publications/index.html", visit)


def test_language_switcher_works_by_keyboard_without_javascript(visit, base_url):
    """Tab to the switcher, Enter: the same page in the other language, both ways."""
    for start, target, text in (
        ("publications/index.html", "zh/publications/index.html", "中文"),
        ("zh/cv/index.html", "cv/index.html", "English"),
    ):
        page = visit(start, javascript=False).page
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('language-switcher')"):
                break
        else:
            pytest.fail(f"{start}: the language switcher is not reachable with Tab")
        assert page.evaluate("document.activeElement.innerText.trim()") == text
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert unquote(urlsplit(page.url).path) == urlsplit(base_url + target).path, f"{start}: went to {page.url}"


CHINESE_SEARCHES = {"清华": "zh/cv/index.html", "推理": "zh/index.html", "缓存": "zh/projects/mooncake-store.html"}


def test_chinese_search_finds_the_pages_by_their_chinese_words(visit, base_url):
    page = visit("zh/index.html").page
    for query, expected in CHINESE_SEARCHES.items():
        page.goto(f"{base_url}zh/search.html?q={query}", wait_until="load")
        results = page.locator("#search-results ul.search li a")
        results.first.wait_for(timeout=10_000)
        found = [urlsplit(href).path for href in results.evaluate_all("links => links.map(a => a.href)")]
        assert urlsplit(base_url + expected).path in found, f"search for {query!r} on the Chinese site: {found}"
