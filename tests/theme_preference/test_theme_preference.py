"""Unit tests of sphinx_academic.theme_preference: the inline script that resolves "auto" early.
(The browser test test_first_visit_follows_the_system_preference_without_a_flash checks
the effect in Chromium.)"""

from __future__ import annotations

from sphinx_academic import theme_preference


class RecordingApp:
    def __init__(self):
        self.js_files = []

    def add_js_file(self, filename, **attributes):
        self.js_files.append((filename, attributes))


def test_adds_one_inline_script_before_sphinx_scripts():
    app = RecordingApp()
    metadata = theme_preference.setup(app)
    [(filename, attributes)] = app.js_files
    assert filename is None, "the script must be inline: a post-build step may defer <script src>"
    assert attributes["body"] == theme_preference.RESOLVE_AUTO_MODE
    assert attributes["priority"] < 200, "it must come before Sphinx's own scripts (priority 200)"
    assert metadata["parallel_read_safe"] and metadata["parallel_write_safe"]


def test_script_resolves_auto_from_the_system_preference_only():
    script = theme_preference.RESOLVE_AUTO_MODE
    assert "prefers-color-scheme: dark" in script
    assert '"auto"' in script, "an explicit light or dark choice must be left alone"
    assert "localStorage" not in script, "the theme's own script reads the stored choice"
