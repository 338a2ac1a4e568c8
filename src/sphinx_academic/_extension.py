"""What every extension of the package shares: its metadata, and per-document build state.

``metadata(__name__)`` is what each ``setup()`` returns. Its ``env_version``
is derived from the extension's own source files, so a changed extension
invalidates the pickled environment by itself (Sphinx then re-reads every
document) instead of reusing build data its new code would not have written.

``site_url(config, path)`` is the one way a path of the output becomes an
absolute URL under ``html_baseurl`` (with or without its trailing slash), and
``page_url(app, docname)`` the one canonical URL of a page: the root document's
is the site root itself, not ``…/index.html``.

``write_atomically(path, data)`` (and ``replacing(path)``, for a file filled otherwise) is the
one way a file is written where a reader may look while it is written (a web server, the other
language's build, the next build), and ``write_if_changed(path, text)`` the one way a file
whose time others read is rewritten.

``DocumentStateCollector`` is the one implementation of ``clear_doc`` and
``merge_other`` for build state kept per document: an extension subclasses it,
names the ``env`` attribute that holds ``{docname: value}``, and fills it in
``process_doc``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import importlib.resources
import importlib.util
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from . import __version__


def source_files(module_name: str) -> list[Path]:
    """The files an extension is made of: its module, or every file of its package."""
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(module_name)
    origin = Path(spec.origin)
    if spec.submodule_search_locations:  # a package: all of it, static files included
        return sorted(p for p in origin.parent.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return [origin]


def files_version(root: Path, files: Iterable[Path]) -> int:
    """A number that changes whenever one of ``files`` (under ``root``) changes, or is renamed."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return int(digest.hexdigest()[:12], 16) or 1  # Sphinx ignores an env_version of 0


def usable_cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)  # Linux: the cores this process may run on
    return len(affinity(0)) if affinity else os.cpu_count() or 1


@functools.cache  # derivative names ask for it for every image
def code_version(module_name: str) -> int:
    """A number that changes whenever the extension's source files change."""
    root = Path(importlib.util.find_spec(module_name).origin).parent
    return files_version(root, source_files(module_name))


#: The mode of files the build writes: a web server must read them.
PUBLIC = 0o644


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside ``target`` to fill, renamed over ``target`` once the block ends
    (removed if it fails): a reader sees the old file or the new one, never half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(handle, PUBLIC)  # mkstemp makes it private
        os.close(handle)
        yield Path(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file renamed into place (``replacing``)."""
    with replacing(target) as temporary:
        temporary.write_bytes(data)


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` (atomically, making the folder) unless ``path`` already holds it, keeping
    its time; return whether it wrote."""
    try:
        if path.read_text("utf-8") == text:
            return False
    except OSError:
        pass
    write_atomically(path, text.encode("utf-8"))
    return True


def site_url(config, path: str = "") -> str | None:
    """The absolute URL of ``path`` (relative to the output root) under ``html_baseurl``; None without one."""
    base = config.html_baseurl
    if not base:
        return None
    return base.rstrip("/") + "/" + path.lstrip("/")


def page_url(app, docname: str) -> str | None:
    """The canonical absolute URL of ``docname``; the root document's is the site root.

    The one URL of each page in its canonical link, og:url, the sitemap, structured data and
    feeds: ``…/index.html`` and ``…/`` serve the same home page, and only the root is what
    people type and link to.
    """
    if docname == app.config.root_doc:
        return site_url(app.config)
    return site_url(app.config, app.builder.get_target_uri(docname))


def plain_text(markup: str | None) -> str:
    """The text of a bit of HTML from the template context (a page title): no tags, no entities."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup or ""))


def config_location(app, name: str) -> str:
    """ "<confdir>/conf.py:<line>": where the setting ``name`` is written (line 1 when it is not)."""
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        lines = []
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*[+:]?=")
    line = next((number for number, text in enumerate(lines, 1) if pattern.match(text)), 1)
    return f"{path}:{line}"


def package_file(spec: str, confdir: str | Path) -> Path | None:
    """A file named in the configuration: relative to the configuration directory, or
    ``<package>/<path in package>`` inside an installed package (fonts from PyPI); None if neither."""
    local = Path(confdir, spec)
    if local.is_file():
        return local
    package, _, inner = spec.partition("/")
    try:
        candidate = importlib.resources.files(package).joinpath(inner)
    except (ModuleNotFoundError, TypeError, ValueError):
        return None
    return Path(str(candidate)) if candidate.is_file() else None


def metadata(module_name: str, *, parallel_write_safe: bool = True) -> dict[str, Any]:
    """The dictionary an extension's ``setup()`` returns."""
    return {
        "version": __version__,
        "env_version": code_version(module_name),
        "parallel_read_safe": True,
        "parallel_write_safe": parallel_write_safe,
    }


class DocumentStateCollector(EnvironmentCollector):
    """Build state kept per document in ``env.<attribute>``: ``{docname: value}``.

    Pickled with the environment, so unchanged documents keep their state
    between builds; cleared when a document is re-read or removed; merged back
    from the processes of a parallel read.
    """

    attribute: ClassVar[str]

    @classmethod
    def state(cls, env: BuildEnvironment) -> dict[str, Any]:
        if not hasattr(env, cls.attribute):
            setattr(env, cls.attribute, {})
        return getattr(env, cls.attribute)

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.state(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment) -> None:
        mine, theirs = self.state(env), self.state(other)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]
