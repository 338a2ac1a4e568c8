"""Browser plumbing shared by the browser tests and `make screenshots`.

One loopback HTTP server and one Chromium per session; pages are opened in fresh
contexts so that storage, colour scheme and viewport never leak between checks.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import sys
import threading
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# --no-sandbox: Chromium refuses to run as root otherwise (CI is root). The rest
# stop it from calling home over the (closed) network and logging about it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
MODES = ("light", "dark")


def missing_chromium_message() -> str | None:
    """Why the browser tests cannot run, or None when Chromium is there."""
    if os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM):
        return None
    return (
        f"Chromium is missing at {CHROMIUM}: install it with `sudo apt-get install chromium` "
        "(or run `make test` as root, which installs it), or set CHROMIUM=/path/to/chromium."
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass  # keep pytest's output for failures


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser drops a download it no longer needs (a srcset candidate replaced when a
        # full-page screenshot resizes the viewport, a page closed mid-load): not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve `directory` on 127.0.0.1 at an ephemeral port in a daemon thread."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True, name="site-server").start()
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/", server


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def stored_mode_script(mode: str) -> str:
    """An init script that stores the theme choice the way pydata-sphinx-theme does."""
    return f'localStorage.setItem("mode", "{mode}"); localStorage.setItem("theme", "{mode}");'


def new_context(browser, *, mode: str = "light", viewport=DESKTOP, stored: bool = True, **options):
    """A fresh context in `mode`: the system preference emulated and, if `stored`, chosen in the switcher."""
    context = browser.new_context(viewport=viewport, color_scheme=mode, **options)
    if stored:
        context.add_init_script(stored_mode_script(mode))
    return context


def screenshot_name(relative_page: str, mode: str, width: str) -> str:
    return f"{re.sub(r'[^A-Za-z0-9.-]+', '_', relative_page.removesuffix('.html'))}-{mode}-{width}.png"


# Lazy images below the fold load as the reader scrolls; a full-page screenshot does not
# scroll, so they are asked for now, and the shot waits until they are decoded.
LOAD_ALL_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach(image => { image.loading = "eager"; });
  await Promise.all(images.map(image => image.decode().catch(() => null)));
}"""


def load_all_images(page) -> None:
    page.evaluate(LOAD_ALL_IMAGES)


def capture_screenshots(
    browser, base_url: str, relative_page: str, out_dir: Path, figures_dir: Path | None = None
) -> list[Path]:
    """Full-page screenshots of one page in light and dark mode at desktop and phone width;
    with ``figures_dir``, also one of each visible figure on the page."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for mode in MODES:
        for width, viewport in VIEWPORTS.items():
            context = new_context(browser, mode=mode, viewport=viewport)
            try:
                page = context.new_page()
                page.goto(base_url + relative_page, wait_until="load")
                load_all_images(page)
                target = out_dir / screenshot_name(relative_page, mode, width)
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
                if figures_dir is not None:
                    written += figure_screenshots(page, relative_page, mode, width, figures_dir)
            finally:
                context.close()
    return written


def figure_screenshots(page, relative_page: str, mode: str, width: str, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for number, figure in enumerate(page.locator("article figure").all(), start=1):
        if not figure.is_visible():
            continue  # the publication list's thumbnails on a phone
        target = out_dir / screenshot_name(relative_page, mode, width).replace(f"-{mode}-", f"-figure{number}-{mode}-")
        figure.screenshot(path=str(target))
        written.append(target)
    return written
