"""A lint of the rules themselves (not of the printed ranges): a lower level that asks more than the
level above it can never be the grade, and a step table row worth more points that asks less than a
row worth fewer makes the cheaper row unreachable. Both happen when one threshold is edited alone.

The notes name each rule in the letter's words (`rule_thai`); the rule as the file writes it goes beside
them, for whoever edits the file."""

from __future__ import annotations

from cdd.office.numbers import format_number
from cdd.rubrics.conditions import Condition, rule_thai
from cdd.rubrics.model import GRADES, Mission


def level_findings(mission: Mission) -> list[tuple[str, str, str, str]]:
    """(rule id, code, Thai message, the two rules as the file writes them) for every pair of levels or
    steps in the wrong order."""
    found = []
    for criterion in mission.criteria:
        levels = [(g, criterion.levels[g].when) for g in GRADES if g in criterion.levels]
        for (upper, upper_when), (lower, lower_when) in zip(levels, levels[1:]):
            for condition, bigger in _asks_more(lower_when, upper_when):
                found.append(
                    (
                        criterion.id,
                        "level-order",
                        f"ระดับ {lower} ต้องการ «{rule_thai(condition)}» มากกว่าระดับ {upper} («{rule_thai(bigger)}»): "
                        f"ระดับ {lower} จะไม่มีวันได้ ลดเกณฑ์ของระดับ {lower} หรือเพิ่มเกณฑ์ของระดับ {upper}",
                        f"{lower}: {condition} / {upper}: {bigger}",
                    )
                )
    for item in mission.items:
        steps = sorted(item.steps, key=lambda s: s.points, reverse=True)
        for high, low in zip(steps, steps[1:]):
            for condition, bigger in _asks_more(low.when, high.when):
                low_points, high_points = format_number(low.points), format_number(high.points)
                found.append(
                    (
                        item.id,
                        "level-order",
                        f"แถว {low_points} คะแนน ต้องการ «{rule_thai(condition)}» มากกว่าแถว {high_points} คะแนน "
                        f"(«{rule_thai(bigger)}»): เรียงเกณฑ์ของแต่ละแถวใหม่",
                        f"{low_points}: {condition} / {high_points}: {bigger}",
                    )
                )
    return found


def _asks_more(lower: tuple[Condition, ...], upper: tuple[Condition, ...]) -> list[tuple[Condition, Condition]]:
    """Conditions of the lower level stricter than the upper level's on the same input and reference."""
    out = []
    for low in lower:
        for high in upper:
            if (low.input, low.mode, low.ref) != (high.input, high.mode, high.ref) or None in (low.number, high.number):
                continue
            if _stricter(low, high):
                out.append((low, high))
    return out


def _stricter(low: Condition, high: Condition) -> bool:
    a, b = low.number, high.number
    assert a is not None and b is not None  # _asks_more compares numbered rules only
    if low.op in (">=", ">") and high.op in (">=", ">"):
        return a > b
    if low.op in ("<=", "<") and high.op in ("<=", "<"):
        return a < b
    return False
