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
The catalog lives inside this package so that it is part of its code version
(``_extension.metadata``): the extensions write its words into the doctrees, and a
changed translation must discard them, as changed code does.

Settings whose text visitors read (the site's title, the author's name, the search box's
placeholder…) are not in any page either. ``translated_settings`` names them (``"html_title"``,
``"html_theme_options.search_bar_text"``, ``"person_jsonld.knowsAbout.*"``: dotted paths into
dictionaries, ``*`` for every item of a list); the gettext builder extracts them into the
site's catalog ``conf`` (``locales/<language>/LC_MESSAGES/conf.po``, located at their lines
of conf.py), and a build in another language reads that catalog when its configuration is
set up (``config-inited``), before any extension or the theme reads them.

Dates are written by patterns that are messages of the catalog too (``format_date``):
"{month_name} {day}, {year}" in English, "{year} 年 {month} 月 {day} 日" in Chinese. Not
Babel's CLDR formats: its Chinese long date is "2025年2月25日", without the spaces the
owner's own Chinese CV puts around numbers ("2029 年（预计）"), and its ranges differ too.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

from babel.messages import pofile
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from .._extension import config_location, metadata

CATALOG = "sphinx_academic"
LOCALE_DIR = Path(__file__).parent / "locales"

_ = get_translation(CATALOG)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Marks a message for the catalog where it is defined (data tables); ``_()`` translates it where shown."""
    return message


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


#: The site's catalog of translated settings (beside the pages' catalogs).
SETTINGS_DOMAIN = "conf"


def setting_texts(config, paths) -> Iterator[tuple[str, Callable[[str], None], str]]:
    """(path, a function that replaces the text, the text) for each string ``paths`` name."""
    for path in paths:
        name, *keys = path.split(".")
        yield from _texts(path, getattr(config, name, None), keys, lambda value, n=name: setattr(config, n, value))


def _texts(path, value, keys, replace):
    if not keys:
        if isinstance(value, str) and value:
            yield path, replace, value
        return
    key, rest = keys[0], keys[1:]
    if key == "*" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(path, item, rest, lambda new, i=index: value.__setitem__(i, new))
    elif isinstance(value, dict) and key in value:
        yield from _texts(path, value[key], rest, lambda new: value.__setitem__(key, new))


def settings_catalog(app: Sphinx) -> Path | None:
    """The ``conf`` catalog of the build's language in the site's ``locale_dirs``, if there is one."""
    for directory in app.config.locale_dirs:
        path = Path(app.srcdir, directory, app.config.language, "LC_MESSAGES", f"{SETTINGS_DOMAIN}.po")
        if path.is_file():
            return path
    return None


#: The settings' texts as written in conf.py, per configuration: by the time the gettext builder
#: starts, Sphinx has filled the year into ``copyright``, and a catalog must not change each year.
_WRITTEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def translate_settings(app: Sphinx, config) -> None:
    """config-inited: the named settings in the build's language (untranslated ones stay as written)."""
    _WRITTEN[config] = [(path, text) for path, _replace, text in setting_texts(config, config.translated_settings)]
    if not config.translated_settings or not config.language or config.language == "en":
        return
    path = settings_catalog(app)
    if path is None:
        return
    with path.open("rb") as file:
        catalog = pofile.read_po(file)
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    for _path, replace, text in list(setting_texts(config, config.translated_settings)):
        if text in translated:
            replace(translated[text])


def extract_settings(app: Sphinx) -> None:
    """builder-inited: with the gettext builder, the named settings into the ``conf`` catalog."""
    if app.builder.name != "gettext":
        return
    from sphinx.builders.gettext import MsgOrigin

    catalog = app.builder.catalogs[SETTINGS_DOMAIN]
    for path, text in _WRITTEN.get(app.config, []):
        where = config_location(app, path.split(".")[0])
        source, _colon, line = where.rpartition(":")
        catalog.add(text, MsgOrigin(source, int(line)))


def setup(app: Sphinx) -> dict:
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
    app.add_config_value("translated_settings", [], "env", types=frozenset({list, tuple}))
    # Before Sphinx fills the year into ``copyright`` (800) and the extensions read their settings.
    app.connect("config-inited", translate_settings, priority=100)
    app.connect("builder-inited", extract_settings)
    return metadata(__name__)
