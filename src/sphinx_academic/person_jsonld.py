"""A schema.org ``Person`` as JSON-LD on the site owner's home page.

Config:
    person_jsonld: dict of schema.org Person properties (name, jobTitle, ...),
        written as given; "@context", "@type", "@id" and "url" are added.
    person_jsonld_page: the page that carries it (default: the root document).

The node's ``@id`` is ``<html_baseurl>#person`` (``jsonld.person_id``), so
other structured data on the site (a paper's ``author``) can point at the
same person.
"""

from __future__ import annotations

from sphinx.errors import ConfigError
from sphinx.util import logging

from . import jsonld
from ._extension import config_location, metadata, site_url

logger = logging.getLogger(__name__)


def person_node(properties: dict, baseurl: str) -> dict:
    """The JSON-LD object: the configured properties under a schema.org Person header."""
    if not properties.get("name"):
        raise ConfigError("person_jsonld: the 'name' property is required")
    return {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": jsonld.person_id(baseurl),
        "url": baseurl,
        **properties,
    }


def script_tag(data: dict) -> str:
    """``data`` as indented JSON in a <script> (see ``jsonld.script_tag``), then a newline."""
    try:
        return jsonld.script_tag(data, indent=1) + "\n"
    except TypeError as error:
        raise ConfigError(f"person_jsonld: a value is not JSON data: {error}") from None


def add_person(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    config = app.config
    if not config.person_jsonld or pagename != (config.person_jsonld_page or config.root_doc):
        return
    base = site_url(config)
    try:
        if base is None:
            raise ConfigError("person_jsonld needs html_baseurl (the person's @id and url are built from it)")
        context["metatags"] = context.get("metatags", "") + script_tag(person_node(config.person_jsonld, base))
    except ConfigError as error:
        logger.warning("%s", error, location=config_location(app, "person_jsonld"), type="person_jsonld")


def setup(app):
    app.add_config_value("person_jsonld", {}, "html", types=frozenset({dict}))
    app.add_config_value("person_jsonld_page", "", "html", types=frozenset({str}))
    app.connect("html-page-context", add_person)
    return metadata(__name__)
