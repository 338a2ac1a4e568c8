"""Keep only the CSS rules that a set of HTML pages can use.

A rule is kept when one of its selectors could match an element of the pages,
either as built or after the theme's JavaScript has changed them. Matching is
done on the parsed pages (lxml), on a *simplified* selector that is a superset
of the original (it matches at least every element the original can match at
run time); most simplified selectors are tags, classes and ids joined by
descendant or child combinators, which an index of each page's elements
matches (one compound at a time, in time proportional to the elements it
names), and the rest go through cssselect's XPath translation. A page is
asked only about selectors whose names it has (those inside ``:is()``,
``:where()`` and ``:has()`` included), and pages are asked smallest first. Simplifying:

* state pseudo-classes (``:hover``, ``:focus-visible``, ``:checked``…) and
  ``:not(…)`` are dropped, so ``a:not(.x):hover`` is tested as ``a``;
* pseudo-elements (``::before``, ``::backdrop``, ``:after``…) are dropped;
* classes, ids and attributes that scripts add or change at run time (the
  :class:`RuntimeAllowance`, e.g. bootstrap's ``.show``, ``[data-theme=dark]``,
  ``dialog[open]``) are dropped from the selector, so the rules styling those
  states survive as long as the rest of the selector matches;
* ``:is()/:where()/:has()`` are simplified argument by argument.

A selector that soupsieve cannot compile is kept (never guess against the
theme). ``@media``, ``@supports``, ``@container`` and ``@layer`` blocks are
pruned recursively and dropped when empty; ``@font-face`` is kept when a kept
declaration names its family, ``@keyframes`` when a kept declaration names the
animation; custom properties (``--x``) are kept when something kept (or a page's
inline style or script) refers to them. Other at-rules are kept as they are.

Parsing is tinycss2's; no hand-written CSS tokenizer.
"""

from __future__ import annotations

import functools
import pickle
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

import tinycss2
from cssselect import HTMLTranslator, SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector
from sphinx.application import Sphinx

from .._extension import code_version, metadata, write_atomically
from .build_output import (
    PageShards,
    connect_step,
    html_files,
    is_local,
    known_digests,
    last_edited_digests,
    local_file,
    logger,
    note_dependency,
    output_files,
    read_record,
    stylesheet_hrefs,
    stylesheet_tags,
    text_digest,
    write_record,
)
from .css_text import (
    RawRule,
    iter_rules,
    join_declarations,
    split_declarations,
    split_rules,
)

# Post-build order: after the other extensions' handlers (default 500), before
# the steps that read the pruned CSS (inlining, fonts).
PRIORITY = 720


@dataclass(frozen=True)
class RuntimeAllowance:
    """What scripts may add to a page after load: such names never rule a selector out.

    ``when`` is a CSS selector: the scripts add these names only on pages with
    a matching element (a tooltip needs a ``[data-bs-toggle=tooltip]``); empty
    for every page.
    """

    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    attributes: frozenset[str] = frozenset()
    when: str = ""

    def __or__(self, other: RuntimeAllowance) -> RuntimeAllowance:
        return RuntimeAllowance(self.classes | other.classes, self.ids | other.ids, self.attributes | other.attributes)


def allowance(classes=(), ids=(), attributes=(), when="") -> RuntimeAllowance:
    return RuntimeAllowance(frozenset(classes), frozenset(ids), frozenset(a.lower() for a in attributes), when)


# What pydata-sphinx-theme 0.24, its Bootstrap 5 and Popper, and Sphinx's own
# scripts add at run time, found by reading those scripts (classList.add,
# setAttribute, dataset, elements they create). tests/site/speed/test_built_site.py
# checks that the theme's CSS rules for them survive; test_theme_coupling.py there
# reads the installed theme's scripts and fails on a class they add whose CSS
# pruning drops from our pages and that no group here lists.
THEME_RUNTIME = (
    allowance(  # every page: dropdowns (theme switcher), collapse, fades, theme and mode
        classes={
            "show",
            "showing",
            "hiding",
            "fade",
            "collapsing",
            "collapsed",
            "active",
            "dropdown-menu-dark",
            "empty",
            "pst-squeeze",
            "d-none",
            "highlighted",
            "highlight-link",
        },  # sphinx_highlight.js: ?highlight=…
        attributes={
            "data-theme",
            "data-mode",
            "open",
            "aria-expanded",
            "aria-current",
            "aria-selected",
            "aria-hidden",
            "hidden",
            "disabled",
            "style",
            "tabindex",
            "data-bs-popper",
            "data-popper-placement",
            "data-popper-escaped",
            "data-popper-reference-hidden",
            "data-busy",
        },
    ),
    allowance(  # Bootstrap tooltips, which the theme starts on every [data-bs-toggle=tooltip]
        classes={
            "tooltip",
            "tooltip-inner",
            "tooltip-arrow",
            "bs-tooltip-auto",
            "bs-tooltip-top",
            "bs-tooltip-bottom",
            "bs-tooltip-start",
            "bs-tooltip-end",
        },
        when='[data-bs-toggle="tooltip"]',
    ),
    allowance(  # Bootstrap popovers, if a page's own script starts them
        classes={
            "popover",
            "popover-arrow",
            "popover-header",
            "popover-body",
            "bs-popover-auto",
            "bs-popover-top",
            "bs-popover-bottom",
            "bs-popover-start",
            "bs-popover-end",
        },
        when='[data-bs-toggle="popover"]',
    ),
    allowance(  # Sphinx's search results, in the search page or the theme's search dialog
        classes={"search", "context", "search-summary", "kind-index", "kind-object", "kind-text", "kind-title"},
        ids={"search-results", "search-progress"},
        when="#pst-search-dialog, #search-results, form.bd-search",
    ),
    allowance(  # the theme's version switcher, filled from a JSON file
        # py-1, as its script sets on each entry (this said py-2, which it never sets).
        classes={"dropdown-item", "list-group-item", "list-group-item-action", "py-1"},
        attributes={"data-active-version", "data-active-version-name", "data-version", "data-version-name"},
        when=".version-switcher__menu",
    ),
    allowance(  # the theme's announcement and version warning banners, fetched at run time
        classes={
            "bd-header-announcement__content",
            "sidebar-message",
            "ms-auto",
            "me-auto",
            "ms-3",
            "my-1",
            "align-baseline",
            "fa-xmark",
            "pst-button-link-to-stable-version",
            # also on the version warning's button and close icon (read from the script)
            "btn",
            "text-wrap",
            "font-weight-bold",
            "fa-solid",
        },
        when=".bd-header-announcement, #bd-header-version-warning",
    ),
    # Bootstrap components the theme ships but does not start: a page of the author's that
    # uses one through Bootstrap's data attributes keeps the classes its script adds.
    allowance(  # carousel: the sliding items' positions, swipe on touch screens
        classes={
            "carousel-item-next",
            "carousel-item-prev",
            "carousel-item-start",
            "carousel-item-end",
            "pointer-event",
        },
        when='.carousel, [data-bs-ride="carousel"], [data-bs-slide], [data-bs-slide-to]',
    ),
    allowance(  # collapse: taken off while it animates, put back when done
        classes={"collapse"},
        when='[data-bs-toggle="collapse"]',
    ),
)


