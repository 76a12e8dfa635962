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
TEXT_ON = {"A": "white", "B": "black", "C": "black", "D": "white", MET: "white", UNMET: "white"}

# On time green, late orange, revised after the deadline sky blue, missing vermillion, not yet due grey.
STATUS_COLOURS = {
    Timeliness.ON_TIME: ("#009E73", "white"),
    Timeliness.LATE: ("#E69F00", "black"),
    Timeliness.REVISED_LATE: ("#56B4E9", "black"),
    Timeliness.MISSING: ("#D55E00", "white"),
    Timeliness.NOT_DUE: ("#D9D9D9", "#333333"),
}
