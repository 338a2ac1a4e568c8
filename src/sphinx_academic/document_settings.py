"""Docutils' settings made once per build, and each document read given a copy of them.

Sphinx 9.0 makes the settings anew for every document it reads: its
``_parse_str_to_doctree`` calls ``sphinx.util.docutils._get_settings``, which builds
docutils' ``OptionParser`` (every option of the reader, the parser and docutils
itself, some eighty) and looks for ``docutils.conf`` files, about a millisecond
each time: a second of a clean build of a thousand paper pages, a sixth of what
reading one costs. Sphinx 8 made them once per source parser (its cached
``Publisher``) and gave each document a copy; this does the same: while a build
runs, the settings for the same components, defaults and reading of
configuration files are made once, and each call gets a shallow copy (as
Sphinx's own ``write_doctree`` makes before it changes a document's settings).
Each build makes its own, so a changed ``docutils.conf`` counts from the next build.

Why a wrapper around a private function: Sphinx has no setting or hook for this.
Without that function (another Sphinx), nothing is changed.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import sphinx.util.docutils as sphinx_docutils
from sphinx.application import Sphinx

from ._extension import metadata

#: How many sets of settings are kept (Sphinx asks for one per source parser).
KEPT = 8

#: What docutils' OptionParser reads of each component (docutils.SettingsSpec).
SPEC_ATTRIBUTES = (
    "settings_spec",
    "settings_defaults",
    "settings_default_overrides",
    "relative_path_settings",
    "config_section",
    "config_section_dependencies",
)


def component_key(component) -> tuple:
    """A component as the OptionParser sees it: its class and what it reads of it (Sphinx
    passes a new parser object for each document, whose settings are its class's)."""
    kind = component if isinstance(component, type) else type(component)
    return (kind, *(getattr(component, name, None) for name in SPEC_ATTRIBUTES))


class SettingsCache:
    """``_get_settings`` for one build: each distinct call answered once, then with copies."""

    def __init__(self, get_settings) -> None:
        self.get_settings = get_settings
        self.made: list[tuple[tuple, bool, dict[str, Any], Any]] = []  # components, read, defaults, settings
        self.calls = 0

    def __call__(self, *components, defaults: Mapping[str, Any], read_config_files: bool = False):
        self.calls += 1
        key = tuple(component_key(component) for component in components)
        for made_key, made_reading, made_defaults, settings in self.made:
            if made_key == key and made_reading == read_config_files and made_defaults == defaults:
                return copy.copy(settings)
        settings = self.get_settings(*components, defaults=defaults, read_config_files=read_config_files)
        self.made.append((key, read_config_files, dict(defaults), settings))
        del self.made[:-KEPT]  # were the defaults to change with every document, a few are looked at
        return copy.copy(settings)


def start_cache(app: Sphinx) -> None:
    """builder-inited: the build's documents are read with settings made once."""
    current = getattr(sphinx_docutils, "_get_settings", None)
    if current is None:
        return
    original = current.get_settings if isinstance(current, SettingsCache) else current
    sphinx_docutils._get_settings = SettingsCache(original)


def end_cache(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: Sphinx's own function again (a process may run other builds)."""
    current = getattr(sphinx_docutils, "_get_settings", None)
    if isinstance(current, SettingsCache):
        sphinx_docutils._get_settings = current.get_settings


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", start_cache)
    app.connect("build-finished", end_cache, priority=1000)
    return metadata(__name__)
