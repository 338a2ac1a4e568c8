"""sphinx_academic.document_settings: docutils' settings made once per build, the same pages."""

from __future__ import annotations

import re

import pytest
import sphinx.util.docutils as sphinx_docutils
from docutils.parsers.rst import Parser as RSTParser
from docutils.readers import standalone

from sphinx_academic import document_settings
from tests.conftest import build_app, built_files, copy_root, no_warnings


@pytest.fixture
def option_parsers(monkeypatch) -> list[str]:
    """The sources for which docutils' OptionParser is made while a build runs."""
    made: list[str] = []

    class CountedOptionParser(sphinx_docutils.OptionParser):
        def __init__(self, *args, **kwargs):
            made.append("made")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(sphinx_docutils, "OptionParser", CountedOptionParser)
    return made


def site(tmp_path, name: str, with_cache: bool):
    src = copy_root("publications", tmp_path / name)
    if with_cache:
        with (src / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write('extensions.append("sphinx_academic.document_settings")\n')
    return src


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_settings_are_made_once_per_parser_and_the_pages_are_the_same(
    make_app, tmp_path, option_parsers, monkeypatch, language
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    overrides = {"language": language}
    uncached = build_app(make_app, site(tmp_path, "uncached", False), confoverrides=overrides)
    documents = len(uncached.env.found_docs)
    builders_own = len(option_parsers) - documents  # the HTML builder's settings, made apart
    assert documents >= 8 and 0 <= builders_own <= 2
    option_parsers.clear()
    cached = build_app(make_app, site(tmp_path, "cached", True), confoverrides=overrides)
    no_warnings(cached)
    assert len(option_parsers) == builders_own + 2  # Markdown pages' and reST pages' (the paper stubs)
    written, expected = built_files(cached.outdir), built_files(uncached.outdir)
    assert "publications/index.html" in written and written.keys() == expected.keys()
    # The search index names the extensions' versions, this one's too.
    written["searchindex.js"] = re.sub(rb'"sphinx_academic\.document_settings":\d+,', b"", written["searchindex.js"])
    assert [name for name in written if written[name] != expected[name]] == []
    assert not isinstance(sphinx_docutils._get_settings, document_settings.SettingsCache)  # given back


def test_each_call_gets_its_own_copy_and_other_calls_their_own_settings():
    cache = document_settings.SettingsCache(sphinx_docutils._get_settings)
    defaults = {"traceback": True, "smartquotes_locales": []}
    first = cache(standalone.Reader, RSTParser(), defaults=defaults, read_config_files=True)
    second = cache(standalone.Reader, RSTParser(), defaults=dict(defaults), read_config_files=True)
    assert first is not second and vars(first) == vars(second)
    unset = vars(first).copy()
    first._source, second._source = "a.rst", "b.rst"  # as Sphinx sets each document's own
    third = cache(standalone.Reader, RSTParser(), defaults=defaults, read_config_files=True)
    assert third is not second and vars(third) == unset
    other = cache(standalone.Reader, RSTParser(), defaults={**defaults, "traceback": False}, read_config_files=True)
    assert other.traceback is False and second.traceback is True
    assert cache.calls == 4 and len(cache.made) == 2
