"""The colours of every screen, PNG and export: one meaning, one colour, everywhere.

Okabe–Ito colours, which people with the common colour-vision deficiencies can tell apart; the word
or letter is always written in the cell as well, so the colour helps and never carries the meaning
alone. Each fill has the text colour that reads on it.
"""

from __future__ import annotations

from cdd.grading.timeliness import Timeliness

MET, UNMET, NO_DATA = "✓", "✗", "–"

GRADE_COLOURS = {
    "A": "#009E73",
    "B": "#56B4E9",
    "C": "#E69F00",
    "D": "#D55E00",
    MET: "#009E73",
    UNMET: "#D55E00",
    NO_DATA: "#D9D9D9",
    "other": "#F2F2F2",
}
# Black on every fill: white on the green (3.4:1) and the vermillion (3.9:1) is below WCAG AA's 4.5:1, and a
# wall-projected heatmap needs every letter readable; black reads at 5.4:1 or more on each (test_contrast.py).
INK = "#000000"
TEXT_ON = {"A": INK, "B": INK, "C": INK, "D": INK, MET: INK, UNMET: INK, NO_DATA: INK, "other": INK}

# On time green, late orange, revised after the deadline sky blue, missing vermillion, not yet due grey.
STATUS_COLOURS = {
    Timeliness.ON_TIME: ("#009E73", INK),
    Timeliness.LATE: ("#E69F00", INK),
    Timeliness.REVISED_LATE: ("#56B4E9", INK),
    Timeliness.MISSING: ("#D55E00", INK),
    Timeliness.NOT_DUE: ("#D9D9D9", INK),
}


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours: 1 (none) to 21 (black on white)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
