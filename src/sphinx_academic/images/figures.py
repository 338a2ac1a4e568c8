"""What the site says about each figure, written once beside the figures: alt text, caption, credit.

``images_metadata_files`` lists TOML files; each table is named by an image
file, relative to the TOML file's folder::

    ["mooncake-architecture.png"]
    alt = "Diagram of the Mooncake architecture"
    caption = "The Mooncake architecture: ..."
    credit = "the Mooncake project"                       # third-party figures
    credit_url = "https://github.com/kvcache-ai/Mooncake"
    license = "Apache-2.0"
    origin = "github.com/kvcache-ai/Mooncake, image/..."  # where it came from (not shown)

Wherever the image appears (a ``{figure}`` or ``{image}`` in a page, a paper's
preview in a list, on its page, in its link preview):

* an image without alt text gets ``alt`` (an empty ``:alt:`` marks an image
  as decorative and stays empty);
* a figure without a caption gets ``caption``, unless its image is decorative;
* the credit line "Figure: <credit>, <license>" (``credit`` linking to
  ``credit_url``) is added to the figure's legend; an image outside a figure
  becomes a figure with the credit line as its caption, so no third-party
  figure appears without it.

This runs as a transform before Sphinx's translation transform, so the text it
adds is in the message catalogs like the rest of the page.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import search_image_for_language

from ..translations import _

logger = logging.getLogger(__name__)

FIELDS = ("alt", "caption", "credit", "credit_url", "license", "origin")


@dataclass(frozen=True)
class FigureText:
    metadata_file: str  #: absolute path of the TOML file, for locations and dependencies
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    credit_url: str | None = None
    license: str | None = None
    origin: str | None = None


def load_metadata(srcdir: Path, files: list[str]) -> dict[str, FigureText]:
    """The figure texts of every metadata file, by image path relative to the source directory."""
    texts: dict[str, FigureText] = {}
    for name in files:
        path = (srcdir / name).resolve()
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except OSError as error:
            logger.warning(
                "images_metadata_files: cannot read %s: %s", name, error.strerror, type="images", subtype="metadata"
            )
            continue
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            logger.warning("%s: not valid TOML: %s", name, error, location=str(path), type="images", subtype="metadata")
            continue
        for image, table in data.items():
            where = f"{name}, table [{image!r}]"
            if not isinstance(table, dict):
                logger.warning(
                    "%s: expected a table of %s", where, ", ".join(FIELDS), location=str(path), type="images"
                )
                continue
            unknown = sorted(set(table) - set(FIELDS))
            bad = sorted(k for k in set(table) & set(FIELDS) if not isinstance(table[k], str) or not table[k].strip())
            if unknown or bad:
                logger.warning(
                    "%s: %s (known fields: %s, each a non-empty string)",
                    where,
                    "; ".join(
                        ([f"unknown field(s) {', '.join(unknown)}"] if unknown else [])
                        + ([f"not a non-empty string: {', '.join(bad)}"] if bad else [])
                    ),
                    ", ".join(FIELDS),
                    location=str(path),
                    type="images",
                    subtype="metadata",
                )
            image_path = (path.parent / image).resolve()
            if not image_path.is_file():
                logger.warning(
                    "%s: no such image file %s",
                    where,
                    image_path,
                    location=str(path),
                    type="images",
                    subtype="metadata",
                )
                continue
            relative = image_path.relative_to(srcdir.resolve()).as_posix()
            values = {k: table[k].strip() for k in FIELDS if isinstance(table.get(k), str) and table[k].strip()}
            texts[relative] = FigureText(str(path), **values)
    return texts


def text_for(env, path: str) -> FigureText | None:
    """What the metadata files say about the image at ``path`` (relative to the source directory)."""
    return getattr(env, "images_metadata_texts", {}).get(path)


def image_path(env, node: nodes.image) -> str | None:
    """The image's file relative to the source directory, as Sphinx's image collector resolves it."""
    uri = node.get("uri", "")
    if uri.startswith("data:") or "://" in uri or uri.endswith(".*"):
        return None
    return env.relfn2path(search_image_for_language(uri, env), env.docname)[0]


def credit_pattern(text: FigureText) -> str:
    """The credit line's words, translated: "{credit}" and "{license}" stand for the values."""
    return _("Figure: {credit}, {license}") if text.license else _("Figure: {credit}")


