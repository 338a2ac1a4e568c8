"""Keep the build's long-lived state out of the cyclic garbage collector's way.

Python's collector walks every tracked object of the oldest generation in each
full collection. A rebuild starts by loading the pickled environment (a site of
a thousand papers: some million objects that live until the build ends), and a
full collection then costs a tenth of a second; a rebuild runs a dozen of them,
about a sixth of its time. The objects alive once the environment is loaded
(``builder-inited``) and once every document is read (``env-updated``, after a
collection of its own when many were, so that no garbage is kept) are moved out of the
collector's reach with :func:`gc.freeze`, and moved back when the build ends:
nothing is kept from being freed for longer than the build, and a process
that runs many builds (a test suite) frees each one's state as before.

Loading the pickled environment makes those objects and no garbage, and the collector
walks the growing heap a few times while it does: it is off from ``config-inited``,
just before Sphinx loads the environment, to the first ``builder-inited`` handler.

While the build runs, the collector also waits for more new objects before it runs
(:data:`BUILD_THRESHOLDS`): reading a page of a thousand entries makes hundreds of
thousands of objects, nearly all of which live on, and Python's default (a collection
every 700 allocations, a full one every 100 collections) walked them over and over:
about a tenth of the build's time, as much in a clean build as in a rebuild. The
thresholds the process had are set back when the build ends.

And the process does not walk its heap once more when it exits (:func:`at_exit_skip_collection`):
Python's last collection, as it shuts down, frees nothing the operating system would not
reclaim at once, and took half a second after a rebuild of a thousand-entry site.

Why here and not in Sphinx: Sphinx leaves the collector alone; its parallel
builds (``-j``) fork, where freezing also spares the children's copies of
memory, which is why ``page_speed.build_output.PageShards`` does the same
around its forks.
"""

from __future__ import annotations

import atexit
import functools
import gc

from sphinx.application import Sphinx

from ._extension import metadata

#: The collector's thresholds during a build: a young collection every 20,000 allocations
#: (5 ms, as it walks them), a middle one every 20, a full one every 400 (and no sooner than
#: Python's own rule lets it, when a quarter of the old objects are new).
BUILD_THRESHOLDS = (20_000, 20, 20)
#: The thresholds each build found, set back when it ends.
_BEFORE: dict[int, tuple[int, int, int]] = {}


def pause_while_loading(app: Sphinx, config) -> None:
    gc.disable()


def resume(app: Sphinx) -> None:
    _BEFORE.setdefault(id(app), gc.get_threshold())
    gc.set_threshold(*BUILD_THRESHOLDS)
    gc.enable()


def freeze_loaded_state(app: Sphinx) -> None:
    gc.freeze()


#: From this many documents read, a full collection runs before what reading made is frozen.
#: A clean build's reading leaves each document's parse behind (cycles of nodes); a rebuild
#: that read a few leaves little, and a full collection would walk every object made since
#: the environment was loaded to find it (most of half a second at a thousand papers).
COLLECT_AFTER = 50
_READ_COUNT: dict[int, int] = {}


def count_reading(app: Sphinx, env, docnames: list[str]) -> None:
    _READ_COUNT[id(app)] = len(docnames)


def freeze_read_state(app: Sphinx, env) -> list[str]:
    if _READ_COUNT.pop(id(app), COLLECT_AFTER) >= COLLECT_AFTER:
        gc.collect()
    gc.freeze()
    return []


def unfreeze(app: Sphinx, exception: Exception | None) -> None:
    gc.unfreeze()
    gc.set_threshold(*_BEFORE.pop(id(app), gc.get_threshold()))


@functools.cache  # once per process
def at_exit_skip_collection() -> None:
    """When the process exits, everything alive is frozen first: the collection Python runs as
    it shuts down leaves frozen objects alone (after every atexit function registered later,
    since they run last in, first out)."""
    atexit.register(gc.freeze)


def setup(app: Sphinx) -> dict:
    at_exit_skip_collection()
    # Last at each point: after the other extensions have loaded and made what they keep.
    app.connect("config-inited", pause_while_loading, priority=1000)
    app.connect("builder-inited", resume, priority=0)  # first: the others' handlers make garbage
    app.connect("builder-inited", freeze_loaded_state, priority=1000)
    app.connect("env-before-read-docs", count_reading, priority=1000)  # after the others changed the list
    app.connect("env-updated", freeze_read_state, priority=1000)
    app.connect("build-finished", unfreeze, priority=1000)
    return metadata(__name__)
