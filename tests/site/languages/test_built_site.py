"""The real site in two languages (made by `make test`): English at the root, Chinese in zh/.

Every page of each language points to itself in the other (alternates, the header's switcher),
says its language, and Chinese readers get their own feed, structured data, cards and search.
"""

from __future__ import annotations

import re
import runpy
import xml.etree.ElementTree as ET
from pathlib import Path

import extruct
import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont
from sphinx.search import js_index

from sphinx_academic import languages
from sphinx_academic._extension import package_file
from sphinx_academic.page_speed.build_output import html_files
from sphinx_academic.page_speed.html_edits import scan
from tests.conftest import ROOT
from tests.site.speed.critical_path import critical_path, page_weight
from tests.site.speed.test_built_site import CRITICAL_PATH_BUDGET

BASE = "https://qinruoyu.com/"
ZH = "zh/"
KiB = 1024
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture(scope="module")
def chinese(site) -> Path:
    folder = site / "zh"
    assert (folder / "index.html").is_file(), f"{folder}/index.html is missing: `make html` builds the Chinese site"
    return folder


@pytest.fixture(scope="module")
def page_pairs(site, chinese) -> list[tuple[str, BeautifulSoup, BeautifulSoup]]:
    """(page, English, Chinese) for every page of the English site: the same pages in both."""
    english = [p.relative_to(site).as_posix() for p in html_files(site)]
    assert sorted(english) == sorted(p.relative_to(chinese).as_posix() for p in html_files(chinese))
    assert len(english) >= 10 and "index.html" in english
    read = lambda path: BeautifulSoup(path.read_text("utf-8"), "html.parser")  # noqa: E731
    return [(name, read(site / name), read(chinese / name)) for name in sorted(english)]


def canonical(prefix: str, name: str) -> str:
    return BASE + prefix + ("" if name == "index.html" else name)


def alternates(page: BeautifulSoup) -> list[tuple[str, str]]:
    return [(link["hreflang"], link["href"]) for link in page.find_all("link", rel="alternate", hreflang=True)]


def test_every_page_says_its_language_and_links_both_versions(page_pairs):
    for name, english, chinese in page_pairs:
        assert english.html["lang"] == "en" and chinese.html["lang"] == "zh-CN", name
        if name == "404.html":  # served at every unknown URL: no URL of its own to give
            assert alternates(english) == alternates(chinese) == [], name
            continue
        expected = [("en", canonical("", name)), ("zh-CN", canonical(ZH, name)), ("x-default", canonical("", name))]
        assert alternates(english) == alternates(chinese) == expected, name
        for page, prefix in ((english, ""), (chinese, ZH)):
            link = page.find("link", rel="canonical")
            if link is not None:  # search: noindex, no canonical link
                assert link["href"] == canonical(prefix, name), name


def test_every_switcher_leads_to_the_same_page_in_the_other_language(site, chinese, page_pairs):
    for name, english, chinese_page in page_pairs:
        for page, folder, other, tag, text in (
            (english, site, chinese, "zh-CN", "中文"),
            (chinese_page, chinese, site, "en", "English"),
        ):
            links = page.select(".bd-header a.language-switcher")
            assert links, f"{name}: no language switcher in the header"
            for link in links:
                assert (link["hreflang"], link["lang"], link.get_text(strip=True)) == (tag, tag, text), name
                assert link.get("aria-label"), name
                href = link["href"]
                if name == "404.html":
                    assert href == "/" + ("" if other == site else ZH), name  # served anywhere: root-relative
                    continue
                target = (folder / name).parent / href
                assert target.resolve() == (other / name).resolve(), f"{folder / name}: switcher leads to {href}"


def test_the_one_sitemap_gives_every_url_its_alternates(site, chinese):
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(site / "sitemap.xml").getroot().findall("sm:url", ns)
    assert len(urls) >= 16  # 8 public pages, twice
    for url in urls:
        loc = url.findtext("sm:loc", namespaces=ns)
        links = [(link.get("hreflang"), link.get("href")) for link in url.findall("xhtml:link", ns)]
        assert [tag for tag, _ in links] == ["en", "zh-CN", "x-default"], loc
        assert loc in {links[0][1], links[1][1]} and links[2][1] == links[0][1], loc
        assert links[1][1] == links[0][1].replace(BASE, BASE + ZH, 1), loc
    assert not (chinese / "sitemap.xml").exists() and not (chinese / "robots.txt").exists()


def test_chinese_news_goes_to_a_chinese_feed(site, chinese):
    for folder, language, prefix in ((site, "en", ""), (chinese, "zh-CN", ZH)):
        feed = ET.parse(folder / "atom.xml").getroot()
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        assert feed.findtext("atom:id", namespaces=ATOM) == f"{BASE}{prefix}atom.xml"
        entries = feed.findall("atom:entry", ATOM)
        assert entries, f"{folder}/atom.xml has no entries"
        for entry in entries:
            assert entry.find("atom:link", ATOM).get("href").startswith(f"{BASE}{prefix}#news-")
            # A translated entry is an entry of its own: ids differ by language, and stay put.
            path = "news/" if folder == site else "zh-CN/news/"
            assert re.fullmatch(
                rf"tag:qinruoyu\.com,[\d-]+:{path}news-[\d-]+", entry.findtext("atom:id", namespaces=ATOM)
            )
    home = BeautifulSoup((chinese / "index.html").read_text("utf-8"), "html.parser")
    assert home.find("link", type="application/atom+xml")["href"] == f"{BASE}{ZH}atom.xml"


