# A small site with the package's extensions and Sphinx's plain theme: for the tests of
# builders, stale output, the build log, parallel writing and the package (tests/builders/,
# tests/stale_output/, tests/build_log/, tests/parallel_writing/, tests/package/).
project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/site/"
html_theme = "basic"
html_sidebars = {"**": ["globaltoc.html"]}  # every page shows the navigation, as the real theme does
extensions = [
    "sphinx_academic.build_log",
    "sphinx_academic.builders",
    "myst_parser",
    "sphinx_academic.publications",
    "sphinx_academic.news",
    "sphinx_academic.page_metadata",
    "sphinx_academic.social_card",
    "sphinx_academic.crawler_files",
    "sphinx_academic.stale_output",
]
publications_owner_names = ["Ada Lovelace"]
crawler_files_exclude = ["404"]
nitpicky = True
