"""sphinx_academic.languages: each language's URLs, the alternates, the switcher, the nested output."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from sphinx_academic import languages
from sphinx_academic.page_speed.build_output import html_files, output_files
from tests.conftest import build_app, built_page, copy_root, no_warnings

SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
RTD_ZH = {"READTHEDOCS_LANGUAGE": "zh-cn", "READTHEDOCS_CANONICAL_URL": "https://example.org/zh-cn/latest/"}


def soup(app, name: str) -> BeautifulSoup:
    return built_page(app.outdir, name)


def alternates(page: BeautifulSoup) -> list[tuple[str, str]]:
    return [(link["hreflang"], link["href"]) for link in page.find_all("link", rel="alternate", hreflang=True)]


def switcher(page: BeautifulSoup):
    links = page.select("nav.header a.language-switcher")
    assert len(links) == 1, links
    return links[0]


def test_relative_url_between_pages_of_one_host_and_absolute_across_hosts():
    assert languages.relative_url("https://a.org/cv/index.html", "https://a.org/zh/cv/index.html") == (
        "../zh/cv/index.html"
    )
    assert languages.relative_url("https://a.org/zh/index.html", "https://a.org/index.html") == "../index.html"
    assert languages.relative_url("https://a.org/zh/cv/", "https://a.org/cv/") == "../../cv/"  # dirhtml
    assert languages.relative_url("https://a.org/x.html", "https://b.org/x.html") == "https://b.org/x.html"


def test_read_the_docs_urls_replace_the_language_segment_only():
    bases = languages.readthedocs_bases(["en", "zh_cn"], "https://qin.readthedocs.io/zh-cn/latest/", "zh-cn")
    assert bases == {"en": "https://qin.readthedocs.io/en/latest/", "zh_cn": "https://qin.readthedocs.io/zh-cn/latest/"}
    # A version named like a language stays: the language is the segment before the version.
    bases = languages.readthedocs_bases(["en", "zh_cn"], "https://d.org/en/en", "en")
    assert bases == {"en": "https://d.org/en/en/", "zh_cn": "https://d.org/zh-cn/en/"}
    # A custom domain with a path of its own: the language is still the segment before the version.
    bases = languages.readthedocs_bases(["en", "zh_cn"], "https://d.org/docs/zh_CN/v2/", "zh_cn")
    assert bases == {"en": "https://d.org/docs/en/v2/", "zh_cn": "https://d.org/docs/zh-cn/v2/"}
    assert languages.readthedocs_bases(["en"], "https://d.org/latest/", "en") is None


@pytest.mark.sphinx("html", testroot="languages", copy_test_root=True)
def test_default_language_pages_link_every_version_and_switch_to_the_same_page(app):
    app.build()
    no_warnings(app)
    page = soup(app, "sub/page.html")
    assert alternates(page) == [
        ("en", "https://example.org/sub/page.html"),
        ("zh-CN", "https://example.org/zh/sub/page.html"),
        ("x-default", "https://example.org/sub/page.html"),
    ]
    link = switcher(page)
    assert (link["href"], link["hreflang"], link["lang"], link.get_text()) == (
        "../zh/sub/page.html",
        "zh-CN",
        "zh-CN",
        "中文",
    )
    assert link["aria-label"] == "本页的中文版"  # in the language of the link (its lang)
    home = soup(app, "index.html")
    assert alternates(home)[0] == ("en", "https://example.org/")  # the home page is the site root
    assert switcher(home)["href"] == "zh/index.html"
    assert soup(app, "index.html").html["lang"] == "en"
    # Served at any URL: no alternates, and its switcher goes to the other language's home page.
    missing = soup(app, "404.html")
    assert alternates(missing) == []
    assert switcher(missing)["href"] == "/zh/"
    # One sitemap for both languages, each URL with all its versions and x-default.
    sitemap = ET.parse(app.outdir / "sitemap.xml").getroot()
    entries = {
        url.findtext("sm:loc", namespaces=SITEMAP): [
            (link.get("hreflang"), link.get("href")) for link in url.findall("xhtml:link", SITEMAP)
        ]
        for url in sitemap.findall("sm:url", SITEMAP)
    }
    assert sorted(entries) == [
        "https://example.org/",
        "https://example.org/sub/page.html",
        "https://example.org/zh/",
        "https://example.org/zh/sub/page.html",
    ]
    assert entries["https://example.org/zh/sub/page.html"] == alternates(page)
    assert (app.outdir / "robots.txt").is_file()
    assert not (app.outdir / languages.NESTED_OUTPUT_MARKER).exists()


@pytest.mark.sphinx("html", testroot="languages", srcdir="languages-nested", confoverrides={"language": "zh_CN"})
def test_nested_language_build_moves_its_urls_under_its_prefix_and_marks_its_output(app):
    assert app.config.html_baseurl == "https://example.org/zh/"
    assert app.config.notfound_urls_prefix == "/zh/"
    app.build()
    no_warnings(app)
    page = soup(app, "sub/page.html")
    assert page.html["lang"] == "zh-CN"  # Sphinx writes the BCP 47 tag
    assert page.find("link", rel="canonical")["href"] == "https://example.org/zh/sub/page.html"
    assert alternates(page)[1] == ("zh-CN", "https://example.org/zh/sub/page.html")
    link = switcher(page)
    assert (link["href"], link["lang"], link.get_text(), link["aria-label"]) == (
        "../../sub/page.html",
        "en",
        "English",
        "English version of this page",
    )
    assert switcher(soup(app, "404.html"))["href"] == "/"
    # The English build writes the one sitemap and robots.txt; this output is marked as nested.
    assert not (app.outdir / "sitemap.xml").exists() and not (app.outdir / "robots.txt").exists()
    assert (app.outdir / languages.NESTED_OUTPUT_MARKER).read_text("utf-8") == "zh-CN\n"
    # sphinx_academic.chinese_search: the search page's stemmer is one its script defines.
    script = (app.outdir / "_static" / "language_data.js").read_text("utf-8")
    [stemmer] = re.findall(r"window\.Stemmer = (\w+);", script)
    assert re.search(rf"\bvar {stemmer}\s*=", script), f"language_data.js assigns {stemmer}, which it never defines"


def test_read_the_docs_translation_project_builds_its_language_at_its_root(make_app, tmp_path, monkeypatch):
    # Read the Docs sets these for the translation project's build; conf.py takes html_baseurl from
    # READTHEDOCS_CANONICAL_URL.
    for name, value in RTD_ZH.items():
        monkeypatch.setenv(name, value)
    srcdir = copy_root("languages", tmp_path / "languages")
    overrides = {"language": "zh_CN", "html_baseurl": RTD_ZH["READTHEDOCS_CANONICAL_URL"]}
    app = build_app(make_app, srcdir, confoverrides=overrides)
    assert app.config.html_baseurl == "https://example.org/zh-cn/latest/"  # not moved under a prefix
    no_warnings(app)
    page = soup(app, "sub/page.html")
    assert alternates(page) == [
        ("en", "https://example.org/en/latest/sub/page.html"),
        ("zh-CN", "https://example.org/zh-cn/latest/sub/page.html"),
        ("x-default", "https://example.org/en/latest/sub/page.html"),
    ]
    assert switcher(page)["href"] == "../../../en/latest/sub/page.html"
    assert page.find("link", rel="canonical")["href"] == "https://example.org/zh-cn/latest/sub/page.html"
    assert not (app.outdir / languages.NESTED_OUTPUT_MARKER).exists()  # a project of its own
    assert (app.outdir / "sitemap.xml").is_file()


@pytest.mark.sphinx("html", testroot="languages", srcdir="languages-unlisted", confoverrides={"language": "fr"})
def test_a_language_not_listed_is_a_warning_at_the_setting(app):
    warnings = app.warning.getvalue()  # at config-inited: no need to build
    assert re.search(r"conf\.py:\d+: WARNING: language 'fr' is not one of `languages` \(en, zh_CN\)", warnings), (
        warnings
    )
    assert app.config.languages_bases == {}  # so no page gets alternates or a switcher


def test_post_build_steps_leave_a_nested_language_site_alone(tmp_path):
    (tmp_path / "zh" / "sub").mkdir(parents=True)
    (tmp_path / "sub").mkdir()
    for name in ("index.html", "sub/page.html", "zh/index.html", "zh/sub/page.html", "zh/app.js", "app.js"):
        (tmp_path / name).write_text("x", "utf-8")
    everything = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html"))
    assert len(everything) == 4
    assert [p.relative_to(tmp_path).as_posix() for p in html_files(tmp_path)] == everything  # not marked yet
    (tmp_path / "zh" / languages.NESTED_OUTPUT_MARKER).write_text("zh-CN\n", "utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in html_files(tmp_path)] == ["index.html", "sub/page.html"]
    assert [p.relative_to(tmp_path).as_posix() for p in output_files(tmp_path, "*.js")] == ["app.js"]
