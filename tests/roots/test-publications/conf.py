"""The publications engine on a small MyST site (tests/publications/)."""

project = "Fixture"
# sphinxext-opengraph as on the site: the paper pages' og:type decides how Zotero reads them.
extensions = ["myst_parser", "sphinx_academic.publications", "sphinxext.opengraph"]
html_theme = "basic"
html_baseurl = "https://example.org/site/"
publications_bibfile = "refs.bib"
publications_owner_names = ["Ada Lovelace", "A. Lovelace"]
nitpicky = True
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
