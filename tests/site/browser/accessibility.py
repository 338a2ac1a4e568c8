"""axe-core in the browser tests: its verdicts, and what it leaves undecided about contrast.

axe reports a text whose contrast it cannot settle as *incomplete*, not as a violation:
text with the very colour of its background ("1:1 contrast ratio"), text over an image,
a gradient or an overlapping element. Such text may well be unreadable, so here an
incomplete `color-contrast` result fails like a violation, with the ratio axe measured
(or why it could not), until the page gives the text a plain background axe can measure.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()  # axe-core as bundled by the pinned axe-playwright-python (see pyproject.toml)
CONTRAST_ONLY = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}


def describe_violations(where: str, violations: list[dict]) -> str:
    lines = [f"{where}: {len(violations)} axe rule(s) violated"]
    for violation in violations:
        lines.append(f"  rule {violation['id']} [{violation['impact']}]: {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    element {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def undecided_contrast(incomplete: list[dict]) -> list[str]:
    """Each visible text whose contrast axe left undecided, with the ratio it measured or why it could not."""
    found = []
    for result in incomplete:
        if result["id"] != "color-contrast":
            continue
        for node in result["nodes"]:
            data = next((check.get("data") for check in node.get("any", []) if check.get("data")), None) or {}
            if data.get("contrastRatio"):
                measured = (
                    f"{data['contrastRatio']}:1 ({data.get('fgColor')} on {data.get('bgColor')}, "
                    f"{data.get('fontSize')} {data.get('fontWeight')}), at least {data.get('expectedContrastRatio')} needed"
                )
            else:
                measured = f"not measurable ({data.get('messageKey') or 'no reason given'}): give it a plain background"
            found.append(f"{' '.join(map(str, node['target']))}: {measured}: {node['html'][:160]}")
    return found
