"""The built site (made by `make test`): every page fast on first load, the theme intact.

Budgets are on bytes computed from the built files (see critical_path.py), so
they are deterministic; Lighthouse's timings stay in benchmarks/lighthouse.py.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import re

import brotli
import pytest
from fontTools.ttLib import TTFont

from sphinx_academic.page_speed.build_output import html_files, local_file
from sphinx_academic.page_speed.css_text import split_declarations, split_rules
from sphinx_academic.page_speed.html_edits import scan
from sphinx_academic.page_speed.image_sizing import image_size

from .critical_path import critical_path, image_bytes, page_weight, phone_image

KiB = 1024
# Bytes before the first paint, compressed. The stock theme needs ~370 KiB; the
# optimised pages need 16-20 KiB (mostly their inlined CSS and icon fonts).
CRITICAL_PATH_BUDGET = 24 * KiB
# Everything the page loads before the reader scrolls (deferred scripts included), but its
# images; the home page, images included, at most 100 KiB. The search page carries Sphinx's
# search index.
PAGE_WEIGHT_BUDGET = 72 * KiB
# The images a phone loads before it scrolls (lazy ones are not), as Lighthouse's phone picks
# them from each srcset: a page's lead figure (the paper pages' 720 px preview is 43 KiB).
FIRST_SCREEN_IMAGES_BUDGET = 48 * KiB


@pytest.fixture(scope="module")
def pages(site):
    """Every built page: the tests below loop over them, so there must be the site's pages to check."""
    found = list(html_files(site))
    assert len(found) >= 10, f"only {len(found)} pages in {site}"
    return found


def test_every_page_is_checked(site, pages):
    names = {p.relative_to(site).as_posix() for p in pages}
    assert {
        "index.html",
        "404.html",
        "cv/index.html",
        "research/index.html",
        "publications/index.html",
        "projects/index.html",
    } <= names


def test_critical_path_budget(site, pages):
    paths = {p.relative_to(site).as_posix(): critical_path(site, p) for p in pages}
    assert all(path.total > 0 for path in paths.values()), "a page loads nothing before its first paint?"
    over = {name: path.files for name, path in paths.items() if path.total > CRITICAL_PATH_BUDGET}
    assert not over, f"pages over {CRITICAL_PATH_BUDGET // KiB} KiB before first paint: {over}"


def test_page_weight_budget(site, pages):
    weights = {p.relative_to(site).as_posix(): page_weight(site, p) for p in pages}
    assert weights["index.html"].total <= 100 * KiB, weights["index.html"].files
    over = {
        name: weight.total - image_bytes(weight)
        for name, weight in weights.items()
        if weight.total - image_bytes(weight) > PAGE_WEIGHT_BUDGET
    }
    assert not over, f"pages loading more than {PAGE_WEIGHT_BUDGET // KiB} KiB besides images: {over}"
    images_over = {name: w.files for name, w in weights.items() if image_bytes(w) > FIRST_SCREEN_IMAGES_BUDGET}
    assert not images_over, f"pages loading more than {FIRST_SCREEN_IMAGES_BUDGET // KiB} KiB of images: {images_over}"
    # The budgets count the lead figures (not a test that passes because no image is counted).
    assert image_bytes(weights["publications/qin2025mooncake.html"]) > 10 * KiB
    assert image_bytes(weights["research/index.html"]) == 0  # its figure is below the fold: lazy


def test_nothing_blocks_the_first_paint(site, pages):
    for page in pages:
        html = page.read_text("utf-8")
        tags = scan(html)
        head = [t for t in tags if "head" in t.parents]
        assert not [
            t
            for t in head
            if t.name == "link" and "stylesheet" in (t.get("rel") or "") and local_file(site, page, t.get("href") or "")
        ], page
        assert not [t for t in head if t.name == "link" and t.get("as") == "script"], page
        scripts = [t for t in tags if t.name == "script" and (t.get("type") or "") in ("", "text/javascript")]
        blocking = [t for t in scripts if t.get("src") and not (t.has("defer") or t.has("async"))]
        assert not blocking, (page, [t.get("src") for t in blocking])
        # the theme's dark-mode script still runs first, before any style is applied
        first_script = next(t for t in scripts)
        assert "localStorage" in html[first_script.start : first_script.end], page
        styles = [t for t in head if t.name == "style" and "noscript" not in t.parents]
        assert styles and first_script.start < styles[0].start, page


