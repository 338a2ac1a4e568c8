"""Screenshots of every built page (English, and Chinese under zh/), light and dark, at desktop (1280 px) and phone
(360 px) width, each figure on its own (the same four ways) -> _build/screenshots/figures/,
and every page of every PDF the site serves (the CV), for a person to look at:
`make screenshots` -> _build/screenshots/.

Run from the repository's root as a module (`python -m tools.screenshots`), so that the
browser tests' plumbing is importable."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from sphinx_academic.languages import nested_outputs
from tests.site.browser import harness  # the browser tests' plumbing, shared on purpose
from tests.site.conftest import SITE, html_pages  # the tests' notion of "every page"

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
        # The English pages, then each nested language's (zh/): the same pages, translated.
        pages = html_pages(SITE) + [page for folder in sorted(nested_outputs(SITE)) for page in html_pages(folder)]
        for page in pages:
            relative = page.relative_to(SITE).as_posix()
            count += len(harness.capture_screenshots(browser, url, relative, out, out / "figures"))
        browser.close()
    server.shutdown()
    for document in sorted(SITE.rglob("*.pdf")):
        count += len(pdf_pages(document, out))
    print(f"{count} screenshots in {out}")
    return 0


def pdf_pages(document: Path, out: Path) -> list[Path]:
    """The PDF's pages as PNG at 110 dpi (pdftoppm, Debian's poppler-utils): <name>-page-<n>.png."""
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is missing: apt-get install poppler-utils (tools/ensure-test-tools does, as root)")
    prefix = out / "_".join(document.relative_to(SITE).with_suffix("").parts)
    for old in out.glob(f"{prefix.name}-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(document), f"{prefix}-page"], check=True)
    return sorted(out.glob(f"{prefix.name}-page-*.png"))


if __name__ == "__main__":
    sys.exit(main())
