"""sphinx_academic.build_log (and social_card's quiet set-up of sphinxext-opengraph): a build
prints none of the three lines that said nothing actionable, and still reports a real change."""

from __future__ import annotations

import shutil
import subprocess
import sys

NOISE = ("matplotlib is not installed", "MdParserConfig(", "The configuration has changed")


def sphinx_build(src, out, *options) -> str:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "--no-color",
            "-W",
            "--keep-going",
            "-b",
            "html",
            *options,
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0 and not run.stderr.strip(), run.stderr
    return run.stdout


def test_clean_and_incremental_builds_print_no_noise_but_real_changes_show(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-site", src)
    out = tmp_path / "html"
    logs = [sphinx_build(src, out), sphinx_build(src, out)]  # clean, then incremental
    assert "loading pickled environment" in logs[1]  # the second build really was incremental
    for log in logs:
        assert "build succeeded" in log
        for line in NOISE:
            assert line not in log, f"the build printed {line!r}:\n{log}"
    changed = sphinx_build(src, out, "-D", "html_title=Another title")
    assert "The configuration has changed (2 options: 'html_short_title', 'html_title')" in changed
