"""What is wrong with the input: a problem, located, that the build reports as a warning.

The engine never raises for bad data: Sphinx shows any exception as a crash
(traceback, "please open an issue", the environment discarded). Each problem
in a BibTeX file is collected with its file, line, entry key and field, and
reported at once with every other one, as a Sphinx warning with
``type="publications"`` and a ``subtype`` naming its kind, so that one build
lists everything to fix and ``-W`` still fails it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The warning type of every problem the engine reports (``suppress_warnings`` uses it).
WARNING_TYPE = "publications"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the input, with what to do about it."""

    path: str  #: the file, as the owner knows it ("refs.bib")
    line: int  #: 0 when there is no line (an unreadable file)
    message: str
    subtype: str  #: "syntax", "key", "field", "value", "type", "duplicate", "reference"
    key: str | None = None
    field: str | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def text(self) -> str:
        """ "entry 'key', field 'pdf': <message>" (the location is Sphinx's prefix)."""
        where = []
        if self.key is not None:
            where.append(f"entry {self.key!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return (", ".join(where) + ": " if where else "") + self.message


def report(problems) -> None:
    """Every problem as a located Sphinx warning, in the order found."""
    for problem in problems:
        logger.warning(problem.text, location=problem.location, type=WARNING_TYPE, subtype=problem.subtype)