# Pseudo-classes that depend only on the document tree, which soupsieve can
# evaluate on the built page; every other pseudo-class is a state (or unknown)
# and is dropped from the tested selector.
STRUCTURAL_PSEUDO_CLASSES = frozenset(
    {"root", "first-child", "last-child", "only-child", "first-of-type", "last-of-type", "only-of-type"}
)
STRUCTURAL_PSEUDO_FUNCTIONS = frozenset({"nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type", "lang"})
ANY_OF_FUNCTIONS = frozenset({"is", "where", "matches", "-webkit-any", "-moz-any"})
LEGACY_PSEUDO_ELEMENTS = frozenset({"before", "after", "first-line", "first-letter"})
BLOCK_AT_RULES = frozenset({"media", "supports", "container", "layer", "document", "scope"})
KEYFRAMES_AT_RULES = frozenset({"keyframes", "-webkit-keyframes", "-moz-keyframes"})
COMBINATORS = frozenset({">", "+", "~"})
TRANSLATOR = HTMLTranslator()
# Selector lists made only of names, ".", "#", ":", combinators and commas: no
# function (so no :not()), no attribute selector, string or escape.
PLAIN_SELECTORS = re.compile(r"[\w\s.#:>+~*,-]+")
CLASS_NAME = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# One compound selector made of a tag (or *), classes and ids, without escapes.
PLAIN_COMPOUND = re.compile(r"(?:[a-zA-Z][\w-]*|\*)?(?:[.#]-?[_a-zA-Z][\w-]*)*")
# Combinators that look only up the tree, as the element index can (see Page.matches_chain).
ANCESTOR_COMBINATORS = frozenset({"", " ", ">"})


class UnsupportedSelectorError(Exception):
    """The selector uses syntax this module does not simplify: keep the rule."""


@dataclass(frozen=True)
class Compound:
    """What one element must carry: a tag (at most one), classes and ids."""

    tags: frozenset[str]
    classes: frozenset[str]
    ids: frozenset[str]


@dataclass(frozen=True)
class SimpleSelector:
    """A selector simplified for testing, with what an element must carry to match it.

    ``classes``, ``ids``, ``tags`` and ``attributes`` (names) must all be
    somewhere on a page it matches. ``chain`` is the selector as (combinator, compound) pairs when it is plain
    compounds joined by descendant and child combinators (most of a theme's
    selectors), which the element index matches exactly; None otherwise.
    """

    text: str
    classes: frozenset[str]
    ids: frozenset[str]
    tags: frozenset[str]
    attributes: frozenset[str] = frozenset()
    chain: tuple[tuple[str, Compound], ...] | None = None

    def has_names_in(self, tags: set[str], classes: set[str], ids: set[str], attributes: set[str]) -> bool:
        """Whether every name it needs is among these (else nothing that has only these matches it)."""
        return self.tags <= tags and self.classes <= classes and self.ids <= ids and self.attributes <= attributes


_HTML_PARSER = etree.HTMLParser()
_UTF8_HTML_PARSER = etree.HTMLParser(encoding="utf-8")  # bytes read as they are: a fifth faster than text


