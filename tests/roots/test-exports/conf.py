# A site whose refs.bib is an export pasted as the service wrote it (tests/publications/test_exports.py
# writes refs.bib from tests/publications/exports/).
project = "Exports"
author = "Ruoyu Qin"
html_baseurl = "https://example.org/"
html_theme = "basic"
# sphinxext-opengraph as on the site: the paper pages' og:type decides how Zotero reads them.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_academic.publications", "sphinxext.opengraph"]
publications_owner_names = ["Ruoyu Qin"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
nitpicky = True
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
