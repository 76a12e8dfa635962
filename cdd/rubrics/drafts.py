"""A draft rubric being edited: a clone of a published one, and its rules as rows a person fills in.

The machine rule of a row is built from choices (indicator, operator, what it is compared with, a
number, a reference figure), never typed as code; the text form (`heads_downloaded >= 80% of
heads_total`) is what the choices make, and reading a text gives the choices back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from cdd.errors import CddError
from cdd.office.numbers import format_number
from cdd.rubrics import deadlines
from cdd.rubrics.conditions import OPERATOR_TH as OPERATOR_TH  # the rule table's words for an operator
from cdd.rubrics.conditions import Condition, ConditionSyntaxError
from cdd.rubrics.indicators import load_catalogue
from cdd.rubrics.model import GRADES, Deadline, Scheme, scheme_from_dict
from cdd.rubrics.toml_write import scheme_to_dict

# What the right side of a rule is, in the words of the rule table.
COMPARED_WITH = {
    "value": "ตัวเลข",
    "yes": "ใช่",
    "no": "ไม่ใช่",
    "pct_of": "ร้อยละของ",
    "pct_over": "เพิ่มขึ้นร้อยละจาก",
    "times": "เท่าของ",
    "ref": "ค่าอ้างอิง",
}
RULE_COLUMNS = ("mission", "part", "level", "position", "indicator", "operator", "compared", "number", "reference")


class DraftError(CddError, ValueError):
    """A row of the rule table that makes no rule: the message names the row and the fix."""


@dataclass(frozen=True)
class Letter:
    """The letter a scheme comes from: who sent it, its number and its date, as printed."""

    sender: str
    number: str
    date: str

    def text(self) -> str:
        return f"หนังสือ{self.sender} ที่ {self.number} ลงวันที่ {self.date}"


def clone(
    scheme: Scheme,
    new_id: str,
    title: str,
    letter: Letter,
    months: tuple[str, str],
    provinces: tuple[str, ...] | None = None,
    deadline: Deadline | None = None,
    mission_deadlines: Mapping[str, Deadline] | None = None,
) -> Scheme:
    """A new scheme from an existing one: its missions and rules kept, the letter's facts replaced. Without
    a new deadline the old day of the next month is kept; dated report rounds (the scheme's or a mission's)
    belong to the old months and are dropped. `mission_deadlines` gives each mission its own, or none."""
    if deadline is None:
        kept = scheme.deadline
        day = None if kept.rounds else kept.day_of_next_month
        deadline = Deadline() if day is None else deadlines.monthly(day, kept.time)  # the wording of the new letter
    missions = tuple(replace(m, deadline=_own_deadline(m.deadline, m.id, mission_deadlines)) for m in scheme.missions)
    return replace(
        scheme,
        id=new_id,
        title=title,
        letter=letter.text(),
        first_month=months[0],
        last_month=months[1],
        provinces=tuple(provinces or scheme.provinces),
        deadline=deadline,
        missions=missions,
        note="",
        path=None,
    )


def _own_deadline(old: Deadline | None, mission_id: str, given: Mapping[str, Deadline] | None) -> Deadline | None:
    if given is not None:
        return given.get(mission_id)
    return old if old is not None and not old.rounds else None


# ---- the rule table -----------------------------------------------------------------------------------


def choices_of(condition: Condition) -> dict:
    """The row choices that build this condition."""
    return {
        "indicator": condition.input,
        "operator": condition.op,
        "compared": condition.mode,
        "number": float(condition.number) if condition.number is not None else None,
        "reference": condition.ref,
    }


def condition_from(indicator: str, operator: str, compared: str, number: object, reference: object) -> Condition:
    """The condition the choices of one row make; DraftError (in Thai) when they make none."""
    if compared not in COMPARED_WITH:
        raise DraftError(f"เลือกสิ่งที่เทียบจาก {', '.join(COMPARED_WITH.values())}")
    if compared in ("yes", "no"):
        text = f"{indicator} == {compared}"
    elif compared == "ref":
        text = f"{indicator} {operator} {reference or ''}"
    else:
        if number is None or number != number:  # NaN from an emptied cell
            raise DraftError("ยังไม่ได้ใส่ตัวเลข: ใส่ตัวเลขของเกณฑ์ เช่น 80")
        figure = format_number(Fraction(str(number)))
        right = {"value": figure, "pct_of": f"{figure}% of", "pct_over": f"{figure}% over", "times": f"{figure} *"}
        text = f"{indicator} {operator} {right[compared]}" + (f" {reference or ''}" if compared != "value" else "")
    try:
        return Condition.parse(text)
    except ConditionSyntaxError:
        raise DraftError(_fix_for(compared, text)) from None


def _fix_for(compared: str, text: str) -> str:
    if compared in ("pct_of", "pct_over", "times", "ref"):
        return f"กติกา '{text}' ยังไม่ครบ: เลือกค่าอ้างอิง (เช่น heads_total) ในช่อง 'เทียบกับค่า'"
    if compared in ("yes", "no"):
        return f"กติกา '{text}' ใช้ได้กับตัวชี้วัดแบบ ใช่/ไม่ใช่ เท่านั้น และต้องใช้ 'เท่ากับ'"
    return f"กติกา '{text}' อ่านไม่ได้: ตัวเลขต้องไม่ติดลบ และเลือกตัวชี้วัดจากรายการ"


def rule_rows(scheme: Scheme) -> list[dict]:
    """Every condition of the scheme as one row: where it sits, then its choices and its text."""
    rows = []
    for mission in scheme.missions:
        for criterion in mission.criteria:
            for grade, rule in criterion.levels.items():
                rows += _rows(mission.id, criterion.id, grade, rule.when)
        for item in mission.items:
            rows += _rows(mission.id, item.id, "ทั้งข้อ", item.when)
            for number, step in enumerate(item.steps, 1):
                rows += _rows(mission.id, item.id, f"ขั้น {number}", step.when)
    return rows


def _rows(mission: str, part: str, level: str, when: tuple[Condition, ...]) -> list[dict]:
    return [
        {"mission": mission, "part": part, "level": level, "position": i, **choices_of(c), "rule": str(c)}
        for i, c in enumerate(when, 1)
    ]


def with_rules(scheme: Scheme, rows: list[dict]) -> Scheme:
    """The scheme with each row's condition in its place; DraftError naming the first bad row."""
    raw = scheme_to_dict(scheme)
    for number, row in enumerate(rows, 1):
        try:
            condition = condition_from(
                row["indicator"], row["operator"], row["compared"], row.get("number"), row.get("reference")
            )
        except DraftError as error:
            raise DraftError(f"แถวที่ {number} ({_place(scheme, row)} / {row['level']}): {error}") from None
        _when_list(raw, row)[int(row["position"]) - 1] = str(condition)
    return scheme_from_dict(raw)


