"""Screenshots of every built page, light and dark, at desktop (1280 px) and phone
(360 px) width, for a person to look at: `make screenshots` -> _build/screenshots/,
and of each figure on its own (the same four ways) -> _build/screenshots/figures/.

Run from the repository's root as a module (`python -m tools.screenshots`), so that the
browser tests' plumbing is importable."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser import harness  # the browser tests' plumbing, shared on purpose
from tests.conftest import SITE, html_pages  # the tests' notion of "every page"

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    out = ROOT / "_build" / "screenshots"
    problem = harness.missing_chromium_message()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if not (SITE / "index.html").is_file():
        print(f"{SITE} has no built site: run `make html` first.", file=sys.stderr)
        return 1
    url, server = harness.serve(SITE)
    count = 0
    with sync_playwright() as playwright:
        browser = harness.launch(playwright)
        for page in html_pages(SITE):
            relative = page.relative_to(SITE).as_posix()
            count += len(harness.capture_screenshots(browser, url, relative, out, out / "figures"))
        browser.close()
    server.shutdown()
    print(f"{count} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