def inline_css(page) -> str:
    html = page.read_text("utf-8")
    return "".join(
        html[t.content_start : t.content_end] for t in scan(html) if t.name == "style" and "noscript" not in t.parents
    )


def test_theme_states_set_by_scripts_keep_their_css(site):
    css = inline_css(site / "index.html")
    for rule in (
        "html[data-theme=dark]",  # dark mode
        ".dropdown-menu.show",  # theme switcher menu
        "#pst-search-dialog[open]",  # search dialog (Ctrl+K, search button)
        "#pst-primary-sidebar-modal[open]",  # navigation on a phone
        ".tooltip",  # tooltips on the header buttons
        ".theme-switch[data-mode=",  # the icon of the current mode
        "@media print",
    ):
        assert rule in css, rule


def test_controls_the_publications_script_makes_keep_their_css(site):
    """The filters and "Copy BibTeX" buttons are made at run time: no built page has their
    classes, and pruning kept their rules only because the engine declares them."""
    css = inline_css(site / "publications/index.html")
    for rule in (".pub-copy-bibtex{", ".pub-filters{", ".pub-filter-select{", ".pub-filter-select:focus-visible"):
        assert rule in css, rule


def test_unused_css_is_gone(site):
    css = inline_css(site / "index.html")
    for unused in (".carousel", ".modal-dialog", ".fa-bicycle", ".popover", ".offcanvas"):
        assert unused not in css, unused


def test_every_icon_has_its_glyph(site, pages):
    """Each Font Awesome icon on a page has its CSS rule, and its glyph in the inlined font."""
    for page in pages:
        html = page.read_text("utf-8")
        css = inline_css(page)
        glyphs: set[int] = set()
        for rule in split_rules(css):
            if rule.at_keyword == "font-face":
                declarations = dict(split_declarations(rule.body))
                assert declarations.get("font-display") in ("swap", "block"), (page, rule.prelude)
                data = re.search(r"base64,([A-Za-z0-9+/=]+)", declarations["src"])
                assert data, f"{page}: icon font not inlined"
                glyphs |= set(TTFont(io.BytesIO(base64.b64decode(data.group(1)))).getBestCmap())
        icons = set(re.findall(r'class="[^"]*\b(fa-(?!solid|brands|regular|lg|fw)[a-z0-9-]+)', html))
        assert icons, page
        for icon in icons:
            match = re.search(rf"\.{icon}(?:,[^{{]*)?\{{--fa:\"\\\\?([^\"]+)\"", css)
            assert match, f"{page}: no CSS rule for {icon}"
            code = match.group(1)
            assert int(code, 16) in glyphs, f"{page}: no glyph for {icon} ({code})"


def test_scripts_a_page_does_not_use_are_left_out(site):
    assert "fontawesome.js" not in (site / "index.html").read_text("utf-8")
    assert "searchtools.js" not in (site / "index.html").read_text("utf-8")
    search = (site / "search.html").read_text("utf-8")
    assert "searchtools.js" in search and "searchindex.js" in search


def test_text_files_are_precompressed(site):
    texts = [p for p in site.rglob("*") if p.suffix in (".html", ".css", ".js", ".xml") and p.is_file()]
    checked = 0
    for path in texts:
        data = path.read_bytes()
        if len(data) >= 256:
            assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
            assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
            checked += 1
    assert checked > 10, f"only {checked} of {len(texts)} text files checked"


def test_the_doctrees_in_the_output_are_left_alone(site):
    """sphinx-build keeps its doctrees and the steps' records in ``.doctrees`` there: no step's files."""
    doctrees = site / ".doctrees"
    assert (doctrees / "environment.pickle").is_file()
    assert (doctrees / "page-speed-pruning.json").is_file()
    assert sorted(doctrees.rglob("*.gz")) == sorted(doctrees.rglob("*.br")) == []