def test_the_person_is_one_person_named_in_each_language(site, chinese):
    def person(folder):
        data = extruct.extract((folder / "index.html").read_text("utf-8"), syntaxes=["json-ld"])["json-ld"]
        [node] = [d for d in data if d.get("@type") == "Person"]
        return node

    english, chinese_person = person(site), person(chinese)
    assert english["@id"] == chinese_person["@id"] == BASE + "#person"
    assert (english["name"], english["alternateName"]) == ("Ruoyu Qin", "秦若愚")
    assert (chinese_person["name"], chinese_person["alternateName"]) == ("秦若愚", "Ruoyu Qin")
    assert chinese_person["url"] == BASE + ZH


def site_config() -> dict:
    """conf.py's settings, as Sphinx reads them (it executes the file)."""
    return runpy.run_path(str(ROOT / "conf.py"))


def card_fonts() -> list[Path]:
    fonts = site_config()["social_card_language_fonts"]["zh_CN"]
    paths = [package_file(fonts[face], ROOT) for face in ("regular", "bold")]
    assert all(paths), fonts
    return paths


def test_chinese_cards_have_a_glyph_for_every_character_they_show(chinese):
    """The cards' text (site name, title, description, address) in the font that draws it: a
    character the font lacks would be left out of the card (social_card.drawable)."""
    covered = None
    for path in card_fonts():
        cmap = set(TTFont(path, fontNumber=0, lazy=True).getBestCmap())
        covered = cmap if covered is None else covered & cmap
    checked = 0
    for page in html_files(chinese):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        image = soup.find("meta", property="og:image")
        if image is None or not image["content"].endswith(".png"):
            continue  # a paper's fitted image, whose only text is the address and credit line
        assert (chinese / image["content"].removeprefix(BASE + ZH)).is_file(), image["content"]
        text = (
            "".join(
                soup.find("meta", property=name)["content"] for name in ("og:site_name", "og:title", "og:description")
            )
            + "qinruoyu.com/zh"
        )
        missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
        assert not missing, f"{page}: the card font has no glyph for {missing}"
        checked += 1
    assert checked >= 8, f"only {checked} Chinese pages have a drawn card"


def test_chinese_pages_use_system_cjk_fonts_without_synthetic_bold(chinese):
    html = (chinese / "index.html").read_text("utf-8")
    styles = "".join(html[t.start : t.end] for t in scan(html) if t.name == "style")
    rule = re.search(r'html\[lang\^="?zh"?\]\s*\{([^}]*)\}', styles)
    assert rule, "no html[lang^=zh] rule in the Chinese home page's CSS"
    stack = re.search(r"--pst-font-family-base:([^;}]*)", rule.group(1)).group(1)
    families = [f.strip().strip('"') for f in stack.split(",")]
    assert families[:4] == ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"], families
    assert re.search(r"font-synthesis:\s*none", rule.group(1))
    # No CJK web font: the only fonts the page loads are the icon fonts, cut to a few glyphs.
    faces = re.findall(r"@font-face\s*\{[^}]*\}", styles)
    assert faces and all("Font Awesome" in face for face in faces), faces


def test_chinese_home_page_weighs_at_most_100_kib(chinese):
    weight = page_weight(chinese, chinese / "index.html")
    assert 10 * KiB < weight.total <= 100 * KiB, weight.files


def test_chinese_pages_keep_the_english_pages_budget_before_the_first_paint(chinese):
    pages = list(html_files(chinese))
    assert len(pages) >= 10
    paths = {page.relative_to(chinese).as_posix(): critical_path(chinese, page) for page in pages}
    assert all(path.total > 0 for path in paths.values())
    over = {name: path.files for name, path in paths.items() if path.total > CRITICAL_PATH_BUDGET}
    assert not over, f"Chinese pages over {CRITICAL_PATH_BUDGET // KiB} KiB before first paint: {over}"


SEARCHES = {"清华": "cv/index", "推理": "index", "缓存": "projects/mooncake-store"}


@pytest.mark.parametrize("word", SEARCHES)
def test_chinese_search_index_has_the_words_jieba_cuts(chinese, word):
    index = js_index.loads((chinese / "searchindex.js").read_text("utf-8"))
    pages = index["terms"].get(word)
    assert pages is not None, f"{word!r} is not a term of zh/searchindex.js: the Chinese text was not segmented"
    pages = [pages] if isinstance(pages, int) else pages
    assert SEARCHES[word] in [index["docnames"][i] for i in pages]


def test_languages_are_configured_for_both_builds():
    config = site_config()
    assert list(config["languages"]) == ["en", "zh_CN"] and languages.key(config["language"]) == "en"
