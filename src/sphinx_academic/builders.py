"""Stop at once, in one line, when the site is built with a builder it does not support.

The site is made for the web: its extensions write HTML pages, meta tags,
feeds, a sitemap and downloads. With ``singlehtml`` or ``latex`` Sphinx would
"succeed" with broken output (links into pages that do not exist, entries run
together), and ``epub`` fails under ``-W``. Rather than write broken output,
the build ends before reading anything, naming the builders that work.
``gettext`` writes no site: it extracts the pages' messages into the
translation templates (``make update-po``).

Config:
    supported_builders: builder names (default: html, dirhtml, linkcheck,
    which checks the external links of the same pages, and gettext, which
    extracts their messages for translation).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from ._extension import metadata

logger = logging.getLogger(__name__)

DEFAULT_BUILDERS = ("html", "dirhtml", "linkcheck", "gettext")


def check_builder(app: Sphinx) -> None:
    supported = tuple(app.config.supported_builders)
    if app.builder.name not in supported:
        logger.error(
            "this site cannot be built with the %r builder; use one of: %s",
            app.builder.name,
            ", ".join(supported),
        )
        # Not an exception: Sphinx reports any exception as a crash, with a traceback.
        raise SystemExit(2)


def setup(app: Sphinx) -> dict:
    app.add_config_value("supported_builders", DEFAULT_BUILDERS, "", types=frozenset({list, tuple}))
    # Before any other extension's builder-inited handler does work for that builder.
    app.connect("builder-inited", check_builder, priority=1)
    return metadata(__name__)
