"""The Chinese site is complete: every message of every catalog is translated, none is fuzzy,
every message the English sources have is in its catalog, and the translations keep what
the build needs (links, roles, placeholders).

The site's catalogs (locales/<language>/LC_MESSAGES/<page>.po, conf.po, sphinx.po) are
checked against a gettext build of the real site (a few seconds: Sphinx's own extraction,
as `make update-po` runs it); the extensions' catalog (src/sphinx_academic/translations/locales) against
the _() and N_() strings of the package, extracted with Babel as `make update-po` does, and
its committed .mo against its .po. Each failure names the file and the message, and says
what to do."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import sphinx_academic
from sphinx_academic import _extension, translations
from tests.conftest import ROOT

LOCALES = ROOT / "locales"
LANGUAGES = sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES").is_dir())
EXTENSION_CATALOGS = {
    language: translations.LOCALE_DIR / language / "LC_MESSAGES" / f"{translations.CATALOG}.po"
    for language in LANGUAGES
}
#: Catalogs of the site that no page's extraction makes: the theme's words the site overrides.
NOT_EXTRACTED = {"sphinx"}

FIX = "translate it in the .po (README, 'Translating the site')"


def read(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def messages(catalog) -> list:
    """The catalog's messages but its header (obsolete ones are kept apart by Babel)."""
    return [message for message in catalog if message.id]


def site_catalogs(language: str) -> dict[str, Path]:
    """domain ("cv/index", "conf") -> its .po."""
    directory = LOCALES / language / "LC_MESSAGES"
    return {path.relative_to(directory).with_suffix("").as_posix(): path for path in directory.rglob("*.po")}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, set[str]]:
    """domain -> the messages Sphinx's gettext builder extracts from the English site."""
    out = tmp_path_factory.mktemp("gettext")
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-n", "-b", "gettext", str(ROOT), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    templates = {p.relative_to(out).with_suffix("").as_posix(): p for p in out.rglob("*.pot")}
    return {domain: {m.id for m in messages(read(path))} for domain, path in templates.items()}


def test_there_is_a_translation():
    assert LANGUAGES == ["zh_CN"]
    assert len(site_catalogs("zh_CN")) >= 10  # the pages, conf and the theme's words


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_catalog_with_every_message(extracted, language):
    """An English sentence added or changed shows up as a message the catalog lacks."""
    catalogs = site_catalogs(language)
    assert {"index", "cv/index", "conf"} <= extracted.keys()
    problems = []
    for domain, wanted in sorted(extracted.items()):
        if domain not in catalogs:
            problems.append(f"{LOCALES / language / 'LC_MESSAGES' / domain}.po: missing (run make update-po)")
            continue
        have = {m.id for m in messages(read(catalogs[domain]))}
        problems += [
            f"{catalogs[domain]}: new or changed English text, not in the catalog (run make update-po): {m!r}"
            for m in sorted(wanted - have)
        ]
    stale = sorted(set(catalogs) - extracted.keys() - NOT_EXTRACTED)
    problems += [f"{catalogs[d]}: no page has this catalog any more (delete it)" for d in stale]
    assert not problems, "\n".join(problems)


def all_catalogs() -> list[Path]:
    return [p for language in LANGUAGES for p in site_catalogs(language).values()] + list(EXTENSION_CATALOGS.values())


