"""Other projects link into the site: a separate Sphinx project (tests/roots/test-project-docs)
maps the built site's objects.inv and resolves a paper, a project page and a CV section."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.conftest import build_app, copy_root

BASE = "https://qinruoyu.com/"


def test_a_project_resolves_links_to_a_paper_a_project_and_the_cv_awards(site, make_app, tmp_path):
    src = copy_root("project-docs", tmp_path / "src")
    mapping = {"qin": (BASE, str(site / "objects.inv"))}
    app = build_app(make_app, src, confoverrides={"intersphinx_mapping": mapping})
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    links = [(a.get_text(), a["href"]) for a in page.select("a.reference.external")]
    assert links == [
        (
            "Mooncake: Trading More Storage for Less Computation — A KVCache-centric Architecture for Serving LLM Chatbot",
            BASE + "publications/qin2025mooncake.html#qin2025mooncake",
        ),
        ("Mooncake Store", BASE + "projects/mooncake-store.html#project-mooncake-store"),
        ("Mooncake Store", BASE + "projects/mooncake-store.html"),
        ("Awards and Honors", BASE + "cv/index.html#cv-awards"),
    ]
