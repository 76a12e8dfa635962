"""Results in words and JSON: the contract of `python -m cdd evaluate` and the text of a gap."""

from __future__ import annotations

import math
from fractions import Fraction

from cdd.grading.mission import Change, CriterionResult, DistrictResult, Gap, MissionResult
from cdd.office.numbers import format_number
from cdd.rubrics.indicators import CATALOGUE, NotApplicable, Value

YES, NO = "ใช่", "ไม่ใช่"
# A strict bound in the letters' words: "มากกว่าร้อยละ ๗๐" is more than 70%, never "70.01".
STRICT_TH = {">": "มากกว่า", "<": "น้อยกว่า"}
WHOLE_KINDS = ("count", "level")


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


def figure(value: Value | int | None, key: str) -> str:
    """A value of the input `key` as a person reads it: a percentage carries '%' ('64.56%'); a count is a
    whole number, a need or a shortfall that is not one rounded up (110⅓ more shops is 111)."""
    kind = CATALOGUE[key].kind if key in CATALOGUE else ""
    if kind in WHOLE_KINDS and isinstance(value, Fraction) and value.denominator != 1:
        value = Fraction(math.ceil(value))
    number = isinstance(value, Fraction | int) and not isinstance(value, bool)
    return show(value) + ("%" if kind == "percent" and number else "")


def strict_bound(key: str, op: str, bound: Fraction | bool | None) -> Fraction | None:
    """The threshold of a strict comparison that is said as 'มากกว่า …'/'น้อยกว่า …': a percentage or an
    amount whose threshold a person can write (70, 4.5). A count says the next whole number instead."""
    indicator = CATALOGUE.get(key)
    if op not in STRICT_TH or indicator is None or indicator.kind in WHOLE_KINDS or indicator.kind == "yesno":
        return None
    if not isinstance(bound, Fraction | int) or isinstance(bound, bool) or (bound / indicator.step).denominator != 1:
        return None
    return Fraction(bound)


def need_text(key: str, op: str, bound: Fraction | bool | None, needed: Fraction | bool | None) -> str:
    """What a rule asks of the input: 'มากกว่า 70%', 'น้อยกว่า 10%', '80%', '607', 'ใช่'."""
    strict = strict_bound(key, op, bound)
    if strict is not None:
        return f"{STRICT_TH[op]} {figure(strict, key)}"
    return figure(needed, key)


def shortfall_text(key: str, op: str, bound: Fraction | bool | None, actual: Value | None, shortfall: Fraction) -> str:
    """How far the value is from what is asked: '5.44%' more than, for a strict bound; a count whole."""
    strict = strict_bound(key, op, bound)
    if strict is not None and shortfall and isinstance(actual, Fraction | int) and not isinstance(actual, bool):
        return f"{STRICT_TH['>']} {figure(abs(strict - Fraction(actual)), key)}"
    return figure(shortfall, key)


def change_text(change: Change) -> str:
    """'หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว: 3 → 4 (+1 คน)', 'บันทึกข้อมูล…: ไม่ใช่ → ใช่',
    'ครัวเรือนลด/ปลดหนี้ (%): 64.56% → มากกว่า 70% (เพิ่มอีกมากกว่า 5.44%)'."""
    key = change.input
    text = f"{change.label}: {figure(change.before, key)} → {need_text(key, change.op, change.bound, change.after)}"
    if isinstance(change.after, bool) or not isinstance(change.before, Fraction | int):
        return text
    strict = strict_bound(key, change.op, change.bound)
    if strict is not None:
        distance = abs(strict - Fraction(change.before))
        if not distance:  # at the bound itself: any more (or less) is enough
            return f"{text} ({'ต้องเพิ่มขึ้นอีก' if change.op == '>' else 'ต้องลดลงอีก'})"
        more = "เพิ่มอีกมากกว่า" if change.op == ">" else "ลดอีกมากกว่า"
        return f"{text} ({more} {_with_unit(figure(distance, key), change.unit)})"
    delta = Fraction(change.after) - Fraction(change.before)
    sign = "+" if delta > 0 else "−"
    return f"{text} ({sign}{_with_unit(figure(abs(delta), key), change.unit)})"


def _with_unit(amount: str, unit: str) -> str:
    """'+1 ร้าน', '+5.44%': a percentage already carries its sign."""
    return f"{amount} {unit}" if unit and not amount.endswith(unit) else amount


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
