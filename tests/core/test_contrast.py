"""The chosen interest level keeps a readable contrast under the mouse (issue 16, slip 7: it was 1.09:1)."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(part * 2 for part in value)
    channels = [int(value[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    light, dark = sorted([_luminance(first), _luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_chosen_interest_level_under_the_mouse_is_at_least_4_5_to_1() -> None:
    css = (REPO / "frontend/src/surveys.css").read_text()
    rule = re.search(r'button\[aria-pressed="true"\]:hover\s*\{([^}]*)\}', css)
    assert rule, "the chosen level needs its own hover colours, or the generic hover wash wins"
    background = re.search(r"background:\s*(#[0-9a-fA-F]{3,6})", rule.group(1))
    colour = re.search(r"(?<!-)color:\s*(#[0-9a-fA-F]{3,6})", rule.group(1))
    assert background
    assert colour
    assert _contrast(background.group(1), colour.group(1)) >= 4.5
