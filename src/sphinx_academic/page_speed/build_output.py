"""What every post-build step shares: its on/off switch, the built pages, local URLs.

Each step is a ``build-finished`` handler that works on the HTML builder's
output directory, so it sees every page and asset whichever extension made
them, and needs no list of pages. The steps that edit pages do it in one
shared pass (:func:`connect_page_editor`).

The per-page work of a site of many pages is shared among forked processes
(:class:`PageShards`, :func:`map_pages`), one per core, or N in a parallel
build (``sphinx-build -j N``), as Sphinx's own parallel builds do (results
come back pickled, warnings reach the build log through Sphinx's log
collector); a site of few pages stays in one process.
"""

from __future__ import annotations

import contextlib
import fnmatch
import gc
import hashlib
import json
import logging as std_logging
import multiprocessing
import os
import posixpath
import re
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit
from weakref import WeakKeyDictionary, WeakSet

from sphinx.application import Sphinx
from sphinx.errors import SphinxParallelError
from sphinx.util import logging
from sphinx.util.parallel import parallel_available

from .._extension import code_version, usable_cores, write_atomically
from ..languages import nested_outputs
from .html_edits import SCANS_KEPT, Edits, Tag, scan, scan_through_last

logger = logging.getLogger(__name__)

MASTER_SWITCH = "speed_optimise"
HTML_FORMATS = frozenset({"html"})


def add_switch(app: Sphinx, name: str, description: str) -> None:
    """Register a step's on/off config value (and the master switch, once)."""
    if MASTER_SWITCH not in app.config:
        # rebuild="html": switching the steps must rewrite every page.
        app.add_config_value(
            MASTER_SWITCH,
            True,
            "html",
            types=frozenset({bool}),
            description="Run the speed post-build steps (0 builds the stock theme output).",
        )
    app.add_config_value(name, True, "html", types=frozenset({bool}), description=description)


def step_enabled(app: Sphinx, switch: str, exception: Exception | None) -> bool:
    """Whether a post-build step should run for this build."""
    return (
        exception is None
        and app.builder.format in HTML_FORMATS
        and bool(app.config[MASTER_SWITCH])
        and bool(app.config[switch])
    )


def connect_step(app: Sphinx, switch: str, description: str, priority: int, step: Callable[[Sphinx], None]) -> None:
    """Register a step: its switch, and a build-finished handler running it when on."""
    add_switch(app, switch, description)
    connect_digest_saving(app)

    def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
        if step_enabled(app, switch, exception):
            step(app)

    app.connect("build-finished", on_build_finished, priority=priority)


# Fewer pages than this per process, and forking costs more than it saves.
MIN_PAGES_PER_PROCESS = 50


