"""Chinese search that works: Sphinx's own (jieba-segmented), with its browser side mended.

Sphinx 9.0's Chinese search index is right (``sphinx.search.zh`` cuts the text into words
with jieba, a dependency of the site), but its ``language_data.js`` ends with
``window.Stemmer = ChineseStemmer;`` while the stemmer it ships for Chinese is the English
one (``EnglishStemmer``): the search page throws "ChineseStemmer is not defined" and never
shows a result (sphinx-doc/sphinx#14229, fixed in Sphinx 9.1 by naming the class after the
stemmer's file, sphinx-doc/sphinx#14416; 9.1 needs Python 3.12). Sphinx names that class
``<language_name>Stemmer``, so this extension registers Sphinx's Chinese search language with
the name of the stemmer it uses, for a build in Chinese only. Nothing else changes: the same
segmenter, stop words and index.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from ._extension import metadata


def register(app: Sphinx, config) -> None:
    """config-inited: before the builder picks its search language."""
    language = (config.html_search_language or config.language or "").lower()
    if not language.startswith("zh"):
        return
    from sphinx.search.zh import SearchChinese  # imports jieba: only for a Chinese build

    if SearchChinese.js_stemmer_rawcode != "english-stemmer.js" or SearchChinese.language_name == "English":
        return  # not the Sphinx this works around

    class SearchChineseWithItsStemmer(SearchChinese):
        # language_data.js assigns window.Stemmer = <language_name>Stemmer; the file defines EnglishStemmer.
        language_name = "English"

    app.add_search_language(SearchChineseWithItsStemmer)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", register)
    return metadata(__name__)
