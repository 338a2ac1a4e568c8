"""Draw preview cards in a worker process, beside the build (``sphinx_academic.social_card``).

Why a process: a card costs about 5 ms of CPU (stamping its words, most of them
drawn already for earlier cards, then the PNG encoding), and Pillow holds the GIL
while it draws, so a thread would not run beside Sphinx; a process does, on the
machine's other core, while Sphinx reads the pages. A site with a thousand pages
spends 5–7 s of that core on them. A site of few pages draws them in the build
process (starting the worker costs more than its cards; :data:`MIN_PAGES`).

The worker is this module run with ``python -m`` (the package found where this
file is, whatever the current folder): it reads pickled jobs from its standard
input until the input ends, draws each card into its file, and reports the
cards it could not draw on its standard error, which the build turns into
warnings. Jobs stream while pages are read and written, through a queue and a
thread of their own that writes them to the pipe: the worker draws more slowly
than Sphinx reads pages, and a full pipe would hold up the build. The build waits
for the last card in ``build-finished``. A job is the card's file, what it shows and the
digest the file is to carry, so a card is the same bytes whoever draws it. In a
forked process of a parallel build (``-j``), which has its own share of the
pages to write, cards are drawn where they are asked for.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

#: Sites with fewer documents draw their cards in the build process.
MIN_PAGES = 100


class CardWorker:
    """A worker process drawing the cards sent to it, in order."""

    def __init__(self) -> None:
        self.owner = os.getpid()  # a forked copy of the build must not write into the same pipe
        package_parent = str(Path(__file__).resolve().parent.parent)
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": package_parent + (os.pathsep + path if path else "")}
        # Its errors go to a file: a full stderr pipe would block the worker while the build
        # blocks writing it jobs.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115  (closed by finish or stop)
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self.errors,
            env=env,
        )
        self.sent = 0
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.unsent: list[tuple] = []  # jobs the worker never got (it ended): the build draws them
        self.sender = threading.Thread(target=self._send_jobs, name="card jobs", daemon=True)
        self.sender.start()

    def usable(self) -> bool:
        """Whether this process may send jobs (not a fork of the build, and the worker still runs)."""
        return os.getpid() == self.owner and not self.unsent and self.sender.is_alive()

    def draw(self, target: Path, inputs: dict, regular: Path, bold: Path, digest: str) -> None:
        """Queue one card (sent to the worker by the sender thread)."""
        self.jobs.put((str(target), inputs, str(regular), str(bold), digest))
        self.sent += 1

    def _end_jobs(self) -> None:
        """No more jobs: the sender sends what it has, closes the pipe and ends."""
        self.jobs.put(None)
        self.sender.join()

    def _send_jobs(self) -> None:
        stdin = self.process.stdin
        while (job := self.jobs.get()) is not None:
            try:
                pickle.dump(job, stdin)
                stdin.flush()
            except (BrokenPipeError, OSError, ValueError):  # the worker is gone
                self.unsent.append(job)
                while (job := self.jobs.get()) is not None:
                    self.unsent.append(job)
                break
        with contextlib.suppress(BrokenPipeError, OSError):
            stdin.close()

    def finish(self) -> tuple[list[str], list[tuple]]:
        """Wait for the last card: the worker's complaints, one per line (none if all went well),
        and the jobs it never got, as ``draw`` was given them."""
        self._end_jobs()
        code = self.process.wait()
        self.errors.seek(0)
        complaints = self.errors.read().decode("utf-8", errors="replace").splitlines()
        self.errors.close()
        if code != 0 and not complaints and not self.unsent:
            complaints = [f"the card worker ended with status {code}"]
        return complaints, self.unsent

    def stop(self) -> None:
        """End the worker without waiting for its cards (the build failed)."""
        if self.process.poll() is None:
            self.process.kill()
        self._end_jobs()
        self.process.wait()
        self.errors.close()


def serve() -> int:
    """The worker: draw each job until the input ends; a card that fails is one line on stderr."""
    from sphinx_academic.social_card import card_fonts, draw_card_file

    failed = 0
    jobs = sys.stdin.buffer
    while True:
        try:
            target, inputs, regular, bold, digest = pickle.load(jobs)
        except EOFError:
            break
        try:
            draw_card_file(Path(target), inputs, card_fonts(Path(regular), Path(bold)), digest)
        except Exception as error:  # reported by the build, naming the card
            failed += 1
            print(f"{target}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(serve())
