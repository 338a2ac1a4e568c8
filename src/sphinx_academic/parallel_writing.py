"""Write the pages of a large site on every core, in a build that reads them serially.

Sphinx writes pages in forked processes only under ``-j N``, and then it reads
in processes too: each chunk of documents read sends the whole environment
back, pickled, to be merged. For a site whose environment holds a bibliography
(sphinxcontrib-bibtex's and the publications engine's), that costs more than
the processes save: a 1,000-entry site built with ``-j 2`` took longer than a
serial build. Writing in processes has no such cost: the forks inherit the
resolved doctrees, and send nothing back but their log.

So the HTML builders here write a site of many pages with Sphinx's own parallel
writer (``Builder._write_parallel``: the main process resolves each chunk of
documents and does the serialized part of writing, while forks translate and
render them), on every core this process may use, even in a serial build. Only
when Sphinx allows it under ``-j``: the platform forks, and every extension
declares ``parallel_write_safe``. A build given ``-j N`` is Sphinx's as usual.
A site of few pages, or a rebuild of a few, is written serially: forking costs
more than it saves.

Config:
    parallel_writing: False writes every page in this process (default True).
"""

from __future__ import annotations

from collections.abc import Set

from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.parallel import parallel_available

from ._extension import metadata, usable_cores

#: Fewer documents to write than this, and they are written in this process.
MIN_DOCUMENTS = 200


def writing_processes(app: Sphinx, documents: int) -> int:
    """How many forked processes should write ``documents`` pages (0: none, write them here)."""
    if (
        not parallel_available
        or app.parallel > 1  # -j: Sphinx's own parallel build
        or not app.config.parallel_writing
        or documents < MIN_DOCUMENTS
        or not all(getattr(extension, "parallel_write_safe", None) for extension in app.extensions.values())
    ):
        return 0
    cores = usable_cores()
    return cores if cores > 1 else 0


class WritesInParallel:
    """A mixin for Sphinx's HTML builders: :func:`writing_processes` forks write the pages."""

    def write_documents(self, docnames: Set[str]) -> None:
        processes = writing_processes(self._app, len(docnames))
        # Sphinx's own writer for -j (private: a Sphinx without it writes serially, as before).
        write_parallel = getattr(self, "_write_parallel", None)
        if processes and write_parallel is not None:
            write_parallel(sorted(docnames), nproc=processes)
        else:
            super().write_documents(docnames)


class HTMLBuilder(WritesInParallel, StandaloneHTMLBuilder):
    __doc__ = StandaloneHTMLBuilder.__doc__


class DirectoryBuilder(WritesInParallel, DirectoryHTMLBuilder):
    __doc__ = DirectoryHTMLBuilder.__doc__


def setup(app: Sphinx) -> dict:
    app.add_config_value(
        "parallel_writing",
        True,
        "",
        types=frozenset({bool}),
        description="Write the pages of a large site in forked processes, one per core.",
    )
    app.add_builder(HTMLBuilder, override=True)
    app.add_builder(DirectoryBuilder, override=True)
    return metadata(__name__)
