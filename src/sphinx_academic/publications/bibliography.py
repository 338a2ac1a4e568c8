"""Load a BibTeX file into validated entries, failing loudly, and parse it only when it changed.

pybtex's tokenizer (``LowLevelParser``) reads the file; we keep each field's
source text and line (for exact BibTeX export and error messages) and check
what pybtex only warns about or silently drops: a duplicate key makes pybtex
skip the entry, and a syntax error makes it skip to the next ``@``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pybtex.database.input.bibtex import LowLevelParser, month_names
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from .errors import PublicationsError
from .model import Entry, RawEntry, RawField, build_entry


class _RecordingParser(LowLevelParser):
    """pybtex's tokenizer, also recording where each command starts and each field's source."""

    command_line = 1
    recorded: list[RawField]

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


def read_entries(text: str, path: str) -> Iterator[RawEntry]:
    """Every entry of a BibTeX text, in file order; a syntax error raises PublicationsError."""
    parser = _RecordingParser(text, filename=path, macros=CaseInsensitiveDict(month_names))
    commands = iter(parser)
    while True:
        try:
            command, body = next(commands)
        except StopIteration:
            return
        except PybtexSyntaxError as error:
            context, _, _ = parser.get_error_context(error.error_context_info)
            near = context.strip().splitlines()[-1].strip() if context.strip() else ""
            raise PublicationsError(
                f"{path}:{error.lineno}: BibTeX {error.error_type}: {error.args[0]}"
                + (f" (near {near!r})" if near else "")
            ) from None
        if command.lower() in ("string", "preamble"):
            continue
        key = body[0]
        yield RawEntry(command, key, tuple(parser.recorded), path, parser.command_line)


@dataclass(frozen=True)
class Bibliography:
    """All entries of one BibTeX file, in file order, with the content hash they came from."""

    path: str
    content_hash: str
    entries: dict[str, Entry]

    def sorted(self) -> list[Entry]:
        return sorted(self.entries.values(), key=lambda e: e.sort_key)

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)


def load(path: Path, display_path: str, previous: Bibliography | None = None) -> Bibliography:
    """Parse and validate ``path``, reusing ``previous`` where nothing changed.

    An unchanged file (same content hash) is not parsed at all; in a changed
    file only the entries whose content changed are decoded and validated again.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PublicationsError(f"cannot read the bibliography {display_path}: {error.strerror}") from None
    content_hash = hashlib.sha256(data).hexdigest()
    if previous is not None and previous.content_hash == content_hash and previous.path == display_path:
        return previous

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PublicationsError(f"{display_path}:{line}: not valid UTF-8") from None

    reusable = {e.digest: e for e in previous.entries.values()} if previous else {}
    entries: dict[str, Entry] = {}
    first_seen: dict[str, RawEntry] = {}
    for raw in read_entries(text, display_path):
        # BibTeX keys are case-insensitive, and so are the file names they become.
        folded = raw.key.casefold()
        if folded in first_seen:
            first = first_seen[folded]
            raise PublicationsError(
                f"{display_path}:{raw.line}: duplicate key {raw.key!r} (first defined at {display_path}:{first.line})"
            )
        first_seen[folded] = raw
        cached = reusable.get(raw.digest)
        if cached is not None and cached.key == raw.key:
            entries[raw.key] = dataclasses.replace(cached, line=raw.line, path=display_path)
        else:
            entries[raw.key] = build_entry(raw)
    return Bibliography(display_path, content_hash, entries)
