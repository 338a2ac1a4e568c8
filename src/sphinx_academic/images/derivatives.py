"""Derivatives: the files made from a source image, named by their content, encoded once and cached.

A :class:`Derivative` is a source and a recipe (resize to a width; copy an
SVG; a recipe of another extension, such as the social card's fitted
preview). Its file name holds the source's stem, the recipe's label and a
hash of everything that decides its bytes (the source's digest, the recipe,
the code of this module and of the recipe's, Pillow's version), so that:

* a name never changes meaning: a cached file is reused without looking
  inside it, and a browser may cache it for ever;
* a changed source, recipe or encoder gives a new name, hence a new encode.

:class:`Encoder` encodes in one worker thread, started with the first
request (while Sphinx still reads documents) and joined at the end of the
build: Pillow releases the GIL while it decodes, resizes and encodes, so the
work runs on the second core while Sphinx writes pages. Each file is written
to a temporary name and renamed into place, so an interrupted or failed
encode leaves nothing half-written, in the cache or in the output.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

import PIL
from PIL import Image, ImageCms, ImageOps

from .._extension import code_version, replacing, write_atomically
from .sources import Source

#: WebP's effort (0-6): 2 makes files 2-3 % larger than libwebp's default (4), in half the time or less.
WEBP_METHOD = 2
SRGB = ImageCms.createProfile("sRGB")


class Recipe(Protocol):
    """How to make one derivative from a decoded source image (a frozen dataclass: hashable, picklable)."""

    suffix: ClassVar[str]  #: the file's suffix, with its dot
    media_type: ClassVar[str]

    @property
    def label(self) -> str:
        """A readable part of the file name: "960w", "card"."""

    def base_width(self) -> int:
        """How wide the image it starts from should be (no wider than the source)."""

    def make(self, image: Image.Image) -> Image.Image:
        """The derivative's pixels from an sRGB image ``base_width()`` wide (or the source, if smaller)."""

    def save(self, image: Image.Image, file: io.BufferedIOBase, icc_profile: bytes | None = None) -> None: ...


@dataclass(frozen=True)
class Resize:
    """The source scaled to ``width`` × ``height``, encoded as WebP or AVIF."""

    width: int
    height: int
    format: str = "webp"
    quality: int = 75
    method: int = WEBP_METHOD  # in the file's name: a new effort, a new file

    @property
    def suffix(self) -> str:  # type: ignore[override]
        return f".{self.format}"

    @property
    def media_type(self) -> str:  # type: ignore[override]
        return f"image/{self.format}"

    @property
    def label(self) -> str:
        return f"{self.width}w"

    def base_width(self) -> int:
        return self.width

    def make(self, image: Image.Image) -> Image.Image:
        if image.size == (self.width, self.height):
            return image
        # reducing_gap: from far larger images (thumbnails), a box reduction first, then Lanczos.
        return image.resize((self.width, self.height), Image.Resampling.LANCZOS, reducing_gap=2.0)

    def save(self, image: Image.Image, file: io.BufferedIOBase, icc_profile: bytes | None = None) -> None:
        extra = {"icc_profile": icc_profile} if icc_profile else {}
        if self.format == "webp":
            image.save(file, "WEBP", quality=self.quality, method=self.method, **extra)
        else:
            image.save(file, "AVIF", quality=self.quality, speed=8, **extra)


@dataclass(frozen=True)
class Verbatim:
    """The file as it is (an SVG, checked when it was inspected), under its content-addressed name."""

    suffix: ClassVar[str] = ".svg"
    media_type: ClassVar[str] = "image/svg+xml"
    label: ClassVar[str] = "svg"

    def base_width(self) -> int:
        return 0


@dataclass(frozen=True)
class Derivative:
    source: Source
    recipe: Recipe
    #: Made from the source's working image of this width (see plan.working_width), not from the source.
    via: int | None = None

    @property
    def name(self) -> str:
        """The file name in the output's ``_images/`` (and in the cache)."""
        code = f"{code_version(__name__)}:{code_version(type(self.recipe).__module__)}"
        key = "\0".join([code, PIL.__version__, self.source.digest, repr(self.recipe), str(self.via)])
        digest = hashlib.sha256(key.encode()).hexdigest()[:10]
        return f"{self.source.stem}-{self.recipe.label}-{digest}{self.recipe.suffix}"


@dataclass
class Decoded:
    """A source's pixels (upright, RGB or, with real transparency, RGBA) and how to make them sRGB."""

    image: Image.Image
    profile: bytes | None  #: its ICC profile, when it is not sRGB
    transform: ImageCms.ImageCmsTransform | None = None

    def to_srgb(self, image: Image.Image) -> Image.Image:
        if self.profile is None:
            return image
        if self.transform is None:
            source = ImageCms.ImageCmsProfile(io.BytesIO(self.profile))
            self.transform = ImageCms.buildTransform(source, SRGB, image.mode, image.mode)
        return ImageCms.applyTransform(image, self.transform)


def decode(path: Path) -> Decoded:
    with Image.open(path) as opened:
        image = ImageOps.exif_transpose(opened)
        image.load()
        profile = opened.info.get("icc_profile")
    transparent = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if transparent else "RGB")
    if transparent and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # an alpha channel with nothing in it: smaller files without it
    if profile:
        try:
            description = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
        except (ImageCms.PyCMSError, OSError):
            profile = None  # an unreadable profile: the pixels as they are
        else:
            profile = None if "srgb" in description.lower() else profile
    return Decoded(image, profile)


@dataclass
class Encoded:
    name: str
    seconds: float  #: CPU time of the worker thread for this file
    size: int


@dataclass
class Request:
    derivative: Derivative
    path: Path  #: the source file
    location: object  #: where the first document using it uses it (for a warning)
    future: Future | None = None  #: None: taken from the cache


