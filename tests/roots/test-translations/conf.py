"""sphinx_academic's words in Chinese (tests/translations/test_chinese_pages.py): the publications
engine, the news and the figure credits on a small site built with language = "zh_CN", with a
page catalog of its own (locales/) for the owner's words."""

project = "Fixture Site"
author = "A. Tester"
language = "zh_CN"
locale_dirs = ["locales/"]
gettext_compact = False
html_theme = "basic"
html_baseurl = "https://example.org/site/"
extensions = [
    "myst_parser",
    "sphinx_academic.publications",
    "sphinx_academic.news",
    "sphinx_academic.page_metadata",
    "sphinx_academic.translations",
]
publications_owner_names = ["Ada Lovelace"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
nitpicky = True
translated_settings = ["project", "html_title"]