def _place(scheme: Scheme, row: dict) -> str:
    """'mission title / part name' of a row, as the rule table shows them."""
    mission = next((m for m in scheme.missions if m.id == row["mission"]), None)
    if mission is None:
        return str(row["mission"])
    parts = {criterion.id: criterion.label for criterion in mission.criteria}
    parts |= {item.id: item.label for item in mission.items}
    return f"{mission.title} / {parts.get(row['part'], row['part'])}"


def _when_list(raw: dict, row: dict) -> list[str]:
    mission = next(m for m in raw["missions"] if m["id"] == row["mission"])
    level = row["level"]
    if level in GRADES:
        criterion = next(c for c in mission["criteria"] if c["id"] == row["part"])
        return _as_list(criterion[level])
    item = next(i for i in mission["items"] if i["id"] == row["part"])
    if level == "ทั้งข้อ":
        return _as_list(item)
    return _as_list(item["steps"][int(level.split()[-1]) - 1])


def _as_list(holder: dict) -> list[str]:
    if isinstance(holder.get("when"), str):
        holder["when"] = [holder["when"]]
    return holder["when"]


def band_rows(scheme: Scheme) -> list[dict]:
    """The grade bands of every banded mission: the lower bound of each grade, as printed."""
    return [
        {"mission": m.id, "grade": b.grade, "min": float(b.min), "printed": b.printed}
        for m in scheme.missions
        for b in m.bands
    ]


def with_bands(scheme: Scheme, rows: list[dict]) -> Scheme:
    raw = scheme_to_dict(scheme)
    for number, row in enumerate(rows, 1):
        if row.get("min") is None or row["min"] != row["min"]:
            title = next((m.title for m in scheme.missions if m.id == row["mission"]), row["mission"])
            raise DraftError(f"แถวที่ {number} ({title} ระดับ {row['grade']}): ใส่คะแนนต่ำสุดของระดับนี้")
        mission = next(m for m in raw["missions"] if m["id"] == row["mission"])
        band = next(b for b in mission["bands"] if b["grade"] == row["grade"])
        minimum = Fraction(str(row["min"]))
        band["min"] = minimum.numerator if minimum.denominator == 1 else float(minimum)
        band["printed"] = row.get("printed") or band.get("printed", "")
    return scheme_from_dict(raw)


def indicator_names() -> dict[str, str]:
    """Indicator key → 'key: Thai label', for the rule table's choices."""
    return {key: f"{key}: {ind.label}" for key, ind in load_catalogue().items()}
