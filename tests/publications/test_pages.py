"""pages.py: paper-page stubs are written only when their entry changed, and cleaned up."""

import os

from sphinx_academic.publications.bibliography import load
from sphinx_academic.publications.pages import STUB_MARK, write_stubs


def bib(tmp_path, *titles, keys=None):
    keys = keys or [f"k{i}" for i in range(len(titles))]
    path = tmp_path / "refs.bib"
    path.write_text(
        "".join(
            f"@misc{{{k}, author = {{A}}, title = {{{t}}}, year = {{2020}}}}\n"
            for k, t in zip(keys, titles, strict=True)
        ),
        "utf-8",
    )
    return load(path, "refs.bib")


def test_stub_holds_the_directive_and_digest(tmp_path):
    b = bib(tmp_path, "One")
    assert write_stubs(tmp_path, "publications", b, [".rst", ".md"]) == (1, [])
    text = (tmp_path / "publications/k0.rst").read_text()
    assert text.startswith(STUB_MARK + "refs.bib")
    assert f"digest: {b.entries['k0'].digest}" in text
    assert ":orphan:" in text and ".. paper:: k0" in text


def test_only_changed_entries_are_rewritten(tmp_path):
    write_stubs(tmp_path, "publications", bib(tmp_path, "One", "Two"), [".rst"])
    for stub in (tmp_path / "publications").glob("*.rst"):
        os.utime(stub, (1_000_000, 1_000_000))
    assert write_stubs(tmp_path, "publications", bib(tmp_path, "One", "Two changed"), [".rst"]) == (1, [])
    assert (tmp_path / "publications/k0.rst").stat().st_mtime == 1_000_000
    assert (tmp_path / "publications/k1.rst").stat().st_mtime != 1_000_000


def test_stale_stubs_are_removed_but_not_other_files(tmp_path):
    write_stubs(tmp_path, "publications", bib(tmp_path, "One", "Two"), [".rst"])
    own = tmp_path / "publications/handwritten.rst"
    own.write_text("Hand-written\n============\n")
    write_stubs(tmp_path, "publications", bib(tmp_path, "One"), [".rst"])
    assert sorted(p.name for p in (tmp_path / "publications").iterdir()) == ["handwritten.rst", "k0.rst"]


def test_a_key_may_not_replace_a_written_page(tmp_path):
    (tmp_path / "publications").mkdir()
    (tmp_path / "publications/index.md").write_text("# Publications\n")
    written, [problem] = write_stubs(
        tmp_path, "publications", bib(tmp_path, "X", "Y", keys=["index", "ok"]), [".rst", ".md"]
    )
    assert (written, problem.location, problem.key) == (1, "refs.bib:1", "index")
    assert problem.message.startswith("its paper page would replace publications/index.md")
    assert not (tmp_path / "publications/index.rst").exists() and (tmp_path / "publications/ok.rst").exists()


def test_reserved_page_name(tmp_path):
    written, [problem] = write_stubs(tmp_path, "publications", bib(tmp_path, "X", keys=["Publications"]), [".rst"])
    assert written == 0 and problem.key == "Publications"
    assert problem.message.startswith("the page name 'publications' is reserved")
