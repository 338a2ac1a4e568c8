"""Every value that reaches an attribute or a tag, written with " ' < > & and a literal "&amp;" in
each source the owner edits: front matter, refs.bib, news.toml, an image's alt text
(tests/escaping/). The site's extensions and theme, speed steps included, as on the real site."""

project = "Fixture Site"
author = "A. Tester"
html_title = "Fixture Site"
html_baseurl = "https://example.org/site/"
html_theme = "pydata_sphinx_theme"
extensions = [
    "myst_parser",
    "sphinx_academic.publications",
    "sphinx_academic.news",
    "sphinx_academic.page_metadata",
    "sphinx_academic.social_card",
    "sphinx_academic.person_jsonld",
    "sphinx_academic.page_speed",
]
# The tests compare characters exactly; typographic quotes are typography, not escaping.
smartquotes = False
publications_owner_names = ["Ada Lovelace"]
person_jsonld = {"name": "Ada Lovelace", "jobTitle": "\"double\", 'single', <tag>, & and &amp;"}
ogp_site_url = html_baseurl
ogp_enable_meta_description = False
ogp_social_cards = {"enable": False}
news_feed_title = "News: \"double\", 'single', <tag>, & and &amp;"
