"""Typst markup to PDF bytes, with the typst wheel from PyPI (no TeX, no system libraries).

Only the listed font files are used, never the machine's own fonts, so every
machine (a laptop, CI, Read the Docs) typesets the same PDF; with the same
``SOURCE_DATE_EPOCH`` the bytes are the same too (Typst writes no other clock
or path into the file). The PDF is tagged and checked against PDF/UA-1, the
accessibility standard: reading order, language, title, link text.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATE_DIR = Path(__file__).parent  # cv.typ, imported by the generated markup
PDF_STANDARD = "ua-1"


@dataclass
class Typeset:
    pdf: bytes | None
    problems: list[str] = field(default_factory=list)  # Typst's errors and warnings, as text


def timestamp() -> int:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else int(time.time())


def describe(problem) -> str:
    """One Typst diagnostic (error or warning) as one readable line."""
    message = getattr(problem, "message", None) or str(problem)
    hints = "; ".join(getattr(problem, "hints", None) or [])
    return f"{message} (hint: {hints})" if hints else message


def font_folder(font_files: list[Path], folder: Path) -> Path:
    """A folder holding exactly ``font_files`` (as links), since Typst takes folders, not files.

    Typst would otherwise see every font beside the chosen ones (a font
    package's other families) and could fall back to any of them.
    """
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {f"{index:02d}-{path.name}": path for index, path in enumerate(font_files)}
    for stale in folder.iterdir():
        if stale.name not in wanted or stale.resolve() != wanted[stale.name].resolve():
            stale.unlink()
    for name, path in wanted.items():
        link = folder / name
        if not link.exists():
            try:
                link.symlink_to(path)
            except OSError:  # no symbolic links (Windows without the privilege)
                shutil.copyfile(path, link)
    return folder


def typeset(markup: str, fonts: Path) -> Typeset:
    """``markup`` as PDF bytes, typeset with the fonts in the folder ``fonts`` only.

    Safe in a thread of its own (``cv_pdf.write_pdf`` runs it in one): Typst releases the GIL
    while it works, and gives its warnings back rather than through the ``warnings`` module,
    whose filters the whole process shares."""
    import typst  # 2 ms, but only builds that make a PDF pay it

    try:
        pdf, warned = typst.compile_with_warnings(
            markup.encode("utf-8"),
            root=str(TEMPLATE_DIR),
            font_paths=[str(fonts)],
            ignore_system_fonts=True,
            format="pdf",
            timestamp=timestamp(),
            pdf_standards=[PDF_STANDARD],
        )
    except typst.TypstError as error:
        return Typeset(None, [describe(error)])
    return Typeset(pdf, [describe(warning) for warning in warned])
