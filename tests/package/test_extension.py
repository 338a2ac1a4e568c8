"""sphinx_academic._extension: every extension of the package declares its metadata the same
way, and a change to an extension's code discards the build data its old code wrote."""

from __future__ import annotations

import importlib
import shutil

import pytest

from sphinx_academic import _extension
from tests.conftest import ROOT, site_configuration


def site_extensions() -> list[str]:
    return [name for name in site_configuration()["extensions"] if name.startswith("sphinx_academic.")]


def test_the_site_uses_the_package_extensions():
    assert len(site_extensions()) >= 10


@pytest.mark.parametrize("name", site_extensions())
def test_each_extension_declares_its_code_version_and_parallel_safety(name, make_app, tmp_path):
    module = importlib.import_module(name)
    (tmp_path / "conf.py").write_text("", "utf-8")  # a Sphinx with no extension, to set this one up on
    app = make_app("html", srcdir=tmp_path, builddir=tmp_path / "_build")
    try:
        declared = module.setup(app)
    finally:
        app.cleanup()
    assert declared["env_version"] == _extension.code_version(name)
    assert declared["parallel_read_safe"] is True and declared["parallel_write_safe"] is True


def test_the_version_follows_every_file_of_the_extension(tmp_path):
    files = [tmp_path / "a.py", tmp_path / "static" / "b.css"]
    files[1].parent.mkdir()
    for path in files:
        path.write_text("x", "utf-8")
    first = _extension.files_version(tmp_path, files)
    assert first == _extension.files_version(tmp_path, files)
    files[1].write_text("y", "utf-8")
    assert _extension.files_version(tmp_path, files) != first
    files[1].write_text("x", "utf-8")
    files[0].rename(tmp_path / "c.py")
    assert _extension.files_version(tmp_path, [tmp_path / "c.py", files[1]]) != first


def test_a_package_extension_is_all_its_files():
    files = _extension.source_files("sphinx_academic.publications")
    names = {path.name for path in files}
    assert {"__init__.py", "model.py", "publications.js", "publications.css"} <= names
    assert _extension.source_files("sphinx_academic.news") == [ROOT / "src/sphinx_academic/news.py"]


def test_changed_extension_code_discards_the_saved_environment(make_app, rootdir, tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-site", src)

    def build():
        app = make_app("html", srcdir=src, builddir=tmp_path / "build")
        try:
            app.build()
        finally:
            app.cleanup()
        return app.status.getvalue()

    build()
    assert "0 added, 0 changed" in build()  # unchanged code: the saved environment is used
    real = _extension.code_version
    monkeypatch.setattr(_extension, "code_version", lambda name: real(name) + (name == "sphinx_academic.news"))
    status = build()
    assert "build environment version not current" in status and "8 added" in status


def test_a_file_is_rewritten_only_when_its_text_changes_and_always_whole(tmp_path, monkeypatch):
    path = tmp_path / "new" / "folder" / "stub.rst"
    assert _extension.write_if_changed(path, "one") is True
    assert path.read_text("utf-8") == "one" and path.stat().st_mode & 0o777 == _extension.PUBLIC
    stamp = path.stat().st_mtime_ns
    assert _extension.write_if_changed(path, "one") is False
    assert path.stat().st_mtime_ns == stamp, "the unchanged file keeps its time"
    assert _extension.write_if_changed(path, "two") is True and path.read_text("utf-8") == "two"

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(_extension.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        _extension.write_if_changed(path, "three")
    assert path.read_text("utf-8") == "two", "a write that fails leaves the old file"
    assert sorted(p.name for p in path.parent.iterdir()) == ["stub.rst"], "and no temporary file"
