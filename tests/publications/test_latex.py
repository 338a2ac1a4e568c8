"""latex.py: LaTeX field values to plain text, case as written."""

import pytest

from sphinx_academic.publications import latex


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (
            r"Mooncake: Trading More Storage for Less Computation {\textemdash} A {KVCache-centric} Architecture for "
            r"Serving {LLM} Chatbot",
            "Mooncake: Trading More Storage for Less Computation — A KVCache-centric Architecture for Serving LLM Chatbot",
        ),
        (r"59\%{\textasciitilde}498\%", "59%~498%"),
        (r"M{\"u}ller and Jos{\'e} and {\O}stergaard", "Müller and José and Østergaard"),
        (r"pages 1--2 and---so", "pages 1–2 and—so"),
        (r"\emph{Deep} \textbf{Learning}", "Deep Learning"),
        (r"literal \{braces\}", "literal {braces}"),
        ("plain   text\nover lines", "plain text over lines"),
        ("lowercase {iPhone} and UPPER", "lowercase iPhone and UPPER"),
    ],
)
def test_decode(source, text):
    assert latex.decode(source) == text


def test_decode_paragraphs_split_on_blank_lines():
    assert latex.decode_paragraphs("One\nline.\n\n  \nTwo 5\\%.") == ["One line.", "Two 5%."]


def test_split_names_first_last_order_decoded():
    names = latex.split_names(r"Ruoyu Qin and M{\"u}ller, J{\'e}r{\^o}me and Ludwig van Beethoven and Doe, Jr., John")
    assert names == [
        ("Ruoyu Qin", "Qin"),
        ("Jérôme Müller", "Müller"),
        ("Ludwig van Beethoven", "van Beethoven"),
        ("John Doe, Jr.", "Doe"),
    ]


def test_name_key_ignores_case_and_spacing():
    assert latex.name_key("  ruoyu   QIN ") == latex.name_key("Ruoyu Qin")


@pytest.mark.parametrize(
    ("source", "exported"),
    [
        # The real entry: the em dash as its character, the case-protecting braces kept.
        (
            r"Mooncake: Trading More Storage for Less Computation {\textemdash} A {KVCache-centric} Architecture",
            "Mooncake: Trading More Storage for Less Computation — A {KVCache-centric} Architecture",
        ),
        (r"A \textemdash{} B and C\textendash D", "A — B and C–D"),
        (r"{\"u}ber, \"{U}ber, \" o, M\"uller", "über, Über, ö, Müller"),
        (r"\c{c}a, {\v{S}}koda, \v S, Jos\'{e}, na\"{\i}ve", "ça, Škoda, Š, José, naïve"),
        (r"{\ss}, \ss{}x, \ss y, {\O}stergaard, \l{}\'od\'z", "ß, ßx, ßy, Østergaard, łódź"),
        (r"pages 1--2 and---so", "pages 1–2 and—so"),
        # Kept as written: escapes, ASCII-standing commands, commands with arguments, math, \\.
        (r"59\%{\textasciitilde}498\% \& \_ \{x\}", r"59\%{\textasciitilde}498\% \& \_ \{x\}"),
        (r"\emph{Deep} {\em Learning} \LaTeX \\ x", r"\emph{Deep} {\em Learning} \LaTeX \\ x"),
        (r"$a--b$ and $\alpha$", r"$a--b$ and $\alpha$"),
        # Google Scholar's case protection in math mode becomes plain braces.
        (r"$\{$DistServe$\}$: Disaggregating", "{DistServe}: Disaggregating"),
    ],
)
def test_unicode_symbols(source, exported):
    assert latex.unicode_symbols(source) == exported


def test_unicode_symbols_in_value_leaves_delimiters_and_macros():
    assert latex.unicode_symbols_in_value(r'{A {\textemdash} B} # " x{\ss}" # jan') == '{A — B} # " xß" # jan'
    assert latex.unicode_symbols_in_value(r"{\ss}") == "{ß}"  # the outer braces delimit the value
    assert latex.unicode_symbols_in_value("feb") == "feb"
