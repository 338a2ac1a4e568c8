"""Read time: every image a document shows is checked, described and planned; encoding starts.

Runs at ``doctree-read`` before Sphinx's own image collector, so that an
image the build cannot serve (missing, unreadable, an unsafe SVG, a remote
URL) is reported here, once per file and build, with the location of the
node that shows it (for a paper's preview: the ``preview`` field's line in
the BibTeX file), and taken out of the page instead of leaving a broken
``<img>``. The document depends on the image file either way, so it is read
again when the file appears or changes.

What each document needs (its sources and derivatives) is kept in the
environment, so an incremental build knows every file of the pages it does
not rewrite, and removes the files no page needs any more.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.i18n import search_image_for_language
from sphinx.util.logging import get_node_location

from .._extension import DocumentStateCollector
from .derivatives import Derivative, Encoder
from .plan import Settings, derive, plan
from .sources import Source, UnusableImageError, inspect

logger = logging.getLogger(__name__)

#: Before Sphinx's ImageCollector (500), which would warn about a missing file on each use.
READ_PRIORITY = 400


@dataclass
class DocumentImages:
    """The images one document shows, and the files it needs."""

    sources: dict[str, Source] = field(default_factory=dict)  #: by path relative to the source directory
    derivatives: set[Derivative] = field(default_factory=set)
    extra: dict[str, Derivative] = field(default_factory=dict)  #: other extensions' files, by their key


@dataclass
class Pipeline:
    """One build's image work: inspected files, warnings given, the encoder."""

    settings: Settings
    encoder: Encoder
    srcdir: Path
    inspected: dict[tuple[str, int, int], Source | UnusableImageError] = field(default_factory=dict)
    warned: set[tuple[str, str]] = field(default_factory=set)
    sources: dict[str, Source] = field(default_factory=dict)  #: every document's, once all are read
    process: int = field(default_factory=os.getpid)  #: a parallel read's workers leave encoding to it

    def source(self, path: Path, relative: str) -> Source:
        """The file's description (inspected once per build and version of the file), or UnusableImageError."""
        try:
            stat = path.stat()
        except OSError:
            raise UnusableImageError(f"image file not found: {relative}") from None
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in self.inspected:
            try:
                self.inspected[key] = inspect(path, relative)
            except UnusableImageError as problem:
                self.inspected[key] = problem
        found = self.inspected[key]
        if isinstance(found, UnusableImageError):
            raise found
        return found

    def usable(self, env: BuildEnvironment, node: nodes.image, location) -> tuple[Source, Path] | None:
        """The source of an image node and its file; None for what is not a local file (a data:
        URI; a remote one, warned about). Raises UnusableImageError, once warned about, for a
        file the build cannot serve."""
        paths = local_path(env, node, env.docname)
        if paths is None:
            return None
        relative, absolute = paths
        env.note_dependency(relative)  # read again when the file appears or changes
        try:
            return self.source(Path(absolute), relative), Path(absolute)
        except UnusableImageError as problem:
            self.warn_once(relative, str(problem), location, "unusable")
            raise

    def warn_once(self, relative: str, message: str, location, subtype: str) -> None:
        """A problem of a file is reported once per build, where it is first used."""
        if (relative, subtype) in self.warned:
            return
        self.warned.add((relative, subtype))
        logger.warning(message, location=location, type="images", subtype=subtype)


# By environment (one per build): the post-transforms see the environment, not the application.
PIPELINES: WeakKeyDictionary[BuildEnvironment, Pipeline] = WeakKeyDictionary()


def pipeline(env: BuildEnvironment) -> Pipeline | None:
    return PIPELINES.get(env)


def start(app: Sphinx) -> None:
    """builder-inited: this build's pipeline (HTML builders only, when switched on)."""
    PIPELINES.pop(app.env, None)
    if app.config.images_responsive and app.builder.name in HTML_BUILDERS:
        PIPELINES[app.env] = Pipeline(
            Settings.from_config(app.config), Encoder(Path(app.doctreedir, "images")), Path(app.srcdir)
        )


HTML_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})


def remove_image(node: nodes.image) -> None:
    """Take an image the build cannot serve out of the page: with a figure that only held it,
    and with what is left empty around it (a paragraph, a wrapper)."""
    holder = node.parent if isinstance(node.parent, nodes.reference) else node
    parent = holder.parent
    if isinstance(parent, nodes.figure) and not any(
        isinstance(n, nodes.image) and n is not node for n in parent.findall(nodes.image)
    ):
        holder = parent
    while True:
        parent = holder.parent
        parent.remove(holder)
        if len(parent) or isinstance(parent, (nodes.section, nodes.document)) or parent.parent is None:
            return
        holder = parent


