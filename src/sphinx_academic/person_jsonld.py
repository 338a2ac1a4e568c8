"""A schema.org ``Person`` as JSON-LD on the site owner's home page.

Config:
    person_jsonld: dict of schema.org Person properties (name, jobTitle, ...),
        written as given; "@context", "@type", "@id" and "url" are added.
    person_jsonld_page: the page that carries it (default: the root document).
    person_jsonld_profile_pages: pages about the person (a CV), each described
        as a schema.org ``ProfilePage`` whose ``mainEntity`` is that Person.
    person_jsonld_languages: {Sphinx language: properties}: what a build in that
        language writes over ``person_jsonld`` (the Chinese site names the person
        in Chinese, with the English name as ``alternateName``).

The node's ``@id`` is ``<html_baseurl>#person`` (``jsonld.person_id``), so
other structured data on the site (a paper's ``author``, a profile page's
``mainEntity``) points at the same person instead of repeating it. On a site
in several languages (``sphinx_academic.languages``) it is the default
language's in every language: one person, whose ``url`` is the home page in
the page's language.
"""

from __future__ import annotations

from sphinx.errors import ConfigError
from sphinx.util import logging

from . import jsonld, languages
from ._extension import config_location, metadata, page_url, plain_text, site_url

logger = logging.getLogger(__name__)


def person_node(properties: dict, baseurl: str, id_base: str | None = None) -> dict:
    """The JSON-LD object: the configured properties under a schema.org Person header."""
    if not properties.get("name"):
        raise ConfigError("person_jsonld: the 'name' property is required")
    return {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": jsonld.person_id(id_base or baseurl),
        "url": baseurl,
        **properties,
    }


def language_properties(config) -> dict:
    """``person_jsonld`` with the building language's properties written over it."""
    overrides = {languages.key(name): value for name, value in config.person_jsonld_languages.items()}
    return {**config.person_jsonld, **overrides.get(languages.key(config.language), {})}


def profile_page_node(properties: dict, baseurl: str, url: str, title: str, id_base: str | None = None) -> dict:
    """A schema.org ProfilePage at ``url`` whose main entity is the Person, by its ``@id``."""
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "@id": url,
        "url": url,
        "name": title,
        # @type and name as well: readers that do not merge nodes by @id (Google's profile
        # page check) still see whom the page is about.
        "mainEntity": {"@type": "Person", "@id": jsonld.person_id(id_base or baseurl), "name": properties.get("name")},
    }


def script_tag(data: dict) -> str:
    """``data`` as indented JSON in a <script> (see ``jsonld.script_tag``), then a newline."""
    try:
        return jsonld.script_tag(data, indent=1) + "\n"
    except TypeError as error:
        raise ConfigError(f"person_jsonld: a value is not JSON data: {error}") from None


def add_person(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    config = app.config
    person_page = pagename == (config.person_jsonld_page or config.root_doc)
    if not config.person_jsonld or not (person_page or pagename in config.person_jsonld_profile_pages):
        return
    base = site_url(config)
    try:
        if base is None:
            raise ConfigError("person_jsonld needs html_baseurl (the person's @id and url are built from it)")
        properties, id_base = language_properties(config), jsonld.person_base(config, base)
        if person_page:
            data = person_node(properties, base, id_base)
        else:
            title = context.get("page_title") or plain_text(context.get("title")).strip()
            data = profile_page_node(properties, base, page_url(app, pagename), title, id_base)
        context["metatags"] = context.get("metatags", "") + script_tag(data)
    except ConfigError as error:
        logger.warning("%s", error, location=config_location(app, "person_jsonld"), type="person_jsonld")


def setup(app):
    app.add_config_value("person_jsonld", {}, "html", types=frozenset({dict}))
    app.add_config_value("person_jsonld_page", "", "html", types=frozenset({str}))
    app.add_config_value("person_jsonld_profile_pages", [], "html", types=frozenset({list, tuple}))
    app.add_config_value("person_jsonld_languages", {}, "html", types=frozenset({dict}))
    app.connect("html-page-context", add_person)
    return metadata(__name__)
