"""publications: a Sphinx extension that turns one BibTeX file into a publication list,
a page per paper, citation metadata and cross-reference targets.

Configuration (``conf.py``)
---------------------------
``publications_bibfile``      the BibTeX file, relative to the source directory (``"refs.bib"``)
``publications_owner_names``  the owner's name as written in author lists, with variants
                              (``["Ruoyu Qin"]``); matched ignoring case and spacing
``publications_pages_dir``    where paper pages and ``.bib`` downloads go (``"publications"``)

Markup
------
``publication-list``         every entry, grouped by year (newest first; within a year by month,
                             then title), with filters once the list spans more than one year or
                             type; ``:compact:`` gives a plain list for a printed CV
``selected-publications``    the entries with ``selected = {true}``
``{cite:p}`key``` and the     sphinxcontrib-bibtex's roles (``citations.py`` makes it the
other citation roles         citation layer): "[Qin et al. 2025]" linking to the paper page,
                             which lists the pages citing it; an unknown key is a located warning
``{ref}`key```               the paper's title, linking to its page

Each entry ``key`` gets a page ``<pages_dir>/<key>.html`` (generated from a stub
``<pages_dir>/<key>.rst``; do not edit or commit those), a download
``<pages_dir>/<key>.bib`` and a ``std:label`` named ``key`` in lower case,
anchored at ``#<key>`` on that page, listed in ``objects.inv`` for intersphinx.
``<pages_dir>/publications.bib`` holds every entry.

Field vocabulary (``vocabulary.py`` holds it as data)
-----------------------------------------------------
Citation fields (kept as written in the BibTeX shown, copied and downloaded, but for LaTeX
commands that stand for one character, written as that character: ``latex.unicode_symbols``):
    author, title, year (always required); the venue field of the type (required):
    ``@inproceedings``/``@conference``/``@incollection``: booktitle, ``@article``: journal,
    ``@book``: publisher, ``@phdthesis``/``@mastersthesis``: school, ``@techreport``:
    institution; ``@misc``/``@unpublished``: none. Optional: month, pages, publisher, address,
    isbn, issn, doi, url, volume, number, editor, series, note, ... (see CITATION_FIELDS).
    ``url`` is shown as the "Publisher page" link and ``doi`` as the "DOI" link.
Site-only fields (stripped from every exported BibTeX):
    ``venue_short``         badge text, e.g. ``FAST '25``
    ``award``               award badge text
    ``abstract``            abstract; a blank line starts a new paragraph
    ``selected``            ``true`` puts the entry on the selected list
    ``equal_contribution``  ``A and B``: co-first authors, each written as in ``author``
    ``corresponding``       ``A and B``: corresponding authors, each written as in ``author``
    ``eventdate``           ``2025-02-25`` or ``2025-02-25/2025-02-27`` (biblatex form)
    ``venue``               where the event took place, e.g. ``Santa Clara, CA, USA`` (biblatex meaning)
    ``pdf``, ``slides``, ``video``, ``code``   http(s) links
    ``eprint`` + ``eprinttype = {arxiv}``      preprint link, e.g. ``2407.00079``
    ``eprint_note``         how the preprint relates, shown in its link: "Preprint (earlier version)"
    ``eprint_title``        the preprint's own title, when it differs
    ``preview``             an image, relative to the BibTeX file: a thumbnail in the lists, the lead
                            figure of the paper page and its link preview (served by
                            ``sphinx_academic.images``; its alt text, caption and credit come from there)
Any other field, an unknown entry type, a link that is not http(s), an author
mark naming someone who is not an author, a duplicate key or a syntax error
stops the build with the file, line, key and field.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .._extension import metadata
from . import assets, citation_metadata, citations, fragments, item_cache, nodes, pages, render
from .directives import PublicationList, SelectedPublications, write_shown_digests


def register_styles() -> None:
    """The site's styles as plugins, also when the package's entry points are not installed."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    from . import citation_style, reference_style

    # force=True: a registered plugin is a dictionary look-up; one found through its entry point
    # scans every installed package's metadata, 8 ms each time sphinxcontrib-bibtex asks.
    for group, style in (
        ("pybtex.style.formatting", citation_style.AcademicStyle),
        ("pybtex.style.labels", citation_style.AuthorYearLabelStyle),
        ("pybtex.style.sorting", citation_style.AuthorYearSortingStyle),
    ):
        pybtex.plugin.register_plugin(group, "academic", style, force=True)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "academic", reference_style.AcademicReferenceStyle, force=True
    )
    # pybtex's own plugins that sphinxcontrib-bibtex asks for by name for each citation it resolves
    # (plaintext) and each style it makes (names): found once through their entry points here,
    # then registered as they are, so each later look-up is a dictionary's (with 100 pages citing
    # a 1,000-entry file, the scans took seconds of every build).
    for group, name in (
        ("pybtex.backends", "plaintext"),
        ("pybtex.backends", "docutils"),
        ("pybtex.style.names", "plain"),
        ("pybtex.style.names", "last"),
    ):
        pybtex.plugin.register_plugin(group, name, pybtex.plugin.find_plugin(group, name), force=True)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.bibtex")  # the citation layer
    app.setup_extension("sphinx_academic.translations")  # the engine's words and dates, in the page's language
    register_styles()
    app.add_config_value("publications_bibfile", "refs.bib", "env", types=[str])
    app.add_config_value("publications_owner_names", [], "env", types=[list, tuple])
    app.add_config_value("publications_pages_dir", "publications", "env", types=[str])

    nodes.register(app)
    fragments.register(app)
    item_cache.register(app)
    app.add_directive("publication-list", PublicationList)
    app.add_directive("selected-publications", SelectedPublications)
    # After pages.generate (480) and the fragments' writer (890).
    app.connect("builder-inited", write_shown_digests, priority=900)
    pages.register(app)
    citations.register(app)
    citation_metadata.register(app)
    assets.register(app)
    app.connect("doctree-read", render.set_heading_levels)
    # env_version follows the engine's code: a changed engine discards the pickled environment,
    # and with it the cached bibliography (environment.py).
    return metadata(__name__)