def local_path(env: BuildEnvironment, node: nodes.image, docname: str) -> tuple[str, str] | None:
    """(relative, absolute) path of the image's file, or None for a data: URI; warns about others."""
    uri = node["uri"]
    if uri.startswith("data:"):
        return None
    if "://" in uri or uri.startswith("//"):
        logger.warning(
            "remote image %s: pages load nothing from other hosts; save it in the repository and use its path",
            uri,
            location=node,
            type="images",
            subtype="remote",
        )
        return None
    if uri.endswith(".*"):
        logger.warning(
            "image %s: name one file (the build makes the formats browsers need)",
            uri,
            location=node,
            type="images",
            subtype="glob",
        )
        return None
    return env.relfn2path(search_image_for_language(uri, env), docname)


class ImageCollector(DocumentStateCollector):
    """``env.images_documents``: {docname: DocumentImages}."""

    attribute = "images_documents"

    def enable(self, app: Sphinx) -> None:
        super().enable(app)
        app.disconnect(self.listener_ids["doctree-read"])
        self.listener_ids["doctree-read"] = app.connect("doctree-read", self.process_doc, priority=READ_PRIORITY)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        work = pipeline(app.env)
        if work is None:
            return
        env = app.env
        found = DocumentImages()
        for node in list(doctree.findall(nodes.image)):
            try:
                usable = work.usable(env, node, node)
            except UnusableImageError:
                remove_image(node)
                continue
            if usable is None:
                continue
            source, absolute = usable
            relative = source.path
            if source.pixels > work.settings.max_pixels:
                work.warn_once(
                    relative,
                    f"image {relative} is {source.width}×{source.height} ({source.pixels / 1e6:.3g} megapixels, "
                    f"more than images_max_megapixels = {work.settings.max_pixels / 1e6:g}): it is resized for the "
                    "site anyway; keep a smaller copy in the repository",
                    node,
                    "large",
                )
            if "alt" not in node:
                logger.warning(
                    "image %s has no alt text: give it :alt: (or an alt in images_metadata_files); "
                    'an empty :alt: "" marks it as decorative',
                    relative,
                    location=node,
                    type="images",
                    subtype="alt",
                )
            figure = node.parent.parent if isinstance(node.parent, nodes.reference) else node.parent
            captioned = any(isinstance(c, (nodes.caption, nodes.legend)) for c in getattr(figure, "children", ()))
            if isinstance(figure, nodes.figure) and node.get("alt") and not captioned:
                logger.warning(
                    "figure %s has no caption: write one under the directive (or a caption in images_metadata_files)",
                    relative,
                    location=node,
                    type="images",
                    subtype="caption",
                )
            node["responsive_source"] = relative
            needed = plan(node, source, work.settings).derivatives
            found.sources[relative] = source
            found.derivatives |= needed
            if os.getpid() == work.process:  # else env-updated requests them in the main process
                location = get_node_location(node)
                for derivative in needed:
                    work.encoder.request(derivative, absolute, location)
        if found.sources:
            self.state(env)[env.docname] = found


def request_derivative(app: Sphinx, key: str, uri: str, location, recipe_for) -> Derivative | None:
    """For another extension, at doctree-read: a file made from the image at ``uri`` (as a page writes it).

    ``recipe_for(source)`` gives the recipe. The file is kept with the current
    document's images (made, cached and removed with them) and found again at
    write time with :func:`extra_derivative` under ``key``. A problem with the
    image is warned about at ``location``; then None.
    """
    work = pipeline(app.env)
    if work is None:
        return None
    env = app.env
    try:
        usable = work.usable(env, nodes.image(uri=uri), location)
    except UnusableImageError:
        return None
    if usable is None:
        return None
    source, absolute = usable
    derivative = derive(source, recipe_for(source), work.settings)
    found = ImageCollector.state(env).setdefault(env.docname, DocumentImages())
    found.sources[source.path] = source
    found.extra[key] = derivative
    if os.getpid() == work.process:
        work.encoder.request(derivative, absolute, location)
    return derivative


def extra_derivative(env: BuildEnvironment, docname: str, key: str) -> Derivative | None:
    found = ImageCollector.state(env).get(docname)
    return found.extra.get(key) if found else None


def request_all(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: every file of every document, read in this build or not, will be there."""
    work = pipeline(env)
    if work is None:
        return []
    for docname, found in ImageCollector.state(env).items():
        for derivative in found.derivatives | set(found.extra.values()):
            work.encoder.request(derivative, work.srcdir / derivative.source.path, str(env.doc2path(docname)))
        work.sources.update(found.sources)
    return []
