"""Helpers to build small fixture sites with the engine in a temporary directory."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

CONF = """
project = "Fixture"
extensions = ["myst_parser", "sphinx_academic.publications"]
html_theme = "basic"
html_baseurl = "https://example.org/site/"
publications_bibfile = "refs.bib"
publications_owner_names = ["Ada Lovelace", "A. Lovelace"]
nitpicky = True
"""

INDEX = """
# Fixture home

## Selected

```{selected-publications}
```

```{toctree}
:hidden:

publications/index
cv
notes
```
"""

PUBLICATIONS = """
# Publications

```{publication-list}
```
"""

CV = """
# CV

## Publications

```{publication-list}
:compact:
```
"""

NOTES = """
# Notes

See {cite}`lovelace2024engine` and {ref}`babbage2023mill`.
"""


@dataclass
class Built:
    out: Path
    warnings: str

    def html(self, relative: str) -> str:
        return (self.out / relative).read_text("utf-8")

    def soup(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(relative), "html.parser")


def paper_details(article) -> dict[str, str]:
    """A paper page's "Details" list as {term: value} (the <dt>/<dd> pairs, in order)."""
    terms, values = article.select("dt"), article.select("dd")
    return dict(zip([t.get_text() for t in terms], [v.get_text() for v in values], strict=True))


def write_site(src: Path, bib: str, pages: dict[str, str] | None = None, conf_extra: str = "") -> Path:
    """A minimal MyST site using the engine, with ``bib`` as refs.bib."""
    files = {"index.md": INDEX, "publications/index.md": PUBLICATIONS, "cv.md": CV, "notes.md": NOTES}
    files.update(pages or {})
    for name, text in files.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
    (src / "conf.py").write_text(CONF + conf_extra, "utf-8")
    (src / "refs.bib").write_text(textwrap.dedent(bib), "utf-8")
    return src


def build(src: Path, builder: str = "html", fresh: bool = False) -> Built:
    """Build in-process; a PublicationsError propagates to the caller."""
    warnings = io.StringIO()
    # SphinxTestApp undoes the global registrations of each build, so builds can follow one another.
    app = SphinxTestApp(builder, srcdir=src, status=io.StringIO(), warning=warnings, freshenv=fresh)
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(Path(app.outdir), warnings.getvalue())


def make_site(tmp_path: Path, bib: str, **kwargs) -> Built:
    return build(write_site(tmp_path / "site", bib, **kwargs))


#: A bibliography covering the vocabulary: two years, two types, marks, links, LaTeX, hostile values.
FIXTURE_BIB = r"""
@inproceedings{lovelace2024engine,
  author    = {Ada Lovelace and Charles Babbage and M{\"u}ller, J{\'e}r{\^o}me},
  title     = {The {Analytical Engine} {\textemdash} Notes on {G}-Code: 100\% {\textasciitilde}Exact},
  booktitle = {Proceedings of the First Engine Symposium (ENGINE 24)},
  year      = {2024},
  month     = mar,
  pages     = {10--20},
  isbn      = {978-0-00-000000-0},
  doi       = {10.1234/engine.2024},
  url       = {https://example.org/engine24/lovelace},
  publisher = {Engine Society},
  address   = {London},

  venue_short        = {ENGINE '24},
  award              = {Best Paper Award},
  equal_contribution = {Ada Lovelace and Charles Babbage},
  corresponding      = {J{\'e}r{\^o}me M{\"u}ller},
  eventdate          = {2024-03-04/2024-03-06},
  venue              = {London, UK},
  pdf                = {https://example.org/engine24/lovelace.pdf},
  code               = {https://example.org/code/engine},
  eprint             = {2401.00001},
  eprinttype         = {arxiv},
  eprint_note        = {earlier version},
  eprint_title       = {Notes on an Engine},
  selected           = {true},
  abstract           = {First paragraph about the {Engine}.

Second paragraph: 42\% faster.}
}

@article{babbage2023mill,
  author  = {Charles Babbage and A. Lovelace},
  title   = {On the {Mill} and the Store},
  journal = {Journal of Engines},
  year    = {2023},
  volume  = {7},
  number  = {2},
  month   = {11},

  slides = {https://example.org/slides/mill}
}

@inproceedings{babbage2023difference,
  author    = {Charles Babbage},
  title     = {A Difference Engine},
  booktitle = {Engine Workshop},
  year      = {2023},
  month     = may
}

@inproceedings{babbage2023analytic,
  author    = {Charles Babbage},
  title     = {An Analytic Engine},
  booktitle = {Engine Workshop},
  year      = {2023},
  month     = may
}

@misc{hostile2022,
  author       = {Eve "><img src=x onerror=alert(1)> Mallory},
  title        = {</script><script>alert("title")</script> & "quotes" <b>bold</b>},
  howpublished = {<iframe src="https://evil.example/">},
  year         = {2022},

  venue_short = {"><svg onload=alert(1)>},
  award       = {</script><img src=x onerror=alert(2)>},
  pdf         = {https://example.org/a.pdf?x="><script>alert(3)</script>},
  abstract    = {</details><script>alert(4)</script>}
}
"""
