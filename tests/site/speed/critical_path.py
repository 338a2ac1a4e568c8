"""What a browser must download before it can first paint a built page, compressed.

The byte budgets in test_built_site.py are on this figure: the HTML, the
stylesheets it links without a print-only media query (and their @imports),
the scripts in <head> that block parsing (no async, defer or module), what it
preloads, and the web fonts its CSS declares (woff2 files are already
compressed; a font inlined as a data: URL is counted in the page that holds
it). Text is counted gzip-compressed at level 6, as web servers send it.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_academic.page_speed.build_output import local_file, stylesheet_links
from sphinx_academic.page_speed.css_pruning import stylesheet_imports
from sphinx_academic.page_speed.html_edits import scan

FONT_URL = re.compile(r"@font-face\s*\{[^}]*?url\(\s*[\"']?(?!data:)([^\"')]+)", re.I)
NON_BLOCKING_MEDIA = re.compile(r"^\s*print\s*$", re.I)


def compressed_size(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if path.suffix in (".woff2", ".woff", ".png", ".jpg", ".webp") else len(gzip.compress(data, 6))


@dataclass
class CriticalPath:
    page: Path
    files: dict[str, int] = field(default_factory=dict)  # file (relative to the site) -> bytes

    @property
    def total(self) -> int:
        return sum(self.files.values())


def critical_path(site: Path, page: Path) -> CriticalPath:
    """The files (and their compressed sizes) a page needs before its first paint."""
    html = page.read_text("utf-8")
    tags = scan(html)
    result = CriticalPath(page, {page.relative_to(site).as_posix(): compressed_size(page)})
    css: list[tuple[Path, str]] = [(page, html)]  # where each CSS text is, for its font URLs
    head_end = next((t.start for t in tags if t.name == "body"), len(html))

    def add(path: Path | None) -> None:
        if path is not None:
            result.files.setdefault(path.relative_to(site.resolve()).as_posix(), compressed_size(path))

    for tag in stylesheet_links(tags):
        sheet = local_file(site, page, tag.get("href"))
        if sheet is None or NON_BLOCKING_MEDIA.match(tag.get("media") or ""):
            continue
        for path in (sheet, *stylesheet_imports(sheet)):
            add(path)
            css.append((path, path.read_text("utf-8")))
    for tag in tags:
        if tag.start > head_end:
            break
        blocking_script = (
            tag.name == "script"
            and tag.get("src")
            and not tag.has("async")
            and not tag.has("defer")
            and (tag.get("type") or "").lower() != "module"
        )
        if blocking_script:
            add(local_file(site, page, tag.get("src")))
        elif tag.name == "link" and "preload" in (tag.get("rel") or "").lower().split():
            add(local_file(site, page, tag.get("href")))
    for base, text in css:
        for url in FONT_URL.findall(text):
            add(local_file(site, base, url))
    return result


def page_weight(site: Path, page: Path) -> CriticalPath:
    """Everything of the site's own a page loads, deferred scripts and images included."""
    result = critical_path(site, page)
    for tag in scan(page.read_text("utf-8")):
        url = tag.get("src") if tag.name in ("script", "img") else tag.get("href") if tag.name == "link" else None
        if url and (tag.name != "link" or {"stylesheet", "preload", "icon"} & set((tag.get("rel") or "").split())):
            path = local_file(site, page, url)
            if path is not None:
                result.files.setdefault(path.relative_to(site.resolve()).as_posix(), compressed_size(path))
    return result
