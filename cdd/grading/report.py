"""Results in words and JSON: the contract of `python -m cdd evaluate` and the text of a gap."""

from __future__ import annotations

from fractions import Fraction

from cdd.grading.mission import Change, CriterionResult, DistrictResult, Gap, MissionResult
from cdd.office.numbers import format_number
from cdd.rubrics.indicators import NotApplicable, Value

YES, NO = "ใช่", "ไม่ใช่"


def show(value: Value | int | None) -> str:
    """A value as a person reads it: '1,250', '9.99', 'ใช่', 'ไม่เกี่ยวข้อง', '–'."""
    if value is None:
        return "–"
    if isinstance(value, NotApplicable):
        return "ไม่เกี่ยวข้อง"
    if isinstance(value, bool):
        return YES if value else NO
    number = Fraction(value)
    if number.denominator != 1 and (number * 100).denominator != 1:
        number = Fraction(round(number * 100), 100)
    whole, _, decimals = format_number(number).partition(".")
    return f"{int(whole):,}" + (f".{decimals}" if decimals else "")


def change_text(change: Change) -> str:
    """'หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว: 3 → 4 (+1 คน)', 'บันทึกข้อมูล…: ไม่ใช่ → ใช่'."""
    text = f"{change.label}: {show(change.before)} → {show(change.after)}"
    if isinstance(change.after, bool) or not isinstance(change.before, Fraction | int):
        return text
    delta = Fraction(change.after) - Fraction(change.before)
    sign = "+" if delta > 0 else "−"
    return f"{text} ({sign}{show(abs(delta))}{' ' + change.unit if change.unit else ''})"


def json_number(value: Value | float | None) -> int | float | bool | str | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, NotApplicable):
        return "n/a"
    number = Fraction(value)
    return number.numerator if number.denominator == 1 else round(float(number), 2)


def district_json(result: DistrictResult) -> dict:
    return {
        "scheme": result.scheme,
        "district": result.district,
        "period": result.period,
        "results": [mission_json(m) for m in result.results],
    }


def mission_json(result: MissionResult) -> dict:
    out: dict = {
        "mission": result.mission,
        "title": result.title,
        "grade": result.grade,
        "score": json_number(result.score),
        "max_score": json_number(result.max_score),
        "status": result.status,
        "criteria": [criterion_json(c) for c in result.criteria],
        "gaps": [gap_json(g) for g in result.gaps],
    }
    if result.missing:
        out["missing"] = list(result.missing)
    if result.targets_met is not None:
        out["targets_met"] = result.targets_met
    if result.readings:
        out["readings"] = list(result.readings)
    return out


def criterion_json(row: CriterionResult) -> dict:
    out = {
        "id": row.id,
        "label": row.label,
        "input": row.input,
        "met": row.met,
        "actual": json_number(row.actual),
        "op": row.op,
        "required": json_number(row.required),
        "shortfall": json_number(row.shortfall),
    }
    for key in ("level", "points", "max_points"):
        if (value := getattr(row, key)) is not None:
            out[key] = value if key == "level" else json_number(value)
    if row.late:
        out["late"] = row.late
    return out


def gap_json(gap: Gap) -> dict:
    return {
        "target": gap.target,
        "grade": gap.grade,
        "need": gap.need,
        "options": [
            {"gain": json_number(option.gain), "changes": [change_json(c) for c in option.changes]}
            for option in gap.options
        ],
    }


def change_json(change: Change) -> dict:
    return {
        "criterion": change.criterion,
        "input": change.input,
        "from": json_number(change.before),
        "to": json_number(change.after),
        "text": change_text(change),
    }
