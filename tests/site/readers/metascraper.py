"""metascraper's author and date rules, emulated: what link unfurlers built on it name and date.

metascraper cannot run here: since 5.x its helpers need Node.js 22 and the native module re2,
which builds from a download outside the npm registry. Its rules are short CSS-selector lists,
read from the packages' sources and followed here in order, first match wins:

- metascraper-author 5.56.2, src/index.js: JSON-LD ``author.name``, ``brand.name``, meta
  ``author``, ``article:author``, ``[itemprop*=author] [itemprop=name]``, ``[itemprop*=author]``,
  ``[rel=author]``, and, needing two words, ``a[class*=author]``, ``[class*=author] a``,
  ``a[href*=/author/]`` (the rule that named the home page's advisor as its author),
  ``a[class*=screenname]``, ``[class*=author]``, ``[class*=byline]``; then ``twitter:creator``.
- metascraper-date 5.55.0, src/index.js: modified (JSON-LD ``dateModified``,
  ``meta[property*=modified_time]``, ``[itemprop*=datemodified]``), published (JSON-LD
  ``datePublished``, ``dateCreated``, ``meta[property*=published_time]``,
  ``[itemprop=datepublished]``, ``[class*=publish]``), then any date (``meta[name=date]``,
  ``[itemprop*=date]``, ``time[itemprop*=date]``, ``time[datetime]``, ``[class*=byline]``,
  ``[id*=date]``, ``[class*=date]``, ``[class*=time]``): an element's text counts when it reads
  as a date (the news list's "May 2025" did).

(The exact parsing of a value, @metascraper/helpers' ``author`` and ``date``, is approximated:
a value is an author when it is not a URL, and a date when it holds a year.)
"""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

YEAR = re.compile(r"\b(19|20)\d\d\b")


def _jsonld(soup: BeautifulSoup, path: str) -> str | None:
    """@metascraper/helpers ``$jsonld(path)``: the first JSON-LD item with a value at ``path``."""
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string or "null")
        for item in data if isinstance(data, list) else [data]:
            value = item
            for key in path.split("."):
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, str) and value.strip():
                return value
    return None


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
    return tag.get("content") if tag else None


def _text(soup: BeautifulSoup, selector: str) -> str | None:
    """``$filter``: the text of the first matching element that has any."""
    for element in soup.select(selector):
        text = " ".join(element.get_text(" ").split())
        if text:
            return text
    return None


def author(soup: BeautifulSoup) -> str | None:
    def is_author(value):
        return bool(value) and not re.match(r"(?i)^(https?:)?//|^www\.", value)

    def strict(value):
        return value if value and re.match(r"^\S+\s+\S+", value) else None

    rules = [
        lambda: _jsonld(soup, "author.name"),
        lambda: _jsonld(soup, "brand.name"),
        lambda: _meta(soup, "author"),
        lambda: _meta(soup, "article:author"),
        lambda: _text(soup, '[itemprop*="author" i] [itemprop="name"]'),
        lambda: _text(soup, '[itemprop*="author" i]'),
        lambda: _text(soup, '[rel="author"]'),
        lambda: strict(_text(soup, 'a[class*="author" i]')),
        lambda: strict(_text(soup, '[class*="author" i] a')),
        lambda: strict(_text(soup, 'a[href*="/author/" i]')),
        lambda: _text(soup, 'a[class*="screenname" i]'),
        lambda: strict(_text(soup, '[class*="author" i]')),
        lambda: strict(_text(soup, '[class*="byline" i]')),
        lambda: _meta(soup, "twitter:creator"),
    ]
    return next((value for rule in rules if is_author(value := rule())), None)


def date(soup: BeautifulSoup) -> str | None:
    def attribute(selector: str, name: str) -> str | None:
        element = soup.select_one(selector)
        return element.get(name) if element else None

    rules = [
        lambda: _jsonld(soup, "dateModified"),
        lambda: attribute('meta[property*="modified_time" i]', "content"),
        lambda: attribute('[itemprop*="datemodified" i]', "content"),
        lambda: _jsonld(soup, "datePublished"),
        lambda: _jsonld(soup, "dateCreated"),
        lambda: attribute('meta[property*="published_time" i]', "content"),
        lambda: attribute('[itemprop="datepublished" i]', "content"),
        lambda: _text(soup, '[class*="publish" i]'),
        lambda: attribute('meta[name="date" i]', "content"),
        lambda: attribute('[itemprop*="date" i]', "content"),
        lambda: attribute('time[itemprop*="date" i]', "datetime"),
        lambda: attribute("time[datetime]", "datetime"),
        lambda: _text(soup, '[class*="byline" i]'),
        lambda: _text(soup, '[id*="date" i]'),
        lambda: _text(soup, '[class*="date" i]'),
        lambda: _text(soup, '[class*="time" i]'),
    ]
    return next((value for rule in rules if (value := rule()) and YEAR.search(value)), None)