def page_processes(app: Sphinx, pages: int) -> int:
    """How many processes per-page work may use, if there is work enough for them.

    A parallel build's ``-j``; a serial build's, every core it may run on: the
    steps run once every page is written, when nothing else needs the cores
    (precompression's threads use them all too)."""
    if not parallel_available:
        return 1
    cores = app.parallel if app.parallel > 1 else usable_cores()
    return max(1, min(cores, pages // MIN_PAGES_PER_PROCESS))


class PageShards:
    """The built pages, shared out among processes that keep what they made of them.

    For per-page work done in rounds: each process starts from a copy of this
    one (fork), runs ``load`` on its share of the pages (every n-th page, so
    that large and small pages mix), keeps the result, and answers each
    :meth:`ask` from it, so a step that asks several questions about every page
    reads and parses each page once. A serial build (or one of a few pages) has
    one share, loaded in this process. The answers must pickle; a process's
    warnings reach the build log, as in Sphinx's own parallel builds.
    """

    def __init__(
        self, app: Sphinx, pages: Sequence[Path], load: Callable[[list[Path]], object], work: int | None = None
    ):
        # ``work``: how many of the pages need more than a look (all by default), which
        # decides whether processes are worth starting.
        count = page_processes(app, len(pages) if work is None else work)
        self.shares = [list(pages[number::count]) for number in range(count)]
        self.state: object = None
        self.connections: list = []
        self.processes: list = []
        if count == 1:
            self.state = load(self.shares[0])
            return
        context = multiprocessing.get_context("fork")
        # The processes' garbage collector leaves this process's objects alone: walking
        # them would copy every page of memory they are on (copy-on-write) and take seconds.
        # (Frozen already, by sphinx_academic.garbage_collection: it unfreezes at the end.)
        was_frozen = gc.get_freeze_count() > 0
        gc.freeze()
        try:
            for share in self.shares:
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, load, share), daemon=True)
                process.start()
                theirs.close()
                self.connections.append(mine)
                self.processes.append(process)
        finally:
            if not was_frozen:
                gc.unfreeze()
        try:
            for connection in self.connections:
                self._answer(connection)  # loaded (or failed to)
        except BaseException:
            self.close()
            raise

    def ask(self, question: Callable[..., object], *args) -> list:
        """``question(state, *args)`` for each share's state, in share order.

        ``question`` is a module-level function (it is sent by name); ``args`` must pickle."""
        if not self.processes:
            return [question(self.state, *args)]
        for connection in self.connections:
            connection.send((question, args))
        return [self._answer(connection) for connection in self.connections]

    def by_page(self, answers: Sequence[Sequence]) -> list:
        """Per-page answers of every share (each a list in its share's order), in page order."""
        pages: list = [None] * sum(map(len, self.shares))
        for number, answer in enumerate(answers):
            pages[number :: len(self.shares)] = answer
        return pages

    def _answer(self, connection) -> object:
        try:
            failure, records, answer = connection.recv()
        except EOFError:
            raise SphinxParallelError("a page worker process ended unexpectedly", "") from None
        for record in records:
            logger.handle(record)
        if failure:
            raise SphinxParallelError(*answer)
        return answer

    def close(self) -> None:
        for connection, process in zip(self.connections, self.processes, strict=True):
            with contextlib.suppress(OSError):
                connection.send(None)
            connection.close()
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        self.connections, self.processes = [], []

    def __enter__(self) -> PageShards:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def map_pages(app: Sphinx, function: Callable[[Path], object], pages: Sequence[Path]) -> list:
    """``[function(page) for page in pages]``, shared among the processes of a parallel build.

    ``function`` may use anything the step set up before (the processes are
    forks of this one); what it changes there stays there. Its results must pickle.
    """
    with PageShards(app, pages, lambda share: [function(page) for page in share]) as shards:
        return shards.by_page(shards.ask(_loaded))


def _loaded(state: object) -> object:
    return state


def _run(function: Callable, *args) -> tuple[bool, list, object]:
    """``function(*args)`` with its log records kept: (failed, records, result or the error)."""
    collector = logging.LogCollector()
    try:
        with collector.collect():
            result = function(*args)
        failed = False
    except BaseException as error:  # sent to the build, which raises it (SphinxParallelError)
        failed, result = True, (traceback.format_exception_only(type(error), error)[0].strip(), traceback.format_exc())
    logging.convert_serializable(collector.logs)
    return failed, collector.logs, result


def _serve(connection, load: Callable[[list[Path]], object], share: list[Path]) -> None:
    """A page worker: load its share, then answer questions until told to stop."""
    failed, records, state = _run(load, share)
    connection.send((failed, records, state if failed else None))
    while not failed:
        try:
            request = connection.recv()
        except EOFError:  # the build went away
            return
        if request is None:
            return
        question, args = request
        failed, records, answer = _run(question, state, *args)
        connection.send((failed, records, answer))


class PageEditor(Protocol):
    """A step's changes to the built pages, made in the shared editing pass."""

    def edit(self, page: Path, text: str, tags: Sequence[Tag], edits: Edits) -> object:
        """Add this step's edits of one page (``tags`` is ``scan(text)``); returns what
        :meth:`finish` needs to know of it, which must pickle (the pass may run in
        several processes, each with its own copy of the editor)."""

    def finish(self, results: Sequence[object]) -> None:
        """After the last page, with what :meth:`edit` returned for each page edited, in order: report."""

    # Optional: an editor that has it lets the pass leave alone, in a later build,
    # the pages it left as they are now (see connect_page_editor). The files it
    # reads for a page must be found with local_file (or noted: note_dependency).
    # def inputs(self) -> str:
    #     """What its edits depend on besides the page and the files it reads: its settings."""


