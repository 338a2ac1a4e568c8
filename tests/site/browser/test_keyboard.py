"""Keyboard-only use of every page: the skip link, every control reachable by Tab and
visibly focused, disclosures that open with Enter and Space."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError

from . import harness

# Marks every visible, tabbable control and remembers how it looks unfocused.
MARK_CONTROLS = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), '
    + 'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]';
  // The control and two ancestors: a ring may be drawn on a wrapper with :focus-within.
  const look = el => [el, el.parentElement, el.parentElement?.parentElement].filter(Boolean).map(box => {
    const s = getComputedStyle(box);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
            outlineVisible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
              && !/rgba\\(.*, 0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent',
            shadow: s.boxShadow};
  });
  const describe = el => {
    const text = (el.innerText || el.getAttribute('aria-label') || el.title || '').trim().slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
      + `${typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : ''}`
      + `${el.getAttribute('href') ? ` href="${el.getAttribute('href')}"` : ''} "${text}"`;
  };
  const shown = el => {
    const box = el.getBoundingClientRect();
    return el.tabIndex >= 0 && box.width > 0 && box.height > 0
      && el.checkVisibility({visibilityProperty: true}) && !el.closest('[inert], dialog:not([open])');
  };
  window.__controls = [...document.querySelectorAll(selector)].filter(shown);
  window.__look = look;
  return window.__controls.map(el => ({name: describe(el), rest: look(el)}));
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  return {index: window.__controls.indexOf(el), look: el === document.body ? null : window.__look(el),
          tag: el.tagName.toLowerCase()};
}"""


def visibly_different(rest: list[dict], focused: list[dict]) -> bool:
    """Focus adds or changes an outline or box-shadow on the control or a wrapper of it."""
    return any(
        (before["outline"], before["shadow"]) != (after["outline"], after["shadow"])
        and (after["outlineVisible"] or after["shadow"] != "none")
        for before, after in zip(rest, focused, strict=True)
    )


def test_every_control_is_reachable_and_visibly_focused(built_page, visit):
    page = visit(built_page).page
    controls = page.evaluate(MARK_CONTROLS)
    assert controls, f"{built_page}: no keyboard-reachable controls found at all"
    reached, invisible = set(), []
    first = None
    for _ in range(len(controls) * 2 + 10):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        index = state["index"]
        if index < 0:
            continue  # focus on the document itself or a control that appeared on focus
        if index == first:
            break  # wrapped round: every stop has been seen
        first = index if first is None else first
        reached.add(index)
        if not visibly_different(controls[index]["rest"], state["look"]):
            own = state["look"][0]
            invisible.append(f"{controls[index]['name']} (outline {own['outline']}, box-shadow {own['shadow']})")
    missing = [c["name"] for i, c in enumerate(controls) if i not in reached]
    assert not missing, f"{built_page}: controls not reachable with Tab:\n  " + "\n  ".join(missing)
    assert not invisible, f"{built_page}: controls without a visible focus indicator:\n  " + "\n  ".join(invisible)


def test_skip_link_moves_to_the_main_content(built_page, visit):
    page = visit(built_page).page
    page.evaluate(MARK_CONTROLS)
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href == "#main-content", f"{built_page}: the first Tab stop has href={href!r}, not the skip link"
    on_screen = """() => { const box = document.activeElement.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight && box.width > 1 && box.height > 1; }"""
    try:  # it slides in with a short CSS transition
        page.wait_for_function(on_screen, timeout=2000)
    except TimeoutError:
        pytest.fail(f"{built_page}: the skip link a[href='#main-content'] is focused but not shown on screen")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content", (
        f"{built_page}: Enter on the skip link did not go to #main-content"
    )
    follows_main = page.evaluate("""() => {
      const main = document.getElementById('main-content');
      const after = window.__controls.find(el => main.contains(el)
        || (main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
      return after ? after.outerHTML.slice(0, 120) : null; }""")
    if follows_main:  # else nothing focusable comes after the skip target, and Tab wraps round
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        assert focused == follows_main, (
            f"{built_page}: after the skip link, Tab focuses {focused!r}, not the first control "
            f"of #main-content {follows_main!r}"
        )


TOGGLE_KEYS = ["Enter", "Enter", "Space", "Space"]  # each press flips the disclosure


def test_disclosures_open_and_close_with_enter_and_space(site, built_pages, visit):
    checked = []
    for relative in built_pages:
        if "<details" not in (site / relative).read_text("utf-8"):
            continue
        page = visit(relative).page
        summaries = page.locator("details > summary:visible")
        for i in range(summaries.count()):
            summary = summaries.nth(i)
            summary.focus()
            is_open = summary.evaluate("s => s.parentElement.open")
            for key in TOGGLE_KEYS:
                expected = not is_open
                page.keyboard.press(key)
                is_open = summary.evaluate("s => s.parentElement.open")
                assert is_open == expected, (
                    f"{relative}: <details> #{i} ({summary.inner_text()!r}) is "
                    f"{'open' if is_open else 'closed'} after {key!r}, expected {'open' if expected else 'closed'}"
                )
            checked.append(relative)
    assert checked, "no page has a <details> disclosure: the publication list should (abstract, BibTeX)"


def test_phone_navigation_opens_and_closes_with_the_keyboard(visit):
    page = visit("index.html", viewport=harness.PHONE).page
    toggle = page.locator("button.primary-toggle")
    for _ in range(10):  # the skip link, then the navigation button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('primary-toggle')"):
            break
    else:
        pytest.fail("index.html at 360px: Tab never reaches the navigation button (button.primary-toggle)")
    page.keyboard.press("Enter")
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true", "button.primary-toggle does not report aria-expanded=true"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#pst-primary-sidebar-modal') !== null")
    assert focused, "index.html at 360px: after opening the navigation, Tab leaves the navigation dialog"
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert toggle.get_attribute("aria-expanded") == "false", (
        "Escape closed the navigation but aria-expanded stayed true"
    )