class Page:
    """A parsed page, with the class names, ids and tag names it uses, indexed by element."""

    def __init__(self, root):
        self.root = root
        # Each element's (tag, classes, id, parent's index), in document order,
        # and where each tag, class and id occurs: enough to match a chain of
        # compound selectors joined by descendant and child combinators (matches_chain).
        self.elements: list[tuple[str, frozenset[str], str | None, int]] = []
        self.elements_by_tag: dict[str, list[int]] = {}
        self.elements_by_class: dict[str, list[int]] = {}
        self.elements_by_id: dict[str, list[int]] = {}
        self.attributes: set[str] = set()
        self.answers: dict[str, bool] = {}  # selector (or RUNTIME_QUESTION + selector): matches
        # lxml walks the tree (elements only, in document order) and gives each element's parent
        # as the same object it gave for the parent before, while that one is still referred to.
        found = list(root.iter(etree.Element))
        position = {element: index for index, element in enumerate(found)}
        for index, element in enumerate(found):
            tag = element.tag.lower()
            classes = frozenset((element.get("class") or "").split())
            element_id = element.get("id") or None
            self.elements.append((tag, classes, element_id, position.get(element.getparent(), -1)))
            self.attributes.update(element.attrib)
            self.elements_by_tag.setdefault(tag, []).append(index)
            for name in classes:
                self.elements_by_class.setdefault(name, []).append(index)
            if element_id:
                self.elements_by_id.setdefault(element_id, []).append(index)
        # Elements are in document order, so each one's subtree is the elements from it to its end.
        self.subtree_ends = [index + 1 for index in range(len(self.elements))]
        for index in range(len(self.elements) - 1, 0, -1):
            parent = self.elements[index][3]
            self.subtree_ends[parent] = max(self.subtree_ends[parent], self.subtree_ends[index])
        self.tags = set(self.elements_by_tag)
        self.classes = set(self.elements_by_class)
        self.ids = set(self.elements_by_id)

    @property
    def element_count(self) -> int:
        return len(self.elements)

    @classmethod
    def from_html(cls, html: str | bytes) -> Page:
        """The page of an HTML text (bytes: UTF-8, as Sphinx writes pages)."""
        # libxml2's HTML parser as lxml.html.document_fromstring uses it, without lxml.html's
        # element classes: it looked up a Python class for each element, a fifth of the index's time.
        root = etree.fromstring(html, _UTF8_HTML_PARSER if isinstance(html, bytes) else _HTML_PARSER)
        if root is None:
            raise etree.ParserError("Document is empty")
        return cls(root)

    def is_a(self, index: int, compound: Compound) -> bool:
        tag, classes, element_id, _ = self.elements[index]
        return compound.tags <= {tag} and compound.classes <= classes and compound.ids <= {element_id}

    def matching(self, compound: Compound) -> list[int]:
        """The elements that are what ``compound`` asks for, in document order."""
        if compound.ids:
            indexed = self.elements_by_id.get(next(iter(compound.ids)), [])
        elif compound.classes:
            indexed = min((self.elements_by_class.get(name, []) for name in compound.classes), key=len)
        elif compound.tags:
            indexed = self.elements_by_tag.get(next(iter(compound.tags)), [])
        else:
            return list(range(len(self.elements)))  # "*": every element
        return [index for index in indexed if self.is_a(index, compound)]

    def matches_chain(self, chain: Sequence[tuple[str, Compound]]) -> bool:
        """Whether an element matches compounds joined by descendant and child combinators.

        From the first compound down: the elements matching each compound that have a parent
        (``>``) or an ancestor among the matches of the compound before it. Each step takes
        time in proportion to the elements it looks at, not to their depth."""
        matched = self.matching(chain[0][1])
        for combinator, compound in chain[1:]:
            if not matched:
                return False
            if combinator == ">":
                parents = set(matched)
                matched = [index for index in self.matching(compound) if self.elements[index][3] in parents]
            else:
                matched = self.descendants_among(self.matching(compound), matched)
        return bool(matched)

    def descendants_among(self, elements: list[int], ancestors: list[int]) -> list[int]:
        """Those of ``elements`` inside the subtree of one of ``ancestors`` (both in document order)."""
        inside, subtree, end = [], 0, -1  # the subtree of the outermost ancestor reached: (subtree, end)
        pending = iter(ancestors)
        next_ancestor = next(pending, None)
        for index in elements:
            while next_ancestor is not None and next_ancestor < index:
                if next_ancestor >= end:  # not inside the subtree already open
                    subtree, end = next_ancestor, self.subtree_ends[next_ancestor]
                next_ancestor = next(pending, None)
            if subtree < index < end:
                inside.append(index)
        return inside

    def matches(self, selector: str) -> bool:
        """Whether a CSS selector matches an element of the page (cached per selector)."""
        key = RUNTIME_QUESTION + selector
        if key not in self.answers:
            self.answers[key] = could_match(selector, self.tags, self.classes, self.ids, self.attributes) and bool(
                compiled_selector(selector)(self.root)
            )
        return self.answers[key]

    def may_match(self, selector: SimpleSelector) -> bool:
        """Whether a simplified selector, whose names the page all has, matches an element (cached)."""
        if selector.text not in self.answers:
            if selector.chain:
                # The element index answers exactly, 10 to 100 times faster than libxml2
                # walking every element of the page (and than its node sets: ``* *`` took
                # seconds on a page of 30,000 elements, the first element with a parent answers).
                self.answers[selector.text] = self.matches_chain(selector.chain)
            else:
                xpath = compiled_xpath(selector.text)
                self.answers[selector.text] = xpath is None or bool(xpath(self.root))  # None: cannot test, keep
        return self.answers[selector.text]


#: Marks the answers of :meth:`Page.matches` (run-time groups' ``when``) among a page's answers.
RUNTIME_QUESTION = "when "


@cache
def compiled_selector(selector: str) -> CSSSelector:
    return CSSSelector(selector)


@cache
def compiled_xpath(selector: str) -> etree.XPath | None:
    try:
        return etree.XPath(f"boolean({TRANSLATOR.css_to_xpath(selector)})")
    except (SelectorError, etree.XPathError, ValueError, NotImplementedError):
        return None


@cache
def selector_alternatives(selector: str) -> tuple[SimpleSelector | None, ...]:
    """A selector list's selectors, simplified (None: one not understood)."""
    tokens = tinycss2.parse_component_value_list(selector, skip_comments=True)
    return tuple(simple for _, simple in simplified(tokens, RuntimeAllowance()))


def could_match(selector: str, tags: set[str], classes: set[str], ids: set[str], attributes: set[str]) -> bool:
    """False when no element of a page with these names can match the selector list
    (each of its selectors needs a name the page lacks): no need to match it then."""
    return any(
        simple is None or simple.has_names_in(tags, classes, ids, attributes)
        for simple in selector_alternatives(selector)
    )


class Pages:
    """The pages a stylesheet serves: a selector is kept when it may match one of them.

    A selector is first checked against the names the pages use, then matched
    by the pages' element index or, when it has more than tags, classes, ids
    and descendant or child combinators, by XPath. ``runtime`` is what the
    pages' scripts may add: the groups whose ``when`` matches a page.
    """

    def __init__(self, pages: Sequence[Page], runtime: Iterable[RuntimeAllowance] = THEME_RUNTIME):
        # Smallest first: most selectors match on any page, and the first that matches answers,
        # so the largest pages (a list of 1,000 entries) are asked only what no other page has.
        self.pages = sorted(pages, key=lambda page: page.element_count)
        self.runtime = RuntimeAllowance()
        for group in runtime:
            if not group.when or any(p.matches(group.when) for p in self.pages):
                self.runtime |= group
        self.classes = set().union(*(p.classes for p in self.pages))
        self.ids = set().union(*(p.ids for p in self.pages))
        self.tags = set().union(*(p.tags for p in self.pages))
        self.attributes = set().union(*(p.attributes for p in self.pages))
        self.results: dict[str, bool] = {}

    def surely_unused(self, prelude: str) -> bool:
        """A quick answer for plain selector lists, before tokenizing them.

        A list without functions, attribute selectors, strings or escapes
        (most of a framework's CSS: ``.fa-github``, ``.btn-outline-info:hover``)
        cannot match if each of its selectors names a class that no page has
        and no script adds. Anything else returns False: tokenize and match.
        """
        if PLAIN_SELECTORS.fullmatch(prelude) is None:
            return False
        for selector in prelude.split(","):
            classes = set(CLASS_NAME.findall(selector)) - self.runtime.classes
            if classes <= self.classes:
                return False
        return True

    def has_names(self, selector: SimpleSelector) -> bool:
        """Whether the pages use every name the selector needs (else it cannot match)."""
        return selector.has_names_in(self.tags, self.classes, self.ids, self.attributes)

    def may_match(self, selector: SimpleSelector | None) -> bool:
        if selector is None:
            return True  # not understood: keep
        if not self.has_names(selector):
            return False
        if selector.text not in self.results:
            self.results[selector.text] = any(
                p.may_match(selector)
                for p in self.pages
                if selector.has_names_in(p.tags, p.classes, p.ids, p.attributes)
            )
        return self.results[selector.text]