def text_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# After the steps that rewrite stylesheets (pruning, fonts), which read the
# pages as built; before precompression, which reads them as edited.
EDITING_PRIORITY = 730
_EDITORS: WeakKeyDictionary[Sphinx, list[tuple[int, str, Callable[[Sphinx], PageEditor]]]] = WeakKeyDictionary()


def connect_page_editor(
    app: Sphinx, switch: str, description: str, order: int, editor: Callable[[Sphinx], PageEditor]
) -> None:
    """Register a step that edits pages: its switch, and its editor in the shared pass.

    The pass reads, scans and writes each page once for all the steps that
    edit pages (scanning a page is most of what editing it costs), in the
    processes of a parallel build (:func:`map_pages`); each step's edits are
    made on the page as built, so they must not overlap. ``order`` sorts the
    editors, ``editor(app)`` starts one for a build.

    Incremental: when every editor states its inputs (``inputs()``) and they
    are those of the last build, a page whose text is still what the last pass
    left (Sphinx did not write it again), and none of whose files (stylesheets,
    scripts, images: those ``local_file`` found or looked for) has changed, is
    not read further, let alone edited.
    """
    add_switch(app, switch, description)
    connect_digest_saving(app)
    if app not in _EDITORS:
        _EDITORS[app] = []
        app.connect("build-finished", edit_pages, priority=EDITING_PRIORITY)
    _EDITORS[app].append((order, switch, editor))


def edit_pages(app: Sphinx, exception: Exception | None) -> None:
    editors = [
        start(app)
        for _, switch, start in sorted(_EDITORS.get(app, []), key=lambda e: e[:2])
        if step_enabled(app, switch, exception)
    ]
    if not editors:
        return
    outdir = Path(app.outdir)
    record = Path(app.doctreedir, EDITED_PAGES)
    inputs = editing_inputs(editors)
    left = read_record(record, inputs) if inputs else {}  # what the last pass left of each page
    known = known_digests(app)
    digests = FileDigests(outdir, known)

    def as_left(page: Path) -> list | None:
        """What the last pass left of the page, if it is still so and nothing it read has changed."""
        last = left.get(page.relative_to(outdir).as_posix())
        if last and last[0] == known.digest(page) and digests.unchanged(last[1]):
            return last
        return None

    def edit_page(page: Path) -> tuple[tuple, list | None, str | None]:
        """The editors' results, what to record of the page, and its digest if it was written."""
        data = page.read_bytes()
        text = data.decode("utf-8")  # as it is: no newline translation
        tags, edits = scan(text), Edits(text)
        with counted_warnings() as warnings, noted_dependencies() as files:
            results = tuple(editor.edit(page, text, tags, edits) for editor in editors)
        if edits:
            try:
                edited = edits.apply()
            except ValueError as error:  # two steps changed the same tag
                raise ValueError(f"{page}: {error}") from error
            data = edited.encode("utf-8")
            page.write_bytes(data)
        digest = text_digest(data)
        # A page warned about is edited (and warned about) again in the next build.
        return results, None if warnings.count else [digest, digests.of(files)], digest if edits else None

    pages = list(html_files(outdir))
    # Checked here, before the processes start: in a rebuild, most pages are left, and the
    # few edited ones may not be worth a process.
    unchanged = {page: last for page in pages if (last := as_left(page))}
    to_edit = [page for page in pages if page not in unchanged]
    done = dict(zip(to_edit, map_pages(app, edit_page, to_edit), strict=True))
    for page, (_, _, written) in done.items():
        if written is not None:  # by this process or another: noted here, where the steps go on
            known.note(page, written)
    edited = [done[page][0] for page in to_edit]
    for number, editor in enumerate(editors):
        editor.finish([results[number] for results in edited])
    if unchanged:
        logger.info("speed: %d pages edited, %d as the last build left them", len(to_edit), len(unchanged))
    pages_left = {
        page.relative_to(outdir).as_posix(): unchanged.get(page) or done[page][1]
        for page in pages
        if page in unchanged or done[page][1]
    }
    write_record(record, inputs, pages_left if inputs else {})


