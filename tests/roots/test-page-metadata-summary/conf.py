"""sphinx_academic.page_metadata trims a summary that another extension sets (here: conf.py's setup)."""

project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
extensions = ["myst_parser", "sphinx_academic.page_metadata"]


def _summarise(app, doctree):
    app.env.metadata[app.env.docname]["summary"] = "A long abstract that goes on. " * 10


def setup(app):
    app.connect("doctree-read", _summarise, priority=100)