class SharedPages(Pages):
    """Pages parsed in the processes of a :class:`PageShards`, known here by what they told.

    The names the pages use and the run-time allowance come from those
    processes (:func:`page_set_facts`). A selector that needs matching cannot
    be answered here: it is noted in ``questions`` and kept for now; once the
    processes have answered every question (:func:`matching_selectors`, into
    ``results``), pruning again gives the real result.
    """

    def __init__(self, pages: frozenset[str], facts: Sequence[tuple], runtime: Sequence[RuntimeAllowance]):
        self.pages = pages  # the pages' paths
        self.classes, self.ids, self.tags, self.attributes = (set(), set(), set(), set())
        matched_groups: set[int] = set()
        for classes, ids, tags, attributes, groups in facts:  # one per process
            self.classes |= classes
            self.ids |= ids
            self.tags |= tags
            self.attributes |= attributes
            matched_groups |= groups
        self.runtime = RuntimeAllowance()
        for number, group in enumerate(runtime):
            if not group.when or number in matched_groups:
                self.runtime |= group
        self.results: dict[str, bool] = {}
        self.questions: dict[str, SimpleSelector] = {}

    def may_match(self, selector: SimpleSelector | None) -> bool:
        if selector is None or not self.has_names(selector) or selector.text in self.results:
            return super().may_match(selector)
        self.questions[selector.text] = selector
        return True  # until the processes answer


class RecordedPage:
    """A page known from what an earlier build's pruning recorded of it (:data:`PRUNING_RECORD`):
    the names it uses and the answers it gave. It is parsed only for a question it has not
    answered (the stylesheets changed), and then as it is now."""

    def __init__(self, path: str, names: Sequence[Sequence[str]], answers: dict[str, bool], elements: int):
        self.path, self.page, self.element_count = path, None, elements
        self.tags, self.classes, self.ids, self.attributes = (set(group) for group in names)
        self.answers = dict(answers)

    def _parsed(self) -> Page:
        if self.page is None:
            self.page = Page.from_html(Path(self.path).read_bytes())
            self.page.answers = self.answers  # one set of answers, kept for the record
        return self.page

    def matches(self, selector: str) -> bool:
        answer = self.answers.get(RUNTIME_QUESTION + selector)
        return self._parsed().matches(selector) if answer is None else answer

    def may_match(self, selector: SimpleSelector) -> bool:
        answer = self.answers.get(selector.text)
        return self._parsed().may_match(selector) if answer is None else answer


#: In the doctree folder: what pruning learnt of each page, for the next build (RecordedPage).
PRUNING_RECORD = "page-speed-pruning.json"


def record_version() -> int:
    """Changes with the code: answers recorded by other code are not used."""
    return code_version(__package__)


# The questions PageShards' processes answer about their pages, each a list of
# (path, stylesheet files, Page or RecordedPage or None, custom properties named, record entry) (load_pages).


def recorded(known: dict[str, dict], left: dict[str, str], relative: str, digest: str) -> dict | None:
    """The record of a page that Sphinx wrote with the same text as when it was made, or did not write.

    ``known`` is the last build's record, ``left`` each page's digest as the last editing pass
    left it: what pruning learns of a page is what it learnt of the page as Sphinx wrote it,
    in a clean build as in a rebuild."""
    entry = known.get(relative)
    return entry if entry and digest in (entry["digest"], left.get(relative)) else None


def load_pages(
    outdir: Path,
    pages: int,
    entries: dict[Path, dict | None],
    digests: dict[Path, str],
    share: Sequence[Path],
) -> list[tuple[str, list[Path], Page | RecordedPage | None, set[str], dict]]:
    """Read and parse a share of the ``pages`` pages: the stylesheets each uses (parsed only if it uses one).

    A page with an entry of the last build's record (``entries``: :func:`recorded`) is
    not parsed; ``digests`` are the pages' digests now.
    """
    imports: dict[Path, list[Path]] = {}
    files: dict = {}  # local_file's cache
    loaded = []
    for path in share:
        entry = entries[path]
        if entry:
            page = (
                RecordedPage(str(path), entry["names"], entry["answers"], entry["elements"]) if entry["names"] else None
            )
            hrefs, properties = entry["hrefs"], set(entry["properties"])
        else:
            data = path.read_bytes()
            text = data.decode("utf-8")
            hrefs = stylesheet_hrefs(stylesheet_tags(text, pages))
            page = Page.from_html(data) if hrefs else None
            properties = set(CUSTOM_PROPERTY.findall(text))
            entry = {"digest": digests[path], "hrefs": hrefs, "properties": sorted(properties)}
        sheets = page_stylesheets(outdir, path, hrefs, imports, files)
        loaded.append((str(path), sheets, page if sheets else None, properties, entry))
    return loaded


def page_records(loaded) -> dict[str, dict]:
    """What to record of each page for the next build: names and answers as they are now."""
    records = {}
    for path, _, page, _, entry in loaded:
        names = [sorted(page.tags), sorted(page.classes), sorted(page.ids), sorted(page.attributes)] if page else []
        answers = page.answers if page else {}
        records[Path(path).as_posix()] = {
            **entry,
            "names": names,
            "answers": answers,
            "elements": page.element_count if page else 0,
        }
    return records


def stylesheets_used(loaded) -> list[tuple[list[Path], set[str]]]:
    """Each page's stylesheet files, and the custom properties its text names."""
    return [(sheets, properties) for _, sheets, _, properties, _ in loaded]