@pytest.mark.parametrize("path", all_catalogs(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_message_is_translated_and_none_is_fuzzy(path):
    found = messages(read(path))
    assert found, f"{path}: no messages"
    problems = [
        f"{path}:{m.lineno}: {'fuzzy (check and clear the flag)' if m.fuzzy else 'untranslated'}: {m.id!r}; {FIX}"
        for m in found
        if m.fuzzy or not m.string
    ]
    assert not problems, "\n".join(problems)


PLACEHOLDER = re.compile(r"\{([a-z_]+)(?:\.([a-z_]+))?\}|%\(([a-z_]+)\)s")
DATE_FIELDS = {"year", "month", "day", "month_name", "month_abbr"}  # translations.format_date
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
ROLE = re.compile(r"\{([\w:+.-]+)\}`([^`]*)`")
STRONG = re.compile(r"\*\*")


def role_targets(text: str) -> list[tuple[str, str]]:
    """(role, target) of each role: the target is what is linked (``text <target>``, or a content
    that is a name: ``qin2025mooncake``, ``design/store/mooncake-store``); a role whose content is
    its text (``{cv-pdf}`Download PDF```) has none."""
    found = []
    for name, content in ROLE.findall(text):
        explicit = re.search(r"<([^>]+)>$", content)
        target = explicit.group(1) if explicit else content if re.fullmatch(r"[A-Za-z0-9_./:+#-]+", content) else ""
        found.append((name, target))
    return sorted(found)


def kept(message) -> list[str]:
    """What the translation must keep of the English: placeholders, link targets, roles, bold marks."""
    problems = []
    if any("format" in flag for flag in message.flags):  # python-brace-format, python-format
        english = {m[0] or m[2] for m in PLACEHOLDER.findall(message.id)}
        translated = {m[0] or m[2] for m in PLACEHOLDER.findall(message.string)}
        fields = {m[1] for m in PLACEHOLDER.findall(message.string) if m[1]}
        if english != translated:
            problems.append(f"placeholders {sorted(english)} became {sorted(translated)}")
        if fields - DATE_FIELDS:
            problems.append(f"no such date fields: {sorted(fields - DATE_FIELDS)}")
    for name, found in (("link targets", LINK_TARGET.findall), ("roles", role_targets)):
        english, translated = sorted(found(message.id)), sorted(found(message.string))
        if english != translated:
            problems.append(f"{name} {english} became {translated}")
    if len(STRONG.findall(message.id)) != len(STRONG.findall(message.string)):
        problems.append("bold markup (**) differs")
    return problems


@pytest.mark.parametrize("path", all_catalogs(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_translations_keep_links_roles_and_placeholders(path):
    checked, problems = 0, []
    for message in messages(read(path)):
        if message.string:
            checked += 1
            problems += [f"{path}:{message.lineno}: {message.id!r}: {p}" for p in kept(message)]
    assert checked, f"{path}: nothing translated to check"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_english_text_has_one_translation(language):
    """The same sentence in several pages' catalogs (a caption, a heading) is translated alike."""
    seen: dict[str, dict[str, list[str]]] = {}
    for domain, path in site_catalogs(language).items():
        if domain in NOT_EXTRACTED:
            continue
        for message in messages(read(path)):
            seen.setdefault(message.id, {}).setdefault(message.string, []).append(domain)
    shared = [english for english, versions in seen.items() if sum(map(len, versions.values())) > 1]
    assert len(shared) >= 5, shared  # captions, headings, names shared by pages
    problems = [
        f"{english!r} is translated differently: " + "; ".join(f"{t!r} in {', '.join(d)}" for t, d in versions.items())
        for english, versions in seen.items()
        if len(versions) > 1
    ]
    assert not problems, "\n".join(problems)


def package_messages() -> set[str]:
    """The package's _() and N_() strings, as `make update-po` extracts them (pybabel)."""
    package = Path(sphinx_academic.__file__).parent
    found = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(package), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}
        )
    }
    assert len(found) > 40, sorted(found)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_extension_catalog_has_every_string_of_the_package(language):
    wanted = package_messages()
    path = EXTENSION_CATALOGS[language]
    have = {m.id for m in messages(read(path))}
    problems = [
        f"{path}: a string of the extensions not in the catalog (run make update-po): {m!r}"
        for m in sorted(wanted - have)
    ]
    problems += [f"{path}: no extension says this any more (run make update-po): {m!r}" for m in sorted(have - wanted)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_matches_the_po(language):
    """Sphinx loads the .mo: one not compiled after an edit of the .po shows the old words."""
    po = EXTENSION_CATALOGS[language]
    with po.with_suffix(".mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog  # the parsed catalog itself
    written = {m.id: m.string for m in messages(read(po)) if m.string and not m.fuzzy}
    compiled = {k: v for k, v in compiled.items() if k}  # without the header
    assert written, po
    assert compiled == written, f"{po.with_suffix('.mo')} is not the compiled {po.name}: run make update-po"


def test_a_changed_translation_is_a_changed_extension():
    """The extensions write the catalog's words into the saved doctrees: the compiled catalogs are
    part of the code version, so a new translation discards them (tests/package)."""
    files = set(_extension.source_files("sphinx_academic.translations"))
    compiled = {po.with_suffix(".mo") for po in EXTENSION_CATALOGS.values()}
    assert compiled and compiled <= files


@pytest.mark.parametrize("language", LANGUAGES)
def test_theme_words_the_site_translates_are_the_themes(language):
    """sphinx.po overrides words of the theme's own catalog: a theme release that renames one
    would leave it untranslated on the page, silently."""
    import pydata_sphinx_theme

    template = Path(pydata_sphinx_theme.__file__).parent / "locale" / "sphinx.pot"
    theme = {m.id for m in messages(read(template))}
    path = site_catalogs(language)["sphinx"]
    ours = {m.id for m in messages(read(path))}
    assert len(ours) >= 3
    assert ours <= theme, f"{path}: not (or no longer) words of the theme: {sorted(ours - theme)}"
