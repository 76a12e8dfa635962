"""Tables a page shows as they are: rubric rows in the letter's words beside the machine rule."""

from __future__ import annotations

from cdd.conditions import format_number
from cdd.rubric import GRADES, Mission


def mission_rows(mission: Mission) -> list[dict[str, str]]:
    """One row per rule: part, level or points, the letter's wording, the machine rule, the reading."""
    rows = []
    for criterion in mission.criteria:
        for index, grade in enumerate(g for g in GRADES if g in criterion.levels):
            rule = criterion.levels[grade]
            reading = "" if index else criterion.reading
            rows.append(_row(criterion.label, f"ระดับ {grade}", rule.printed, rule.when, reading))
    for item in mission.items:
        if item.steps:
            for index, step in enumerate(item.steps):
                points = f"{format_number(step.points)} คะแนน"
                rows.append(_row(item.label, points, step.printed, step.when, "" if index else item.reading))
        else:
            points = f"{format_number(item.points)} คะแนน" if item.points is not None else "เป้าหมาย"
            rows.append(_row(item.label, points, item.printed, item.when, item.reading))
    for band in mission.bands:
        rows.append(_row("ระดับจากคะแนนรวม", f"ระดับ {band.grade}", band.printed, (), "") | {
            "กติกาที่ใช้": f"คะแนน ≥ {format_number(band.min)}"})  # fmt: skip
    return rows


def _row(part: str, level: str, printed: str, when, reading: str) -> dict[str, str]:
    rule = " และ ".join(str(c) for c in when) or "กรณีอื่นทั้งหมด"
    return {"ส่วน": part, "ระดับ/คะแนน": level, "ข้อความตามหนังสือ": printed, "กติกาที่ใช้": rule,
            "การอ่านที่เลือก": reading}  # fmt: skip
