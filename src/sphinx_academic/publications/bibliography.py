"""Read a BibTeX file into validated entries, reporting every problem, and parse it only when it changed.

pybtex's tokenizer (``LowLevelParser``) reads the file; we keep each field's
source text and line (for exact BibTeX export and located messages). Where
pybtex stops at its first syntax error, this reader reports the error at the
line where the broken entry *begins* (an unclosed brace is found far below,
often at the end of the file) and goes on from the next line that starts an
entry, so that one build lists every problem of the file.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from .errors import Problem
from .model import Entry, RawEntry, RawField, build_entry, page_name

_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_ENTRY_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]*)")


class _RecordingParser(LowLevelParser):
    """pybtex's tokenizer, also recording where each command starts and each field's source."""

    command_line = 1
    recorded: list[RawField]
    problems: list[Problem]

    def parse_command(self):
        self.command_line = self.lineno
        self.recorded = []
        return super().parse_command()

    def parse_field(self):
        # pybtex's own parse_field, plus the value's source text and line.
        name = self.optional([self.NAME])
        if not name:
            return
        self.current_field_name = name.value
        line = self.lineno
        self.required([self.EQUALS])
        start = self.pos
        self.parse_value()
        source = self.text[start : self.pos].strip()
        self.recorded.append(RawField(name.value, "".join(self.current_value), source, line))

    def handle_error(self, error):
        if isinstance(error, UndefinedMacro):  # `month = foo`: the value is reported, the entry kept
            self.problems.append(
                Problem(
                    self.filename,
                    self.lineno,
                    f"{error.args[0] if error.args else 'undefined string'}: not a @string macro nor a month"
                    " (write the value in braces)",
                    "value",
                    key=self.current_entry_key,
                    field=self.current_field_name,
                )
            )
            return
        raise error


#: The entries of the texts this process read last, by the digest of the file's bytes
#: (``load``'s ``content_hash``): what ``publications.bibtex_data`` makes sphinxcontrib-bibtex's
#: data from, in the build that read them. A few files' worth; not kept in the environment.
_READ: dict[str, tuple[RawEntry, ...]] = {}
READ_KEPT = 8


def bytes_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def remember_read(data: bytes, raws: list[RawEntry]) -> None:
    _READ[bytes_digest(data)] = tuple(raws)
    while len(_READ) > READ_KEPT:
        del _READ[next(iter(_READ))]


def entries_read(data: bytes) -> tuple[RawEntry, ...] | None:
    """The entries read from a file of these bytes in this process, if it read one."""
    return _READ.get(bytes_digest(data))


def _line_offsets(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def read_entries(text: str, path: str) -> tuple[list[RawEntry], list[Problem]]:
    """Every entry of a BibTeX text, in file order, and every problem found in it.

    A syntax error is reported at the start of the entry it breaks; reading
    resumes at the next line that starts with ``@``.
    """
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    macros = CaseInsensitiveDict(month_names)
    starts = _line_offsets(text)
    offset = 0
    while True:
        # Blank lines in place of what was read keep pybtex's line numbers those of the file.
        parser = _RecordingParser("\n" * text.count("\n", 0, offset) + text[offset:], filename=path, macros=macros)
        parser.problems = problems
        try:
            for command, body in parser:
                if command.lower() in ("string", "preamble"):
                    continue
                entries.append(RawEntry(command, body[0], tuple(parser.recorded), path, parser.command_line))
            return entries, problems
        except PybtexSyntaxError as error:
            line = parser.command_line
            head = _ENTRY_HEAD.match(text, starts[line - 1] + text[starts[line - 1] :].find("@"))
            key = head.group(2) if head and head.group(2) else None
            reason = error.args[0] if error.args else error.error_type
            where = "" if error.lineno == line else f" (found at line {error.lineno})"
            problems.append(
                Problem(
                    path,
                    line,
                    f"BibTeX syntax error in the entry that begins here: {reason}{where}; "
                    "check its braces, quotes and commas",
                    "syntax",
                    key=key,
                )
            )
            following = _ENTRY_START.search(text, starts[line] if line < len(starts) else len(text))
            if following is None:
                return entries, problems
            offset = following.start()


@dataclass(frozen=True)
class Bibliography:
    """All usable entries of one BibTeX file, in file order, what is wrong with it, and its hash."""

    path: str
    content_hash: str
    entries: dict[str, Entry]
    problems: tuple[Problem, ...] = ()
    #: (key, line) of every entry read, usable or not, in file order: for checks across files.
    keys: tuple[tuple[str, int], ...] = ()

    def sorted(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: e.sort_key)

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def by_page(self, name: str) -> Entry | None:
        """The entry whose paper page is ``name`` (its key, made URL-safe)."""
        return self._entries_by_page.get(name)

    @functools.cached_property
    def _entries_by_page(self) -> dict[str, Entry]:
        # One lookup per paper page written, not a search of all the entries (pages are unique: load).
        return {entry.page: entry for entry in self.entries.values()}


def read_text(path: Path, display_path: str) -> tuple[str | None, bytes, list[Problem]]:
    """The file's text (None when unreadable), its bytes, and why it could not be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, b"", [Problem(display_path, 0, f"cannot read the file: {error.strerror or error}", "file")]
    try:
        return data.decode("utf-8-sig"), data, []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, data, [Problem(display_path, line, "not valid UTF-8: save the file as UTF-8", "file")]


