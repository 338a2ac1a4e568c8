"""page_speed.css_pruning: which rules survive, on small pages and stylesheets."""

from __future__ import annotations

from dataclasses import replace

import pytest
import tinycss2

from sphinx_academic.page_speed import css_pruning
from sphinx_academic.page_speed.css_pruning import (
    THEME_RUNTIME,
    Page,
    Pages,
    allowance,
    compiled_xpath,
    prune_stylesheets,
    selector_alternatives,
    simplify_complex,
    split_on_commas,
)

PAGE = """<!DOCTYPE html><html data-theme="auto"><head><title>t</title></head><body>
<nav class="navbar"><a class="nav-link" href="#">Home</a>
<div class="dropdown"><button class="dropdown-toggle" data-bs-toggle="dropdown">Mode</button>
<ul class="dropdown-menu"><li><button class="dropdown-item">Dark</button></li></ul></div></nav>
<dialog id="search-dialog"><form class="bd-search"><input type="search"></form></dialog>
<main><h1>Title</h1><p class="lead">Text <a href="x">link</a></p>
<ul class="list"><li>one</li><li>two</li></ul></main></body></html>"""


def prune(css: str, html: str = PAGE, runtime=THEME_RUNTIME, references=()) -> str:
    return prune_stylesheets([(css, Pages([Page.from_html(html)], runtime))], references)[0]


NO_RUNTIME = allowance()


def simple(selector: str, runtime=NO_RUNTIME) -> str:
    return simplify_complex(split_on_commas(tinycss2.parse_component_value_list(selector))[0], runtime).text


@pytest.mark.parametrize(
    "selector, tested",
    [
        ("a:hover", "a"),
        (".nav-link:focus-visible::before", ".nav-link"),
        ("p:not(.x) > a:first-child", "p > a:first-child"),
        ("a :hover", "a *"),
        (":is(.a, :focus) b", "* b"),
        (":is(.a, .b:hover) b", ":is(.a, .b) b"),
        ("p:has(> a:hover)", "p:has(> a)"),
        ("input::placeholder", "input"),
        ("::backdrop", "*"),
        ("li:nth-child(2n+1)", "li:nth-child(2n+1)"),
    ],
)
def test_selectors_are_simplified_to_a_superset(selector, tested):
    assert simple(selector) == tested


def test_runtime_names_are_left_out_of_the_test():
    runtime = allowance(classes={"show"}, ids={"results"}, attributes={"data-theme", "open"})
    assert simple("html[data-theme=dark] .dropdown-menu.show", runtime) == "html .dropdown-menu"
    assert simple("dialog[open] #results", runtime) == "dialog *"


def test_rules_for_elements_on_the_page_stay_and_others_go():
    css = "p{color:red}.lead{x:1}.absent{x:2}h2{x:3}ul.list>li+li{x:4}a:hover{x:5}table td{x:6}"
    assert prune(css) == "p{color:red}.lead{x:1}ul.list>li+li{x:4}a:hover{x:5}"


def test_only_matching_selectors_of_a_list_stay():
    assert prune(".absent,.lead,h6{x:1}") == ".lead{x:1}"


def test_states_set_by_scripts_stay():
    css = (
        ".dropdown-menu.show{display:block}"  # Bootstrap adds .show
        "html[data-theme=dark]{--bg:#000}"  # the theme switcher sets data-theme
        "#search-dialog[open] form{x:1}"  # dialog.showModal() sets open
        ".tooltip .tooltip-inner{x:2}"  # no [data-bs-toggle=tooltip] on this page
        ".btn.show{x:3}"  # no .btn on the page at all
        "p{color:var(--bg)}"
    )
    assert prune(css) == (
        ".dropdown-menu.show{display:block}html[data-theme=dark]{--bg:#000}#search-dialog[open] form{x:1}"
        "p{color:var(--bg)}"
    )


def test_run_time_groups_apply_only_where_their_trigger_is():
    with_tooltip = PAGE.replace('data-bs-toggle="dropdown"', 'data-bs-toggle="tooltip"')
    assert prune(".tooltip .tooltip-inner{x:2}", with_tooltip) == ".tooltip .tooltip-inner{x:2}"
    assert prune(".tooltip .tooltip-inner{x:2}") == ""


