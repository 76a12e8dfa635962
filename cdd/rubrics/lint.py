"""`python -m cdd lint`: spots in a rubric where the letter's own numbers do not fit together.

It reads only the rubric files: printed ranges that leave a gap or overlap, consecutive rows that
give the same score, a threshold oddly close to its neighbour, and parts that do not add up to the
maximum printed for them. The letters' misprints are kept as printed on purpose; lint makes them
visible, with the reading chosen beside each.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from fractions import Fraction

from cdd.office.numbers import format_number
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.lint_levels import level_findings
from cdd.rubrics.model import Item, Mission, Scheme

# A band this many times narrower than the typical band of its table is flagged.
NARROW_FACTOR = 5


@dataclass(frozen=True)
class Finding:
    file: str
    mission: str
    rule: str
    code: str  # gap | overlap | equal-scores | narrow-band | parts-total | level-order
    message: str  # a Thai sentence in the letter's words: what a person reads beside the rule
    reading: str = ""
    machine: str = ""  # the rules as the file writes them, for whoever edits the file: never alone

    def line(self) -> str:
        """The command line's note: where in the file, the Thai sentence, the reading, then the file's form."""
        text = f"{self.file}: {self.mission} / {self.rule}: {self.message}"
        text += f"\n    การอ่านที่เลือก: {self.reading}" if self.reading else ""
        return text + (f"\n    (ในไฟล์: {self.machine})" if self.machine else "")


@dataclass(frozen=True)
class Interval:
    low: Fraction | None
    high: Fraction | None
    low_closed: bool
    high_closed: bool


_INTERVAL = re.compile(r"^\s*([\[(])\s*([\d.]*)\s*,\s*([\d.]*)\s*([\])])\s*$")


def parse_interval(text: str) -> Interval:
    m = _INTERVAL.match(text)
    if not m:
        raise ValueError(f"range '{text}' is not interval notation such as [80, 88.99] or (14, ]")
    low = Fraction(m[2]) if m[2] else None
    high = Fraction(m[3]) if m[3] else None
    return Interval(low, high, m[1] == "[", m[4] == "]")


def lint_scheme(scheme: Scheme) -> list[Finding]:
    name = scheme.path.name if scheme.path else scheme.id
    findings: list[Finding] = []
    for mission in scheme.missions:
        findings += [Finding(name, mission.id, *f) for f in _mission_findings(mission)]
    return findings


def _mission_findings(mission: Mission) -> list[tuple]:
    found = []
    for item in mission.items:
        integer = _integer_domain(item)
        found += [(item.id, *f, item.reading) for f in _equal_scores(item)]
        found += [(item.id, *f, item.reading) for f in _coverage([s.range for s in item.steps], integer)]
        found += [(item.id, *f, item.reading) for f in _narrow_thresholds(item)]
    band_ranges = [b.range for b in mission.bands]
    found += [("bands", *f, mission.reading) for f in _coverage(band_ranges, _whole_totals(mission))]
    found += [(rule, *f, mission.reading) for rule, f in _parts_totals(mission)]
    return found + [(rule, code, message, "", machine) for rule, code, message, machine in level_findings(mission)]


def _whole_totals(mission: Mission) -> bool:
    """A sum of whole points is whole ("24–26" then "27–29" leaves no gap); a mean of them need not be."""
    points = [item.points for item in mission.items if item.points is not None]
    points += [step.points for item in mission.items for step in item.steps]
    return mission.shape == "points" and all(p.denominator == 1 for p in points)


def _integer_domain(item: Item) -> bool:
    kinds = {CATALOGUE[key].kind for key in item.inputs}
    return kinds <= {"count", "level"}


def _equal_scores(item: Item) -> list[tuple[str, str]]:
    rows = item.steps
    return [
        (
            "equal-scores",
            f"แถวที่ {i + 1} และ {i + 2} ให้คะแนนเท่ากัน ({format_number(a.points)} คะแนน): '{a.printed}' / '{b.printed}'",
        )
        for i, (a, b) in enumerate(zip(rows, rows[1:]))
        if a.points == b.points
    ]


def _coverage(ranges: list[str | None], integer: bool) -> list[tuple[str, str]]:
    """Gaps and overlaps between printed ranges that are bounded on the side facing their neighbour."""
    intervals = sorted((parse_interval(r) for r in ranges if r), key=_low_key)
    found = []
    for a, b in zip(intervals, intervals[1:]):
        if a.high is None or b.low is None:
            continue  # "X ขึ้นไป" rows form a ladder: open-ended by design
        if a.high > b.low or (a.high == b.low and a.high_closed and b.low_closed):
            found.append(("overlap", f"ช่วงที่พิมพ์ซ้อนกัน: {_show(a)} กับ {_show(b)}"))
        elif _uncovered(a, b, integer):
            found.append(("gap", f"ช่วงที่พิมพ์เว้นช่องว่าง: ค่าระหว่าง {_show(a)} กับ {_show(b)} ไม่อยู่ในแถวใดเลย"))
    return found


def _low_key(interval: Interval) -> Fraction:
    return interval.low if interval.low is not None else Fraction(-(10**12))


def _uncovered(a: Interval, b: Interval, integer: bool) -> bool:
    assert a.high is not None and b.low is not None  # _coverage skips open-ended neighbours
    if not integer:
        return a.high < b.low or (a.high == b.low and not a.high_closed and not b.low_closed)
    first_free = a.high if not a.high_closed and a.high.denominator == 1 else Fraction(math.floor(a.high) + 1)
    return first_free < b.low or (first_free == b.low and not b.low_closed)


def _show(interval: Interval) -> str:
    low = format_number(interval.low) if interval.low is not None else ""
    high = format_number(interval.high) if interval.high is not None else ""
    return f"{'[' if interval.low_closed else '('}{low}, {high}{']' if interval.high_closed else ')'}"


def _narrow_thresholds(item: Item) -> list[tuple[str, str]]:
    """Single-measure step tables whose thresholds crowd together (Buriram 2.1: 47, 58, 59, 100)."""
    numbers = {c.number for s in item.steps for c in s.when if len(s.when) == 1 and c.mode == "value"}
    thresholds = sorted(n for n in numbers if n is not None)  # a "value" rule always has its number
    widths = [b - a for a, b in zip(thresholds, thresholds[1:])]
    if len(widths) < 2:
        return []
    typical = statistics.median(widths)
    return [
        (
            "narrow-band",
            f"เกณฑ์ {format_number(a)} กับ {format_number(b)} ห่างกันเพียง {format_number(b - a)} "
            f"ขณะที่ช่วงอื่นกว้างราว {format_number(typical)}",
        )
        for a, b in zip(thresholds, thresholds[1:])
        if (b - a) * NARROW_FACTOR < typical
    ]


def _parts_totals(mission: Mission) -> list[tuple[str, tuple[str, str]]]:
    items = {item.id: item for item in mission.items}
    found = []
    for group in mission.groups:
        total = sum((items[i].max_points for i in group.items), Fraction(0))
        if total != group.printed_max:
            found.append((group.id, _parts_message(group.label, total, group.printed_max)))
    if mission.printed_max is not None and mission.items and mission.max_points != mission.printed_max:
        found.append(("รวม", _parts_message(mission.title, mission.max_points, mission.printed_max)))
    return found


def _parts_message(label: str, total: Fraction | int, printed: Fraction) -> tuple[str, str]:
    return "parts-total", (f"'{label}' พิมพ์คะแนนเต็ม {format_number(printed)} แต่ส่วนย่อยรวมได้ {format_number(total)}")