def load(path: Path, display_path: str, previous: Bibliography | None = None) -> Bibliography:
    """Parse and validate ``path``, reusing ``previous`` where nothing changed.

    An unchanged file (same content hash) is not parsed at all; in a changed
    file only the entries whose content changed are decoded and validated again.
    The problems found are part of the result, so an unchanged file reports
    them again in every build until they are fixed.
    """
    text, data, problems = read_text(path, display_path)
    content_hash = bytes_digest(data)
    if previous is not None and previous.content_hash == content_hash and previous.path == display_path:
        return previous
    if text is None:
        return Bibliography(display_path, content_hash, {}, tuple(problems))

    raws, problems = read_entries(text, display_path)
    if not problems:
        remember_read(data, raws)
    # Only entries built without a problem are reused: the others report theirs again, at their new lines.
    reusable = {e.digest: e for e in previous.entries.values() if e.clean} if previous else {}
    entries: dict[str, Entry] = {}
    first_seen: dict[str, RawEntry] = {}
    pages: dict[str, Entry] = {}
    for raw in raws:
        # BibTeX keys are case-insensitive, and so are the file names they become.
        folded = raw.key.casefold()
        if folded in first_seen:
            first = first_seen[folded]
            problems.append(
                Problem(
                    display_path,
                    raw.line,
                    f"duplicate key (first defined at {display_path}:{first.line}); this entry is left out",
                    "duplicate",
                    key=raw.key,
                )
            )
            continue
        first_seen[folded] = raw
        cached = reusable.get(raw.digest)
        if cached is not None and cached.key == raw.key:
            entry, entry_problems = dataclasses.replace(cached, line=raw.line, path=display_path), []
        else:
            entry, entry_problems = build_entry(raw)
        problems += entry_problems
        if entry is None:
            continue
        clash = pages.get(entry.page)
        if clash is not None:
            problems.append(
                Problem(
                    display_path,
                    raw.line,
                    f"its page name {page_name(raw.key)!r} is also that of entry {clash.key!r} "
                    f"({display_path}:{clash.line}); keys that differ only in case or punctuation make the same "
                    "page: change one of them. This entry is left out",
                    "key",
                    key=raw.key,
                )
            )
            continue
        pages[entry.page] = entry
        entries[raw.key] = entry
    # In the order of the file: a syntax error found while reading comes before the entries below it.
    return Bibliography(
        display_path,
        content_hash,
        entries,
        tuple(sorted(problems, key=lambda p: p.line)),
        tuple((raw.key, raw.line) for raw in raws),
    )
