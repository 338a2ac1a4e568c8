"""Subset fonts with fontTools, in a worker process that starts with the build.

Why a process: importing fontTools' subsetter and decoding the fonts take
about 0.15 s, three times as long as cutting them, and the font step can only
start once every page is written. Started when the builder is, the worker
does that import, and decodes the fonts it is told the build may use, on
another core while Sphinx reads and writes the pages; the step then sends it
the fonts and characters and gets the subsets back. On one core the same work
merely happens earlier.

The worker is this file run as a script (no Sphinx import, and no thread in
the Sphinx process, so Sphinx's fork-based parallel builds are unaffected).
Requests and answers are pickled over its standard input and output; the
worker stops when its input ends, so it never outlives the build.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

FONT_SUFFIXES = frozenset({".woff2", ".woff", ".ttf", ".otf"})


def open_font(data: bytes):
    """A decoded font, its character map read (the slow part of opening a font)."""
    from fontTools.ttLib import TTFont  # heavy import: only when there is a font to cut

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # same input, same bytes: reproducible
    font.getBestCmap()
    return font


def subset_font(path: Path, characters: Iterable[str], font=None) -> bytes:
    """A WOFF2 of the font at path (or the already opened font of its bytes) with
    only the glyphs for characters (and .notdef)."""
    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every table at INFO
    font = font or open_font(path.read_bytes())
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []  # icon fonts need no OpenType features
    options.name_IDs = []  # names are for font pickers, not browsers
    cmap = font.getBestCmap()
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in set(characters) if ord(c) in cmap))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


class FontSubsetError(Exception):
    """A font the worker could not cut (the message names it)."""


class FontWorker:
    """A worker process, importing fontTools from the moment it starts."""

    def __init__(self, preload: Iterable[Path] = ()) -> None:
        """Start the worker; it decodes the ``preload`` fonts while it waits."""
        # Run as a script (no Sphinx import); -P: its folder (page_speed/) must
        # not shadow modules. The same interpreter finds the same fontTools.
        self.process = subprocess.Popen(
            [sys.executable, "-P", __file__, *map(str, preload)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def subset(self, jobs: list[tuple[Path, set[str]]]) -> list[bytes]:
        """Each (font, characters) job's subset; the worker ends with this one request."""
        request = pickle.dumps([(str(path), sorted(characters)) for path, characters in jobs])
        answer, errors = self.process.communicate(request)
        if self.process.returncode != 0:
            raise FontSubsetError(f"the font worker failed:\n{errors.decode(errors='replace')}")
        results = pickle.loads(answer)
        for (path, _), result in zip(jobs, results, strict=True):
            if isinstance(result, str):
                raise FontSubsetError(f"{path}: cannot subset the font: {result}")
        return results

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def serve(preload: Iterable[str]) -> None:
    """The worker: import fontTools and decode the preload fonts at once, then answer one request."""
    import fontTools.subset  # noqa: F401  (the import is the point: it overlaps the build)

    opened = {}  # by content: the build's copy of a font is the file preloaded from the theme
    for path in preload:
        try:
            data = Path(path).read_bytes()
            opened[hashlib.sha256(data).digest()] = open_font(data)
        except Exception:  # a preload is a guess; the request reports what matters
            continue
    request = sys.stdin.buffer.read()
    if not request:
        return  # the build ended without fonts to cut
    results: list[bytes | str] = []
    for path, characters in pickle.loads(request):
        try:
            font = opened.pop(hashlib.sha256(Path(path).read_bytes()).digest(), None)
            results.append(subset_font(Path(path), characters, font))
        except Exception as error:  # reported to the build, naming the font
            results.append(f"{type(error).__name__}: {error}")
    sys.stdout.buffer.write(pickle.dumps(results))


if __name__ == "__main__":
    serve(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip tearing down fontTools' objects: the build would wait 20 ms for it
