"""Cut icon fonts down to the glyphs the site's CSS uses; set every web font's font-display.

Icon fonts (Font Awesome: two files, 225 KB, for a dozen icons) draw a glyph
for a character that the CSS puts in ``content`` or in a custom property
(``.fa-github{--fa:"\\f09b"}``). After pruning, the CSS names only the icons
the pages use, so those characters are all the glyphs needed.
fontTools' subsetter writes a WOFF2 with only those glyphs; a subset no larger
than ``speed_inline_font_max_bytes`` is put into the CSS as a ``data:`` URL
(no request, no icon flashing in late), a larger one is written next to the
original under a content-hashed name.

Only the families matching ``speed_icon_font_families`` (a regular expression)
are subset: a text font's glyphs depend on text the build does not see (search
results, what a visitor types), so text fonts are left whole. Every
``@font-face`` gets ``font-display: swap``, except inlined fonts, which get
``block`` (see :data:`INLINED_FONT_DISPLAY`). Works on the stylesheets the
pages link to, after pruning and before inlining.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from weakref import WeakKeyDictionary

import tinycss2
from sphinx.application import Sphinx

from .._extension import metadata
from .build_output import (
    connect_step,
    html_files,
    local_file,
    logger,
    rebase_url,
    step_enabled,
    stylesheet_hrefs,
    stylesheet_tags,
)
from .css_pruning import (
    BLOCK_AT_RULES,
    LINKED_STYLESHEETS,
    font_face_family,
    page_stylesheets,
    url_value,
    walk_tokens,
)
from .css_text import RawRule, join_declarations, split_declarations, split_rules
from .font_worker import FONT_SUFFIXES, FontWorker, subset_font

PRIORITY = 725  # after pruning (which decides the glyphs), before inlining (which copies the CSS)
SWITCH = "speed_subset_fonts"
WORKERS: WeakKeyDictionary[Sphinx, FontWorker] = WeakKeyDictionary()  # one per build, started with the builder
# A fetched font swaps in when it arrives (the text is readable meanwhile). A
# font inside the CSS is there as soon as the CSS is: "block" waits the few
# milliseconds it takes to decode, where "swap" would draw the fallback first
# and shift the line by a fraction of a pixel when the icon font replaces it.
FONT_DISPLAY = "swap"
INLINED_FONT_DISPLAY = "block"


def glyph_characters(rules: Iterable[RawRule], families: set[str] = frozenset()) -> set[str]:
    """The characters the rules can draw as generated content.

    Those of ``content`` declarations, and of custom properties holding one
    string (``--fa:"\f09b"``, which ``content: var(--fa)`` draws), unless the
    string is one of the font ``families`` (lower case): family names and
    other strings are never drawn.
    """
    characters: set[str] = set()
    for rule in rules:
        if rule.body is None or rule.at_keyword == "font-face":
            continue
        if rule.at_keyword in BLOCK_AT_RULES:
            characters |= glyph_characters(split_rules(rule.body), families)
            continue
        for name, value in split_declarations(rule.body):
            is_content = name.lower() == "content"
            if not (is_content or (name.startswith("--") and value[:1] in ("'", '"'))) or not value:
                continue
            tokens = [
                t for t in tinycss2.parse_component_value_list(value, skip_comments=True) if t.type != "whitespace"
            ]
            if not is_content and len(tokens) != 1:
                continue  # a custom property holding more than one string is not drawn content
            for token in walk_tokens(tokens):
                if token.type == "string" and token.value.lower() not in families:
                    characters.update(token.value)
    return characters


def font_face_sources(rule: RawRule) -> list[str]:
    """The url()s of an @font-face rule's src, in order (data: URLs left out: nothing to cut)."""
    for name, value in split_declarations(rule.body or ""):
        if name.lower() == "src":
            tokens = tinycss2.parse_component_value_list(value, skip_comments=True)
            return [url for url in map(url_value, walk_tokens(tokens)) if url and not url.startswith("data:")]
    return []


def with_font_faces(css: str, replace_source, family_pattern: re.Pattern) -> str:
    """The CSS with font-display set, and icon font sources replaced by replace_source(url)."""
    out = []
    for rule in split_rules(css):
        if rule.at_keyword != "font-face":
            out.append(rule.text)
            continue
        family = font_face_family(rule) or ""
        sources = font_face_sources(rule)
        declarations, inlined = [], not sources
        for name, value in split_declarations(rule.body):
            if name.lower() == "font-display":
                continue
            if name.lower() == "src" and sources and family_pattern.search(family):
                new = replace_source(sources[0])
                if new:
                    value = f'url("{new}") format("woff2")'
                    inlined = new.startswith("data:")
            declarations.append((name, value))
        declarations.append(("font-display", INLINED_FONT_DISPLAY if inlined else FONT_DISPLAY))
        out.append(f"{rule.prelude}{{{join_declarations(declarations)}}}")
    return "".join(out)


