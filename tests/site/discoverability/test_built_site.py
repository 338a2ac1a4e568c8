"""The built site's machine-readable metadata, read with the parsers crawlers use."""

from __future__ import annotations

import tomllib
import urllib.robotparser
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urldefrag

import extruct
import feedparser
import pytest
import yaml
from PIL import Image
from pybtex.database import parse_file

from sphinx_academic.news import load_news
from tests.conftest import ROOT, read_inventory
from tests.markup import meta
from tests.site.conftest import NOINDEX_PAGES, NOT_FOUND_PAGE

OG_REQUIRED = [
    "og:title",
    "og:description",
    "og:url",
    "og:type",
    "og:site_name",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
]
# The schema.org properties this site uses, per type (https://schema.org/Person etc.),
# and the ones each node must have.
SCHEMA = {
    "Person": {
        "allowed": {
            "@context",
            "@type",
            "@id",
            "url",
            "name",
            "alternateName",
            "jobTitle",
            "affiliation",
            "alumniOf",
            "email",
            "sameAs",
            "knowsAbout",
            "award",
            "worksFor",
            "image",
            "description",
        },
        "required": {
            "@id",
            "name",
            "alternateName",
            "jobTitle",
            "affiliation",
            "alumniOf",
            "email",
            "url",
            "sameAs",
            "knowsAbout",
            "award",
        },
    },
}
ORGANIZATION_TYPES = {"Organization", "EducationalOrganization", "CollegeOrUniversity"}


def structured(html: str, url: str) -> dict:
    return extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"])


def opengraph(html: str, url: str) -> dict[str, str]:
    [og] = structured(html, url)["opengraph"]
    return dict(og["properties"])


def test_every_page_has_absolute_opengraph_tags_and_a_twitter_card(site, content_pages, base_url, canonical_url):
    for name, page in content_pages.items():
        og = opengraph(str(page), canonical_url(name))
        missing = [key for key in OG_REQUIRED if not og.get(key)]
        assert not missing, f"{name}: no {missing}"
        assert og["og:url"] == canonical_url(name), name
        assert og["og:image"].startswith(base_url), name
        assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630"), name
        image = Image.open(site / og["og:image"].removeprefix(base_url))  # self-hosted, really that size
        # A drawn card (PNG), or a paper's preview fitted into one (JPEG): formats every client reads.
        assert (image.get_format_mimetype(), image.size) == (og["og:image:type"], (1200, 630)), name
        assert og["og:image:type"] in ("image/png", "image/jpeg"), name
        assert meta(page, "twitter:card") == "summary_large_image", name
        canonical = page.find("link", rel="canonical")
        if name != NOT_FOUND_PAGE:
            assert canonical["href"] == og["og:url"], name


def test_descriptions_are_unique_and_of_useful_length(content_pages):
    descriptions = {}
    for name, page in content_pages.items():
        tags = page.find_all("meta", attrs={"name": "description"})
        assert len(tags) == 1, f"{name}: {len(tags)} description tags"
        text = tags[0]["content"]
        assert 50 <= len(text) <= 160, f"{name}: {len(text)} characters: {text!r}"
        assert meta(page, "og:description") == text, name
        descriptions[name] = text
    shared = [text for text, n in Counter(descriptions.values()).items() if n > 1]
    assert not shared, shared


