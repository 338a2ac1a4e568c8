"""sphinx_academic.page_metadata with sphinxext-opengraph: descriptions and noindex (tests/page_metadata/)."""

project = "Fixture Site"
author = "A. Tester"
html_title = "Fixture Site"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
extensions = ["myst_parser", "sphinxext.opengraph", "sphinx_academic.page_metadata"]
page_metadata_noindex = ["404", "search", "genindex"]
ogp_enable_meta_description = False