def credit_text(text: FigureText | None) -> str | None:
    """The credit line as plain text ("Figure: the Mooncake project, Apache-2.0"), or None."""
    if text is None or not text.credit:
        return None
    return credit_pattern(text).format(credit=text.credit, license=text.license)


def credit_line(text: FigureText) -> nodes.paragraph:
    """ "Figure: <credit, linked>, <license>", as credit_text says it.

    The words around the values are the package's (its catalog); the credit itself is the
    site's text, a message of the page's catalog (``translatable``) that Sphinx's translation
    replaces, like the caption.
    """
    paragraph = nodes.paragraph(classes=["image-credit"])
    before, _credit, after = credit_pattern(text).partition("{credit}")
    paragraph += nodes.Text(before.format(license=text.license))
    if text.credit_url:
        credit = nodes.reference(text.credit, text.credit, refuri=text.credit_url, translatable=True)
    else:  # in a span of its own: Sphinx moves a translatable inline's text to the end of its parent
        credit = nodes.inline("", "", nodes.inline(text.credit, text.credit, translatable=True))
    paragraph += credit
    paragraph += nodes.Text(after.format(license=text.license))
    return paragraph


def located(node: nodes.Node, text: FigureText) -> nodes.Node:
    """Inserted text is located in the metadata file (translation tools need a source)."""
    for part in node.findall(nodes.Element):
        part.source, part.line = text.metadata_file, 1
    return node


class FigureTexts(SphinxTransform):
    """Alt text, caption and credit line from the metadata files (before translation: priority 20)."""

    default_priority = 15

    def apply(self, **kwargs) -> None:
        files = [str((Path(self.env.srcdir) / name).resolve()) for name in self.config.images_metadata_files]
        if not files:
            return
        for node in list(self.document.findall(nodes.image)):
            path = image_path(self.env, node)
            if path is None:
                continue
            # Re-read when a metadata file changes, even if it had no entry for this image.
            for metadata_file in files:
                self.env.note_dependency(metadata_file)
            text = text_for(self.env, path)
            if text is None:
                continue
            decorative = node.get("alt") == ""
            if "alt" not in node and text.alt:
                node["alt"] = text.alt
            holder = node.parent if isinstance(node.parent, nodes.reference) else node
            figure = holder.parent if isinstance(holder.parent, nodes.figure) else None
            if figure is None and text.credit:
                if isinstance(holder.parent, nodes.TextElement):
                    logger.warning(
                        "image %s needs its credit line (%s), which an image inside a paragraph cannot show: "
                        "make it a figure",
                        path,
                        text.metadata_file,
                        location=node,
                        type="images",
                        subtype="credit",
                    )
                    continue
                figure = nodes.figure(classes=["image-credited"])
                holder.replace_self(figure)
                figure += holder
            if figure is None:
                continue
            if text.caption and not decorative and not any(isinstance(c, nodes.caption) for c in figure.children):
                figure.insert(figure.index(holder) + 1, located(nodes.caption(text.caption, text.caption), text))
            if text.credit:
                legend = next((c for c in figure.children if isinstance(c, nodes.legend)), None)
                if legend is None:
                    legend = nodes.legend()
                    figure += legend
                legend += located(credit_line(text), text)


def load(app) -> None:
    """builder-inited: read the metadata files (each build: they are small)."""
    app.env.images_metadata_texts = load_metadata(Path(app.srcdir), list(app.config.images_metadata_files))
