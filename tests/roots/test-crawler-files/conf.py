"""sphinx_academic.crawler_files: robots.txt and the sitemap (tests/crawler_files/)."""

project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/en/latest"  # no trailing "/": the extension adds it
html_theme = "basic"
extensions = ["myst_parser", "sphinx_academic.crawler_files"]
crawler_files_exclude = ["404"]