def page_set_facts(loaded, page_sets: Sequence[frozenset[str]], runtime: Sequence[RuntimeAllowance]) -> list[tuple]:
    """For each set of pages, what its pages here use: classes, ids, tags, attribute names,
    and the run-time groups whose ``when`` one of them matches."""
    facts = []
    for members in page_sets:
        pages = [page for path, _, page, _, _ in loaded if path in members]
        groups = {
            number for number, group in enumerate(runtime) if group.when and any(p.matches(group.when) for p in pages)
        }
        facts.append(
            (
                set().union(*(p.classes for p in pages)),
                set().union(*(p.ids for p in pages)),
                set().union(*(p.tags for p in pages)),
                set().union(*(p.attributes for p in pages)),
                groups,
            )
        )
    return facts


def matching_selectors(loaded, questions: Sequence[tuple[frozenset[str], list[SimpleSelector]]]) -> list[set[str]]:
    """For each (set of pages, selectors): the selectors that match one of its pages here."""
    answers = []
    for members, selectors in questions:
        pages = Pages([page for path, _, page, _, _ in loaded if path in members], runtime=())
        answers.append({selector.text for selector in selectors if pages.may_match(selector)})
    return answers


# -- selector simplification ---------------------------------------------------


def split_on_commas(tokens: Sequence) -> list[list]:
    """Split a token list on its top-level commas (a selector list into selectors)."""
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [part for part in parts if any(t.type not in ("whitespace", "comment") for t in part)]


def split_compounds(tokens: Sequence, relative: bool = False) -> list[tuple[str, list]]:
    """A complex selector as (combinator, compound tokens) pairs; the first combinator is ''."""
    parts: list[tuple[str, list]] = []
    combinator, compound, pending_space = "", [], False
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            pending_space = True
        elif token.type == "literal" and token.value in COMBINATORS:
            if compound:
                parts.append((combinator, compound))
                compound = []
            elif parts or not relative:
                raise UnsupportedSelectorError("combinator without a compound selector")
            combinator, pending_space = token.value, False
        else:
            if pending_space and compound:
                parts.append((combinator, compound))
                compound, combinator = [], " "
            pending_space = False
            compound.append(token)
    if compound:
        parts.append((combinator, compound))
    elif combinator:
        raise UnsupportedSelectorError("selector ends with a combinator")
    return parts


def simplify_selector_list(tokens: Sequence, runtime: RuntimeAllowance, relative=False):
    """Simplify each selector of a list; see :func:`simplify_complex`."""
    return [simplify_complex(part, runtime, relative) for part in split_on_commas(tokens)]


def simplify_complex(tokens: Sequence, runtime: RuntimeAllowance, relative=False) -> SimpleSelector:
    """The superset selector for one complex selector (see the module docstring)."""
    texts, compounds, attributes, plain = [], [], set(), True
    nested: list[SimpleSelector] = []  # what the arguments of :is(), :where() and :has() need
    for combinator, tokens_of_compound in split_compounds(tokens, relative):
        classes, ids, tags = set(), set(), set()
        text = simplify_compound(tokens_of_compound, runtime, classes, ids, tags, attributes, nested)
        texts.append(f" {combinator} {text}" if combinator.strip() else f"{combinator}{text}")
        compounds.append((combinator, Compound(frozenset(tags), frozenset(classes), frozenset(ids))))
        plain = plain and combinator in ANCESTOR_COMBINATORS and PLAIN_COMPOUND.fullmatch(text) is not None
    return SimpleSelector(
        "".join(texts).strip(),
        frozenset().union(*(c.classes for _, c in compounds), *(n.classes for n in nested)),
        frozenset().union(*(c.ids for _, c in compounds), *(n.ids for n in nested)),
        frozenset().union(*(c.tags for _, c in compounds), *(n.tags for n in nested)),
        frozenset(attributes).union(*(n.attributes for n in nested)),
        tuple(compounds) if plain and compounds else None,
    )


def needed_by_all(alternatives: Sequence[SimpleSelector]) -> SimpleSelector:
    """The names a page must have for one of the alternatives to match: those all of them need."""
    first, *others = alternatives
    return SimpleSelector(
        "",
        first.classes.intersection(*(a.classes for a in others)),
        first.ids.intersection(*(a.ids for a in others)),
        first.tags.intersection(*(a.tags for a in others)),
        first.attributes.intersection(*(a.attributes for a in others)),
    )


def simplify_compound(
    tokens: list, runtime: RuntimeAllowance, classes, ids, tags, attributes, nested: list[SimpleSelector]
) -> str:
    """Serialize the parts of one compound selector that can be tested on the built page."""
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.type == "ident":  # type selector
            kept.append(token.serialize())
            tags.add(token.lower_value)
        elif token.type == "literal" and token.value in ("*", "|", "&"):
            kept.append(token.value)
        elif token.type == "literal" and token.value == "." and following and following.type == "ident":
            if following.value not in runtime.classes:
                kept.append("." + following.serialize())
                classes.add(following.value)
            i += 1
        elif token.type == "hash":
            if token.value not in runtime.ids:
                kept.append(token.serialize())
                ids.add(token.value)
        elif token.type == "[] block":
            names = [t for t in token.content if t.type == "ident"]
            if not names:
                raise UnsupportedSelectorError(f"attribute selector {token.serialize()}")
            if names[0].lower_value not in runtime.attributes:
                kept.append(token.serialize())
                if not any(t.type == "literal" and t.value == "|" for t in token.content):  # not [ns|name]
                    attributes.add(names[0].lower_value)
        elif token.type == "literal" and token.value == ":":
            i, text = simplify_pseudo(tokens, i, runtime, nested)
            kept.append(text)
        else:
            raise UnsupportedSelectorError(f"selector token {token.serialize()!r}")
        i += 1
    text = "".join(kept)
    return text if text and text not in ("|", "&") else "*" + text