EDITED_PAGES = "page-speed-edited.json"  # in the doctree folder: not part of the site


def last_edited_digests(app: Sphinx) -> dict[str, str]:
    """Each page's digest as the last editing pass left it (relative path: digest), whatever
    the settings it ran with: a page that still has it has not been written since."""
    entries = read_record(Path(app.doctreedir, EDITED_PAGES), ANY_VERSION)
    return {page: entry[0] for page, entry in entries.items() if isinstance(entry, list) and entry}


class KnownDigests:
    """The digests of the output's files, read from their bytes only when a file's size or
    modification time is not what it was when last hashed, in this build or the last (as make
    and ninja judge a file changed by its time): the steps that need every page's digest
    (pruning, the editing pass, precompression) then read an unchanged page not at all.

    One per build (:func:`known_digests`), saved beside the doctrees when the build ends. A
    step that writes a file it hashed notes it (:meth:`note`), so that a rewrite within the
    file system's clock tick, of the same size, is not taken for the file as it was."""

    FILE = "page-speed-digests.json"

    def __init__(self, app: Sphinx):
        self.outdir = Path(app.outdir)
        self.path = Path(app.doctreedir, self.FILE)
        self.known: dict[str, list] = read_record(self.path, code_version(__name__))

    def digest(self, path: Path) -> str:
        """The file's digest (OSError: no such file)."""
        status = path.stat()
        entry = self.known.get(path.relative_to(self.outdir).as_posix())
        if entry and entry[:2] == [status.st_size, status.st_mtime_ns]:
            return entry[2]
        digest = text_digest(path.read_bytes())
        self.note(path, digest, status)
        return digest

    def note(self, path: Path, digest: str, status: os.stat_result | None = None) -> None:
        """A file just written (or read, as it was at ``status``), whose bytes have this digest."""
        status = status or path.stat()
        self.known[path.relative_to(self.outdir).as_posix()] = [status.st_size, status.st_mtime_ns, digest]

    def save(self) -> None:
        present = {relative: entry for relative, entry in self.known.items() if (self.outdir / relative).is_file()}
        write_record(self.path, code_version(__name__), present)


_KNOWN_DIGESTS: WeakKeyDictionary[Sphinx, KnownDigests] = WeakKeyDictionary()  #: the build's, while it runs
_SAVING_DIGESTS: WeakSet[Sphinx] = WeakSet()  #: the apps that save them


def known_digests(app: Sphinx) -> KnownDigests:
    """This build's :class:`KnownDigests` (saved when the build ends, after the last step)."""
    if app not in _KNOWN_DIGESTS:
        _KNOWN_DIGESTS[app] = KnownDigests(app)
    return _KNOWN_DIGESTS[app]


def save_known_digests(app: Sphinx, exception: Exception | None) -> None:
    known = _KNOWN_DIGESTS.pop(app, None)
    if known is not None and exception is None:
        known.save()


def connect_digest_saving(app: Sphinx) -> None:
    """At setup, once: the digests are saved after every step (handlers connected while
    ``build-finished`` runs would not run in it)."""
    if app not in _SAVING_DIGESTS:
        _SAVING_DIGESTS.add(app)
        app.connect("build-finished", save_known_digests, priority=999)


