"""A list's items as the last read of its page made them, for the next read of that page.

Editing one entry reads the 1,000-entry list page again (its list shows what changed), and
Sphinx has no smaller unit than a document: each of its items would be made again and
written into fragments (``fragments``), half of reading that page, for the one item that
changed. So each item, once made and written into fragments, is kept (pickled) in a file
of the page's own beside the doctrees, under a key of everything that made it; the next
read of the page takes every item whose key is the same from there.

The key is what the item shows of the entry (``render.shown``: not where it is in the file), the list style, the ids the
item gets on its page, the renderer's settings (owner's names, language, pages folder, BibTeX
file), the translator that writes the fragments, and the versions of this package (its code
and its message catalog), Sphinx and docutils. An item taken from the file is the item that
would be made, node for node: a test builds a site with and without it and compares every
file. Only where it moved in the file differs: its nodes' line numbers (where a problem in a
translated award is reported) are moved with the entry.

The item is kept before Sphinx's transforms run, so they act on it as on a new one. A page
read with no list, or removed, loses its file: nothing stale is left beside the doctrees.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path

import docutils
import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .._extension import code_version, write_atomically
from . import fragments
from .model import Entry
from .render import Renderer, Style, shown


@dataclasses.dataclass
class PageItems:
    """The items of one page: those the last read kept (``kept``), those this read used (``used``)."""

    path: Path
    version: str
    kept: dict[str, tuple[int, bytes]]
    used: dict[str, tuple[int, bytes]] = dataclasses.field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, version: str) -> PageItems:
        try:
            stored = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            stored = None
        kept = stored[1] if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version else {}
        return cls(path, version, kept)

    def write(self) -> None:
        write_atomically(self.path, pickle.dumps((self.version, self.used), protocol=pickle.HIGHEST_PROTOCOL))


#: Where the page being read keeps its items: Sphinx's state of the document being read
#: (``env.temp_data``), which it empties once the page has been read.
READING_KEY = "publications_item_cache"


def items_path(env: BuildEnvironment, docname: str) -> Path:
    return Path(env.doctreedir, "publications", "items", docname.replace("/", "__") + ".pickle")


def cache_version(env: BuildEnvironment, renderer: Renderer) -> str:
    """What every item of a page depends on besides its entry, style and ids."""
    parts = (
        code_version("sphinx_academic"),  # the whole package: its code and its message catalog
        sphinx.__version__,
        docutils.__version__,
        fragments.writer_identity(env),
        tuple(renderer.owner_names),
        renderer.pages_dir,
        renderer.bib_path,
        renderer.language,
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def page_items(env: BuildEnvironment, renderer: Renderer) -> PageItems:
    """The items of the page being read: read from its file at its first list."""
    items = env.temp_data.get(READING_KEY)
    if items is None:
        items = PageItems.read(items_path(env, env.docname), cache_version(env, renderer))
        env.temp_data[READING_KEY] = items
    return items


def item_key(entry: Entry, style: Style, ids: tuple[str, ...]) -> str:
    """What the item shows of its entry (not where it is in the file), in its style, with its ids."""
    return hashlib.sha256(repr((shown(entry, style), style, ids)).encode("utf-8")).hexdigest()


def cached_items(env: BuildEnvironment, renderer: Renderer, writer) -> Callable:
    """A ``Renderer.item_cache``: each item from the page's file when its key is there, else
    made (``make``), written into fragments by ``writer``, and kept."""
    items = page_items(env, renderer)

    def item(entry: Entry, style: Style, ids: tuple[str, ...], make: Callable[[], nodes.Element]) -> nodes.Element:
        key = item_key(entry, style, ids)
        kept = items.kept.get(key)
        node = taken(kept[1]) if kept is not None else None
        if node is not None:
            line, _ = kept
            if line != entry.line:
                move_lines(node, renderer.bib_path, entry.line - line)
            items.used[key] = kept if line == entry.line else (entry.line, pickle.dumps(node, pickle.HIGHEST_PROTOCOL))
            return node
        node = make()
        writer.write_parts(node)
        # Kept with no parent: the pickle holds the item alone.
        items.used[key] = (entry.line, pickle.dumps(node, protocol=pickle.HIGHEST_PROTOCOL))
        return node

    return item


def taken(data: bytes) -> nodes.Element | None:
    """A kept item, or None if it does not load (then it is made again)."""
    try:
        node = pickle.loads(data)
    except Exception:  # a file of an earlier build is only a cache, whatever broke it
        return None
    return node if isinstance(node, nodes.Element) else None


def move_lines(node: nodes.Element, source: str | None, by: int) -> None:
    """The line numbers of an item's nodes from the BibTeX file, moved as its entry moved."""
    for part in node.findall(nodes.Element):
        if part.source == source and part.line:
            part.line += by


def save_items(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: the items of every list of the page just read, for its next read (once, when
    all its lists are made: each took what it could from the last file); a page read with no
    list keeps no file."""
    items = app.env.temp_data.pop(READING_KEY, None)
    if items is not None:
        items.write()
    else:
        items_path(app.env, app.env.docname).unlink(missing_ok=True)


def forget_removed(app: Sphinx, env: BuildEnvironment, added, changed, removed: set[str]) -> list[str]:
    """env-get-outdated: a removed page's file goes with it."""
    for docname in removed:
        items_path(env, docname).unlink(missing_ok=True)
    return []


def register(app: Sphinx) -> None:
    app.connect("doctree-read", save_items)
    app.connect("env-get-outdated", forget_removed)