def simplify_pseudo(tokens: list, i: int, runtime: RuntimeAllowance, nested: list[SimpleSelector]) -> tuple[int, str]:
    """Simplify the pseudo-class or pseudo-element at tokens[i] (a ':'); returns (last index, text).

    The names that every argument of an :is(), :where() or :has() needs go into ``nested``: a page
    without them cannot match (``section:has(> .profile-photo)`` needs a ``profile-photo``)."""
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is None:
        raise UnsupportedSelectorError("':' at the end of a selector")
    if following.type == "literal" and following.value == ":":  # ::pseudo-element
        return i + 2, ""
    if following.type == "ident":
        name = following.lower_value
        return i + 1, (":" + name if name in STRUCTURAL_PSEUDO_CLASSES else "")
    if following.type == "function":
        name = following.lower_name
        if name in STRUCTURAL_PSEUDO_FUNCTIONS:
            return i + 1, f":{following.lower_name}({compact(following.arguments)})"
        if name in ANY_OF_FUNCTIONS or name == "has":
            arguments = simplify_selector_list(following.arguments, runtime, relative=name == "has")
            if arguments:
                nested.append(needed_by_all(arguments))
            if name != "has" and any(a.text == "*" for a in arguments):
                return i + 1, ""  # one alternative matches anything: so does the whole
            return i + 1, f":{'has' if name == 'has' else 'is'}({', '.join(a.text for a in arguments)})"
        return i + 1, ""  # :not(), :host(), :state()… only narrow the match
    raise UnsupportedSelectorError(f"pseudo-class {following.serialize()!r}")


def simplified(prelude: Sequence, runtime: RuntimeAllowance) -> list[tuple[list, SimpleSelector | None]]:
    """Each selector of a rule's prelude (its tokens) with its simplified form (None: keep it)."""
    result = []
    for part in split_on_commas(prelude):
        try:
            result.append((part, simplify_complex(part, runtime)))
        except UnsupportedSelectorError:
            result.append((part, None))
    return result


# -- rule pruning ----------------------------------------------------------------


def prune_stylesheets(sheets: Sequence[tuple[str, Pages]], extra_references: Iterable[str] = ()) -> list[str]:
    """Prune stylesheets, each given as (CSS text, the pages that use it).

    Returns the pruned CSS text of each sheet, in order. The sheets are pruned
    together, so an @font-face in one sheet stays when another names its family.
    ``extra_references`` are texts (pages, scripts) whose ``--custom-property``
    names count as used.
    """
    kept = [prune_rules(split_rules(css), pages) for css, pages in sheets]
    style_rules = [rule for rules in kept for rule in walk_kept(rules, StyleRule)]
    names = referenced_names(style_rules)
    custom_properties = used_custom_properties(style_rules, kept, extra_references)
    return [serialize_rules(drop_unreferenced(rules, names, custom_properties)) for rules in kept]


@dataclass
class Block:
    """A block at-rule (@media, @supports…) with its pruned rules."""

    prelude: str
    rules: list


@dataclass
class StyleRule:
    """A kept style rule: its kept selectors (compact text) and declarations."""

    prelude: str
    declarations: list[tuple[str, str]]


def prune_rules(rules: Sequence[RawRule], pages: Pages) -> list:
    """The rules whose selectors may match one of ``pages``, selectors that cannot left out."""
    kept = []
    for rule in rules:
        keyword = rule.at_keyword
        if keyword is None and rule.body is not None:
            if pages.surely_unused(rule.prelude):
                continue
            prelude = tinycss2.parse_component_value_list(rule.prelude, skip_comments=True)
            selectors = [tokens for tokens, simple in simplified(prelude, pages.runtime) if pages.may_match(simple)]
            if selectors:
                kept.append(StyleRule(",".join(compact(tokens) for tokens in selectors), split_declarations(rule.body)))
        elif keyword in BLOCK_AT_RULES and rule.body is not None:
            inner = prune_rules(split_rules(rule.body), pages)
            if inner:
                kept.append(Block(rule.prelude, inner))
        elif keyword != "charset":  # @charset means nothing once the text is decoded or inlined
            kept.append(rule)
    return kept


def walk_kept(rules: Iterable, kind: type):
    """Every kept rule of a kind (StyleRule, or RawRule for @font-face, @page…), at any depth."""
    for rule in rules:
        if isinstance(rule, Block):
            yield from walk_kept(rule.rules, kind)
        elif isinstance(rule, kind):
            yield rule


def walk_tokens(tokens: Iterable):
    for token in tokens:
        yield token
        if token.type in ("function", "() block", "[] block", "{} block"):
            yield from walk_tokens(token.arguments if token.type == "function" else token.content)


NAMING_PROPERTIES = frozenset({"font", "font-family", "animation", "animation-name"})


def referenced_names(style_rules: Iterable[StyleRule]) -> set[str]:
    """Names kept declarations may use for a font family or an animation (lower case).

    Every string, identifier and run of identifiers (``Font Awesome 7 Free``
    written unquoted) in font, animation and custom property values counts:
    a superset that keeps @font-face and @keyframes safe.
    """
    names: set[str] = set()
    for rule in style_rules:
        for name, value in rule.declarations:
            if name.lower() not in NAMING_PROPERTIES and not name.startswith("--"):
                continue
            run: list[str] = []
            for token in walk_tokens(tinycss2.parse_component_value_list(value, skip_comments=True)):
                if token.type == "ident":
                    run.append(token.lower_value)
                    names.update(" ".join(run[k:]) for k in range(len(run)))
                elif token.type != "whitespace":
                    run = []
                    if token.type == "string":
                        names.add(token.value.lower())
    return names


CUSTOM_PROPERTY = re.compile(r"--[A-Za-z0-9_-]+")


def used_custom_properties(
    style_rules: Sequence[StyleRule], sheets: Sequence[Sequence], extra_references: Iterable[str]
) -> set[str]:
    """Custom properties read by a kept declaration, directly or through other properties."""
    definitions: dict[str, list] = {}
    used: set[str] = set()
    for text in extra_references:
        used.update(CUSTOM_PROPERTY.findall(text))
    for rule in style_rules:
        for name, value in rule.declarations:
            refs = CUSTOM_PROPERTY.findall(value)
            if name.startswith("--"):
                definitions.setdefault(name, []).extend(refs)
            else:
                used.update(refs)
    for rule in (r for rules in sheets for r in walk_kept(rules, RawRule)):
        used.update(CUSTOM_PROPERTY.findall(rule.body or ""))  # @font-face, @keyframes, @page…
    pending = list(used)
    while pending:
        for ref in definitions.get(pending.pop(), ()):
            if ref not in used:
                used.add(ref)
                pending.append(ref)
    return used