class FileDigests:
    """The digests of the files a pass's pages depend on, each looked up once per pass (None: no
    such file), from the build's :class:`KnownDigests`."""

    def __init__(self, outdir: Path, files: KnownDigests):
        self.outdir, self.files, self.known = outdir, files, {}

    def digest(self, relative: str) -> str | None:
        if relative not in self.known:
            try:
                self.known[relative] = self.files.digest(self.outdir / relative)
            except OSError:
                self.known[relative] = None
        return self.known[relative]

    def of(self, files: set[Path]) -> dict[str, str | None]:
        relative = sorted(path.relative_to(self.outdir).as_posix() for path in files)
        return {name: self.digest(name) for name in relative}

    def unchanged(self, recorded: dict[str, str | None]) -> bool:
        return all(self.digest(name) == digest for name, digest in recorded.items())


class _WarningCount(std_logging.Handler):
    def __init__(self) -> None:
        super().__init__(std_logging.WARNING)
        self.count = 0

    def emit(self, record: std_logging.LogRecord) -> None:
        self.count += 1


@contextlib.contextmanager
def counted_warnings() -> Iterator[_WarningCount]:
    """Counts the warnings Sphinx's loggers give meanwhile (they still reach the build log)."""
    counter, sphinx_logger = _WarningCount(), std_logging.getLogger(logging.NAMESPACE)
    sphinx_logger.addHandler(counter)
    try:
        yield counter
    finally:
        sphinx_logger.removeHandler(counter)


def editing_inputs(editors: Sequence[PageEditor]) -> str | None:
    """What the pass depends on besides the pages and the files they name (None: an editor does not say)."""
    if not all(hasattr(editor, "inputs") for editor in editors):
        return None
    parts = [code_version(__package__)] + [f"{type(e).__module__}.{type(e).__qualname__}:{e.inputs()}" for e in editors]
    return text_digest("\n".join(map(str, parts)).encode("utf-8"))


#: For :func:`read_record`: the entries, whatever code and settings made them.
ANY_VERSION = object()


def read_record(path: Path, version: object) -> dict[str, list]:
    """The entries a step's :func:`write_record` left in the last build, if made with the same
    ``version`` (its code and settings); else none."""
    try:
        record = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return record.get("entries", {}) if version is ANY_VERSION or record.get("version") == version else {}


def write_record(path: Path, version: object, entries: dict[str, list]) -> None:
    """Record what a step made of each file, for the next build (``path``: in the doctree folder)."""
    write_atomically(path, json.dumps({"version": version, "entries": entries}, sort_keys=True).encode("utf-8"))


# Output folders of assets, not pages (the theme copies Jinja macros to _static).
ASSET_FOLDERS = frozenset({"_static", "_sources", "_images", "_downloads"})


#: Where sphinx-build keeps its doctrees when not told (``-d``): inside the output, not part of the site.
DEFAULT_DOCTREES = ".doctrees"


def output_files(outdir: Path, pattern: str = "*") -> list[Path]:
    """The build's own files matching ``pattern``, sorted: not those of another language's build
    nested in its output (``sphinx_academic.languages``), which has its own steps, nor the
    doctrees and records that sphinx-build keeps there by default."""
    others = {str(folder) for folder in nested_outputs(outdir)} | {str(outdir / DEFAULT_DOCTREES)}
    found = []
    # os.walk, which is told to leave the other builds' folders out, rather than rglob: a build
    # of a thousand pages has ten thousand files, and the nested one as many again.
    for folder, subfolders, names in os.walk(outdir):
        subfolders[:] = [name for name in subfolders if os.path.join(folder, name) not in others]
        found += [Path(folder, name) for name in fnmatch.filter(names, pattern)]
    return sorted(found)


def html_files(outdir: Path) -> Iterator[Path]:
    """Every HTML page of the build, in a stable order."""
    for path in output_files(outdir, "*.html"):
        if not ASSET_FOLDERS.intersection(path.relative_to(outdir).parts[:-1]):
            yield path


