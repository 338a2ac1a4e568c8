"""publications.js on a Chinese page (tests/roots/test-translations/), in Chromium: the filters and
the "Copy BibTeX" button speak the words the engine wrote into the page, not the script's English.

Here, beside test_script.py, rather than in tests/translations/: pytest runs this folder before
tests/site/, whose browser suite keeps Playwright running until the session ends (its sync API
cannot be started twice at once)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import no_warnings
from tests.site.browser import harness

pytestmark = [
    pytest.mark.sphinx("html", testroot="translations", copy_test_root=True),
    pytest.mark.test_params(shared_result="translations-zh"),
]


def test_filters_and_copy_button_in_chinese(app):
    app.build()
    no_warnings(app)
    message = harness.missing_chromium_message()
    if message:
        pytest.fail(message)
    base, server = harness.serve(app.outdir)
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        context = browser.new_context(viewport=harness.DESKTOP)
        # Clipboard access, so that the script makes its copy buttons (it needs navigator.clipboard).
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        try:
            page = context.new_page()
            page.goto(base + "index.html", wait_until="load")
            form = page.locator("form.pub-filters")
            form.wait_for()
            assert form.get_attribute("aria-label") == "筛选论文"
            assert form.locator("label").all_inner_texts() == ["年份", "类型"]
            assert form.locator("select[data-filter=year] option").all_inner_texts() == ["全部年份", "2024", "2023"]
            assert form.locator("select[data-filter=type] option").all_inner_texts()[0] == "全部类型"
            form.locator("select[data-filter=year]").select_option("2023")
            assert page.locator("li.pub:visible").count() == 1
            assert form.locator("output").inner_text() == "显示 1 篇论文"
            buttons = page.locator("button.pub-copy-bibtex")
            assert buttons.count() == 2
            assert buttons.all_inner_texts() == ["复制 BibTeX", "复制 BibTeX"]
            copy = page.locator("li.pub:visible button.pub-copy-bibtex")
            copy.click()
            expect(copy).to_have_text("已复制")  # once the clipboard's promise has settled
        finally:
            context.close()
            browser.close()
            server.shutdown()
