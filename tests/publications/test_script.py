"""publications.js in Chromium, on the publications root: the filters and "Copy BibTeX" buttons
it makes, where they go, and that making them moves nothing on the page.

The script is held back until after the first paint (as the site's page_speed step loads it),
so a control that took room it did not have would show as a layout shift.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import sync_playwright

from tests.site.browser import harness

pytestmark = [
    pytest.mark.sphinx("html", testroot="publications"),
    pytest.mark.test_params(shared_result="publications-site"),
]

#: Layout shifts, as the browser reports them from the start of the page (CLS is their sum).
RECORD_SHIFTS = (
    "window.__shifts = [];"
    "new PerformanceObserver(list => list.getEntries().forEach(e => window.__shifts.push("
    "[e.value, ...e.sources.map(s => s.node && s.node.outerHTML && s.node.outerHTML.slice(0, 80))])))"
    ".observe({type: 'layout-shift', buffered: true});"
)


@pytest.fixture(scope="module")
def chromium():
    message = harness.missing_chromium_message()
    if message:
        pytest.fail(message)
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        yield browser
        browser.close()


def open_list(chromium, out, *, javascript=True, viewport=harness.DESKTOP):
    base, server = harness.serve(out)
    context = chromium.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.add_init_script(RECORD_SHIFTS)
    held = []  # the script's request, answered once the page has been painted
    page.route(re.compile(r"/publications\.js(\?|$)"), lambda route: held.append(route))
    page.goto(base + "publications/index.html", wait_until="commit")
    if javascript:
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0")
        page.wait_for_function("document.readyState !== 'loading'")
        assert len(held) == 1, "publications.js was not requested"
        held[0].continue_()
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")
    return page, context, server, held


def test_script_makes_the_filters_and_copy_buttons_without_moving_anything(chromium, fixture_site):
    """At a phone's width, where the room is least."""
    page, context, server, _ = open_list(chromium, fixture_site.out, viewport=harness.PHONE)
    try:
        form = page.locator(".pub-filters-slot > form.pub-filters")
        assert form.count() == 1 and form.get_attribute("aria-label") == "Filter publications"
        for name, label in (("year", "Year"), ("type", "Type")):
            select = form.locator(f"select[data-filter={name}]")
            assert form.locator(f"label[for={select.get_attribute('id')}]").inner_text() == label
        assert form.locator("select[data-filter=year] option").all_inner_texts() == [
            "All years",
            "2024",
            "2023",
            "2022",
        ]
        slot = page.locator(".pub-filters-slot")
        assert form.bounding_box()["height"] <= slot.bounding_box()["height"], "the filters outgrow their slot"
        actions = page.locator("li.pub .pub-actions")
        buttons = page.locator("li.pub .pub-actions > a.pub-download-bib + button.pub-copy-bibtex")
        assert actions.count() == buttons.count() == 5
        assert buttons.first.get_attribute("aria-describedby") == "lovelace2024engine-title"
        shifts = page.evaluate("window.__shifts")  # [[value, what moved, ...], ...]
        assert sum(shift[0] for shift in shifts) == 0, f"the controls moved the page as they appeared: {shifts}"
        form.locator("select[data-filter=year]").select_option("2023")
        assert page.locator("li.pub:visible").count() == 3
        assert form.locator("output").inner_text() == "3 publications shown"
    finally:
        context.close()
        server.shutdown()


def test_without_javascript_there_is_no_control_and_no_gap(chromium, fixture_site):
    page, context, server, _ = open_list(chromium, fixture_site.out, javascript=False)
    try:
        assert page.locator(".pub-list-container :is(form, select, button)").count() == 0
        assert page.locator(".pub-filters-slot").bounding_box() is None  # not displayed: no empty room
        assert page.locator("li.pub:visible").count() == 5
    finally:
        context.close()
        server.shutdown()
