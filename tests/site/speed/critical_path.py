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
    already_compressed = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")
    return len(data) if path.suffix.lower() in already_compressed else len(gzip.compress(data, 6))


@dataclass
class CriticalPath:
    page: Path
    files: dict[str, int] = field(default_factory=dict)  # file (relative to the site) -> bytes
    images: set[str] = field(default_factory=set)  # those of them an <img> loads

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


#: The phone image budgets assume: Lighthouse's mobile emulation, 412 CSS px wide at density 1.75.
PHONE_WIDTH, PHONE_DENSITY = 412, 1.75
REM = 16


def css_length(text: str, viewport: float) -> float | None:
    """A length of a ``sizes`` attribute in CSS px: 56rem, 380px, 100vw, calc(100vw - 2rem)."""
    text = text.strip()
    calc = re.fullmatch(r"calc\((.+?)\s*([-+])\s*(.+)\)", text)
    if calc:
        left, right = css_length(calc.group(1), viewport), css_length(calc.group(3), viewport)
        return None if left is None or right is None else left + (right if calc.group(2) == "+" else -right)
    match = re.fullmatch(r"([\d.]+)(px|rem|em|vw)", text)
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return value * {"px": 1, "rem": REM, "em": REM, "vw": viewport / 100}[unit]


def displayed_width(sizes: str, viewport: float) -> float | None:
    """The width a ``sizes`` attribute gives at a viewport width ((min-width: …) conditions only)."""
    for entry in sizes.split(","):
        condition = re.match(r"\s*\(min-width:\s*([\d.]+)(px|em|rem)\)\s*(.+)", entry)
        if condition:
            minimum = float(condition.group(1)) * (1 if condition.group(2) == "px" else REM)
            if viewport >= minimum:
                return css_length(condition.group(3), viewport)
        elif "(" not in entry.split("calc")[0]:
            return css_length(entry, viewport)
    return None


def phone_image(tag) -> str:
    """The URL a phone loads for an <img>: its srcset candidate for PHONE_WIDTH and PHONE_DENSITY."""
    candidates = [c.strip().rsplit(" ", 1) for c in (tag.get("srcset") or "").split(",") if c.strip()]
    if not candidates:
        return tag.get("src") or ""
    if all(d.endswith("w") for _, d in candidates):
        width = displayed_width(tag.get("sizes") or "100vw", PHONE_WIDTH)
        if width is None:
            return tag.get("src") or ""
        needed = width * PHONE_DENSITY  # width descriptors: pixels
    else:
        needed = PHONE_DENSITY  # density descriptors: "1x", "2x"
    by_size = sorted((float(d[:-1]), url) for url, d in candidates)
    return next((url for size, url in by_size if size >= needed), by_size[-1][1])


def page_weight(site: Path, page: Path) -> CriticalPath:
    """Everything of the site's own a page loads before the reader scrolls: deferred scripts,
    and the images that are not lazy (the file a phone takes from each srcset)."""
    result = critical_path(site, page)
    for tag in scan(page.read_text("utf-8")):
        if tag.name == "img":
            url = None if tag.get("loading") == "lazy" else phone_image(tag)
        else:
            url = tag.get("src") if tag.name == "script" else tag.get("href") if tag.name == "link" else None
        if url and (tag.name != "link" or {"stylesheet", "preload", "icon"} & set((tag.get("rel") or "").split())):
            path = local_file(site, page, url)
            if path is not None:
                name = path.relative_to(site.resolve()).as_posix()
                result.files.setdefault(name, compressed_size(path))
                if tag.name == "img":
                    result.images.add(name)
    return result


def image_bytes(weight: CriticalPath) -> int:
    """The bytes of the page's <img> files among what it loads."""
    return sum(weight.files[name] for name in weight.images)