def front_matter(source: Path) -> dict:
    text = source.read_text("utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


def test_descriptions_are_the_text_their_source_gives_exactly(content_pages, page):
    """A page's description is its front matter's, character for character (quotes, ampersands);
    a paper page's is its abstract, cut at a word."""
    written = 0
    for name, parsed in content_pages.items():
        source = ROOT / name.replace(".html", ".md")
        if source.is_file():
            description = front_matter(source).get("description")
            assert description, f"{source.relative_to(ROOT)}: no description in its front matter"
            assert meta(parsed, "description") == meta(parsed, "og:description") == " ".join(description.split()), name
            written += 1
    assert written >= 8, f"only {written} pages with a description of their own"
    for name in paper_pages():
        parsed = page(name)
        abstract = " ".join(parsed.select_one(".pub-abstract-full").get_text(" ").split())
        description = meta(parsed, "description")
        assert meta(parsed, "og:description") == description, name
        assert description.endswith("…") and abstract.startswith(description.removesuffix("…")), (name, description)
        assert abstract[len(description) - 1] == " ", f"{name}: the description is not cut at a word: {description!r}"


def test_titles_are_unique_and_name_the_site_once(content_pages):
    titles = {name: page.title.string for name, page in content_pages.items()}
    assert len(set(titles.values())) == len(titles), titles
    assert titles["index.html"] == "Ruoyu Qin (秦若愚)"
    for name, title in titles.items():
        assert title.count("Ruoyu Qin") == 1, title
        if name != "index.html":
            assert title.endswith(" — Ruoyu Qin"), title
    assert titles["publications/index.html"] == "Publications — Ruoyu Qin"


def test_pages_not_worth_indexing_say_noindex_and_have_no_canonical(site, page):
    present = {name for name in NOINDEX_PAGES if (site / name).is_file()}
    assert "search.html" in present  # genindex.html only if html_use_index
    for name in sorted(present):
        parsed = page(name)
        assert meta(parsed, "robots") == "noindex", name
        assert parsed.find("link", rel="canonical") is None, name


def test_not_found_page_has_no_canonical_and_no_noindex(page):
    """Served at every unknown URL with status 404: no canonical link to claim one of them;
    no noindex either (the status keeps it out of results; noindex fails crawl audits)."""
    parsed = page(NOT_FOUND_PAGE)
    assert parsed.find("link", rel="canonical") is None
    assert meta(parsed, "robots") is None


def test_home_page_has_the_person(page, base_url):
    items = structured(str(page("index.html")), base_url)["json-ld"]
    [person] = [item for item in items if item.get("@type") == "Person"]
    schema = SCHEMA["Person"]
    assert schema["required"] <= person.keys(), schema["required"] - person.keys()
    assert person.keys() <= schema["allowed"], person.keys() - schema["allowed"]
    assert person["@id"] == base_url + "#person"
    assert person["url"] == base_url
    assert (person["name"], person["alternateName"]) == ("Ruoyu Qin", "秦若愚")
    for organization in (person["affiliation"], person["alumniOf"]):
        assert organization["@type"] in ORGANIZATION_TYPES and organization["name"] == "Tsinghua University"
    assert person["email"] == "mailto:qinry24@mails.tsinghua.edu.cn"
    assert set(person["sameAs"]) == {
        "https://github.com/chestnut-Q",
        "https://scholar.google.com/citations?user=mwBB0U4AAAAJ",
    }
    assert any("LLM serving" in topic for topic in person["knowsAbout"])
    assert len(person["award"]) == 4 and any("Erik Riedel Best Paper Award" in a for a in person["award"])


def paper_pages() -> list[str]:
    """The page of each refs.bib entry."""
    return [f"publications/{key}.html" for key in parse_file(str(ROOT / "refs.bib")).entries]


def test_every_paper_page_has_a_scholarly_article_by_the_person(content_pages, public_pages, base_url):
    assert paper_pages()
    for name in paper_pages():
        assert name in public_pages, f"{name}: no paper page"
        articles = [
            item
            for item in structured(str(content_pages[name]), base_url + name)["json-ld"]
            if item.get("@type") == "ScholarlyArticle"
        ]
        assert len(articles) == 1, name
        authors = articles[0]["author"]
        assert any(a.get("@id") == base_url + "#person" for a in authors), f"{name}: no author is the Person"
        assert articles[0]["url"] == base_url + name


def test_mooncake_paper_page_links_back_to_the_project_citing_it(page):
    hrefs = {a["href"].split("#")[0] for a in page("publications/qin2025mooncake.html").find_all("a", href=True)}
    assert "../projects/mooncake-store.html" in hrefs


def sitemap_urls(site) -> list[str]:
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("sm:url/sm:loc", ns)]


def test_sitemap_lists_exactly_the_public_pages(site, public_pages, canonical_url):
    """Every public page, in English and (under zh/, the same pages) in Chinese."""
    urls = sitemap_urls(site)
    assert len(urls) == len(set(urls))
    english = {canonical_url(name) for name in public_pages}  # the home page as the site root
    chinese = {
        canonical_url(name).replace(canonical_url("index.html"), canonical_url("zh/"), 1) for name in public_pages
    }
    assert set(urls) == english | chinese
    assert urls == sorted(urls)  # stable from build to build


def test_robots_txt_allows_every_page_and_names_the_sitemap(site, public_pages, base_url):
    parser = urllib.robotparser.RobotFileParser()
    parser.parse((site / "robots.txt").read_text("utf-8").splitlines())
    assert parser.site_maps() == [base_url + "sitemap.xml"]
    for name in public_pages:
        assert parser.can_fetch("*", base_url + name), name


def news_newest_first() -> list[dict]:
    """news.toml's items as the site must show them: newest first, a month-only date on the 1st,
    items of the same date in the file's order (sorted() is stable, also in reverse)."""
    items = tomllib.loads((ROOT / "news.toml").read_text("utf-8"))["item"]
    assert items, "news.toml has no items: nothing to check"
    return sorted(items, key=lambda item: f"{item['date']}-01"[:10], reverse=True)