def test_conf_py_allowance_is_honoured():
    runtime = (*THEME_RUNTIME, allowance(classes={"is-open"}))
    assert prune("nav.is-open{x:1}", runtime=runtime) == "nav.is-open{x:1}"


def test_at_rules():
    css = (
        "@media (min-width:960px){.lead{x:1}.absent{x:2}}"
        "@media print{.absent{x:3}}"  # empty once pruned: dropped
        "@supports (display:grid){@media screen{p{x:4}}}"
        "@page{margin:1cm}"
        '@charset "utf-8";'
    )
    assert (
        prune(css)
        == "@media (min-width:960px){.lead{x:1}}@supports (display:grid){@media screen{p{x:4}}}@page{margin:1cm}"
    )


def test_font_faces_and_keyframes_stay_only_when_named():
    css = (
        '@font-face{font-family:"Used Font";src:url(a.woff2)}'
        "@font-face{font-family:Unused\\ Font;src:url(b.woff2)}"
        "@font-face{font-family:Via Var;src:url(c.woff2)}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
        "@keyframes unused{to{opacity:0}}"
        'p{font-family:"Used Font",serif;animation:spin 1s}'
        ".lead{--family:var(--x,Via Var)}"
        ".absent{font-family:Unused Font}"
    )
    kept = prune(css)
    assert "Used Font" in kept and "Via Var;" in kept and "@keyframes spin" in kept
    assert "Unused" not in kept and "@keyframes unused" not in kept


def test_custom_properties_stay_only_when_read():
    css = ":root{--a:1px;--b:var(--c);--c:red;--unused:0;--from-js:1;--from-page:2}p{margin:var(--a);color:var(--b)}"
    kept = prune(css, references=["el.style.getPropertyValue('--from-js')", '<p style="x:var(--from-page)">'])
    assert kept == ":root{--a:1px;--b:var(--c);--c:red;--from-js:1;--from-page:2}p{margin:var(--a);color:var(--b)}"


def test_what_cannot_be_understood_is_kept_unless_it_names_what_no_page_has():
    """An unknown pseudo-class is tested as a state (p:unknown-thing(.x) as p); a nesting selector
    (&) cannot be tested at all: both stay. A rule naming a class no page has goes, whatever else
    it says (.absent:-moz-any(.a), &.nested)."""
    css = "p:unknown-thing(.x){x:1}.absent:-moz-any(.a){x:2}&.nested{x:3}& p{x:4}.lead &{x:5}"
    assert prune(css) == "p:unknown-thing(.x){x:1}& p{x:4}.lead &{x:5}"


def test_the_quick_check_agrees_with_matching(theme_static):
    """Pruning the theme's CSS with and without the regex shortcut gives the same rules."""
    css = (theme_static / "styles" / "pydata-sphinx-theme.css").read_text("utf-8")
    pages = Pages([Page.from_html(PAGE)])
    fast = prune_stylesheets([(css, pages)])[0]
    slow_pages = Pages([Page.from_html(PAGE)])
    slow_pages.surely_unused = lambda prelude: False
    assert prune_stylesheets([(css, slow_pages)])[0] == fast
    assert 10_000 < len(fast) < len(css) // 5


@pytest.mark.parametrize(
    "css, kept",
    [
        (".navbar .nav-link{x:1}", True),  # descendant
        (".navbar>.nav-link{x:1}", True),  # child
        ("nav.navbar>div.dropdown>ul>li>button.dropdown-item{x:1}", True),
        (".dropdown-menu .nav-link{x:1}", False),  # both classes are there, not in that order
        ("main>.nav-link{x:1}", False),
        (".navbar>li{x:1}", False),  # a grandchild, not a child
        ("ul.lead{x:1}", False),  # a tag and a class on different elements
        ("#search-dialog.bd-search{x:1}", False),
        ("#search-dialog input{x:1}", True),
        ("[data-missing]{x:1}", False),  # no element has the attribute
        ("[type=search]{x:1}", True),
    ],
)
def test_chains_of_compounds_match_as_in_a_browser(css, kept):
    assert (prune(css) != "") is kept


