"""A lint of the rules themselves (not of the printed ranges): a lower level that asks more than the
level above it can never be the grade, and a step table row worth more points that asks less than a
row worth fewer makes the cheaper row unreachable. Both happen when one threshold is edited alone."""

from __future__ import annotations

from cdd.office.numbers import format_number
from cdd.rubrics.conditions import Condition
from cdd.rubrics.model import GRADES, Mission


def level_findings(mission: Mission) -> list[tuple[str, str, str]]:
    """(rule id, code, Thai message) for every pair of levels or steps in the wrong order."""
    found = []
    for criterion in mission.criteria:
        levels = [(g, criterion.levels[g].when) for g in GRADES if g in criterion.levels]
        for (upper, upper_when), (lower, lower_when) in zip(levels, levels[1:]):
            for condition, bigger in _asks_more(lower_when, upper_when):
                found.append(
                    (
                        criterion.id,
                        "level-order",
                        f"ระดับ {lower} ต้องการ {condition} มากกว่าระดับ {upper} ({bigger}): "
                        f"ระดับ {lower} จะไม่มีวันได้ ลดเกณฑ์ของระดับ {lower} หรือเพิ่มเกณฑ์ของระดับ {upper}",
                    )
                )
    for item in mission.items:
        steps = sorted(item.steps, key=lambda s: s.points, reverse=True)
        for high, low in zip(steps, steps[1:]):
            for condition, bigger in _asks_more(low.when, high.when):
                found.append(
                    (
                        item.id,
                        "level-order",
                        f"แถว {format_number(low.points)} คะแนน ต้องการ {condition} มากกว่าแถว "
                        f"{format_number(high.points)} คะแนน ({bigger}): เรียงเกณฑ์ของแต่ละแถวใหม่",
                    )
                )
    return found


def _asks_more(lower: tuple[Condition, ...], upper: tuple[Condition, ...]) -> list[tuple[str, str]]:
    """Conditions of the lower level stricter than the upper level's on the same input and reference."""
    out = []
    for low in lower:
        for high in upper:
            if (low.input, low.mode, low.ref) != (high.input, high.mode, high.ref) or None in (low.number, high.number):
                continue
            if _stricter(low, high):
                out.append((str(low), str(high)))
    return out


def _stricter(low: Condition, high: Condition) -> bool:
    a, b = low.number, high.number
    assert a is not None and b is not None  # _asks_more compares numbered rules only
    if low.op in (">=", ">") and high.op in (">=", ">"):
        return a > b
    if low.op in ("<=", "<") and high.op in ("<=", "<"):
        return a < b
    return False