def linked_stylesheets(outdir: Path) -> list[Path]:
    """The local stylesheet files the built pages link to, with those they @import.

    (When pruning ran, it found them already: ``css_pruning.LINKED_STYLESHEETS``.)"""
    files: set[Path] = set()
    imports: dict[Path, list[Path]] = {}
    pages = list(html_files(outdir))
    for page in pages:
        hrefs = stylesheet_hrefs(stylesheet_tags(page.read_text("utf-8"), len(pages)))
        files.update(page_stylesheets(outdir, page, hrefs, imports))
    return sorted(files)


def icon_font_characters(outdir: Path, sheets: dict[Path, str], family_pattern: re.Pattern) -> dict[Path, set[str]]:
    """Each icon font file, with the characters any of the stylesheets draws.

    Every sheet counts for every font: a page's own stylesheet may draw an
    icon (``content: "\\f1c1"``) from a font that the theme's sheet declares.
    """
    parsed = {path: split_rules(css) for path, css in sheets.items()}
    font_faces = {path: [r for r in rules if r.at_keyword == "font-face"] for path, rules in parsed.items()}
    families = {(font_face_family(r) or "").lower() for faces in font_faces.values() for r in faces}
    characters: set[str] = set()
    for rules in parsed.values():
        characters |= glyph_characters(rules, families)
    faces: dict[Path, set[str]] = {}  # font file: the characters to keep
    for path, rules in font_faces.items():
        for rule in rules:
            family = font_face_family(rule) or ""
            urls = font_face_sources(rule)
            if family_pattern.search(family) and urls:
                file = local_file(outdir, path, urls[0])
                if file is None:
                    raise FileNotFoundError(f"{path}: @font-face {family!r}: no file for {urls[0]}")
                faces.setdefault(file, set()).update(characters)
    return faces


def subset_built_fonts(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    family_pattern = re.compile(app.config.speed_icon_font_families)
    linked = LINKED_STYLESHEETS.pop(app, None)
    sheets = {path: path.read_text("utf-8") for path in (linked if linked is not None else linked_stylesheets(outdir))}
    faces = icon_font_characters(outdir, sheets, family_pattern)
    jobs = list(faces.items())
    worker = WORKERS.pop(app, None)
    subsets = worker.subset(jobs) if worker else [subset_font(*job) for job in jobs]
    replacements: dict[Path, str] = {}
    for file, data in zip(faces, subsets, strict=True):
        if len(data) <= app.config.speed_inline_font_max_bytes:
            replacements[file] = "data:font/woff2;base64," + base64.b64encode(data).decode("ascii")
        else:
            name = f"{file.stem}.{hashlib.sha256(data).hexdigest()[:10]}.woff2"
            (file.parent / name).write_bytes(data)
            replacements[file] = name
        logger.info("speed: font %s: %d -> %d bytes", file.name, file.stat().st_size, len(data))

    for path, css in sheets.items():

        def replace_source(url: str, path=path) -> str | None:
            new = replacements.get(local_file(outdir, path, url))
            # a hashed file goes next to the original: keep the original URL's folder
            return new if new is None or new.startswith("data:") else rebase_url(new, url)

        new_css = with_font_faces(css, replace_source, family_pattern)
        if new_css != css:
            path.write_text(new_css, "utf-8")


def start_worker(app: Sphinx) -> None:
    if step_enabled(app, SWITCH, None):
        WORKERS[app] = FontWorker(preload=static_fonts(app))


def static_fonts(app: Sphinx) -> list[Path]:
    """The font files the theme and html_static_path hold: those the build may copy and cut."""
    folders = [Path(folder) / "static" for folder in app.builder.theme.get_theme_dirs()]
    folders += [Path(app.confdir, folder) for folder in app.config.html_static_path]
    return sorted(
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.suffix.lower() in FONT_SUFFIXES
    )


def stop_worker(app: Sphinx, exception: Exception | None) -> None:
    """Stop a worker the font step did not use (a failed build, no fonts to cut)."""
    worker = WORKERS.pop(app, None)
    if worker is not None:
        worker.stop()


def setup(app: Sphinx) -> dict:
    connect_step(app, SWITCH, "Subset icon fonts to the glyphs the CSS uses.", PRIORITY, subset_built_fonts)
    app.connect("builder-inited", start_worker)
    app.connect("build-finished", stop_worker, priority=PRIORITY + 1)
    app.add_config_value(
        "speed_icon_font_families",
        r"(?i)font ?awesome",
        "html",
        types=frozenset({str}),
        description="Regular expression for the font families that are icon fonts.",
    )
    app.add_config_value(
        "speed_inline_font_max_bytes",
        8192,
        "html",
        types=frozenset({int}),
        description="Put subset fonts up to this size into the CSS as data: URLs.",
    )
    return metadata(__name__)
