"""sphinx_academic.news: its list and feed on a small site (tests/news/)."""

project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
extensions = ["myst_parser", "sphinx_academic.news"]