class Encoder:
    """Encodes derivatives into ``cache`` in a worker thread; reuses those already there.

    Requests for one source are made together (a batch is whatever was
    requested before the worker got to it). A file names what it is made from
    (``Derivative.via``): the decoded source, or the source's working image
    (resized once to that width and converted to sRGB, then kept for the
    source's other files), so its bytes never depend on what else a build
    asked for (two clean builds are byte-identical). Colours are converted to
    sRGB, which browsers assume (a Display P3 screenshot keeps its colours),
    after resizing, where it costs least; a file at the source's full size
    carries the source's ICC profile instead.
    """

    def __init__(self, cache: Path):
        self.cache = cache
        self.requests: dict[str, Request] = {}
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._pending: dict[str, list[Request]] = {}  # by source digest, guarded by _lock
        # Touched by the worker thread only: decoded sources and their working images (several
        # batches for one source arrive as documents are read; decoding is a fifth of the work).
        self._decoded: OrderedDict[str, Decoded | Exception] = OrderedDict()
        self._working: dict[tuple[str, int], Image.Image] = {}

    def request(self, derivative: Derivative, path: Path, location: object = None) -> None:
        """Make sure ``derivative`` will be in the cache when :meth:`finish` returns."""
        name = derivative.name
        if name in self.requests:
            return
        request = Request(derivative, path, location)
        self.requests[name] = request
        if (self.cache / name).is_file():
            return
        request.future = Future()
        digest = derivative.source.digest
        with self._lock:
            if self._executor is None:
                self.cache.mkdir(parents=True, exist_ok=True)
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sphinx-images")
            batch_waiting = digest in self._pending
            self._pending.setdefault(digest, []).append(request)
            if not batch_waiting:
                self._executor.submit(self._make_batch, digest)

    def _make_batch(self, digest: str) -> None:
        with self._lock:
            batch = self._pending.pop(digest)
        for request in batch:
            started = time.thread_time()
            try:
                self._make(request)
            except Exception as error:  # reported by finish() with the location
                request.future.set_exception(error)
            else:
                size = (self.cache / request.derivative.name).stat().st_size
                request.future.set_result(Encoded(request.derivative.name, time.thread_time() - started, size))

    def _make(self, request: Request) -> None:
        derivative, target = request.derivative, self.cache / request.derivative.name
        recipe = derivative.recipe
        if isinstance(recipe, Verbatim):
            write_atomically(target, request.path.read_bytes())
            return
        decoded = self._source(derivative.source, request.path)
        source = decoded.image
        profile = None
        if derivative.via is not None:
            image = recipe.make(self._working_image(derivative.source.digest, decoded, derivative.via))
        elif isinstance(recipe, Resize) and (recipe.width, recipe.height) == source.size:
            image, profile = source, decoded.profile  # full size: no resampling, the profile kept
        elif isinstance(recipe, Resize):
            image = decoded.to_srgb(recipe.make(source))
        else:  # another extension's recipe: an sRGB image as wide as it asks
            image = recipe.make(self._working_image(derivative.source.digest, decoded, recipe.base_width()))
        buffer = io.BytesIO()
        recipe.save(image, buffer, icc_profile=profile)
        write_atomically(target, buffer.getvalue())

    def _working_image(self, digest: str, decoded: Decoded, width: int) -> Image.Image:
        """The source resized to ``width`` (at most its own) and converted to sRGB, made once."""
        width = min(width, decoded.image.width)
        if (digest, width) not in self._working:
            height = max(1, round(decoded.image.height * width / decoded.image.width))
            self._working[(digest, width)] = decoded.to_srgb(Resize(width, height).make(decoded.image))
        return self._working[(digest, width)]

    def _source(self, source: Source, path: Path) -> Decoded:
        if source.digest not in self._decoded:
            try:
                self._decoded[source.digest] = decode(path)
            except Exception as error:  # the file's other derivatives fail the same way, without decoding again
                self._decoded[source.digest] = error
            while len(self._decoded) > 2:
                gone, _ = self._decoded.popitem(last=False)
                self._working = {key: image for key, image in self._working.items() if key[0] != gone}
        found = self._decoded[source.digest]
        if isinstance(found, Exception):
            raise found
        return found

    def finish(self) -> tuple[list[Encoded], list[tuple[Request, BaseException]], int]:
        """Wait for the worker: (files encoded, failures, files taken from the cache)."""
        encoded, failed, reused = [], [], 0
        for request in self.requests.values():
            if request.future is None:
                reused += 1
                continue
            try:
                encoded.append(request.future.result())
            except Exception as error:  # reported as a warning by the caller, with the location
                failed.append((request, error))
        self._stop(cancel=False)
        return encoded, failed, reused

    def abandon(self) -> None:
        """Stop the worker without making what is queued (the build failed)."""
        with self._lock:
            self._pending.clear()
        self._stop(cancel=True)

    def _stop(self, cancel: bool) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=cancel)
            self._executor = None
        self._decoded.clear()
        self._working.clear()


def copy_atomically(source: Path, target: Path) -> None:
    with replacing(target) as temporary:
        shutil.copyfile(source, temporary)


def publish(cache: Path, names: Iterable[str], folder: Path) -> int:
    """Copy the named cache files into the output ``folder``, skipping those already there; return how many."""
    copied = 0
    for name in names:
        cached, target = cache / name, folder / name
        if not cached.is_file():
            continue  # its encode failed, and was reported
        # Names are content-addressed: a file of that name and size is that file.
        if target.is_file() and target.stat().st_size == cached.stat().st_size:
            continue
        copy_atomically(cached, target)
        copied += 1
    return copied
