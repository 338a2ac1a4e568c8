"""What a reader of the PDF gets, read with pypdf: text, links, fonts, tags, metadata."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

A4_POINTS = (595.28, 841.89)


def read(path: Path) -> PdfReader:
    return PdfReader(path)


def text(reader: PdfReader) -> str:
    """The pages' text in reading order, whitespace collapsed."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def link_uris(reader: PdfReader) -> list[str]:
    """The URI of every link annotation, page by page, in order."""
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation:
                uris.append(str(annotation["/A"].get_object().get("/URI")))
    return uris


def fonts(reader: PdfReader) -> dict[str, bool]:
    """Each font the pages use (its base name) and whether its glyphs are embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = [d.get_object() for d in font.get("/DescendantFonts") or []] or [font]
            for part in descendants:
                descriptor = part.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                found[str(part.get("/BaseFont"))] = any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    return found


def is_tagged(reader: PdfReader) -> bool:
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    return "/StructTreeRoot" in root and bool(mark_info and mark_info.get_object().get("/Marked"))


def page_sizes(reader: PdfReader) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