def drop_unreferenced(rules: Sequence, names: set[str], custom_properties: set[str]) -> list:
    """Drop @font-face and @keyframes nobody names, and unused custom property declarations."""
    kept = []
    for rule in rules:
        if isinstance(rule, Block):
            inner = drop_unreferenced(rule.rules, names, custom_properties)
            if inner:
                kept.append(Block(rule.prelude, inner))
        elif isinstance(rule, StyleRule):
            declarations = [
                (name, value)
                for name, value in rule.declarations
                if not name.startswith("--") or name in custom_properties
            ]
            if declarations:
                kept.append(StyleRule(rule.prelude, declarations))
        elif rule.at_keyword == "font-face":
            family = font_face_family(rule)
            if family is None or family.lower() in names:
                kept.append(rule)
        elif rule.at_keyword in KEYFRAMES_AT_RULES:
            tokens = tinycss2.parse_component_value_list(rule.prelude.split(None, 1)[-1], skip_comments=True)
            name = "".join(t.value for t in tokens if t.type in ("ident", "string"))
            if name.lower() in names:
                kept.append(rule)
        else:
            kept.append(rule)
    return kept


def font_face_family(rule: RawRule) -> str | None:
    """The family an @font-face rule declares, as CSS reads it (escapes resolved)."""
    for name, value in split_declarations(rule.body or ""):
        if name.lower() == "font-family":
            tokens = tinycss2.parse_component_value_list(value, skip_comments=True)
            return " ".join(t.value for t in tokens if t.type in ("ident", "string")) or None
    return None


# Whitespace next to these is never needed (in a selector, "a :hover" differs
# from "a:hover", so ":" is only a left neighbour: "color: red").
SPACE_FREE_AFTER = frozenset({";", ":", ",", ">", "{", "}"})
SPACE_FREE_BEFORE = frozenset({";", ",", ">", "}", "!"})


def compact(tokens: Sequence) -> str:
    """Serialize selector or at-rule prelude tokens without needless whitespace."""
    out: list[str] = []
    pending_space = False
    for token in tokens:
        if token.type in ("whitespace", "comment"):
            pending_space = True
            continue
        if token.type == "literal":
            text = token.value
        elif token.type == "function":
            text = f"{token.serialize().split('(', 1)[0]}({compact(token.arguments)})"
        elif token.type in ("() block", "[] block"):
            text = f"{token.type[0]}{compact(token.content)}{token.type[1]}"
        else:
            text = token.serialize()
        if pending_space and out and out[-1][-1] not in SPACE_FREE_AFTER and text[0] not in SPACE_FREE_BEFORE:
            out.append(" ")
        pending_space = False
        out.append(text)
    return "".join(out)


def compact_prelude(prelude: str) -> str:
    return compact(tinycss2.parse_component_value_list(prelude, skip_comments=True))


def serialize_rules(rules: Iterable) -> str:
    """Compact CSS text for kept rules (and for RawRules as they are)."""
    out = []
    for rule in rules:
        if isinstance(rule, Block):
            out.append(f"{compact_prelude(rule.prelude)}{{{serialize_rules(rule.rules)}}}")
        elif isinstance(rule, StyleRule):
            out.append(f"{rule.prelude}{{{join_declarations(rule.declarations)}}}")
        elif rule.body is None:
            out.append(compact_prelude(rule.prelude) + ";")
        elif rule.at_keyword in BLOCK_AT_RULES or rule.at_keyword in KEYFRAMES_AT_RULES:
            inner = split_rules(rule.body)  # rules inside: keep each one's own prelude
            out.append(f"{compact_prelude(rule.prelude)}{{{serialize_rules(inner)}}}")
        else:  # a style rule, @font-face, @page…: declarations
            out.append(f"{compact_prelude(rule.prelude)}{{{join_declarations(split_declarations(rule.body))}}}")
    return "".join(out)


def import_target(rule: RawRule) -> str | None:
    """The URL of an @import rule."""
    tokens = tinycss2.parse_component_value_list(rule.prelude[len("@import") :], skip_comments=True)
    return next(filter(None, map(url_value, tokens)), None)


def imported_file(path: Path, target: str) -> Path | None:
    """The file an @import of target in the stylesheet at path reads, if it is a local one."""
    if not is_local(target) or target.startswith("/"):
        return None
    imported = (path.parent / urlsplit(target).path).resolve()
    note_dependency(imported)  # what a page inlining the stylesheet depends on, found or not
    return imported if imported.is_file() else None


def stylesheet_imports(path: Path) -> list[Path]:
    """The local files a stylesheet pulls in with @import, recursively, after it."""
    found = []
    for rule in iter_rules(path.read_text("utf-8")):
        if rule.at_keyword == "import":
            target = import_target(rule)
            imported = imported_file(path, target) if target else None
            if imported is not None:
                found += [imported, *stylesheet_imports(imported)]
        elif rule.at_keyword not in ("charset", "layer"):
            break  # @import must come first: no need to read further
    return found


def page_stylesheets(
    outdir: Path, page: Path, hrefs: Sequence[str], imports: dict[Path, list[Path]], files: dict | None = None
) -> list[Path]:
    """The stylesheet files a built page uses (``hrefs``: :func:`stylesheet_hrefs`), each followed
    by those it @imports.

    ``imports`` caches each file's imports across pages, ``files`` local_file's answers.
    """
    found = []
    for href in hrefs:
        sheet = local_file(outdir, page, href, files)
        if sheet is not None:
            if sheet not in imports:
                imports[sheet] = stylesheet_imports(sheet)
            found += [sheet, *imports[sheet]]
    return found


def url_value(token) -> str | None:
    """The URL a token stands for: url(x), url("x"), or a bare string (as in @import "x")."""
    if token.type in ("url", "string"):
        return token.value
    if token.type == "function" and token.lower_name == "url":
        strings = [t for t in token.arguments if t.type == "string"]
        return strings[0].value if strings else None
    return None


def runtime_allowances(config) -> tuple[RuntimeAllowance, ...]:
    """The theme's run-time names, and those conf.py adds (on every page)."""
    extra = allowance(
        config.speed_css_runtime_classes, config.speed_css_runtime_ids, config.speed_css_runtime_attributes
    )
    return (*THEME_RUNTIME, extra)


#: The stylesheet files the pages of a build use (with their @imports), as pruning found them:
#: font subsetting, which works on the same files, takes them from here.
LINKED_STYLESHEETS: WeakKeyDictionary[Sphinx, list[Path]] = WeakKeyDictionary()


