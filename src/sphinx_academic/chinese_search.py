"""Chinese search that works, and does not cost seconds: Sphinx's own (jieba-segmented), mended.

Sphinx's Chinese search index is right (``sphinx.search.zh`` cuts the text into words with
jieba, a dependency of the site). Two things around it are not, and this extension registers
Sphinx's Chinese search language with both mended, for a build in Chinese only:

* Sphinx 9.0's ``language_data.js`` ends with ``window.Stemmer = ChineseStemmer;`` while the
  stemmer it ships for Chinese is the English one (``EnglishStemmer``): the search page throws
  "ChineseStemmer is not defined" and never shows a result (sphinx-doc/sphinx#14229; Sphinx 9.1
  names the class after the stemmer's file, sphinx-doc/sphinx#14416, but needs Python 3.12).
  Sphinx names it ``<language_name>Stemmer``: here the language's name is the stemmer's.
* Without a ``dict`` in ``html_search_options``, Sphinx loads jieba's *default* dictionary as a
  user dictionary, 349,000 words added one by one to the dictionary jieba has loaded already:
  seconds of every Chinese build for the same segmentation. Here no user dictionary is loaded
  unless ``html_search_options`` names one.

The segmenter, stop words and index are Sphinx's.
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

    class MendedSearchChinese(SearchChinese):
        # language_data.js assigns window.Stemmer = <language_name>Stemmer; its stemmer file
        # (english-stemmer.js) defines EnglishStemmer.
        if SearchChinese.js_stemmer_rawcode == "english-stemmer.js":
            language_name = "English"

        def __init__(self, options: dict[str, str]) -> None:
            super().__init__({"dict": "", **options})  # jieba's own dictionary, loaded once, by jieba

    app.add_search_language(MendedSearchChinese)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", register)
    return metadata(__name__)
