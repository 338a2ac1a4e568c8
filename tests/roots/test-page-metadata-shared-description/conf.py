"""Two pages sharing one description: sphinx_academic.page_metadata fails the build."""

project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
extensions = ["myst_parser", "sphinx_academic.page_metadata"]