def test_images_have_their_size(site, pages):
    """Every <img> has width and height (nothing shifts as it loads), in its file's proportions."""
    checked = []
    for page in pages:
        for tag in scan(page.read_text("utf-8")):
            if tag.name != "img":
                continue
            where = f"{page.relative_to(site)}: <img src={tag.get('src')!r}>"
            width, height = tag.get("width"), tag.get("height")
            assert width and height and width.isdigit() and height.isdigit(), (
                f"{where} has width={width!r} height={height!r}"
            )
            file = local_file(site, page, tag.get("src") or "")
            assert file is not None, f"{where}: not a file of the site"
            size = image_size(file)
            assert size, f"{where}: the file's size cannot be read"
            ratio = int(width) * size[1] / (int(height) * size[0])
            assert abs(ratio - 1) < 0.02, f"{where} is drawn {width}x{height}, the file is {size[0]}x{size[1]}"
            checked.append(where)
    # The home page's portrait at least (figures and pictures on other pages add to it).
    assert checked, "no <img> in the built site: the home page's portrait should be one; nothing was checked"


def test_no_private_use_characters_in_pages(site, pages):
    """Inlined icon-font CSS writes its code points as escapes (the validator warns on raw ones)."""
    for page in pages:
        assert not re.search("[\ue000-\uf8ff]", page.read_text("utf-8")), page


def loaded_scripts(html: str) -> list[str]:
    """The scripts a page runs, in order: <script src> and those the after-paint loader adds."""
    sources = [t.get("src") for t in scan(html) if t.name == "script" and t.get("src")]
    loader = re.search(r"<script>\(function\(scripts\)\{.*?\}\)\((\[.*?\])\)</script>", html, re.S)
    if loader:
        sources += [attributes["src"] for attributes in json.loads(loader.group(1).replace("<\\/", "</"))]
    return [re.sub(r"\?.*", "", s) for s in sources]


def test_the_theme_scripts_still_run(site, pages):
    for page in pages:
        scripts = [s.rsplit("/", 1)[-1] for s in loaded_scripts(page.read_text("utf-8"))]
        for name in ("documentation_options.js", "doctools.js", "bootstrap.js", "pydata-sphinx-theme.js"):
            assert name in scripts, (page, scripts)
        assert scripts.index("documentation_options.js") < scripts.index("doctools.js"), page


def test_the_budgets_count_the_file_a_phone_takes_from_a_srcset():
    sizes = "(min-width: 75em) 56rem, (min-width: 62em) 58rem, calc(100vw - 2rem)"
    fluid = {"src": "b.webp", "srcset": "a.webp 720w, b.webp 1080w, c.webp 2618w", "sizes": sizes}
    assert phone_image(fluid) == "a.webp"  # (412 - 32) px at density 1.75: 665 px
    assert phone_image({**fluid, "srcset": "b.webp 1080w, c.webp 2618w"}) == "b.webp"
    assert phone_image({"src": "p1.webp", "srcset": "p1.webp 1x, p2.webp 2x"}) == "p2.webp"
    assert phone_image({"src": "plain.png"}) == "plain.png"


def test_every_page_is_scanned_fast_and_as_html_parser_reads_it(site):
    """The speed steps find tags with html_edits.fast_scan, which must read every page of the site
    (both languages) and read it as html.parser does."""
    from sphinx_academic.page_speed.html_edits import fast_scan
    from tests.page_speed.test_html_edits import html_parser_scan, tag_facts

    checked = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.relative_to(site).parts:
            continue
        text = page.read_bytes().decode("utf-8")
        fast = fast_scan(text)
        assert fast is not None, f"{page}: read by html.parser, slowly"
        assert tag_facts(fast) == html_parser_scan(text), page
        checked.append(page.relative_to(site).as_posix())
    assert {"index.html", "zh/index.html", "publications/qin2025mooncake.html"} <= set(checked)
