# The citation layer: sphinxcontrib-bibtex's roles and directives on the owner's papers (refs.bib,
# which get paper pages) and on others' work (related.bib, which gets none).
project = "Citations"
author = "Ada Lovelace"
html_baseurl = "https://example.org/"
html_theme = "basic"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_academic.publications"]
publications_owner_names = ["Ada Lovelace"]
bibtex_bibfiles = ["refs.bib", "related.bib"]
bibtex_default_style = "academic"
bibtex_reference_style = "academic"
nitpicky = True
