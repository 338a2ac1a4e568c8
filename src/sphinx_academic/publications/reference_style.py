"""The site's in-text citations: sphinxcontrib-bibtex's referencing style ``academic``.

sphinxcontrib-bibtex renders ``{cite:p}``, ``{cite:t}`` and the other cite roles
with a *referencing style* (``bibtex_reference_style``). Its ``author_year``
style writes the year as the ``year`` field is, so two works of Qin et al. in
2025 both read "Qin et al., 2025". This style uses the site's labels
(``citation_style``), the same in every page and reference list, and links a
citation of a work that has a paper page on the site to that page:

=================  ======================================
``{cite}``         [Qin et al. 2025a]  (the same as ``{cite:p}``)
``{cite:p}``       [Qin et al. 2025a; Li 2024]
``{cite:ps}``      [Qin, Li, He, … and Xu 2025a]
``{cite:t}``       Qin et al. [2025a]
``{cite:ts}``      Qin, Li, He, … and Xu [2025a]
``{cite:year}``    2025a  (``{cite:yearpar}``: [2025a])
``{cite:label}``   Qin et al. 2025a
``{cite:author}``  Qin et al.  (``{cite:authors}``: every name)
=================  ======================================

The ``c`` variants (``{cite:ct}``) capitalise the first word; ``al`` variants
(``{cite:alp}``) leave out the brackets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pybtex.richtext import Text
from pybtex.style.template import _format_list, join
from sphinxcontrib.bibtex.style.referencing import BaseReferenceStyle, BracketStyle, GroupReferenceStyle
from sphinxcontrib.bibtex.style.template import SphinxReferenceText, join2, node, post_text, pre_text

from . import environment
from .citation_style import _persons, label_of, last_name


@node
def paper_reference(children, data):
    """sphinxcontrib-bibtex's ``reference``, aimed at the paper page when the work has one."""
    info = data["reference_info"]
    target = environment.paper_target(info.builder.env, data["entry"].key)
    if target is not None:
        info = info._replace(todocname=target[0], citation_id=target[1])
    return SphinxReferenceText(info, *_format_list(children, data))


@node
def label_authors(children, data):
    return Text(label_of(data["entry"]).authors)


@node
def label_year(children, data):
    return Text(label_of(data["entry"]).year)


@node
def label_text(children, data):
    return Text(label_of(data["entry"]).text)


@node
def every_author(children, data):
    names = [last_name(p) for p in _persons(data["entry"])]
    if len(names) <= 2:
        return Text(" and ".join(names)) if names else label_authors.format_data(data)
    return Text(", ".join(names[:-1]) + " and " + names[-1])


def _authors(full: bool):
    return every_author if full else label_authors


def _with_notes(content):
    """ "<pre> <content>, <post>" with the role's pre- and post-text, as sphinxcontrib-bibtex does."""
    return join2(sep1=" ", sep2=", ")[pre_text, content, post_text]


PARENTHETICAL = BracketStyle(left="[", right="]", sep="; ")
TEXTUAL = BracketStyle(left="[", right="]", sep=", ", sep2=" and ", last_sep=", and ")


@dataclass
class Parenthetical(BaseReferenceStyle):
    """``p``, ``ps``, ``alp``, ``alps``: [Qin et al. 2025a; Li 2024]."""

    bracket: BracketStyle = field(default_factory=lambda: PARENTHETICAL)

    def role_names(self) -> Iterable[str]:
        return ["p", "ps", "alp", "alps"]

    def outer(self, role_name, children):
        return self.bracket.outer(children, brackets="al" not in role_name, capfirst=False)

    def inner(self, role_name):
        return _with_notes(paper_reference[join(sep=" ")[_authors("s" in role_name), label_year]])


@dataclass
class Textual(BaseReferenceStyle):
    """``t``, ``ts``, ``ct``, ``cts``: Qin et al. [2025a]."""

    bracket: BracketStyle = field(default_factory=lambda: TEXTUAL)

    def role_names(self) -> Iterable[str]:
        return ["t", "ts", "ct", "cts"]

    def outer(self, role_name, children):
        return self.bracket.outer(children, brackets=False, capfirst="c" in role_name)

    def inner(self, role_name):
        return join(sep=" ")[
            _authors(role_name.endswith("s")),
            join["[", _with_notes(paper_reference[label_year]), "]"],
        ]


@dataclass
class Part(BaseReferenceStyle):
    """One part of the label on its own: ``year``, ``label``, ``author`` and their variants."""

    names: tuple[str, ...] = ()
    content: object = None
    bracket: BracketStyle = field(default_factory=lambda: PARENTHETICAL)

    def role_names(self) -> Iterable[str]:
        return self.names

    def outer(self, role_name, children):
        return self.bracket.outer(children, brackets="par" in role_name, capfirst=role_name.startswith("c"))

    def inner(self, role_name):
        content = self.content
        if content is label_authors and "authors" in role_name:
            content = every_author
        return _with_notes(paper_reference[content])


@dataclass
class AcademicReferenceStyle(GroupReferenceStyle):
    """sphinxcontrib-bibtex referencing style ``academic`` (see the module's docstring)."""

    def __post_init__(self):
        self.styles.extend(
            [
                Parenthetical(),
                Textual(),
                Part(names=("year", "yearpar"), content=label_year),
                Part(names=("label", "labelpar"), content=label_text),
                Part(
                    names=("author", "authors", "authorpar", "authorpars", "cauthor", "cauthors"),
                    content=label_authors,
                    bracket=TEXTUAL,
                ),
                Part(names=("empty",), content=Text()),
            ]
        )
        super().__post_init__()
