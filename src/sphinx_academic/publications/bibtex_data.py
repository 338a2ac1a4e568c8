"""sphinxcontrib-bibtex's data of the BibTeX files, parsed again only where an entry changed.

sphinxcontrib-bibtex parses every file in ``bibtex_bibfiles`` again, whole, when one of
them is newer than its cache (``bibfile.process_bibdata``): at a thousand entries, most of
a second of each rebuild after an entry's edit, spent on entries that did not change,
mostly on their names. The engine has read the files already, field by field
(``bibliography.read_entries``, pybtex's own tokenizer). So before sphinxcontrib-bibtex
looks at its cache, this module makes the data its parse would give, with pybtex's own
parser: each entry that changed since the last build is processed from the fields the
engine read (``Parser.process_entry``, which a whole parse calls with the same fields), each
other one is the entry parsed before, added in file order (``BibliographyData.add_entry``).
sphinxcontrib-bibtex then finds its cache up to date.

In a clean build every entry is processed so, without a second tokenization of the files.
It stands aside, and sphinxcontrib-bibtex parses the files itself, whenever the result
could differ: a file with a problem of any kind (the engine reports it, pybtex's own
parse reports what pybtex finds), a ``@preamble``, an encoding other than UTF-8 (the
engine's), a file this process did not read, or any error while processing.
A test checks, edit after edit, that the data is what sphinxcontrib-bibtex's own parse gives.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime, is_bibdata_outdated

from .bibliography import entries_read
from .model import RawEntry

_PREAMBLE = re.compile(r"@\s*preamble\b", re.IGNORECASE)


def is_utf8(encoding: str) -> bool:
    """Whether ``encoding`` decodes as the engine reads the files (UTF-8, with or without a BOM)."""
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


def entry_digest(raw: RawEntry) -> str:
    """Everything of an entry that pybtex's parse turns into its data: type, key and fields as written
    (``RawEntry.digest``, the engine's, leaves out the case of the type and field names, which
    pybtex keeps)."""
    parts = [raw.entry_type, raw.key, *(f"{field.name}\0{field.value}" for field in raw.fields)]
    return hashlib.blake2b("\0\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


class _StrictParser(Parser):
    """pybtex's parser, which stops at any error (reported or not, pybtex's own parse decides)."""

    def handle_error(self, error):
        raise error


def files_read(paths: list[Path]) -> list[tuple[Path, tuple[RawEntry, ...]]] | None:
    """Each file's entries as the engine read them in this process, or None if one was not read."""
    read = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        entries = entries_read(data)
        if entries is None or _PREAMBLE.search(data.decode("utf-8-sig", errors="replace")):
            return None
        read.append((path, entries))
    return read


def updated_bibdata(
    last: BibData, read: list[tuple[Path, tuple[RawEntry, ...]]], known: dict[str, str], encoding: str
) -> BibData:
    """What ``parse_bibdata`` gives for the files ``read``: ``last``'s entries where unchanged.

    ``known`` is each key's :func:`entry_digest` as ``last`` holds it. Raises pybtex's errors."""
    parser = _StrictParser(encoding)
    bibfiles: dict[Path, BibFile] = {}
    keys: dict[str, None] = {}
    for path, entries in read:
        for raw in entries:
            kept = last.data.entries.get(raw.key)
            if kept is not None and kept.key == raw.key and known.get(raw.key) == entry_digest(raw):
                parser.data.add_entry(raw.key, kept)
            else:
                parser.process_entry(raw.entry_type, raw.key, [(field.name, [field.value]) for field in raw.fields])
        # As parse_bibdata records them: the keys this file added.
        keys, old_keys = dict.fromkeys(parser.data.entries.keys()), keys
        bibfiles[path] = BibFile(mtime=get_mtime(path), keys={key: None for key in keys if key not in old_keys})
    return BibData(encoding=encoding, bibfiles=bibfiles, data=parser.data)


def bibtex_files(app: Sphinx) -> list[tuple[Path, str]]:
    """(path, name as written in conf.py) of every file in ``bibtex_bibfiles``, the paths resolved as
    sphinxcontrib-bibtex resolves them (``builder_inited_cite``)."""
    return [(Path(app.confdir, name).resolve(), name) for name in app.config.bibtex_bibfiles or []]


def bibfile_paths(app: Sphinx) -> list[Path]:
    return [path for path, _ in bibtex_files(app)]


class BibtexDataUpdate:
    """Around sphinxcontrib-bibtex's parse (builder-inited, 500): its data made before it, where
    that is safe, and the digests of the entries its data holds recorded after it.

    ``problems_found`` tells whether the engine's check of the files found a problem."""

    def __init__(self, problems_found: Callable[[], bool]):
        self.problems_found = problems_found
        self.outdated = False
        self.digests: dict[str, str] | None = None

    def before(self, app: Sphinx) -> None:
        domain = app.env.get_domain("cite")
        last: BibData = domain.bibdata
        paths, encoding = bibfile_paths(app), app.config.bibtex_encoding
        self.outdated, self.digests = is_bibdata_outdated(last, paths, encoding), None
        if not self.outdated or self.problems_found() or not is_utf8(encoding):
            return
        read = files_read(paths)
        if read is None:
            return
        # The last data's entries are of no use if they were decoded otherwise.
        known = getattr(app.env, "publications_bibtex_digests", {}) if last.encoding == encoding else {}
        try:
            domain.data["bibdata"] = updated_bibdata(last, read, known, encoding)
        except PybtexError:  # sphinxcontrib-bibtex's own parse reports it
            return
        self.digests = digests_of(read)

    def after(self, app: Sphinx) -> None:
        """The digests are known when this build made the data, or read every file without a
        problem for sphinxcontrib-bibtex's own parse; unchanged when the data was up to date;
        otherwise unknown, and the next change is parsed whole."""
        env = app.env
        if self.digests is not None:
            env.publications_bibtex_digests = self.digests
        elif self.outdated:
            utf8 = is_utf8(app.config.bibtex_encoding)  # as the engine decodes the files
            read = files_read(bibfile_paths(app)) if utf8 and not self.problems_found() else None
            env.publications_bibtex_digests = digests_of(read) if read is not None else {}


def digests_of(read: list[tuple[Path, tuple[RawEntry, ...]]]) -> dict[str, str]:
    return {raw.key: entry_digest(raw) for _, entries in read for raw in entries}
