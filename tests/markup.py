"""Reading built HTML, for the extensions' tests and the site's alike."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str | None:
    """A <meta> tag's content, by property= (OpenGraph) or name=."""
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def paper_details(article) -> dict[str, str]:
    """A paper page's "Details" list as {term: value} (the <dt>/<dd> pairs, in order)."""
    terms, values = article.select("dt"), article.select("dd")
    return dict(zip([t.get_text() for t in terms], [v.get_text() for v in values], strict=True))


def heading_text(heading) -> str:
    """A heading's text as written: without the permalink Sphinx adds (a.headerlink, "#" or empty)."""
    return "".join(
        str(text) for text in heading.find_all(string=True) if not text.find_parent("a", class_="headerlink")
    ).strip()
