"""What every extension of the package shares: its metadata, and per-document build state.

``metadata(__name__)`` is what each ``setup()`` returns. Its ``env_version``
is derived from the extension's own source files, so a changed extension
invalidates the pickled environment by itself (Sphinx then re-reads every
document) instead of reusing build data its new code would not have written.

``DocumentStateCollector`` is the one implementation of ``clear_doc`` and
``merge_other`` for build state kept per document: an extension subclasses it,
names the ``env`` attribute that holds ``{docname: value}``, and fills it in
``process_doc``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from collections.abc import Iterable
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


@functools.cache
def code_version(module_name: str) -> int:
    """A number that changes whenever the extension's source files change."""
    digest = hashlib.sha256()
    root = Path(importlib.util.find_spec(module_name).origin).parent
    for path in source_files(module_name):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return int(digest.hexdigest()[:12], 16) or 1  # Sphinx ignores an env_version of 0


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