def is_local(url: str) -> bool:
    """A URL of this site (not another host, not data:, not a bare fragment)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and bool(parts.path)


def local_file(outdir: Path, page: Path, url: str, cache: dict | None = None) -> Path | None:
    """The built file a page's URL points to, or None.

    Relative URLs resolve from the page's folder. A root-relative URL (the 404
    page uses them, with a prefix such as ``/en/latest/`` on Read the Docs)
    resolves to the longest tail of its path that exists in the output.
    ``cache`` keeps the answers for one pass over the pages (a thousand pages
    link the same dozen files; resolving a path asks the file system).
    """
    key = (outdir, page.parent, url)
    found, candidates = cache[key] if cache is not None and key in cache else _local_file(outdir, page, url)
    if cache is not None:
        cache[key] = found, candidates
    for candidate in [found] if found else candidates:
        note_dependency(candidate)  # a file that appears where none was counts too
    return found


def _local_file(outdir: Path, page: Path, url: str) -> tuple[Path | None, list[Path]]:
    """The file, and the paths looked at for it."""
    if not is_local(url):
        return None, []
    path = unquote(urlsplit(url).path)
    outdir = outdir.resolve()
    if path.startswith("/"):
        parts = path.strip("/").split("/")
        candidates = [outdir.joinpath(*parts[i:]) for i in range(len(parts))]
    else:
        candidates = [page.parent.resolve() / path]
    candidates = [Path(posixpath.normpath(candidate)) for candidate in candidates]
    candidates = [candidate for candidate in candidates if candidate.is_relative_to(outdir)]
    for candidate in candidates:
        if candidate.is_file():
            return candidate, candidates
    return None, candidates


_DEPENDENCIES: list[set[Path]] = []  # the files read for the page being edited (see noted_dependencies)


def note_dependency(path: Path) -> None:
    """A file the page being edited depends on: its edits change when the file does (or appears)."""
    if _DEPENDENCIES:
        _DEPENDENCIES[-1].add(path)


@contextlib.contextmanager
def noted_dependencies() -> Iterator[set[Path]]:
    """The files noted meanwhile (``local_file`` notes those it finds or looks for)."""
    found: set[Path] = set()
    _DEPENDENCIES.append(found)
    try:
        yield found
    finally:
        _DEPENDENCIES.pop()
        if _DEPENDENCIES:
            _DEPENDENCIES[-1].update(found)


def rebase_url(url: str, from_href: str) -> str:
    """A URL written in a stylesheet at ``from_href``, rewritten relative to the page instead."""
    if not is_local(url) or url.startswith("/"):
        return url
    parts = urlsplit(from_href)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(parts.path), url))
    return joined


def stylesheet_links(tags: list) -> list:
    """The page's links to its own stylesheets (outside <noscript>), in document order."""
    return [
        tag
        for tag in tags
        if tag.name == "link"
        and "stylesheet" in (tag.get("rel") or "").lower().split()
        and "alternate" not in (tag.get("rel") or "").lower().split()
        and "noscript" not in tag.parents
        and is_local(tag.get("href") or "")
    ]


INLINED_FROM = "data-inlined-from"  # on an inlined <style>: the hrefs of the links it replaced


# In the start tag of every element stylesheet_hrefs reads (html.parser reads names in any case).
STYLESHEET_MARK = re.compile(f"<link|{INLINED_FROM}", re.IGNORECASE)


def stylesheet_tags(text: str, pages: int) -> Sequence[Tag]:
    """The tags of a page that :func:`stylesheet_hrefs` needs (and those before them).

    A site of few ``pages`` (no more than ``scan`` keeps) scans each page once
    for all the steps: the whole page, now. A larger one scans a page only as
    far as its last stylesheet link, most often the end of ``<head>``, here,
    and whole where it is edited.
    """
    return scan(text) if pages <= SCANS_KEPT else scan_through_last(text, STYLESHEET_MARK)


def stylesheet_hrefs(tags: list) -> list[str]:
    """The site's own stylesheets a page uses: linked, or inlined by an earlier build."""
    hrefs = [tag.get("href") for tag in stylesheet_links(tags)]
    for tag in tags:
        if tag.name == "style" and tag.get(INLINED_FROM):
            hrefs += tag.get(INLINED_FROM).split()
    return hrefs


def script_sources(tags: list) -> list:
    """The page's <script src> elements pointing to its own files, in document order."""
    return [tag for tag in tags if tag.name == "script" and is_local(tag.get("src") or "")]
