"""The package's own message catalog: every string the extensions write into a page, translated.

Pages are translated by Sphinx's gettext workflow (the site's ``locale_dirs``);
what the extensions generate ("Abstract", "Cite", filter labels, dates) is not in
any page, so it comes from this package's catalog, ``sphinx_academic``, in
``locales/<language>/LC_MESSAGES/sphinx_academic.po`` beside this module, through
``sphinx.locale.get_translation`` like Sphinx's own strings. An extension that writes
text calls ``app.setup_extension("sphinx_academic.translations")`` and marks its
strings with ``_()`` from here.

The compiled ``.mo`` is committed next to the ``.po``, as Sphinx and its themes ship
theirs: the catalog must load from an installed (read-only) package, and a build must
not write into the package. ``tests/translations`` checks that it matches the ``.po``;
``make update-po`` extracts, merges and compiles it (README, "Translating the site").

Dates are written by patterns that are messages of the catalog too (``format_date``):
"{month_name} {day}, {year}" in English, "{year} 年 {month} 月 {day} 日" in Chinese. Not
Babel's CLDR formats: its Chinese long date is "2025年2月25日", without the spaces the
owner's own Chinese CV puts around numbers ("2029 年（预计）"), and its ranges differ too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

from ._extension import metadata

CATALOG = "sphinx_academic"
LOCALE_DIR = Path(__file__).parent / "locales"

_ = get_translation(CATALOG)


MONTH_NAMES = ("January February March April May June July August September October November December").split()


def format_date(pattern: str, **dates: dt.date) -> str:
    """``pattern`` (a translated message) filled in from ``dates``.

    Each date ``d`` given as ``d=...`` offers ``{d.year}``, ``{d.month}`` (a number),
    ``{d.day}``, ``{d.month_name}`` ("February") and ``{d.month_abbr}`` ("Feb"); a pattern
    with a single date names it ``date``. English month names come from a fixed table, not
    ``strftime``, so that the output does not depend on the machine's locale.
    """
    return pattern.format(**{name: _DateFields(day) for name, day in dates.items()})


class _DateFields:
    def __init__(self, day: dt.date):
        self.year, self.month, self.day = day.year, day.month, day.day
        self.month_name = MONTH_NAMES[day.month - 1]
        self.month_abbr = self.month_name[:3]


def setup(app: Sphinx) -> dict:
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    return metadata(__name__)
