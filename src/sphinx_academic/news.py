"""News items from one TOML file: a dated list on a page, and an Atom feed.

The source (``news_file``, default ``news.toml``) holds ``[[item]]`` tables::

    [[item]]
    date = "2025-03-07"   # "YYYY-MM-DD", or "YYYY-MM" when only the month is known
    text = "[Mooncake Store](projects/mooncake-store.md) is open-sourced."  # MyST Markdown

- ```` ```{news} ```` renders the items, newest first, each with a
  ``<time datetime>`` and an anchor (``news-2025-03-07``; a second item on the
  same date gets ``-2``, in file order). Links in the text are MyST links,
  resolved like any other link on that page.
- The Atom 1.0 feed (``news_feed_filename``, default ``atom.xml``) repeats the
  items with links to their anchors, and every page's <head> links to it.
  Dates: an item's ``updated`` is its date at 00:00 UTC; a month-only date
  counts as the 1st of that month (also for sorting). The feed's ``updated``
  is the newest item's, never the build time, so builds are reproducible.
  Entry ids are tag URIs (RFC 4151) ``tag:<authority>,<date>:news/<anchor>``,
  where the authority is ``news_feed_tag_authority`` (default: the host of
  html_baseurl), so they survive a move between hosts.
- A bad date, a missing or empty text, or an unknown key fails the build with
  the file, the item's line and number, and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_KEYS = {"date", "text"}


class NewsError(SphinxError):
    category = "News error"


@dataclass(frozen=True)
class NewsItem:
    date: str  # as written: "YYYY-MM-DD" or "YYYY-MM"
    day: dt.date  # the date, a month-only one on the 1st
    text: str  # MyST Markdown
    anchor: str  # HTML id, unique on the page

    @property
    def label(self) -> str:
        """The date as shown ("Mar 7, 2025", or "Mar 2025" for a month-only date)."""
        # A fixed month table, not strftime: output must not depend on the locale.
        month = _MONTHS[self.day.month - 1]
        return f"{month} {self.day.day}, {self.day.year}" if len(self.date) == 10 else f"{month} {self.day.year}"

    @property
    def timestamp(self) -> str:
        return f"{self.day.isoformat()}T00:00:00Z"


def parse_date(value) -> tuple[str, dt.date]:
    """(date as written, calendar date) or ValueError saying what is wrong."""
    if isinstance(value, dt.datetime):
        raise ValueError(f'date {value.isoformat()} has a time; write "YYYY-MM-DD" or "YYYY-MM"')
    if isinstance(value, dt.date):  # an unquoted TOML date
        return value.isoformat(), value
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f'date {value!r} is not "YYYY-MM-DD" or "YYYY-MM"')
    year, month, day = match.groups()
    try:
        return value, dt.date(int(year), int(month), int(day or 1))
    except ValueError as error:
        raise ValueError(f"date {value!r} is not a calendar date ({error})") from None


def load_news(path: Path) -> list[NewsItem]:
    """The items of ``path``, newest first (ties keep file order)."""
    try:
        source = path.read_text("utf-8")
        data = tomllib.loads(source)
    except OSError as error:
        raise NewsError(f"{path}: cannot read the news file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise NewsError(f"{path}: not valid TOML: {error}") from None
    extra = set(data) - {"item"}
    if extra:
        raise NewsError(f"{path}: unknown top-level key(s) {sorted(extra)}; news items are [[item]] tables")
    raw_items = data.get("item", [])
    if not isinstance(raw_items, list):
        raise NewsError(f"{path}: 'item' must be an array of tables, written [[item]]")
    # tomllib keeps no positions: the n-th "[[item]]" header is the n-th item.
    header_lines = [n for n, line in enumerate(source.splitlines(), 1) if line.strip().startswith("[[item]]")]
    items, anchors_used = [], {}
    for index, raw in enumerate(raw_items):
        line = f":{header_lines[index]}" if index < len(header_lines) else ""
        where = f"{path}{line}: item {index + 1}"
        try:
            items.append(_item(raw, anchors_used))
        except ValueError as error:
            raise NewsError(f"{where}: {error}") from None
    return sorted(items, key=lambda item: item.day, reverse=True)


def _item(raw: dict, anchors_used: dict[str, int]) -> NewsItem:
    unknown = set(raw) - _KEYS
    if unknown:
        raise ValueError(f"unknown key(s) {sorted(unknown)}; an item has only 'date' and 'text'")
    if "date" not in raw:
        raise ValueError("'date' is missing")
    date, day = parse_date(raw["date"])
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(
            f"(date {date}) 'text' is missing or empty"
            if text is None or isinstance(text, str)
            else f"(date {date}) 'text' must be a string, not {type(text).__name__}"
        )
    anchors_used[date] = anchors_used.get(date, 0) + 1
    count = anchors_used[date]
    anchor = f"news-{date}" + (f"-{count}" if count > 1 else "")
    return NewsItem(date=date, day=day, text=text.strip(), anchor=anchor)


class news_date(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils naming)
    """A date; HTML renders it as <time datetime="...">."""


def visit_news_date_html(translator, node: news_date) -> None:
    translator.body.append(translator.starttag(node, "time", "", datetime=node["datetime"]))


def depart_news_date_html(translator, node: news_date) -> None:
    translator.body.append("</time>")


def _visit_plain(translator, node) -> None:
    """Other builders (text, LaTeX...): the date as plain text."""


class NewsDirective(SphinxDirective):
    """```{news}```: the items of the news file as a dated list, newest first."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir, self.config.news_file)
        self.env.note_dependency(str(path))
        news_list = nodes.bullet_list(classes=["news"])
        for item in load_news(path):
            text_nodes, messages = self.parse_inline(item.text, lineno=self.lineno)
            entry = nodes.list_item(ids=[item.anchor], classes=["news-item"])
            # Text as written: smart quotes would turn the "'" of "FAST '25" into an opening quote.
            entry["support_smartquotes"] = False
            entry += nodes.paragraph(
                "",
                "",
                news_date(item.date, item.label, datetime=item.date, classes=["news-date"]),
                nodes.Text(" — "),
                *text_nodes,
                *messages,
            )
            news_list += entry
        self.env.news_pages.add(self.env.docname)
        return [news_list]