def pruning_questions_key(outdir: Path, files: Sequence[Path], sheets: Sequence[tuple[str, SharedPages]]) -> str:
    """What decides which selectors pruning asks the pages about: the code, each stylesheet's text,
    and the names and run-time allowance of the pages it serves."""
    parts = [record_version()]
    for path, (css, pages) in zip(files, sheets, strict=True):
        names = [sorted(pages.classes), sorted(pages.ids), sorted(pages.tags), sorted(pages.attributes)]
        allowed = [sorted(pages.runtime.classes), sorted(pages.runtime.ids), sorted(pages.runtime.attributes)]
        parts.append((path.relative_to(outdir).as_posix(), text_digest(css.encode("utf-8")), names, allowed))
    return text_digest(repr(parts).encode("utf-8"))


@dataclass
class LastPruning:
    """What the last build's pruning asked and wrote, for a rebuild whose CSS and pages' names
    are the same (most rebuilds): the same questions are asked without pruning the CSS to find
    them, and when the answers are the same too, the CSS written is the same.

    In the doctree folder, pickled (the questions are :class:`SimpleSelector` objects)."""

    asking: str | None = None  #: pruning_questions_key
    questions: list = field(default_factory=list)  #: per set of pages, the selectors asked
    answering: str | None = None  #: the questions' key, their answers, the custom properties other texts name
    pruned: list[str] = field(default_factory=list)  #: the stylesheets written, in ``files`` order

    FILE: ClassVar[str] = "page-speed-pruned.pickle"

    @classmethod
    def read(cls, app: Sphinx) -> LastPruning:
        try:
            last = pickle.loads(Path(app.doctreedir, cls.FILE).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return cls()
        return last if isinstance(last, cls) else cls()

    def write(self, app: Sphinx) -> None:
        write_atomically(Path(app.doctreedir, self.FILE), pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))


def prune_built_stylesheets(app: Sphinx) -> None:
    """Rewrite each stylesheet the built pages link to with only the rules they can use.

    The pages are read, parsed and matched in the processes of a parallel build
    (:class:`PageShards`), which keep them between the rounds of questions;
    this process prunes the CSS with what they answer.
    """
    outdir = Path(app.outdir)
    pages = list(html_files(outdir))
    runtime = runtime_allowances(app.config)
    record = Path(app.doctreedir, PRUNING_RECORD)
    known = read_record(record, record_version())
    left = last_edited_digests(app)
    on_disk = known_digests(app)
    digests = {page: on_disk.digest(page) for page in pages}
    entries = {page: recorded(known, left, page.relative_to(outdir).as_posix(), digests[page]) for page in pages}
    load = functools.partial(load_pages, outdir, len(pages), entries, digests)
    with PageShards(app, pages, load, work=sum(entry is None for entry in entries.values())) as shards:
        users: dict[Path, list[str]] = {}  # stylesheet file: the pages using it, in order
        references: set[str] = set()  # custom properties the pages name
        for page, (sheets, properties) in zip(pages, shards.by_page(shards.ask(stylesheets_used)), strict=True):
            references |= properties
            for used in sheets:
                users.setdefault(used, []).append(str(page))
        files = sorted(users)
        page_sets = list(dict.fromkeys(frozenset(users[path]) for path in files))  # most sheets serve every page
        facts = shards.ask(page_set_facts, page_sets, runtime)
        shared = {members: SharedPages(members, [f[n] for f in facts], runtime) for n, members in enumerate(page_sets)}
        # Every script of the build, not only those a page names: scripts may be loaded by other scripts.
        texts = [" ".join(sorted(references))]
        texts += [script.read_text("utf-8", errors="replace") for script in output_files(outdir, "*.js")]
        sheets = [(path.read_text("utf-8"), shared[frozenset(users[path])]) for path in files]
        last = LastPruning.read(app)
        asking = pruning_questions_key(outdir, files, sheets)
        if last.asking == asking:  # the same CSS and names: the same questions (see LastPruning)
            for pages, asked in zip(shared.values(), last.questions, strict=True):
                pages.questions = {selector.text: selector for selector in asked}
        else:
            prune_stylesheets(sheets, texts)  # notes the selectors to match, in every SharedPages
        questions = [(members, list(pages.questions.values())) for members, pages in shared.items()]
        answers = shards.ask(matching_selectors, questions)
        records = {k: v for share in shards.ask(page_records) for k, v in share.items()}
    write_record(record, record_version(), {Path(k).relative_to(outdir).as_posix(): v for k, v in records.items()})
    asked = [list(pages.questions.values()) for pages in shared.values()]
    for number, pages in enumerate(shared.values()):
        matched = set().union(*(answer[number] for answer in answers))
        pages.results.update((text, text in matched) for text in pages.questions)
        pages.questions.clear()
    # Of the other texts, pruning reads only the custom properties they name (the search index,
    # a script, changes with every page's words).
    named = sorted(set().union(*(CUSTOM_PROPERTY.findall(text) for text in texts)))
    answering = text_digest(repr((asking, [sorted(p.results.items()) for p in shared.values()], named)).encode())
    if last.answering == answering:
        pruned = last.pruned
    else:
        pruned = prune_stylesheets(sheets, texts)
        unanswered = [text for pages in shared.values() for text in pages.questions]
        assert not unanswered, f"pruning asked new questions after the answers: {unanswered[:5]}"
    LastPruning(asking, asked, answering, pruned).write(app)
    before = sum(path.stat().st_size for path in files)
    for path, css in zip(files, pruned, strict=True):
        path.write_text(css, "utf-8")
    after = sum(path.stat().st_size for path in files)
    LINKED_STYLESHEETS[app] = files
    logger.info("speed: pruned %d stylesheets from %d to %d bytes", len(files), before, after)


def setup(app: Sphinx) -> dict:
    connect_step(
        app, "speed_prune_css", "Keep only the CSS rules the built pages can use.", PRIORITY, prune_built_stylesheets
    )
    for kind in ("classes", "ids", "attributes"):
        app.add_config_value(
            f"speed_css_runtime_{kind}",
            [],
            "html",
            types=frozenset({list, tuple}),
            description=f"Extra {kind} that scripts add at run time (kept by pruning).",
        )
    return metadata(__name__)
