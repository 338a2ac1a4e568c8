"""sphinx_academic.languages: a two-language site (tests/languages/)."""

from pathlib import Path

import sphinx_academic

project = "Fixture Site"
author = "A. Tester"
html_baseurl = "https://example.org/"
html_theme = "basic"
extensions = [
    "myst_parser",
    "sphinx_academic.languages",
    "sphinx_academic.crawler_files",
    "notfound.extension",
    "sphinx_academic.chinese_search",
]
languages = {"en": "", "zh_CN": "zh/"}
languages_exclude = ["404"]
crawler_files_exclude = ["404"]
notfound_urls_prefix = "/"
# The site's own switcher template (the repository's _templates; sphinx_academic is installed from
# its src/), drawn at the top of every page body by this root's layout.
templates_path = ["_templates", str(Path(sphinx_academic.__file__).parents[2] / "_templates")]
