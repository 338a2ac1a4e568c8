"""The publication filters as a visitor uses them, in Chromium, on a fixture site with three
years and three types (tests/roots/test-publications/, built with the site's theme): the
real site has one paper, so it renders no filters at all."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.conftest import copy_root, no_warnings

from . import harness
from .accessibility import AXE, CONTRAST_ONLY, describe_violations, undecided_contrast

LIST = "publications/index.html"
# The root's entries, newest first, by year and by type (as its refs.bib says).
ENTRIES = {
    "lovelace2024engine": ("2024", "conference"),
    "babbage2023mill": ("2023", "journal"),
    "babbage2023difference": ("2023", "conference"),
    "babbage2023analytic": ("2023", "conference"),
    "hostile2022": ("2022", "other"),
}
YEARS = ["2024", "2023", "2022"]
TYPES = ["conference", "journal", "other"]

VISIBLE_ENTRIES = "els => els.filter(el => el.checkVisibility()).map(el => el.id)"
VISIBLE_YEARS = "els => els.filter(el => el.checkVisibility()).map(el => el.dataset.year)"


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory):
    """The publications root, built with pydata-sphinx-theme (light and dark mode) and served."""
    src = copy_root("publications", tmp_path_factory.mktemp("filters") / "src")
    app = SphinxTestApp(
        "html", srcdir=src, builddir=src / "_build", confoverrides={"html_theme": "pydata_sphinx_theme"}
    )
    try:
        app.build()
    finally:
        app.cleanup()
    no_warnings(app)
    url, server = harness.serve(app.outdir)
    yield url
    server.shutdown()


def shown(page) -> tuple[list[str], list[str], str]:
    """(entries shown, year sections shown, status text), as a visitor sees them."""
    return (
        page.locator("li.pub").evaluate_all(VISIBLE_ENTRIES),
        page.locator("section.pub-year").evaluate_all(VISIBLE_YEARS),
        page.locator(".pub-filter-status").inner_text(),
    )


def expected(year: str = "", kind: str = "") -> tuple[list[str], list[str], str]:
    keys = [key for key, (y, t) in ENTRIES.items() if year in ("", y) and kind in ("", t)]
    years = list(dict.fromkeys(ENTRIES[key][0] for key in keys))
    return keys, years, f"{len(keys)} publication{'' if len(keys) == 1 else 's'} shown"


def test_choosing_a_year_or_a_type_shows_exactly_its_entries(visit, fixture_server):
    page = visit(LIST, server=fixture_server).page
    year, kind = page.locator("select[data-filter=year]"), page.locator("select[data-filter=type]")
    assert page.locator("li.pub").evaluate_all(VISIBLE_ENTRIES) == list(ENTRIES), "before any choice"
    assert page.locator("form.pub-filters").is_visible()
    choices = [(y, "") for y in YEARS] + [("", t) for t in TYPES] + [("2023", "conference"), ("2024", "journal")]
    for chosen_year, chosen_type in [*choices, ("", "")]:
        year.select_option(chosen_year)
        kind.select_option(chosen_type)
        assert shown(page) == expected(chosen_year, chosen_type), (
            f"{LIST} with year {chosen_year or 'all'!r} and type {chosen_type or 'all'!r}: "
            "(entries, year sections, status) shown"
        )
    # Every year and every type was chosen at least once, and some choice left a year section empty.
    assert {y for y, _ in choices} >= set(YEARS) and {t for _, t in choices} >= set(TYPES)


def test_without_javascript_every_entry_shows_and_the_filters_do_not(visit, fixture_server):
    page = visit(LIST, server=fixture_server, javascript=False).page
    assert page.locator("li.pub").evaluate_all(VISIBLE_ENTRIES) == list(ENTRIES)
    assert page.locator("section.pub-year").evaluate_all(VISIBLE_YEARS) == YEARS
    # The script makes the filters: without it there is no control that could do nothing.
    assert page.locator(".pub-list-container :is(form, select, label, button)").count() == 0, (
        "the filters need JavaScript: without it they must not show"
    )


@pytest.mark.parametrize("mode", harness.MODES)
def test_filters_and_their_status_have_enough_contrast(visit, fixture_server, mode):
    opened = visit(LIST, server=fixture_server, mode=mode)
    page = opened.page
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    page.locator("select[data-filter=type]").select_option("journal")  # the status text shows
    opened.recording = False  # axe's own requests for @import-ed style sheets are not the page's
    response = AXE.run(page, options=CONTRAST_ONLY).response
    checked = " ".join(node["html"] for rule in response["passes"] for node in rule["nodes"])
    for text in ('class="pub-filter-status"', '<label for="pub-list-filter-year"', '<label for="pub-list-filter-type"'):
        assert text in checked, f"{LIST} ({mode} mode): axe did not check the contrast of {text}"
    assert not response["violations"], describe_violations(f"{LIST} ({mode} mode)", response["violations"])
    undecided = undecided_contrast(response["incomplete"])
    assert not undecided, f"{LIST} ({mode} mode): contrast axe could not confirm:\n  " + "\n  ".join(undecided)
