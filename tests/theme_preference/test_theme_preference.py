"""Unit tests of sphinx_academic.theme_preference: the inline script that resolves "auto" early,
run in Node on the states the theme leaves. (The browser test
test_first_visit_follows_the_system_preference_without_a_flash checks the effect in Chromium.)"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from sphinx_academic import theme_preference


class RecordingApp:
    def __init__(self):
        self.js_files = []

    def add_js_file(self, filename, **attributes):
        self.js_files.append((filename, attributes))


def registered_script() -> str:
    """The inline script the extension adds to every page."""
    app = RecordingApp()
    metadata = theme_preference.setup(app)
    [(filename, attributes)] = app.js_files
    assert filename is None, "the script must be inline: a post-build step may defer <script src>"
    assert attributes["priority"] < 200, "it must come before Sphinx's own scripts (priority 200)"
    assert metadata["parallel_read_safe"] and metadata["parallel_write_safe"]
    return attributes["body"]


# Runs the script in Node once per case, on the <html> element as pydata-sphinx-theme's own
# inline <head> script leaves it (data-mode and data-theme: the stored choice, or "auto"),
# with the system's preference as matchMedia answers it; prints data-theme afterwards.
RUN_CASES = """
const [script, cases] = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(cases.map(([mode, systemDark]) => {
  const dataset = mode === null ? {} : {mode, theme: mode};
  const matchMedia = query => ({matches: query === "(prefers-color-scheme: dark)" && systemDark});
  new Function("document", "matchMedia", script)({documentElement: {dataset}}, matchMedia);
  return dataset.theme ?? null;
})));
"""
CASES = [
    # (stored choice or "auto", system in dark mode) -> data-theme the style sheets see
    (("auto", True), "dark"),
    (("auto", False), "light"),
    ((None, True), "dark"),  # no data-mode at all counts as "auto"
    ((None, False), "light"),
    (("light", True), "light"),  # an explicit choice is left alone
    (("dark", False), "dark"),
]


def test_script_resolves_auto_from_the_system_preference_only():
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is missing: it runs the theme script's test (make test installs vnu with npm, which needs it)"
        )
    run = subprocess.run(
        [node, "-e", RUN_CASES],
        input=json.dumps([registered_script(), [case for case, _ in CASES]]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [theme for _, theme in CASES]
    assert "localStorage" not in registered_script(), "the theme's own script reads the stored choice"
