"""sphinx_academic.social_card with sphinxext-opengraph (tests/social_card/)."""

project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
extensions = ["myst_parser", "sphinxext.opengraph", "sphinx_academic.social_card"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
