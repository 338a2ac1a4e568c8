"""The Nu HTML Checker (vnu) on every built page: no errors, and no warnings except
those listed here, each with the reason it is accepted.

The only errors set aside are gaps in vnu's CSS grammar (it checks CSS inlined in
<style>): current CSS it does not know yet. HTML errors are never set aside."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

# Accepted warnings: (pattern on the message, why it is fine here).
ACCEPTED_WARNINGS = [
    (
        r"The “main” role is unnecessary for element “main”",
        "pydata-sphinx-theme's layout writes <main role=main>; redundant, harmless to assistive technology",
    ),
    (
        r"Consider using the “h1” element as a top-level heading only",
        "Sphinx nests each page's single <h1> in <article><section>; vnu's outline hint, the page has one h1",
    ),
    (
        r"Article lacks heading",
        "the theme's <article class=bd-article> gets its heading from the nested <section>'s <h1>",
    ),
    (
        r"Document uses the Unicode Private Use Area",
        "Font Awesome icon code points in the theme's CSS (--pst-icon-*), once CSS is inlined into "
        "<style>; icon fonts use the Private Use Area by design. Text must not: see "
        "test_no_private_use_characters_in_text",
    ),
]


# vnu's CSS checker lags the specifications; each is valid CSS that browsers support.
CSS_CHECKER_GAPS = [
    (r"^CSS: Unrecognized at-rule “@property”", "CSS Properties and Values API (the theme's style sheet)"),
    (r"^CSS: Unrecognized at-rule “@starting-style”", "CSS Transitions Level 2 (the theme's dialogs)"),
    (
        r"^CSS: “transition”: “allow-discrete” is not a “transition” value",
        "transition-behavior, CSS Transitions Level 2",
    ),
    (
        r"^CSS: “transition”: “--[\w-]+” is not a “transition” value",
        "transitions of custom properties registered with @property",
    ),
]


def accepted(message: dict, rules=ACCEPTED_WARNINGS) -> bool:
    return any(re.search(pattern, message["message"]) for pattern, _reason in rules)


def describe(relative: str, messages: list[dict]) -> str:
    return f"{relative}:\n" + "\n".join(
        f"  line {m.get('lastLine', '?')}: {m['type']}{'/' + m['subType'] if m.get('subType') else ''}: "
        f"{m['message']}\n    element: {m.get('extract', '').strip()[:160]}"
        for m in messages
    )


def test_vnu_finds_no_errors(built_page, vnu_messages):
    errors = [
        m
        for m in vnu_messages[built_page]
        if m["type"] in ("error", "non-document-error") and not accepted(m, CSS_CHECKER_GAPS)
    ]
    assert not errors, "vnu errors in " + describe(built_page, errors)


def test_vnu_warnings_are_all_accepted(built_page, vnu_messages):
    warnings = [
        m for m in vnu_messages[built_page] if m["type"] == "info" and m.get("subType") == "warning" and not accepted(m)
    ]
    assert not warnings, "vnu warnings in " + describe(built_page, warnings)


def test_vnu_finds_nothing_wrong_in_the_other_languages(built_pages, vnu_messages):
    """The Chinese pages (zh/): the same checks, in the same run of vnu."""
    translated = sorted(set(vnu_messages) - set(built_pages))
    assert len(translated) >= 10 and "zh/index.html" in translated, translated
    for page in translated:
        test_vnu_finds_no_errors(page, vnu_messages)
        test_vnu_warnings_are_all_accepted(page, vnu_messages)


PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def test_no_private_use_characters_in_text(built_page, site):
    """Icon glyphs belong in CSS; as text they mean nothing to a screen reader or a search engine."""
    soup = BeautifulSoup((site / built_page).read_text("utf-8"), "html.parser")
    for tag in soup(["style", "script"]):
        tag.decompose()
    found = [
        (m.group(), str(node.parent.name))
        for node in soup.find_all(string=PRIVATE_USE)
        for m in PRIVATE_USE.finditer(node)
    ]
    assert not found, f"{built_page}: Private Use Area characters in text: " + ", ".join(
        f"U+{ord(char):04X} in <{parent}>" for char, parent in found
    )
