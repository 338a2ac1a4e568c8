"""Unit tests of sphinx_academic.person_jsonld."""

from __future__ import annotations

import json

import extruct
import pytest
from sphinx.errors import ConfigError

from sphinx_academic import person_jsonld
from tests.conftest import no_warnings


def test_node_adds_schema_header_and_id():
    node = person_jsonld.person_node({"name": "A. Tester", "jobTitle": "Tester"}, "https://example.org/site/")
    assert node == {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": "https://example.org/site/#person",
        "url": "https://example.org/site/",
        "name": "A. Tester",
        "jobTitle": "Tester",
    }


def test_name_is_required():
    with pytest.raises(ConfigError, match="'name' property is required"):
        person_jsonld.person_node({"jobTitle": "Tester"}, "https://example.org/")


def test_script_tag_cannot_be_closed_by_a_value():
    hostile = {"name": "</script><script>alert(1)</script><!-- & 秦"}
    tag = person_jsonld.script_tag(hostile)
    body = tag.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == hostile  # JSON readers still get the exact value
    [data] = extruct.extract(f"<html><head>{tag}</head></html>", syntaxes=["json-ld"])["json-ld"]
    assert data == hostile


def test_values_must_be_json():
    with pytest.raises(ConfigError, match="not JSON data"):
        person_jsonld.script_tag({"name": "A", "award": {1, 2}})


@pytest.mark.sphinx("html", testroot="person-jsonld")
def test_fixture_site_has_person_on_root_page_only(app):
    app.build()
    no_warnings(app)
    out = app.outdir
    [person] = extruct.extract((out / "index.html").read_text("utf-8"), syntaxes=["json-ld"])["json-ld"]
    assert person["@id"] == "https://example.org/site/#person" and person["alternateName"] == "测试"
    assert extruct.extract((out / "other.html").read_text("utf-8"), syntaxes=["json-ld"])["json-ld"] == []


@pytest.mark.sphinx("html", testroot="person-jsonld")
def test_profile_page_is_about_the_person_by_id(app):
    app.build()
    no_warnings(app)
    [page] = extruct.extract((app.outdir / "cv.html").read_text("utf-8"), syntaxes=["json-ld"])["json-ld"]
    assert page == {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "@id": "https://example.org/site/cv.html",
        "url": "https://example.org/site/cv.html",
        "name": "CV",  # the page title (page_metadata, not in this root, would add " — Fixture Site")
        "mainEntity": {"@type": "Person", "@id": "https://example.org/site/#person", "name": "A. Tester"},
    }


@pytest.mark.sphinx("html", testroot="person-jsonld", srcdir="person-jsonld-zh", confoverrides={"language": "zh_CN"})
def test_chinese_site_names_the_same_person_in_chinese(app):
    app.build()
    no_warnings(app)
    [person] = extruct.extract((app.outdir / "index.html").read_text("utf-8"), syntaxes=["json-ld"])["json-ld"]
    # One person in both languages: the English site's @id; the Chinese home page as its url.
    assert person["@id"] == "https://example.org/site/#person"
    assert (person["name"], person["alternateName"], person["url"]) == (
        "测试",
        "A. Tester",
        "https://example.org/site/zh/",
    )
    [page] = extruct.extract((app.outdir / "cv.html").read_text("utf-8"), syntaxes=["json-ld"])["json-ld"]
    assert page["mainEntity"] == {"@type": "Person", "@id": "https://example.org/site/#person", "name": "测试"}
