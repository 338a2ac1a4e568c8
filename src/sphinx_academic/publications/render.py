"""Entries to document nodes: list items, whole lists and the body of a paper page.

The markup is a contract with the stylesheet, the script and the tests
(class names ``pub``, ``pub-title``, ``pub-owner``, ...; see the README of
the extension in ``__init__.py``). Every value reaches the page as a text node
or an attribute of ``html_element``, so the HTML writer escapes it.

The engine's words (headings, labels, dates) come from the package's catalog
(``sphinx_academic.translations``), in the build's language. The owner's words
from the BibTeX file that are not the paper's own (the award, how a preprint
relates) are messages of the page's catalog (``translatable`` inlines, located at
the entry), as the page's text is. Titles, author names, abstracts and the BibTeX
stay as written; on a page in another language than English they are marked
``lang="en"``, so that screen readers read them in an English voice.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import groupby

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import traverse_parent

from ..translations import _, format_date
from . import latex, vocabulary
from .model import Author, Entry, Link
from .nodes import element, html_element

#: How the paper's own text is marked on pages in another language (BCP 47).
PAPER_LANGUAGE = "en"


def label_for(key: str) -> str:
    """The ``std:label`` of a paper: its key in lower case (Sphinx lower-cases labels)."""
    return key.lower()


def paper_reference(key: str, content: nodes.Node, title: str | None = None) -> addnodes.pending_xref:
    """A link to the paper page of ``key``, resolved by Sphinx like ``{ref}`` (a missing page warns)."""
    return addnodes.pending_xref(
        "",
        content,
        refdomain="std",
        reftype="ref",
        reftarget=label_for(key),
        refexplicit=True,
        refwarn=True,
        paper_key=key,  # publications.fragments makes the link when the list is read
        **({"reftitle": title} if title else {}),
    )


@dataclass
class Style:
    """What a list shows; the three directives and the paper page differ only here."""

    title_link: bool = True  #: link the title to the paper page
    links: bool = True  #: typed links (PDF, slides, ...)
    disclosures: bool = True  #: abstract and BibTeX <details>, copy and download
    group_by_year: bool = True
    filters: bool = True
    preview: bool = True  #: the preview image as a thumbnail


FULL = Style()
SELECTED = Style(disclosures=False, group_by_year=False, filters=False)
COMPACT = Style(links=False, disclosures=False, group_by_year=False, filters=False, preview=False)


def shown(entry: Entry, style: Style) -> Entry:
    """The entry as far as a list in ``style`` shows it: not where it is in the file, nor the
    parts the style leaves out."""
    return replace(
        entry,
        path="",
        line=0,
        digest="",
        clean=True,
        abstract=entry.abstract if style.disclosures else (),
        bibtex=entry.bibtex if style.disclosures else "",
        links=entry.links if style.links else (),
        preview=replace(entry.preview, line=0) if style.preview and entry.preview else None,
    )


#: The thumbnail's width in CSS pixels (publications.css shows it at 10rem).
THUMBNAIL_WIDTH = 160


@dataclass
class Renderer:
    owner_names: Iterable[str]
    pages_dir: str  #: where paper pages and .bib files live, relative to the root
    new_id: Callable[[str], str]  #: a page-unique id derived from the one asked for
    bib_path: str | None = None  #: the BibTeX file's absolute path: problems with a preview are reported there
    language: str | None = (
        None  #: the page's (Sphinx's ``language``): other than English, the paper's text gets lang="en"
    )
    #: Where a list's items come from, if not made anew: ``item_cache(entry, style, ids, make)``
    #: returns the item (``publications.item_cache``); ``make()`` makes it.
    item_cache: Callable[[Entry, Style, tuple[str, ...], Callable[[], nodes.Element]], nodes.Element] | None = None
    owner_keys: set[str] = field(init=False)

    def __post_init__(self):
        self.owner_keys = {latex.name_key(name) for name in self.owner_names}

    @property
    def paper_lang(self) -> str | None:
        """The ``lang`` of the paper's own text (title, authors, abstract), when the page's differs."""
        language = (self.language or "en").replace("_", "-")
        return None if language.split("-")[0].lower() == PAPER_LANGUAGE else PAPER_LANGUAGE

    @property
    def page_lang(self) -> str | None:
        """The page's ``lang`` (BCP 47), for the page's words inside the paper's text; None in English."""
        return (self.language or "en").replace("_", "-") if self.paper_lang else None

    def script_words(self, **words: str) -> dict[str, str]:
        """``data-*`` attributes with the script's words, on pages in another language than English
        (publications.js has the English ones: English pages stay as they were)."""
        return {f"data_{name}": text for name, text in words.items()} if self.page_lang else {}

    def owner_text(self, entry: Entry, text: str) -> nodes.Element:
        """The owner's words from the BibTeX entry (an award): a message of the page's catalog.

        Sphinx moves a translatable inline's text to the end of its parent once it is
        translated (``RemoveTranslatableInline``, in every language), so it gets a parent of its
        own: an element without a tag, which writes no markup.
        """
        inline = nodes.inline(text, text, translatable=True)
        inline.source, inline.line = self.bib_path, entry.line
        return element("", inline)

    # -- whole lists -------------------------------------------------------------------------

    def publication_list(self, entries: list[Entry], style: Style) -> nodes.Element:
        """The entries (already sorted) as one list, or one list per year with headings."""
        list_id = self.new_id("pub-list")
        container = element("div", classes=["pub-list-container"], ids=[list_id])
        if style.filters:
            filters = self.filters(entries, list_id)
            if filters is not None:
                container += filters
        if style.group_by_year:
            for year, group in groupby(entries, key=lambda e: e.year):
                heading_id = self.new_id(f"{list_id}-{year}")
                section = element("section", classes=["pub-year"], data_year=str(year), aria_labelledby=heading_id)
                section += heading(str(year), heading_id)
                section += self.items(group, style)
                container += section
        else:
            container += self.items(entries, style)
        container += self.legend(entries)  # after the author lists it explains
        if style.disclosures and entries:
            container += element(
                "p",
                element(
                    "a",
                    _("Download all as .bib"),
                    classes=["pub-download-all"],
                    download=ALL_ENTRIES_BIB,
                    site_href=f"{self.pages_dir}/{ALL_ENTRIES_BIB}",
                ),
                classes=["pub-download-all-line"],
            )
        return container

    def items(self, entries: Iterable[Entry], style: Style) -> nodes.Element:
        ul = element("ul", classes=["pub-list"])
        for entry in entries:
            ul += self.item(entry, style)
        return ul

    def item(self, entry: Entry, style: Style) -> nodes.Element:
        item_id = self.new_id(entry.page)
        title_id = self.new_id(f"{item_id}-title")
        if self.item_cache is None:
            return self.make_item(entry, style, item_id, title_id)
        return self.item_cache(
            entry, style, (item_id, title_id), lambda: self.make_item(entry, style, item_id, title_id)
        )

    def make_item(self, entry: Entry, style: Style, item_id: str, title_id: str) -> nodes.Element:
        li = element("li", classes=["pub"], ids=[item_id], data_year=str(entry.year), data_type=entry.category)
        if style.preview:
            li += self.preview_thumbnail(entry)
        li += element(
            "p", self.title(entry, style.title_link), classes=["pub-title"], ids=[title_id], lang=self.paper_lang
        )
        li += self.authors(entry)
        li += self.venue_line(entry)
        if style.links and entry.links:
            li += self.links(entry, title_id)
        if style.disclosures:
            if entry.abstract:
                li += element(
                    "details",
                    element("summary", _("Abstract")),
                    *(element("p", paragraph, lang=self.paper_lang) for paragraph in entry.abstract),
                    # Search finds abstracts on the paper pages, not in every list.
                    classes=["pub-abstract", "no-search"],
                )
            li += self.bibtex(entry, title_id, open_=False)
        return li

    def filters(self, entries: list[Entry], list_id: str) -> nodes.Element | None:
        """Where the year and type selects go, when the list spans more than one of either.

        They need JavaScript, so the script makes them (``publications.js``), from
        the options in ``data-filters``: without it, and in reader modes and text
        clients, which ignore CSS, there is no control that does nothing, and the
        page is simply the full list. The empty slot keeps their room (CSS, where
        scripting is on), so they appear without moving the list.
        """
        years = sorted({e.year for e in entries}, reverse=True)
        categories = {e.category: _(e.type_info.label) for e in entries}
        selects = []
        if len(years) > 1:
            selects.append(["year", _("Year"), _("All years"), [[str(y), str(y)] for y in years]])
        if len(categories) > 1:
            selects.append(
                [
                    "type",
                    _("Type"),
                    _("All types"),
                    [list(kv) for kv in sorted(categories.items(), key=lambda kv: kv[1])],
                ]
            )
        if not selects:
            return None
        # The script's own words in the page's language: the form's name and the count it shows.
        words = {
            "form": _("Filter publications"),
            "one": _("{n} publication shown"),
            "other": _("{n} publications shown"),
        }
        return element(
            "div",
            classes=["pub-filters-slot"],
            html_only=True,
            data_list=list_id,
            data_count=str(len(selects)),  # how many rows the selects take on a phone (publications.css)
            data_filters=json.dumps(selects, ensure_ascii=False, separators=(",", ":")),
            **self.script_words(words=json.dumps(words, ensure_ascii=False, separators=(",", ":"))),
        )

    def legend(self, entries: Iterable[Entry]) -> list[nodes.Element]:
        """The meaning of the author marks used by these entries, in words, for the eye.

        Each mark carries its meaning after the name already ("Ruoyu Qin* (equal
        contribution)", the words for screen readers and text clients), so the
        legend is hidden from assistive technology: read out, or extracted by a
        reader mode (which drops what is ``aria-hidden``), it would repeat them.
        It follows the author lists it explains.
        """
        authors = [a for e in entries for a in e.authors]
        parts = []
        if any(a.equal_contribution for a in authors):
            parts.append((vocabulary.EQUAL_CONTRIBUTION_MARK, _("Equal contribution")))
        if any(a.corresponding for a in authors):
            parts.append((vocabulary.CORRESPONDING_MARK, _("Corresponding author")))
        if not parts:
            return []
        legend = element("p", classes=["pub-legend"], aria_hidden="true")
        for i, (mark, meaning) in enumerate(parts):
            if i:
                legend += nodes.Text(" · ")
            legend += element("span", mark, classes=["pub-mark"])
            legend += nodes.Text(f" {meaning}")
        return [legend]

    # -- parts of an entry -------------------------------------------------------------------

    def title(self, entry: Entry, linked: bool) -> nodes.Node:
        if not linked:
            return nodes.Text(entry.title)
        # Sphinx's HTML writer wants links inside text elements, hence the inline.
        return nodes.inline("", "", paper_reference(entry.key, nodes.inline("", entry.title)))

    def authors(self, entry: Entry) -> nodes.Element:
        parts: list[nodes.Node] = []
        for i, author in enumerate(entry.authors):
            if i:
                parts.append(nodes.Text(", "))
            parts += self.author(author)
        # Adjacent plain names become one text node: a long author list stays a few nodes.
        merged: list[nodes.Node] = []
        for part in parts:
            if merged and type(part) is nodes.Text and type(merged[-1]) is nodes.Text:
                merged[-1] = nodes.Text(merged[-1] + part)
            else:
                merged.append(part)
        return element("p", *merged, classes=["pub-authors"], lang=self.paper_lang)

    def author(self, author: Author) -> list[nodes.Node]:
        if latex.name_key(author.name) in self.owner_keys:
            name = nodes.strong("", author.name, classes=["pub-owner"])
        else:
            name = nodes.Text(author.name)
        result = [name]
        marks = [
            (author.equal_contribution, vocabulary.EQUAL_CONTRIBUTION_MARK, "pub-equal", _("equal contribution")),
            (author.corresponding, vocabulary.CORRESPONDING_MARK, "pub-corresponding", _("corresponding author")),
        ]
        for present, mark, cls, meaning in marks:
            if present:
                result.append(
                    element(
                        "sup",
                        element("span", mark, aria_hidden="true"),
                        # The page's words inside the (English) author list: in the page's language.
                        element(
                            "span",
                            _(" ({meaning})").format(meaning=meaning),
                            classes=["pub-sr-only"],
                            lang=self.page_lang,
                        ),
                        classes=[cls],
                    )
                )
        return result

    def venue_line(self, entry: Entry) -> nodes.Element:
        p = element("p", classes=["pub-venue-line"])
        if entry.venue_short:
            p += element("span", entry.venue_short, classes=["pub-venue"])
            p += nodes.Text(" ")
        if entry.award:
            p += element("span", award_icon(), " ", self.owner_text(entry, entry.award), classes=["pub-award"])
            p += nodes.Text(" ")
        p += element("span", venue_text(entry), classes=["pub-venue-text"])
        return p

    def link_label(self, entry: Entry, link: Link) -> list[nodes.Node]:
        """The link's words ("Preprint"), and how the owner says the preprint relates, translated."""
        words = _(vocabulary.LINK_FIELDS_BY_KIND[link.kind].label)
        if link.kind != "preprint" or not entry.eprint_note:
            return [nodes.Text(words)]
        before, _note, after = _("{label} ({note})").partition("{note}")
        note = self.owner_text(entry, latex.decode(entry.eprint_note))
        return [nodes.Text(before.format(label=words)), note, nodes.Text(after.format(label=words))]

    def links(self, entry: Entry, described_by: str) -> nodes.Element:
        ul = element("ul", classes=["pub-links"])
        for link in entry.links:
            ul += element(
                "li",
                element(
                    "a",
                    *self.link_label(entry, link),
                    classes=["pub-link"],
                    href=link.url,
                    data_kind=link.kind,
                    aria_describedby=described_by,
                ),
            )
        return ul

    def bibtex(self, entry: Entry, described_by: str, open_: bool) -> list[nodes.Element]:
        details = element(
            "details",
            element("summary", "BibTeX"),
            element("pre", entry.bibtex, classes=["pub-bibtex-text"], lang=self.paper_lang),
            classes=["pub-bibtex", "no-search"],
            open="" if open_ else None,
        )
        # The script adds a "Copy BibTeX" button after the link (publications.js): it needs
        # JavaScript, so it is not in the page for those without it, nor for text clients.
        actions = element(
            "p",
            element(
                "a",
                _("Download .bib"),
                classes=["pub-download-bib"],
                download=f"{entry.page}.bib",
                site_href=f"{self.pages_dir}/{entry.page}.bib",
                aria_describedby=described_by,
            ),
            classes=["pub-actions", "no-search"],
            # The button's words in the page's language, for publications.js (which knows the English).
            **self.script_words(copy=_("Copy BibTeX"), copied=_("Copied"), copy_failed=_("Copy failed")),
        )
        return [details, actions]

    # -- the paper page ----------------------------------------------------------------------

    def paper(self, entry: Entry, title_id: str, cited_by: nodes.Node) -> nodes.Element:
        """Everything about one paper but its title, which is the page's h1 (id ``title_id``)."""
        article = element(
            "article",
            classes=["pub", "pub-paper"],
            ids=[self.new_id(f"{entry.page}-paper")],
            data_year=str(entry.year),
            data_type=entry.category,
            aria_labelledby=title_id,
        )
        article += self.authors(entry)
        article += self.legend([entry])
        article += self.venue_line(entry)
        if entry.links:
            article += self.links(entry, title_id)
        article += self.lead_figure(entry)
        if entry.abstract:
            article += heading(_("Abstract"), self.new_id("abstract"))
            article += element(
                "div", *(element("p", p) for p in entry.abstract), classes=["pub-abstract-full"], lang=self.paper_lang
            )
        article += heading(_("Details"), self.new_id("details"))
        article += self.details(entry)
        article += heading(_("Cite"), self.new_id("cite"))
        article += self.bibtex(entry, title_id, open_=True)
        article += cited_by
        return article

    def preview_image(self, entry: Entry, **attributes) -> nodes.image:
        """The preview as an ordinary image node: sphinx_academic.images serves it (alt, caption, credit)."""
        # A rawsource, or Sphinx's ApplySourceWorkaround resets the line to 0.
        image = nodes.image(f"preview = {{{entry.preview.path}}}", uri=entry.preview.uri, **attributes)
        image.source, image.line = self.bib_path, entry.preview.line
        return image

    def preview_thumbnail(self, entry: Entry) -> list[nodes.Element]:
        """The preview beside the entry: decorative (it repeats the title), so its alt text is empty."""
        if entry.preview is None:
            return []
        image = self.preview_image(entry, alt="", width=f"{THUMBNAIL_WIDTH}px", loading="lazy")
        return [element("div", image, classes=["pub-preview"])]

    def lead_figure(self, entry: Entry) -> list[nodes.Element]:
        """The preview at the head of the paper page, as a figure (its caption: sphinx_academic.images)."""
        if entry.preview is None:
            return []
        return [nodes.figure("", self.preview_image(entry), classes=["pub-lead-figure"])]

    def details(self, entry: Entry) -> nodes.Element:
        dl = element("dl", classes=["pub-details"])
        rows = [
            (_("Type"), _(entry.type_info.label)),
            (_("Published in"), entry.venue),
            (_("Date"), month_year(entry)),
            (_("Event dates"), event_dates(entry)),
            (_("Location"), entry.event_venue or entry.details.get("address")),
            (_("Pages"), entry.details.get("pages")),
            # A CoRR "volume" (abs/2407.00079) is the arXiv id the venue already shows.
            (_("Volume"), entry.details.get("volume") if entry.category != "preprint" else None),
            (_("Number"), entry.details.get("number") if entry.category != "preprint" else None),
            (_("Publisher"), entry.details.get("publisher")),
            ("ISBN", entry.details.get("isbn")),
            ("DOI", entry.details.get("doi")),
            (_("Award"), entry.award and self.owner_text(entry, entry.award)),
        ]
        for term, value in rows:
            if value:
                dl += element("dt", term)
                dl += element("dd", value)
        preprint = entry.link("preprint")
        if preprint:
            dl += element("dt", *self.link_label(entry, preprint))
            dd = element("dd", element("a", preprint.identifier, href=preprint.url))
            if entry.eprint_title:
                before, _title, after = _(", titled “{title}”").partition("{title}")
                dd += nodes.Text(before)
                dd += (
                    element("span", entry.eprint_title, lang=self.paper_lang)
                    if self.paper_lang
                    else nodes.Text(entry.eprint_title)
                )
                dd += nodes.Text(after)
            dl += dd
        return dl

    def cited_by(self, links: list[nodes.Node]) -> list[nodes.Element]:
        """The site's pages that cite the paper (filled in once every page has been read)."""
        if not links:
            return []
        ul = element("ul", classes=["pub-cited-by"])
        for link in links:
            ul += element("li", nodes.inline("", "", link))
        return [heading(_("Cited on this site"), self.new_id("cited-by")), ul]


