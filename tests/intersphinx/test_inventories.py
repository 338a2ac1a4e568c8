"""Links into other projects' docs go through intersphinx, from local snapshots (no network), and a
link to a page missing from a snapshot fails the build."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, build_app, copy_root, read_inventory, site_configuration


def test_every_inventory_is_a_local_snapshot_in_the_repository():
    mapping = site_configuration()["intersphinx_mapping"]
    assert "mooncake" in mapping
    for name, (url, snapshot) in mapping.items():
        assert url.startswith("https://"), name
        assert isinstance(snapshot, str) and not snapshot.startswith("http"), f"{name}: fetched at build time"
        path = ROOT / snapshot
        assert path.is_file() and path.parent.name == "_inventories", path
        inventory = read_inventory(path, url)
        assert len(inventory["std:doc"]) > 50, name


PAGE = "# Links\n\nThe design: {external+mooncake:doc}`design/store/mooncake-store`. Gone: {external+mooncake:doc}`design/mooncake-store`.\n"


def test_a_link_to_a_page_the_inventory_lacks_fails_the_build(make_app, tmp_path):
    src = copy_root("site", tmp_path / "src", {"extra.md": '---\ndescription: "' + "x" * 60 + '"\n---\n' + PAGE})
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'extensions.append("sphinx.ext.intersphinx")\n', "utf-8")
    mapping = {"mooncake": ("https://kvcache-ai.github.io/Mooncake/", str(ROOT / "_inventories/mooncake.inv"))}
    app = build_app(make_app, src, confoverrides={"intersphinx_mapping": mapping})
    warnings = app.warning.getvalue()
    assert "extra.md:6: WARNING: external std:doc reference target not found: design/mooncake-store" in warnings
    page = (Path(app.outdir) / "extra.html").read_text("utf-8")
    assert 'href="https://kvcache-ai.github.io/Mooncake/design/store/mooncake-store.html"' in page
