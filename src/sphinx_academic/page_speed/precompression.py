"""Write gzip and Brotli copies next to every text file of the build.

Read the Docs compresses on the fly; other hosts (nginx ``gzip_static`` and
``brotli_static``, Caddy ``precompressed``, the benchmark's server) serve
``page.html.gz`` / ``page.html.br`` when present, compressed once at build
time instead of per request. Deterministic: the gzip header carries
no name and no time, so the same build gives the same bytes. A copy is only
written when it is smaller than the file, and removed with the file.

Incremental: a manifest beside the doctrees records each file's digest and the
copies made of it, so a rebuild compresses only the files whose bytes changed
(a thousand pages take seconds to compress; most of them do not change).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import deflate
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from .._extension import code_version, metadata
from .build_output import connect_step, known_digests, logger, output_files, read_record, write_record

PRIORITY = 990  # last: after every step and extension that writes files
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".atom", ".rss"})
MIN_BYTES = 256  # below this, a compressed response is no smaller once headers are counted


def gzip_bytes(data: bytes) -> bytes:
    # libdeflate's gzip (no name, no time in its header): at level 6 it took half zlib's time on
    # this site's pages and wrote 3 % fewer bytes; -9 is 1 % smaller and takes three fifths longer.
    # It releases the GIL, as zlib does, so the threads below compress side by side.
    return deflate.gzip_compress(data, 6)


def brotli_bytes(data: bytes) -> bytes:
    # Quality 5: 8 % smaller than gzip at the same speed; 11 saves 8 % more
    # but takes 50 times as long, a second a build.
    return brotli.compress(data, quality=5)


ENCODERS = {".gz": gzip_bytes, ".br": brotli_bytes}


def precompress(path: Path, suffixes=tuple(ENCODERS)) -> int:
    """Write the compressed copies of one file; returns how many were written."""
    return len(compressed_copies(path, suffixes, path.read_bytes()))


def compressed_copies(path: Path, suffixes, data: bytes) -> list[str]:
    """Write the compressed copies of a file's bytes worth having; returns their suffixes."""
    written = []
    for suffix in suffixes:
        target = path.with_name(path.name + suffix)
        packed = ENCODERS[suffix](data)
        if len(data) >= MIN_BYTES and len(packed) < len(data):
            target.write_bytes(packed)
            written.append(suffix)
        else:
            target.unlink(missing_ok=True)
    return written


MANIFEST = "page-speed-precompressed.json"  # in the doctree folder: not part of the site


def precompress_build(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    found = output_files(outdir)
    files = [p for p in found if p.suffix.lower() in TEXT_SUFFIXES and p.is_file()]
    formats = tuple(app.config.speed_precompress_formats)
    manifest = Path(app.doctreedir, MANIFEST)
    version = [code_version(__name__), *formats]  # other encoders or formats: compress everything again
    previous = read_record(manifest, version)

    known = known_digests(app)

    def copy(path: Path) -> tuple[str, list[str], bool]:
        digest = known.digest(path)
        done = previous.get(path.relative_to(outdir).as_posix())
        if done and done[0] == digest and all(path.with_name(path.name + s).is_file() for s in done[1]):
            return digest, done[1], False  # as the last build left it
        return digest, compressed_copies(path, formats, path.read_bytes()), True

    # zlib and brotli release the GIL while they compress: threads use every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(copy, files))
    changed = [copies for _, copies, compressed in results if compressed]
    logger.info(
        "speed: wrote %d precompressed copies of %d changed text files (%d unchanged)",
        sum(map(len, changed)),
        len(changed),
        len(files) - len(changed),
    )
    remove_orphaned_copies(outdir, found)
    records = {
        path.relative_to(outdir).as_posix(): [digest, copies]
        for path, (digest, copies, _) in zip(files, results, strict=True)
    }
    write_record(manifest, version, records)


def remove_orphaned_copies(outdir: Path, found: list[Path] | None = None) -> None:
    """Copies whose file is gone (a page removed since the last build) go too.

    ``found``: the output's files (``output_files``), if listed already."""
    found = output_files(outdir) if found is None else found
    present = set(found)
    for copy in found:
        source = copy.with_suffix("")
        if copy.suffix in ENCODERS and source.suffix.lower() in TEXT_SUFFIXES and source not in present:
            copy.unlink(missing_ok=True)


def check_formats(app: Sphinx, config) -> None:
    unknown = set(config.speed_precompress_formats) - set(ENCODERS)
    if unknown:
        raise ConfigError(f"speed_precompress_formats: unknown {sorted(unknown)}; use {sorted(ENCODERS)}")


def setup(app: Sphinx) -> dict:
    connect_step(app, "speed_precompress", "Write .gz and .br copies of the text files.", PRIORITY, precompress_build)
    app.add_config_value(
        "speed_precompress_formats",
        [".gz", ".br"],
        "html",
        types=frozenset({list, tuple}),
        description="Compressed copies to write: '.gz' and/or '.br'.",
    )
    app.connect("config-inited", check_formats)
    return metadata(__name__)