def heading(text: str, heading_id: str) -> nodes.Element:
    """A heading one level below the section it ends up in (see ``set_heading_levels``)."""
    node = element("h2", text, ids=[heading_id])
    node["relative_heading"] = True
    return node


def set_heading_levels(app, doctree: nodes.document) -> None:
    """doctree-read: give each relative heading the level below its enclosing section."""
    for node in doctree.findall(html_element):
        if node.get("relative_heading"):
            level = 1 + sum(1 for _ in traverse_parent(node, nodes.section))
            node["tag"] = f"h{min(level, 6)}"


#: The file with every entry, next to the per-entry files.
ALL_ENTRIES_BIB = "publications.bib"


def month_year(entry: Entry) -> str:
    """ "March 2024" ("2024 年 3 月"), or "2024" without a month."""
    if not entry.month:
        return str(entry.year)
    return format_date(_("{date.month_name} {date.year}"), date=datetime.date(entry.year, entry.month, 1))


def event_dates(entry: Entry) -> str | None:
    """ "February 25–27, 2025", "February 28 – March 2, 2025" or one day, in the page's language."""
    start, end = entry.event_start, entry.event_end
    if start is None:
        return None
    if start == end:
        pattern = _("{start.month_name} {start.day}, {start.year}")
    elif (start.year, start.month) == (end.year, end.month):
        pattern = _("{start.month_name} {start.day}–{end.day}, {start.year}")
    elif start.year == end.year:
        pattern = _("{start.month_name} {start.day} – {end.month_name} {end.day}, {start.year}")
    else:
        pattern = _("{start.month_name} {start.day}, {start.year} – {end.month_name} {end.day}, {end.year}")
    return format_date(pattern, start=start, end=end)


# An inline SVG, not a "★" character: no font in the theme has that glyph, so the browser
# loads a fallback font late and the badge shifts the layout as it appears.
STAR_PATH = "M12 2l3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01z"


def award_icon() -> nodes.Element:
    return element(
        "svg",
        element("path", d=STAR_PATH),
        classes=["pub-award-icon"],
        viewBox="0 0 24 24",
        width="12",
        height="12",
        aria_hidden="true",
        focusable="false",
    )


def venue_text(entry: Entry) -> str:
    """One line saying where and when: "<venue>, <place>, <Month> <year>"."""
    details = entry.details
    parts = [entry.venue]
    if entry.category == "journal":
        parts += [
            _("vol. {volume}").format(volume=details["volume"]) if details.get("volume") else None,
            _("no. {number}").format(number=details["number"]) if details.get("number") else None,
        ]
    elif entry.category in ("conference", "chapter"):
        parts.append(entry.event_venue or details.get("address"))
    elif entry.category not in ("thesis", "report", "book", "preprint"):
        parts.append(details.get("howpublished") or details.get("note"))
    if details.get("pages"):
        parts.append(_("pp. {pages}").format(pages=details["pages"]))
    parts.append(month_year(entry))
    return ", ".join(p for p in parts if p)