def test_the_element_index_agrees_with_xpath(theme_static):
    """Pruning the theme's CSS with the element index and with XPath alone gives the same rules."""
    css = (theme_static / "styles" / "pydata-sphinx-theme.css").read_text("utf-8")
    indexed = prune_stylesheets([(css, Pages([Page.from_html(PAGE)]))])[0]
    xpath_only = Pages([Page.from_html(PAGE)])
    original = xpath_only.may_match

    def may_match(selector):
        return original(replace(selector, chain=None, attributes=frozenset()) if selector else selector)

    xpath_only.may_match = may_match
    assert prune_stylesheets([(css, xpath_only)])[0] == indexed


def chains_on(page: Page) -> list[str]:
    """Every chain of two or three compounds from the page's names and "*", joined both ways."""
    compounds = ["*", *sorted(page.tags), *(f".{name}" for name in sorted(page.classes))]
    compounds += [f"#{name}" for name in sorted(page.ids)]
    pairs = [f"{a}{joint}{b}" for a in compounds for b in compounds for joint in (" ", ">")]
    return pairs + [f"{pair}{joint}{c}" for pair in pairs[::30] for c in compounds for joint in (" ", ">")]


def test_the_element_index_matches_every_chain_as_xpath_does():
    """matches_chain, against libxml2 through cssselect, on each of thousands of chains."""
    page = Page.from_html(PAGE)
    chains = chains_on(page)
    assert len(chains) > 3000
    simplified = [selector_alternatives(chain)[0] for chain in chains]
    assert all(selector.chain for selector in simplified)
    answers = [page.matches_chain(selector.chain) for selector in simplified]
    expected = [bool(compiled_xpath(chain)(page.root)) for chain in chains]
    assert [chain for chain, got, wanted in zip(chains, answers, expected, strict=True) if got != wanted] == []
    assert sum(answers) > 200  # many chains match, and more do not


@pytest.mark.parametrize("selector", ["* *", "* > p", "#search-dialog *", "nav * button", "* .lead a"])
def test_chains_with_any_element_are_matched_by_the_index(selector, monkeypatch):
    """Not by XPath, whose node sets took seconds for ``* *`` on a page of 30,000 elements."""
    page = Page.from_html(PAGE)
    monkeypatch.setattr(css_pruning, "compiled_xpath", lambda selector: pytest.fail(f"XPath for {selector}"))
    assert page.may_match(selector_alternatives(selector)[0])


def test_the_smallest_page_is_asked_first():
    """The first page that matches answers: the largest page is asked only what the others lack."""
    large = Page.from_html(PAGE.replace("<li>one</li>", "<li>one</li>" * 500))
    small = Page.from_html(PAGE)
    asked = []
    for page in (large, small):
        page.may_match = lambda selector, page=page: asked.append(page) or Page.may_match(page, selector)
    pages = Pages([large, small], runtime=())
    assert pages.may_match(selector_alternatives("ul li")[0])
    assert asked == [small]
    assert not pages.may_match(selector_alternatives("main nav")[0])
    assert asked == [small, small, large]


@pytest.mark.parametrize(
    "css, kept",
    [
        ("main:has(> .missing){x:1}", False),
        ("main:has(> p.lead){x:1}", True),
        ("main:has(.missing, .lead){x:1}", True),
        (":is(.missing) a{x:1}", False),
        (":where(.missing, nav) a{x:1}", True),
        ("main:has(){x:1}", True),  # not understood by soupsieve: kept
    ],
)
def test_names_inside_is_where_and_has_are_needed_on_the_page(css, kept, monkeypatch):
    """A page lacking a name every argument needs cannot match: answered without XPath."""
    if not kept:
        monkeypatch.setattr(css_pruning, "compiled_xpath", lambda selector: pytest.fail(f"XPath for {selector}"))
    assert (prune(css) != "") is kept
