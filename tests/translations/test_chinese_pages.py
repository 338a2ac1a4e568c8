"""The extensions' words in Chinese: a small site built with language = "zh_CN"
(tests/roots/test-translations/) shows the package catalog's labels and Chinese dates, the
owner's words from its own page catalog, and marks the papers' English text lang="en"."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import built_page

pytestmark = [
    # Sphinx compiles the root's .po files beside them, and the engine writes its paper-page stubs.
    pytest.mark.sphinx("html", testroot="translations", copy_test_root=True),
    pytest.mark.test_params(shared_result="translations-zh"),
]


def texts(soup, selector: str) -> list[str]:
    return [element.get_text(" ", strip=True) for element in soup.select(selector)]


def test_news_dates_and_text_in_chinese(built):
    items = built_page(built, "index.html").select("li.news-item")
    assert [item.p.get_text() for item in items] == [
        "2025 年 2 月 25 日 — 这台机器获得了奖项。",  # translated in the page's catalog
        "2025 年 2 月 — A talk in London.",  # not translated: shown as written, never dropped
    ]
    link = items[0].find("a")
    assert link["href"] == "publications/lovelace2024engine.html"  # the translation's link resolves
    assert items[0].find("strong").get_text() == "奖项"


def test_feed_is_in_chinese(built):
    feed = ET.parse(built / "atom.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert feed.find(f"{atom}title").text == "测试站点 — News"  # the project, from conf.po
    titles = [entry.find(f"{atom}title").text for entry in feed.findall(f"{atom}entry")]
    assert titles == ["这台机器获得了奖项。", "A talk in London."]


def test_publication_list_words_in_chinese(built):
    soup = built_page(built, "index.html")
    entry = soup.select_one("li#lovelace2024engine")
    assert texts(entry, ".pub-award") == ["最佳论文奖"]
    assert [a.get_text() for a in entry.select("a.pub-link")] == ["预印本（早期版本）"]
    assert entry.select_one("details.pub-abstract summary").get_text() == "摘要"
    assert entry.select_one("a.pub-download-bib").get_text() == "下载 .bib"
    assert entry.select_one(".pub-venue-text").get_text().endswith("London, 第 10–20 页, 2024 年 3 月")
    mill = soup.select_one("li#babbage2023mill .pub-venue-text").get_text()
    assert mill == "Journal of Engines, 第 7 卷, 第 2 期, 第 1–9 页, 2023"
    assert soup.select_one(".pub-legend").get_text() == "* 同等贡献 · † 通讯作者"
    assert soup.select_one(".pub-download-all").get_text() == "全部下载为 .bib"


def test_script_gets_its_words_in_chinese(built):
    soup = built_page(built, "index.html")
    slot = soup.select_one(".pub-filters-slot")
    filters = json.loads(slot["data-filters"])
    assert [f[:3] for f in filters] == [["year", "年份", "全部年份"], ["type", "类型", "全部类型"]]
    assert sorted(label for _value, label in filters[1][3]) == ["会议论文", "期刊论文"]
    assert json.loads(slot["data-words"]) == {"form": "筛选论文", "one": "显示 {n} 篇论文", "other": "显示 {n} 篇论文"}
    actions = soup.select("p.pub-actions")
    assert len(actions) == 2
    for action in actions:
        assert (action["data-copy"], action["data-copied"], action["data-copy-failed"]) == (
            "复制 BibTeX",
            "已复制",
            "复制失败",
        )


def test_paper_page_in_chinese(built):
    """Its headings and labels from the package's catalog; the award from the page's own catalog."""
    soup = built_page(built, "publications/lovelace2024engine.html")
    headings = texts(soup, "article.pub-paper h2")
    assert headings == ["摘要", "详细信息", "引用", "本站引用本文的页面"]
    details = dict(zip(texts(soup, "dl.pub-details dt"), texts(soup, "dl.pub-details dd"), strict=True))
    assert details["类型"] == "会议论文"
    assert details["日期"] == "2024 年 3 月"
    assert details["会议日期"] == "2024 年 3 月 4–6 日"
    assert details["奖项"] == "最佳论文奖"
    assert details["预印本（早期版本）"] == "arXiv:2401.00001 ，标题为“ Notes on an Engine ”"


def test_papers_own_text_is_marked_english(built):
    # index: two titles, author lists and BibTeX records, one abstract; the paper page: its h1,
    # authors, abstract, BibTeX and the preprint's own title.
    for relative, count in (("index.html", 7), ("publications/lovelace2024engine.html", 5)):
        soup = built_page(built, relative)
        assert soup.html["lang"] == "zh-CN"
        english = soup.select('section [lang="en"]')  # the page's content (not the theme's links)
        assert len(english) == count, (relative, [str(e)[:80] for e in english])
        for part in soup.select(".pub-title, .pub-authors, .pub-bibtex-text"):
            assert part.get("lang") == "en" or part.find(lang="en"), (relative, str(part)[:120])
        # The page's own words inside the English author list are in the page's language again.
        sr_only = soup.select(".pub-authors .pub-sr-only")
        assert sr_only and all(s["lang"] == "zh-CN" for s in sr_only), relative
        assert texts(soup, ".pub-authors .pub-equal .pub-sr-only")[0] == "（同等贡献）"
    paper = built_page(built, "publications/lovelace2024engine.html")
    assert paper.h1.select_one('span[lang="en"]').get_text() == "The Analytical Engine"
    assert paper.select_one(".pub-abstract-full")["lang"] == "en"


def test_description_from_the_page_catalog(built):
    """The front matter's description is a message of the page. 25 characters, 50 wide: within the
    50–160 bounds only as a Chinese character counts two (page_metadata.text_width)."""
    soup = built_page(built, "index.html")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == "测试站点的首页：它的动态，以及站点主人的全部论文。"
