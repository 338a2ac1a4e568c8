"""News items from one TOML file: a dated list on a page, and an Atom feed.

The source (``news_file``, default ``news.toml``) holds ``[[item]]`` tables::

    [[item]]
    date = "2025-03-07"   # "YYYY-MM-DD", or "YYYY-MM" when only the month is known
    text = "[Mooncake Store](projects/mooncake-store.md) is open-sourced."  # MyST Markdown

- ```` ```{news} ```` renders the items, newest first, each with its date as
  written for readers ("Mar 7, 2025") and an anchor (``news-2025-03-07``; a
  second item on the same date gets ``-2``, in file order). Links in the text
  are MyST links, resolved like any other link on that page. The date is plain
  text, not a ``<time datetime>`` nor in an element whose class says "date":
  reference managers (Zotero) and link unfurlers (metascraper, open-graph-scraper)
  take the first such element for the date *of the page*, and a news item's date
  is not the home page's. Machines get the dates from the feed.
- The Atom 1.0 feed (``news_feed_filename``, default ``atom.xml``) repeats the
  items with links to their anchors, and every page's <head> links to it.
  Dates: an item's ``updated`` is its date at 00:00 UTC; a month-only date
  counts as the 1st of that month (also for sorting). The feed's ``updated``
  is the newest item's, never the build time, so builds are reproducible.
  Entry ids are tag URIs (RFC 4151) ``tag:<authority>,<date>:news/<anchor>``,
  where the authority is ``news_feed_tag_authority`` (default: the host of
  html_baseurl), so they survive a move between hosts; a translated site's
  feed (``sphinx_academic.languages``: every language but the default) puts
  its language before the path, ``…:zh-CN/news/<anchor>``, since a translated
  entry is an entry of its own. The feed declares the
  site's language (``xml:lang``, from ``language``) and links to the page
  showing the news by its canonical URL (the home page's is the site root).
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
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import languages
from ._extension import DocumentStateCollector, metadata, page_url, site_url
from .translations import _, format_date

logger = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"  # ElementTree writes it as xml:lang
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
_KEYS = {"date", "text"}


@dataclass(frozen=True)
class NewsItem:
    date: str  # as written: "YYYY-MM-DD" or "YYYY-MM"
    day: dt.date  # the date, a month-only one on the 1st
    text: str  # MyST Markdown
    anchor: str  # HTML id, unique on the page
    line: int = 0  # of its [[item]] header in the news file (0: unknown)

    @property
    def label(self) -> str:
        """The date as shown ("Mar 7, 2025", or "Mar 2025" for a month-only date), in the build's language.

        "2025 年 3 月 7 日" / "2025 年 3 月" in Chinese: the patterns are messages of the
        package's catalog (``sphinx_academic.translations``).
        """
        if len(self.date) == 10:
            return format_date(_("{date.month_abbr} {date.day}, {date.year}"), date=self.day)
        return format_date(_("{date.month_abbr} {date.year}"), date=self.day)

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


@dataclass(frozen=True)
class NewsProblem:
    """Something wrong in the news file: where (line 0 when unknown) and what."""

    path: Path
    line: int
    message: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


def load_news(path: Path) -> tuple[list[NewsItem], list[NewsProblem]]:
    """The valid items of ``path``, newest first (ties keep file order), and every problem found.

    An item with a problem is left out and reported; the others still build.
    """
    try:
        source = path.read_text("utf-8")
    except OSError as error:
        return [], [NewsProblem(path, 0, f"cannot read the news file: {error.strerror or error}")]
    except UnicodeDecodeError as error:
        line = source_line(path.read_bytes(), error.start)
        return [], [NewsProblem(path, line, "the news file is not valid UTF-8")]
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", 0) or _line_in_message(str(error))
        return [], [NewsProblem(path, line, f"not valid TOML: {error}")]
    problems = []
    extra = set(data) - {"item"}
    if extra:
        problems.append(
            NewsProblem(path, 1, f"unknown top-level key(s) {sorted(extra)}; news items are [[item]] tables")
        )
    raw_items = data.get("item", [])
    if not isinstance(raw_items, list):
        return [], [*problems, NewsProblem(path, 1, "'item' must be an array of tables, written [[item]]")]
    # tomllib keeps no positions: the n-th "[[item]]" header is the n-th item.
    header_lines = [n for n, line in enumerate(source.splitlines(), 1) if line.strip().startswith("[[item]]")]
    items, anchors_used = [], {}
    for index, raw in enumerate(raw_items):
        line = header_lines[index] if index < len(header_lines) else 0
        try:
            items.append(_item(raw, anchors_used, line))
        except ValueError as error:
            problems.append(NewsProblem(path, line, f"item {index + 1}: {error}"))
    return sorted(items, key=lambda item: item.day, reverse=True), problems


def source_line(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _line_in_message(message: str) -> int:
    """tomllib before Python 3.14 puts the position only in its message: "(at line 3, column 1)"."""
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else 0


def _item(raw: dict, anchors_used: dict[str, int], line: int = 0) -> NewsItem:
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
    return NewsItem(date=date, day=day, text=text.strip(), anchor=anchor, line=line)


class news_date(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils naming)
    """A news item's date, as shown; HTML renders it as a <span> (see the module's docstring)."""


def visit_news_date_html(translator, node: news_date) -> None:
    translator.body.append(translator.starttag(node, "span", ""))


def depart_news_date_html(translator, node: news_date) -> None:
    translator.body.append("</span>")


def _visit_plain(translator, node) -> None:
    """Other builders (text, LaTeX...): the date as plain text."""


class NewsDirective(SphinxDirective):
    """```{news}```: the items of the news file as a dated list, newest first."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir, self.config.news_file)
        self.env.note_dependency(str(path))
        news_list = nodes.bullet_list(classes=["news"])
        for item in NewsCollector.items(self.env):  # read at builder-inited
            text_nodes, messages = self.parse_inline(item.text, lineno=self.lineno)
            # The text is a message of the page's catalog, located in the news file: Sphinx's
            # translation transform replaces it with its translation, parsed as the page's markup
            # (so its links resolve in either language), and the gettext builder extracts it.
            # Sphinx then unwraps the inline into its parent's end (RemoveTranslatableInline),
            # where it is: the page gets no <span> for it.
            text = nodes.inline(item.text, "", *text_nodes, translatable=True)
            text.source, text.line = str(path), item.line
            entry = nodes.list_item(ids=[item.anchor], classes=["news-item"])
            # Text as written: smart quotes would turn the "'" of "FAST '25" into an opening quote.
            entry["support_smartquotes"] = False
            entry += nodes.paragraph(
                "",
                "",
                news_date(item.date, item.label, classes=["news-when"]),
                nodes.Text(" — "),
                text,
                *messages,
            )
            news_list += entry
        return [news_list]


