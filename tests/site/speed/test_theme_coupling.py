"""page_speed's CSS pruning against the installed theme's scripts: every class that
pydata-sphinx-theme's JavaScript (its bundle, and the Bootstrap bundle it ships) adds to a
page at run time keeps its CSS on our pages, unless the feature adding it is not used here.

The names are read from the built scripts in the theme's static folder, as they run:

* ``classList.add(...)``, ``.toggle(name, ...)``, ``.replace(old, new)``; ``className`` and
  ``classList`` assignments; ``setAttribute("class", ...)``; ``class="..."`` in the markup
  they insert (Bootstrap's tooltip and popover templates);
* minified code passes names through variables (``Cs="active"`` ... ``classList.add(Cs)``,
  ``const c=n?"carousel-item-next":"carousel-item-prev"``): a variable stands for the string
  literals of its nearest assignment before the call, which is how a minifier's scopes nest;
* a template literal (```bs-${this.constructor.NAME}-auto```) stands for the class names of the
  theme's CSS that it matches.

Names that come from the page's author (Bootstrap's ``customClass``/``extraClass`` options) or
from the element itself (the theme moves a sidebar's classes into its dialog) are not read.

A class is fine when the theme's CSS has no rule for it, when the real build kept its rules
(its THEME_RUNTIME group applies to a page, or a page has the class as built), or when every
THEME_RUNTIME group listing it has a ``when`` that matches none of our pages: the feature is
not used here. Whether pruning keeps them: the theme's CSS pruned for our built pages with
THEME_RUNTIME, against the same with those classes allowed on every page.

When this fails after a theme upgrade, read what the theme's new script does with the class
and add it to THEME_RUNTIME (src/sphinx_academic/page_speed/css_pruning.py), with the ``when``
of the feature that adds it.
"""

from __future__ import annotations

import re

import pytest

from sphinx_academic.page_speed.css_pruning import THEME_RUNTIME, Page, Pages, allowance, prune_stylesheets
from tests.conftest import ROOT
from tests.site.conftest import html_pages

SCRIPTS = ("scripts/pydata-sphinx-theme.js", "scripts/bootstrap.js")
THEME_CSS = "styles/pydata-sphinx-theme.css"

