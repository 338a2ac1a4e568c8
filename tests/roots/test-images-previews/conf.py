"""Paper previews (tests/images/test_previews.py): the engine, the images and the social cards."""

project = "Fixture"
extensions = [
    "myst_parser",
    "sphinx_academic.images",
    "sphinx_academic.publications",
    "sphinxext.opengraph",
    "sphinx_academic.social_card",
]
html_theme = "basic"
html_baseurl = "https://example.org/site/"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
publications_bibfile = "refs.bib"
publications_owner_names = ["Ada Lovelace"]
images_widths = [200]
images_metadata_files = ["figures/figures.toml"]