def feed_url(config) -> str:
    return urljoin(config.html_baseurl, config.news_feed_filename)


def feed_title(config) -> str:
    return config.news_feed_title or f"{config.project} — News"


def check_news(app) -> None:
    """Validate the news file at the start of every build, even when no page is re-read."""
    app.news_items = load_news(Path(app.srcdir, app.config.news_file)) if app.config.news_file else []
    if app.news_items and not app.config.html_baseurl:
        raise NewsError("the news feed needs html_baseurl: Atom links and ids are absolute URLs")


def init_env(app, env, docnames) -> None:
    if not hasattr(env, "news_pages"):
        env.news_pages = set()


def purge_doc(app, env, docname: str) -> None:
    getattr(env, "news_pages", set()).discard(docname)


def merge_info(app, env, docnames, other) -> None:
    env.news_pages |= other.news_pages & set(docnames)


def link_feed(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if getattr(app, "news_items", None):
        config = app.config
        context["metatags"] = context.get("metatags", "") + (
            f'<link rel="alternate" type="application/atom+xml" title="{html.escape(feed_title(config))}" '
            f'href="{html.escape(feed_url(config))}" />\n'
        )


def rendered_items(app, docname: str, page_url: str) -> dict[str, tuple[str, str]]:
    """anchor -> (plain text, HTML with absolute links) of each item shown on ``docname``.

    Relative links are made absolute against ``page_url``, the page's own URL.
    """
    builder = app.builder
    # The page was resolved (and its broken links reported) when it was written.
    with logging.suppress_logging():
        doctree = app.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
    rendered = {}
    for entry in doctree.findall(nodes.list_item):
        if "news-item" not in entry["classes"]:
            continue
        paragraph = entry[0].deepcopy()  # not copy.deepcopy: that copies the whole document via .parent
        paragraph.children = paragraph.children[2:]  # drop the date and its dash
        for reference in paragraph.findall(nodes.reference):
            if "refuri" in reference:
                reference["refuri"] = urljoin(page_url, reference["refuri"])
        text = paragraph.astext()
        rendered[entry["ids"][0]] = (text, builder.render_partial(paragraph)["fragment"].strip())
    return rendered


def atom_feed(
    items: list[NewsItem], rendered: dict, *, title: str, author: str, home_url: str, self_url: str, tag_authority: str
) -> bytes:
    """The Atom 1.0 document.

    Written with ElementTree rather than a feed library: the common ones stamp
    the build time and a generator into the feed, and this is forty lines.
    """
    ET.register_namespace("", ATOM)

    def add(parent, tag: str, text: str | None = None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "id", self_url)
    add(feed, "title", title)
    add(feed, "updated", items[0].timestamp)
    add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    add(feed, "link", rel="alternate", type="text/html", href=home_url)
    add(add(feed, "author"), "name", author)
    for item in items:
        text, fragment = rendered[item.anchor]
        entry = add(feed, "entry")
        add(entry, "id", f"tag:{tag_authority},{item.date}:news/{item.anchor}")
        add(entry, "title", text)
        add(entry, "updated", item.timestamp)
        add(entry, "link", rel="alternate", type="text/html", href=f"{home_url}#{item.anchor}")
        add(entry, "content", fragment, type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(app, exception) -> None:
    if exception or app.builder.format != "html" or not getattr(app, "news_items", None):
        return
    pages = sorted(app.env.news_pages)
    if not pages:
        logger.warning(
            "%s has news items but no page shows them: add a ```{news}``` directive", app.config.news_file, type="news"
        )
        return
    config = app.config
    page = pages[0]
    page_url = urljoin(config.html_baseurl, app.builder.get_target_uri(page))
    feed = atom_feed(
        app.news_items,
        rendered_items(app, page, page_url),
        title=feed_title(config),
        author=config.author,
        home_url=page_url,
        self_url=feed_url(config),
        tag_authority=config.news_feed_tag_authority or urlsplit(config.html_baseurl).hostname,
    )
    Path(app.outdir, config.news_feed_filename).write_bytes(feed)


def setup(app):
    app.add_config_value("news_file", "news.toml", "env", types=frozenset({str}))
    app.add_config_value("news_feed_filename", "atom.xml", "html", types=frozenset({str}))
    app.add_config_value("news_feed_title", "", "html", types=frozenset({str}))
    app.add_config_value("news_feed_tag_authority", "", "html", types=frozenset({str}))
    app.add_node(
        news_date,
        html=(visit_news_date_html, depart_news_date_html),
        text=(_visit_plain, _visit_plain),
        latex=(_visit_plain, _visit_plain),
        man=(_visit_plain, _visit_plain),
        texinfo=(_visit_plain, _visit_plain),
    )
    app.add_directive("news", NewsDirective)
    app.connect("builder-inited", check_news)
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("html-page-context", link_feed)
    app.connect("build-finished", write_feed)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
