"""Keep the build's log to what its reader acts on.

A build of this site printed three lines every time that say nothing the
owner can act on; this extension removes exactly those, and nothing else:

* MyST-Parser logs its whole configuration object (``myst vX: MdParserConfig(...)``);
* Sphinx reports "The configuration has changed" on every incremental build,
  because Sphinx itself, the theme and sphinx-design change some settings in
  place while they start (the priority of ``html_css_files``, the theme's
  template path and logo options, static paths), so the settings saved with
  the last build never equal the ones read from ``conf.py``. The line is
  dropped only when every setting it names is one of those (a real change to
  any other setting is still reported), and Sphinx's own re-read decisions
  are not affected: they come from the settings' rebuild flags, not this line;
* jieba, the Chinese search's segmenter, logs four lines about loading its
  dictionary whenever a Chinese build starts writing (its own logger, at
  DEBUG level, to stderr): only its warnings and errors are kept;
* sphinxext-opengraph prints "matplotlib is not installed" on import: that
  one is handled where opengraph is set up (``sphinx_academic.social_card``).
"""

from __future__ import annotations

import logging
import re

from sphinx.application import Sphinx

from ._extension import metadata

#: Settings that the toolchain rewrites in place at start-up (see the module docstring).
MUTATED_AT_STARTUP = frozenset(
    {"html_css_files", "epub_css_files", "html_js_files", "html_static_path", "html_theme_options", "templates_path"}
)
_QUOTED = re.compile(r"'([^']+)'")


class NoiseFilter(logging.Filter):
    """Drops MyST's configuration dump and Sphinx's false "configuration has changed"."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        if "myst v" in message and any(type(arg).__name__ == "MdParserConfig" for arg in record.args or ()):
            return False
        if message.startswith("The configuration has changed"):
            names = set(_QUOTED.findall(record.getMessage()))
            return not (names and names <= MUTATED_AT_STARTUP and not message.endswith(", ...)"))
        return True


class BelowWarning(logging.Filter):
    """Drops a logger's DEBUG and INFO records."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


NOISE_FILTER = NoiseFilter()
QUIET_FILTER = BelowWarning()
#: Libraries that log their progress to stderr themselves; a filter on a logger stays when the
#: library, imported later, sets its level and handler.
CHATTY_LIBRARIES = ("jieba",)
#: The loggers those lines come from (Sphinx prefixes every logger's name with "sphinx.").
NOISY_LOGGERS = ("sphinx.myst_parser.sphinx_ext.main", "sphinx.sphinx.environment")


def setup(app: Sphinx) -> dict:
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if NOISE_FILTER not in logger.filters:
            logger.addFilter(NOISE_FILTER)
    for name in CHATTY_LIBRARIES:
        logger = logging.getLogger(name)
        if QUIET_FILTER not in logger.filters:
            logger.addFilter(QUIET_FILTER)
    return metadata(__name__)