class NewsCollector(DocumentStateCollector):
    """The build's news: the items of the news file, and the pages that show them.

    The items are read once per build (``builder-inited``) into ``env.news_items``;
    ``env.news_pages`` records, per document, whether it shows the list (the feed
    links to the first such page).
    """

    attribute = "news_pages"

    def process_doc(self, app, doctree) -> None:
        if any("news" in node["classes"] for node in doctree.findall(nodes.bullet_list)):
            self.state(app.env)[app.env.docname] = True

    @staticmethod
    def items(env) -> list[NewsItem]:
        return getattr(env, "news_items", [])


def feed_url(config) -> str:
    return site_url(config, config.news_feed_filename)


def feed_title(config) -> str:
    return config.news_feed_title or f"{config.project} — News"


def check_news(app) -> None:
    """builder-inited: read the news file, reporting every problem in it, even when no page is re-read."""
    if not app.config.news_file:
        app.env.news_items = []
        return
    items, problems = load_news(Path(app.srcdir, app.config.news_file))
    for problem in problems:
        logger.warning("%s", problem.message, location=problem.location, type="news", subtype="news_file")
    if items and not app.config.html_baseurl:
        logger.warning("the news feed needs html_baseurl: Atom links and ids are absolute URLs", type="news")
    app.env.news_items = items


def link_feed(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if NewsCollector.items(app.env) and site_url(app.config):
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
    items: list[NewsItem],
    rendered: dict,
    *,
    title: str,
    author: str,
    home_url: str,
    self_url: str,
    tag_authority: str,
    language: str | None = None,
    id_path: str = "news",
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
    if language:
        feed.set(f"{{{XML}}}lang", language)
    add(feed, "id", self_url)
    add(feed, "title", title)
    add(feed, "updated", items[0].timestamp)
    add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    add(feed, "link", rel="alternate", type="text/html", href=home_url)
    add(add(feed, "author"), "name", author)
    for item in items:
        text, fragment = rendered[item.anchor]
        entry = add(feed, "entry")
        add(entry, "id", f"tag:{tag_authority},{item.date}:{id_path}/{item.anchor}")
        add(entry, "title", text)
        add(entry, "updated", item.timestamp)
        add(entry, "link", rel="alternate", type="text/html", href=f"{home_url}#{item.anchor}")
        add(entry, "content", fragment, type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(app, exception) -> None:
    items = NewsCollector.items(app.env)
    if exception or app.builder.format != "html" or not items or not site_url(app.config):
        return
    pages = sorted(NewsCollector.state(app.env))
    if not pages:
        logger.warning(
            "%s has news items but no page shows them: add a ```{news}``` directive", app.config.news_file, type="news"
        )
        return
    config = app.config
    news_page_url = page_url(app, pages[0])
    feed = atom_feed(
        items,
        rendered_items(app, pages[0], news_page_url),
        title=feed_title(config),
        author=config.author,
        home_url=news_page_url,
        self_url=feed_url(config),
        tag_authority=config.news_feed_tag_authority or urlsplit(config.html_baseurl).hostname,
        language=languages.language_tag(config.language) if config.language else None,
        id_path=entry_id_path(config),
    )
    Path(app.outdir, config.news_feed_filename).write_bytes(feed)


def entry_id_path(config) -> str:
    """ "news", or "<language>/news" in a translation of the site (not its default language)."""
    if "languages" in config and languages.current(config) not in (None, languages.default(config)):
        return f"{languages.language_tag(config.language)}/news"
    return "news"


def setup(app):
    app.setup_extension("sphinx_academic.translations")  # the dates' patterns
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
    app.add_env_collector(NewsCollector)
    app.connect("builder-inited", check_news)
    app.connect("html-page-context", link_feed)
    app.connect("build-finished", write_feed)
    return metadata(__name__)