STRING = r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`"""
NAME = r"[A-Za-z_$][\w$]*"
# A variable assigned a string, or either string of a conditional: x="a" / x=c?"a":"b".
ASSIGNMENT = re.compile(rf"(?<![\w$.])({NAME})=(?:[^=,;?()]+\?)?({STRING})(?::({STRING}))?")
CALL = re.compile(r"\.classList\.(add|toggle|replace)\(((?:[^()]|\([^()]*\))*)\)")
SET_CLASS = re.compile(
    rf"\.(?:className|classList)\s*\+?=\s*({STRING})|\.setAttribute\(\s*[\"']class[\"']\s*,\s*({STRING})\s*\)"
)
MARKUP_CLASS = re.compile(r"(?<![\w$.-])class=\\?[\"']([^\"'\\]*)")
CSS_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def split_arguments(text: str) -> list[str]:
    """A call's arguments, split on the commas outside strings and brackets."""
    arguments, depth, current, quote = [], 0, "", None
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            arguments.append(current.strip())
            current = ""
            continue
        current += char
    return [*arguments, current.strip()] if current.strip() else arguments


def added_classes(script: str, css_classes: set[str]) -> set[str]:
    """The class names a script adds to elements (see the module's docstring)."""
    assignments = [(m.start(), m.group(1), [s[1:-1] for s in m.groups()[1:] if s]) for m in ASSIGNMENT.finditer(script)]
    values: list[str] = []

    def resolve(expression: str, at: int) -> None:
        if re.fullmatch(STRING, expression):
            values.append(expression[1:-1])
        elif re.fullmatch(NAME, expression):
            earlier = [strings for position, name, strings in assignments if name == expression and position < at]
            values.extend(earlier[-1] if earlier else [])

    for call in CALL.finditer(script):
        arguments = split_arguments(call.group(2))
        added = {"add": arguments, "toggle": arguments[:1], "replace": arguments[1:2]}[call.group(1)]
        for argument in added:
            resolve(argument, call.start())
    for match in SET_CLASS.finditer(script):
        values.append((match.group(1) or match.group(2))[1:-1])
    values += MARKUP_CLASS.findall(script)
    names: set[str] = set()
    for value in values:
        for name in value.split():
            if "${" in name:  # a template literal: the CSS's names it can make
                pattern = re.compile("[\\w-]+".join(map(re.escape, re.split(r"\$\{[^}]*\}", name))))
                names |= {c for c in css_classes if pattern.fullmatch(c)}
            elif re.fullmatch(r"-?[_a-zA-Z][\w-]*", name):
                names.add(name)
    return names


def class_count(css: str, name: str) -> int:
    return len(re.findall(rf"\.{re.escape(name)}(?![\w-])", css))


@pytest.fixture(scope="module")
def theme_css(theme_static) -> str:
    return (theme_static / THEME_CSS).read_text("utf-8")


@pytest.fixture(scope="module")
def scripts_add(theme_static, theme_css) -> dict[str, set[str]]:
    """Script (relative to the theme's static folder) -> the classes it adds at run time."""
    css_classes = set(CSS_CLASS.findall(theme_css))
    return {name: added_classes((theme_static / name).read_text("utf-8"), css_classes) for name in SCRIPTS}


def test_the_scripts_are_read(scripts_add):
    """The reading finds what the theme's scripts are known to add, so an empty or
    misread bundle cannot pass the test below."""
    theme, bootstrap = (scripts_add[name] for name in SCRIPTS)
    assert {"active", "dropdown-menu-dark", "pst-squeeze", "py-1", "bd-header-announcement__content"} <= theme
    assert {"show", "fade", "collapsing", "collapsed", "modal-open", "carousel-item-next"} <= bootstrap
    assert {"tooltip", "tooltip-inner", "tooltip-arrow", "bs-tooltip-auto", "popover-header"} <= bootstrap
    assert len(theme | bootstrap) >= 40


def prune_for(pages, theme_css: str, classes: set[str]) -> str:
    """The theme's CSS pruned for our pages with THEME_RUNTIME and `classes` allowed on every page."""
    return prune_stylesheets([(theme_css, Pages(pages, (*THEME_RUNTIME, allowance(classes=classes))))])[0]


def test_every_class_the_theme_scripts_add_keeps_its_css(site, theme_css, scripts_add):
    pages = [Page.from_html(path.read_text("utf-8")) for path in html_pages(site)]
    assert len(pages) >= 10
    assert len((site / "_static" / THEME_CSS).read_text("utf-8")) < len(theme_css) // 2, "the build did not prune"
    baseline = prune_for(pages, theme_css, set())  # what the build keeps, with THEME_RUNTIME as it is now
    by_script = {name: script for script, names in scripts_add.items() for name in names}
    styled = {name for name in by_script if class_count(theme_css, name)}
    # Groups that apply to one of our pages are kept by pruning there; the rest are candidates.
    applying = [g for g in THEME_RUNTIME if not g.when or any(page.matches(g.when) for page in pages)]
    kept = styled & set().union(*(g.classes for g in applying))
    listed = set().union(*(g.classes for g in THEME_RUNTIME))

    def lost(names: set[str], css: str) -> set[str]:
        return {name for name in names if class_count(css, name) > class_count(baseline, name)}

    # One pruning with every candidate allowed; a rule may name several, so each unlisted
    # class that loses rules is then tried alone.
    suspects = lost(styled - kept, prune_for(pages, theme_css, styled - kept))
    unused_features = suspects & listed  # listed only in groups whose `when` matches none of our pages
    dropped = {name for name in suspects - listed if lost({name}, prune_for(pages, theme_css, {name}))}
    assert not dropped, (
        "the theme's scripts add these classes at run time, the theme's CSS styles them, and pruning "
        "drops those rules from our pages; add each to THEME_RUNTIME (page_speed/css_pruning.py) with "
        "the `when` of the feature that adds it:\n  "
        + "\n  ".join(f".{name} (added by {by_script[name]})" for name in sorted(dropped))
    )
    # The check ran over real run-time classes: some kept on our pages, some of features not used here.
    assert kept and unused_features, (kept, unused_features)


def test_the_pinned_theme_is_the_one_installed():
    """pyproject.toml pins the theme to the minor release this module was checked against."""
    import pydata_sphinx_theme

    pin = re.search(r'"pydata-sphinx-theme>=([\d.]+),<([\d.]+)"', (ROOT / "pyproject.toml").read_text("utf-8"))
    assert pin, "pyproject.toml no longer pins pydata-sphinx-theme"
    version = tuple(map(int, pydata_sphinx_theme.__version__.split(".")[:2]))
    low, high = (tuple(map(int, v.split(".")[:2])) for v in pin.groups())
    assert low <= version < high, (pydata_sphinx_theme.__version__, pin.groups())
