"""The publications engine on a small MyST site (tests/publications/)."""

project = "Fixture"
extensions = ["myst_parser", "sphinx_academic.publications"]
html_theme = "basic"
html_baseurl = "https://example.org/site/"
publications_bibfile = "refs.bib"
publications_owner_names = ["Ada Lovelace", "A. Lovelace"]
nitpicky = True
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
