"""Tables a page shows as they are: rubric rows in the letter's words beside the machine rule."""

from __future__ import annotations

from cdd.office.numbers import format_number
from cdd.rubrics.conditions import OPERATOR_TH, rule_thai
from cdd.rubrics.model import GRADES, Criterion, Group, Item, Mission

PART, LEVEL, PRINTED, RULE = "ส่วน", "ระดับ/คะแนน", "ข้อความตามหนังสือ", "กติกาที่ใช้"
MACHINE = "รูปที่ระบบอ่าน"
MISSION_GRADE = "ระดับของภารกิจ"
OTHERWISE = "กรณีอื่นทั้งหมด"


def mission_rows(mission: Mission, machine: bool = False) -> list[dict[str, str]]:
    """One row per rule: part, level or points, the letter's wording and the rule the system applies, as a
    Thai sentence; `machine` adds the rule as the system reads it, for those who check the rubric file.

    A part is named on its first row only, as the letters print their tables (a merged cell).
    """
    rows = [*_criterion_rows(mission), *_item_rows(mission), *_grade_rows(mission)]
    rows = [row | {PART: ""} if i and row[PART] == rows[i - 1][PART] else row for i, row in enumerate(rows)]
    return rows if machine else [{k: v for k, v in row.items() if k != MACHINE} for row in rows]


def _criterion_rows(mission: Mission) -> list[dict[str, str]]:
    return [
        _row(criterion.label, f"ระดับ {grade}", criterion.levels[grade].printed, *_rules(criterion.levels[grade].when))
        for criterion in mission.criteria
        for grade in GRADES
        if grade in criterion.levels
    ]


def _item_rows(mission: Mission) -> list[dict[str, str]]:
    rows = []
    for item in mission.items:
        for step in item.steps:
            rows.append(_row(item.label, f"{format_number(step.points)} คะแนน", step.printed, *_rules(step.when)))
        if not item.steps:
            points = f"{format_number(item.points)} คะแนน" if item.points is not None else "เป้าหมาย"
            rows.append(_row(item.label, points, item.printed, *_rules(item.when)))
    return rows


def _grade_rows(mission: Mission) -> list[dict[str, str]]:
    """How the mission's grade follows: score bands, then the letter's own level rows (D is what is left)."""
    rows = [
        _row(
            MISSION_GRADE, f"ระดับ {band.grade}", band.printed, f"คะแนน{OPERATOR_TH['>=']} {format_number(band.min)}", ""
        )
        for band in mission.bands
    ]
    banded = {band.grade for band in mission.bands}
    for level in (lv for lv in mission.levels if lv.grade not in banded):
        rows.append(_row(MISSION_GRADE, f"ระดับ {level.grade}", level.printed, _level_rule(mission, level.grade), ""))
    return rows


def _level_rule(mission: Mission, grade: str) -> str:
    if grade == "D":
        return f"ไม่ถึงระดับ C ({OTHERWISE})"
    return f"ทุกเกณฑ์ถึงระดับ {grade}" if mission.shape == "ladder" else f"ระดับ {grade} ตามเกณฑ์ข้างต้น"


def _rules(when) -> tuple[str, str]:
    """The rule as a Thai sentence, and as the system reads it."""
    return " และ ".join(rule_thai(c) for c in when) or OTHERWISE, " and ".join(str(c) for c in when)


def _row(part: str, level: str, printed: str, rule: str, machine: str) -> dict[str, str]:
    return {PART: part, LEVEL: level, PRINTED: printed, RULE: rule, MACHINE: machine or rule}


def readings(mission: Mission) -> list[tuple[str, str]]:
    """Every reading of the mission (RUBRICS §8): (whose: the mission or a part's label, the reading)."""
    scored: tuple[Criterion | Item, ...] = (*mission.criteria, *mission.items)
    parts = [(part.label, part.reading) for part in scored if part.reading]
    return [(mission.title, mission.reading)] * bool(mission.reading) + parts


def part_label(mission: Mission, part_id: str) -> str:
    """What a lint finding's rule id ('groups', 'bands', 'รวม') is called on the page."""
    named: tuple[Criterion | Item | Group, ...] = (*mission.criteria, *mission.items, *mission.groups)
    labels = {part.id: part.label for part in named}
    return labels.get(part_id) or ("ช่วงคะแนนของระดับ" if part_id == "bands" else mission.title)


def readings_not_in(mission: Mission, shown: set[str]) -> list[tuple[str, str]]:
    """The mission's readings except those already shown beside a lint finding."""
    return [(whose, text) for whose, text in readings(mission) if text not in shown]
