"""sphinx_academic.crawler_files: robots.txt and the sitemap (tests/crawler_files/)."""

project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/en/latest"  # no trailing "/": the extension adds it
html_theme = "basic"
extensions = ["myst_parser", "sphinx_academic.crawler_files"]
sitemap_url_scheme = "{link}"
sitemap_excludes = ["404.html", "search.html", "genindex.html"]
