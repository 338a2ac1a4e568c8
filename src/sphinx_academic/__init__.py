"""sphinx_academic: Sphinx extensions for an academic website.

Each module (or subpackage) is one extension with one job; list the ones a
site uses in ``extensions`` in its ``conf.py``:

``sphinx_academic.images``           every image as responsive WebP made at build time; figure texts and credits
``sphinx_academic.publications``     a BibTeX file as a publication list, paper pages, metadata
``sphinx_academic.news``             dated news items from a TOML file, and an Atom feed
``sphinx_academic.page_metadata``    meta descriptions and indexing rules for every page
``sphinx_academic.social_card``      a 1200×630 preview image per page (OpenGraph, Twitter)
``sphinx_academic.person_jsonld``    the site owner as a schema.org Person
``sphinx_academic.crawler_files``    sitemap.xml and robots.txt
``sphinx_academic.cv_pdf``           the CV page typeset as a PDF (Typst) by the same HTML build
``sphinx_academic.theme_preference`` pydata-sphinx-theme's "auto" mode resolved before the first paint
``sphinx_academic.page_speed``       post-build steps that make the pages fast on a phone
"""

__version__ = "1.1.0"