def test_feed_matches_the_news_file_and_links_to_built_pages(site, page, content_pages, base_url, canonical_url):
    news = tomllib.loads((ROOT / "news.toml").read_text("utf-8"))["item"]
    feed = feedparser.parse((site / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert len(feed.entries) == len(news)
    newest = max(f"{item['date']}-01"[:10] for item in news)
    assert feed.feed.updated == f"{newest}T00:00:00Z"
    assert len({entry.id for entry in feed.entries}) == len(news)
    dates = []
    assert feed.feed.language == "en"  # xml:lang
    pages = {canonical_url(name): name for name in content_pages}
    for entry in feed.entries:
        assert entry.title and entry.id.startswith("tag:")
        url, anchor = urldefrag(entry.link)
        target = pages.get(url, url)  # the home page by its canonical URL, the site root
        assert url.startswith(base_url) and (site / target).is_file(), entry.link
        assert page(target).find(id=anchor) is not None, entry.link
        for link in (a for a in page(target).find(id=anchor).find_all("a")):
            if not link["href"].startswith(("http:", "https:", "mailto:")):
                assert (site / Path(target).parent / link["href"].split("#")[0]).is_file(), link["href"]
        dates.append(entry.updated_parsed[:3])
    newest_first = [f"{item['date']}-01"[:10] for item in news_newest_first()]
    assert dates == [tuple(int(part) for part in day.split("-")) for day in newest_first]
    for name, parsed in content_pages.items():
        link = parsed.find("link", rel="alternate", type="application/atom+xml")
        assert link is not None and link["href"] == base_url + "atom.xml", name


def test_home_page_news_list_dates_its_items_but_not_the_page(page, site):
    """Each item shows its date, and its anchor holds it; no `<time datetime>`, which Zotero and
    link unfurlers read as the date of the page (the feed has the dates for machines)."""
    items = page("index.html").select("ul.news > li")
    news, problems = load_news(ROOT / "news.toml")
    assert not problems
    assert [(li["id"], li.select_one(".news-when").get_text()) for li in items] == [(n.anchor, n.label) for n in news]
    assert [n.date for n in news] == [item["date"] for item in news_newest_first()]
    assert not page("index.html").find("time")
    assert "**" not in page("index.html").select_one("ul.news").get_text()  # Markdown was parsed
    # The feed lists the same items in the same order, each titled with its text on the page.
    feed = feedparser.parse((site / "atom.xml").read_bytes())
    shown = [" ".join(li.get_text().split(" — ", 1)[1].split()) for li in items]
    assert [entry.title for entry in feed.entries] == shown
    assert [urldefrag(entry.link)[1] for entry in feed.entries] == [li["id"] for li in items]


@pytest.mark.parametrize(
    ("name", "targets"),
    [
        (
            "projects/mooncake-store.html",
            ["https://github.com/kvcache-ai/Mooncake", "https://kvcache-ai.github.io/Mooncake/"],
        ),
        ("projects/flash-attention-from-scratch.html", ["https://github.com/chestnut-Q/flash-attention-from-scratch"]),
    ],
)
def test_project_pages_link_to_their_repository_and_docs(page, name, targets):
    hrefs = {a["href"] for a in page(name).find_all("a", href=True)}
    assert set(targets) <= hrefs


#: Mooncake's documents each page links to through intersphinx (issue 10): the project page all
#: three, the research page the two designs, where it names them.
MOONCAKE_DOCS = {
    "projects/mooncake-store": [
        "design/store/mooncake-store",
        "design/transfer-engine/index",
        "deployment/mooncake-store-deployment-guide",
    ],
    "research/index": ["design/store/mooncake-store", "design/transfer-engine/index"],
}


@pytest.mark.parametrize("docname", sorted(MOONCAKE_DOCS))
def test_pages_link_to_mooncakes_docs_through_its_inventory(page, docname):
    """The source names each document with the role, and the page links to the inventory's URL."""
    url = "https://kvcache-ai.github.io/Mooncake/"
    documents = read_inventory(ROOT / "_inventories" / "mooncake.inv", url)["std:doc"]
    source = (ROOT / f"{docname}.md").read_text("utf-8")
    hrefs = {a["href"] for a in page(f"{docname}.html").find_all("a", href=True)}
    targets = MOONCAKE_DOCS[docname]
    assert [doc for doc in targets if f"{{external+mooncake:doc}}`{doc}`" not in source] == []
    assert [doc for doc in targets if documents[doc].uri not in hrefs] == []
