"""Links to the built site as link previews show them: title, description, image, author, date.

- open-graph-scraper 6.12.0, run once over every page (tests/site/readers/open_graph.cjs);
- metascraper's author and date rules (metascraper-author 5.56.2, metascraper-date 5.55.0),
  emulated (tests/site/readers/metascraper.py): metascraper itself needs Node.js 22 and a native
  module that cannot be built here.

Before these were tested, metascraper named "Prof. Mingxing Zhang" (the advisor's /author/ link)
as the home page's author and both dated the home page by its newest news item ("2025-05").
"""

from __future__ import annotations

from tests.markup import meta
from tests.site.readers import metascraper


def is_paper(name: str) -> bool:
    return name.startswith("publications/") and name != "publications/index.html"


def test_open_graph_scraper_shows_each_page_as_it_is_and_by_its_author(unfurled, public_pages, served):
    urls = dict(served)
    for name, page in public_pages.items():
        card = unfurled[name]
        assert card.get("success"), (name, card)
        assert card["ogTitle"] == page.title.get_text(), f"{name}: title {card['ogTitle']!r}"  # what, and whose
        assert card["ogDescription"] == meta(page, "description"), name
        [image] = card["ogImage"]
        assert image["url"] == meta(page, "og:image") and image["url"].startswith(urls["index.html"]), name
        assert (image["width"], image["height"]) == ("1200", "630"), name
        # A PNG card, or the JPEG card drawn around a paper's preview figure.
        assert image["type"] == meta(page, "og:image:type") and image["type"] in {"image/png", "image/jpeg"}, name
        assert image["alt"], name
        assert card["author"] == "Ruoyu Qin", f"{name}: author {card.get('author')!r}"
        assert card["ogSiteName"] == "Ruoyu Qin", name
        assert card["ogUrl"] == urls[name], f"{name}: og:url {card['ogUrl']}"
        assert "ogDate" not in card, f"{name}: dated {card['ogDate']!r} from something on the page"
        if is_paper(name):
            assert card["ogType"] == "article", name
            assert card["articlePublishedTime"] == meta(page, "article:published_time"), name
        else:
            assert card["ogType"] == "website" and "articlePublishedTime" not in card, name


def test_metascraper_names_the_author_and_only_a_page_s_own_date(public_pages):
    for name, page in public_pages.items():
        assert metascraper.author(page) == "Ruoyu Qin", f"{name}: author {metascraper.author(page)!r}"
        date = metascraper.date(page)
        if is_paper(name):
            assert date == meta(page, "article:published_time"), (name, date)
        else:
            assert date is None, f"{name}: dated {date!r}, but it has no date of its own"
