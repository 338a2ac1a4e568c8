"""page_speed.script_deferral: nothing blocks, order is kept, unused scripts go."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from lxml import html as lxml_html
from sphinx.errors import ConfigError

from sphinx_academic.page_speed.html_edits import scan
from sphinx_academic.page_speed.script_deferral import (
    THEME_SCRIPT_CONDITIONS,
    data_url,
    defer_page_scripts,
    script_conditions,
)

PAGE = """<html><head>
<script data-cfasync="false">document.documentElement.dataset.theme = "dark";</script>
<script defer src="_static/early-deferred.js"></script>
<script>/* after a deferred script only: ran before it anyway */</script>
<link rel="preload" as="script" href="_static/scripts/bootstrap.js" />
<link rel="preload" as="font" href="_static/f.woff2" crossorigin />
<script src="_static/documentation_options.js"></script>
<script src="_static/doctools.js"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'index';</script>
<script async src="_static/analytics.js"></script>
<script type="module" src="_static/mod.js"></script>
<script type="application/ld+json">{"@type": "Person"}</script>
<script src="_static/searchtools.js"></script>
<script src="_static/scripts/fontawesome.js" defer></script>
<script src="https://cdn.example.org/x.js"></script>
</head><body><p>x</p><script defer src="_static/scripts/bootstrap.js"></script></body></html>"""


def conditions(mapping=None):
    config = SimpleNamespace(html_theme_options={}, speed_script_conditions=mapping or {})
    return script_conditions(config)


def scripts(html):
    return [tag for tag in scan(html) if tag.name == "script"]


def test_order_is_kept_and_nothing_blocks():
    out, counts = defer_page_scripts(PAGE, conditions())
    tags = scripts(out)
    # the dark-mode script comes first and still runs at once
    assert tags[0].attrs == {"data-cfasync": "false"} and "dataset.theme" in out[tags[0].start : tags[0].end]
    for tag in tags[1:]:
        kind = (tag.get("type") or "").lower()
        inline = not tag.has("src") and kind == ""
        assert tag.has("defer") or tag.has("async") or inline or kind in ("module", "application/ld+json"), tag
    sources = [tag.get("src") for tag in tags if tag.get("src")]
    assert "<script>/* after a deferred script only: ran before it anyway */</script>" in out
    assert sources == [
        "_static/early-deferred.js",
        "_static/documentation_options.js",
        "_static/doctools.js",
        data_url("DOCUMENTATION_OPTIONS.pagename = 'index';"),
        "_static/analytics.js",
        "_static/mod.js",
        "https://cdn.example.org/x.js",
        "_static/scripts/bootstrap.js",
    ]
    assert '{"@type": "Person"}' in out
    assert counts == {"dropped": 2, "preloads": 1, "deferred": 3, "inline": 1, "after paint": 0}


def test_unused_scripts_and_script_preloads_go():
    out, _ = defer_page_scripts(PAGE, conditions())
    assert "searchtools.js" not in out and "fontawesome.js" not in out  # no #search-results, no .fa-custom
    assert 'rel="preload" as="script"' not in out
    assert 'rel="preload" as="font"' in out  # other preloads are not this step's business


def test_scripts_stay_where_their_condition_matches():
    page = PAGE.replace("<p>x</p>", '<div id="search-results"></div><i class="fa-custom fa-x"></i>')
    out, _ = defer_page_scripts(page, conditions())
    assert "searchtools.js" in out and "fontawesome.js" in out


def test_conf_py_conditions():
    out, _ = defer_page_scripts(PAGE, conditions({"doctools.js": "pre", "searchtools.js": ""}))
    assert "doctools.js" not in out and "searchtools.js" in out
    with pytest.raises(ConfigError, match=r"speed_script_conditions\['x.js'\].*not a CSS selector"):
        conditions({"x.js": "p[["})


def test_search_as_you_type_keeps_the_search_scripts_everywhere():
    config = SimpleNamespace(html_theme_options={"search_as_you_type": True}, speed_script_conditions={})
    assert "searchtools.js" not in script_conditions(config)
    assert "searchtools.js" in THEME_SCRIPT_CONDITIONS


def test_deferred_inline_script_runs_the_same_code():
    code = "var x = '#a%b \"c\"';\nconsole.log(x);"
    url = data_url(code)
    page = lxml_html.fromstring(
        f'<div><script defer src="{url.replace("&", "&amp;").replace(chr(34), "&quot;")}"></script></div>'
    )
    from urllib.parse import unquote

    src = page.find(".//script").get("src")
    assert src.startswith("data:text/javascript,") and unquote(src.split(",", 1)[1]) == code


def test_idempotent():
    once, _ = defer_page_scripts(PAGE, conditions())
    twice, counts = defer_page_scripts(once, conditions())
    assert twice == once and not any(counts.values())


CODE = {
    "_static/documentation_options.js": "const DOCUMENTATION_OPTIONS = {};",
    "_static/doctools.js": "if (document.readyState !== 'loading') go(); else addEventListener('DOMContentLoaded', go);",
    "_static/scripts/bootstrap.js": "window.bootstrap = {};",
    "_static/tabs.js": "document.addEventListener('DOMContentLoaded', ready);",
}
PLAIN = """<html><head><script>document.documentElement.dataset.theme = "auto";</script>
<script src="_static/documentation_options.js"></script>
<script src="_static/doctools.js"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'a</b>';</script>
</head><body><p>x</p><script defer src="_static/scripts/bootstrap.js"></script></body></html>"""


def test_scripts_load_after_the_first_paint_in_order():
    out, counts = defer_page_scripts(PLAIN, conditions(), True, CODE.get)
    assert counts["after paint"] == 4
    assert [t.get("src") for t in scripts(out) if t.get("src")] == []  # nothing requested while parsing
    loader = out[out.index("<script>(function(scripts)") : out.index("</body>")]
    assert "first-contentful-paint" in loader and "async=false" in loader
    listed = re.findall(r'"src": "([^"]+)"', loader)
    assert listed == [
        "_static/documentation_options.js",
        "_static/doctools.js",
        data_url("DOCUMENTATION_OPTIONS.pagename = 'a</b>';").replace("</", "<\\/"),
        "_static/scripts/bootstrap.js",
    ]
    assert "</b>" not in loader  # a "</" in the list would end the loader's <script>


def test_pages_whose_scripts_cannot_start_late_keep_defer():
    tabs = PLAIN.replace("</body>", '<script src="_static/tabs.js"></script></body>')
    remote = PLAIN.replace("</body>", '<script src="https://example.org/x.js"></script></body>')
    module = PLAIN.replace("</body>", '<script type="module" src="_static/m.js"></script></body>')
    for page in (tabs, remote, module):
        out, counts = defer_page_scripts(page, conditions(), True, CODE.get)
        assert counts["after paint"] == 0 and "(function(scripts)" not in out
        classic = [t for t in scripts(out) if t.get("src") and t.get("type") != "module"]
        assert classic and all(t.has("defer") for t in classic)
