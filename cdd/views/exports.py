"""Lists read out at meetings: every district's grades, and what each still owes, as CSV, JSON or Excel.

Every text cell a spreadsheet may open goes through `safe_text`: a district name or label typed as
"=HYPERLINK(…)" must stay text, never become a formula (CSV/formula injection).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

from cdd.grading.mission import MISSION_STATUS_TH, CriterionResult, DistrictResult, Gap, MissionResult
from cdd.grading.report import STRICT_TH, change_text, figure, json_number, need_text, shortfall_text, strict_bound
from cdd.intake.breakdowns import Counted
from cdd.office.calendar import parse_period
from cdd.office.districts import Registry
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.model import GRADES, grade_rank
from cdd.views.palette import GRADE_COLOURS

Row = dict[str, str | int | float]


class Figure(str):
    """A figure of the gap list as a person reads it ('64.56%', '1,250', 'มากกว่า 70%'), carrying the number a
    spreadsheet stores: `number` in the cell, shown through `number_format`; `plain` is the CSV's text."""

    number: Decimal
    number_format: str
    plain: str

    def __new__(cls, text: str, number: Decimal, number_format: str, plain: str) -> Figure:
        made = super().__new__(cls, text)
        made.number, made.number_format, made.plain = number, number_format, plain
        return made

    def __reduce__(self):
        return Figure, (str(self), self.number, self.number_format, self.plain)


# How Excel shows a number of each kind: whole counts with thousands, baht to the satang, and a percentage
# stored as the share it is (0.6456) shown as '64.56%'.
NUMBER_FORMATS = {"count": "#,##0", "level": "#,##0", "money": "#,##0.00", "percent": "0.00%"}

# What Excel (and LibreOffice) read as the start of a formula; tab and CR also start one in a CSV; Excel
# also takes the full-width forms an Asian input method types.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Opened where ';' (or tab) separates fields, a cell "x;=1+1" becomes "x" and a formula: a separator
# followed by '=' or '@', or by a sign and a name or bracket (the -cmd|… of a DDE attack).
AFTER_A_SEPARATOR = re.compile(r"[;,\t]\s*(?:[=@\uff1d\uff20]|[+\-\uff0b\uff0d]\s*[^\W\d])")

GRADE_COLUMNS = {
    "code": "รหัสอำเภอ",
    "name": "อำเภอ",
    "mission": "ภารกิจ",
    "grade": "ระดับ",
    "score": "คะแนน",
    "status": "สถานะ",
}
# Whether the figures behind a gap were checked (cdd.views.review.with_checks): the screen, the files and the
# overview's heatmap read this one head.
CHECK_HEAD = "การตรวจ"
# What the list behind a count says (cdd.store.period_items): «TikTok: ยังไม่มีโพสต์»; '' for a plain count.
ITEMS_HEAD = "รายการย่อย"
GAP_COLUMNS = {
    "code": "รหัสอำเภอ",
    "name": "อำเภอ",
    "mission": "ภารกิจ",
    "grade": "ระดับ",
    "check": CHECK_HEAD,
    "criterion": "เกณฑ์",
    "actual": "ผลงาน",
    "required": "ค่าที่ต้องได้",
    "shortfall": "ขาดอีก",
    "items": ITEMS_HEAD,
    "next": "เพื่อขึ้นระดับถัดไป",
    "to_a": "เพื่อให้ได้ระดับ A",
}
# Excel wants a colour as six hex digits, without the '#'.
GRADE_FILLS: dict[str, str] = {grade: GRADE_COLOURS[grade].lstrip("#") for grade in GRADES}


def worst_first(grade: str | None) -> int:
    """Worst first in a gap list: the districts furthest behind are discussed first; A, then no grade, last."""
    return grade_rank(grade) or 5


ANY_PREFIX = "อย่างใดอย่างหนึ่ง: "


def safe_text(value: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading ' and is shown as typed."""
    if (
        value.startswith(("\t", "\r"))
        or value.lstrip(" ").startswith(FORMULA_STARTS)
        or AFTER_A_SEPARATOR.search(value)
    ):
        return "'" + value
    return value


# ---- rows --------------------------------------------------------------------------------------


def grade_rows(results: list[DistrictResult], registry: Registry) -> list[Row]:
    """One row per district and mission; `status` keeps the engine's word (the JSON contract)."""
    return [
        {
            "code": result.district,
            "name": registry.name_of(result.district, unknown=""),
            "mission": mission.mission,
            "grade": mission.grade or "",
            "score": _score(mission),
            "status": mission.status,
        }
        for result in results
        for mission in result.results
    ]


def _score(mission: MissionResult) -> int | float | str:
    number = json_number(mission.score)
    return "" if number is None else number


ListedItems = Mapping[str, Mapping[str, tuple[Counted, ...]]]  # district → count key → its months' lists


def gap_rows(results: list[DistrictResult], registry: Registry, items: ListedItems | None = None) -> list[Row]:
    """One row per unmet criterion, worst grade first, then by district, mission and criterion order.
    `items` (cdd.store.period_items) holds the lists behind counts: the row of such a count names what is
    missing («TikTok: ยังไม่มีโพสต์») under "items"; a count sent as a plain number leaves it empty."""
    rows = [
        _gap_row(
            result.district,
            registry.name_of(result.district, unknown=""),
            mission,
            criterion,
            _items_missing(criterion, result, (items or {}).get(result.district, {})),
        )
        for result in results
        for mission in result.results
        for criterion in mission.criteria
        if criterion.met is False
    ]
    # A stable sort keeps the missions and criteria of one district in the scheme's own order.
    return sorted(rows, key=lambda row: (worst_first(str(row["grade"])), row["code"]))


def _gap_row(code: str, name: str, mission: MissionResult, criterion: CriterionResult, missing: str = "") -> Row:
    key, op, bound = criterion.input, criterion.op, criterion.bound
    shortfall = criterion.shortfall
    return {
        "code": code,
        "name": name,
        "mission": mission.title,
        "grade": mission.grade or "",
        "check": "",  # filled from the province's check where it is read (cdd.views.review.with_checks)
        "criterion": criterion_text(criterion),
        "actual": _figure(key, criterion.actual, figure(criterion.actual, key)),
        "required": _required(criterion),
        "shortfall": ""
        if shortfall is None
        else _figure(
            key,
            _shortfall_number(criterion, shortfall),
            shortfall_text(key, op, bound, criterion.actual, shortfall),
            strict=strict_bound(key, op, bound) is not None and bool(shortfall),
        ),
        "items": missing,
        "next": gap_text(mission.gaps, "next"),
        "to_a": gap_text(mission.gaps, "A"),
    }


def _items_missing(criterion: CriterionResult, result: DistrictResult, lists: Mapping[str, tuple[Counted, ...]]) -> str:
    """What the lists behind the criterion's count say is missing; a period of several months names the
    month of each list. '' for a plain count."""
    several = len(parse_period(result.period).months) > 1
    words = [
        (f"({parse_period(c.month).thai(short=True)}) " if several else "") + said
        for c in lists.get(criterion.input, ())
        if (said := c.words())
    ]
    return " / ".join(words)


def _required(criterion: CriterionResult) -> str:
    key, op, bound = criterion.input, criterion.op, criterion.bound
    strict = strict_bound(key, op, bound)
    text = need_text(key, op, bound, criterion.required)
    if strict is not None:
        return _figure(key, strict, text, strict=True, word=STRICT_TH[op])
    return _figure(key, criterion.required, text)


def _shortfall_number(criterion: CriterionResult, shortfall: Fraction) -> Fraction:
    strict = strict_bound(criterion.input, criterion.op, criterion.bound)
    if strict is not None and shortfall and isinstance(criterion.actual, Fraction | int):
        return abs(strict - Fraction(criterion.actual))
    return shortfall


def _figure(key: str, value: object, text: str, strict: bool = False, word: str = STRICT_TH[">"]) -> str:
    """`text` with its number where the value is one (a Figure); yes/no and '–' stay plain text."""
    kind = CATALOGUE[key].kind if key in CATALOGUE else ""
    if kind not in NUMBER_FORMATS or isinstance(value, bool) or not isinstance(value, Fraction | int):
        return text
    number = Fraction(value)
    if kind in ("count", "level") and number.denominator != 1:
        number = Fraction(-(-number.numerator // number.denominator))  # a count owed is a whole one, rounded up
    decimal = Decimal(number.numerator) / Decimal(number.denominator)
    plain = format(decimal.quantize(Decimal("0.01")).normalize(), "f") if number.denominator != 1 else str(number)
    number_format = NUMBER_FORMATS[kind]
    if kind == "percent":
        decimal, plain = decimal / 100, plain + "%"
    if strict:
        number_format, plain = f'"{word} "{number_format}', f"{word} {plain}"
    return Figure(text, decimal, number_format, plain)


def criterion_text(criterion: CriterionResult) -> str:
    """The label; where one label covers several inputs ('publicity.pr_channels'), the input is named too;
    where a step was reported after its date, why it does not score."""
    label = criterion.label if "." not in criterion.id else f"{criterion.label} ({CATALOGUE[criterion.input].label})"
    return f"{label} · ส่งช้า: {criterion.late}" if criterion.late else label


def gap_text(gaps: Iterable[Gap], target: str) -> str:
    """The changes of the gap to `target` in words; '' when the mission has no such gap."""
    gap = next((g for g in gaps if g.target == target), None)
    if gap is None:
        return ""
    if gap.need == "any":
        # Each option alone is enough: options apart with "; ", the changes of one option with "และ".
        options = [" และ ".join(change_text(c) for c in option.changes) for option in gap.options]
        return ANY_PREFIX + "; ".join(options)
    return "; ".join(change_text(c) for option in gap.options for c in option.changes)


# ---- CSV and JSON ------------------------------------------------------------------------------


def write_grades_csv(rows: list[Row]) -> bytes:
    """Thai header and Thai status words, for people; the JSON keeps the keys and engine words."""
    readable = [row | {"status": MISSION_STATUS_TH.get(str(row["status"]), str(row["status"]))} for row in rows]
    return _csv_bytes(GRADE_COLUMNS, readable)


def write_grades_json(rows: list[Row]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def write_gaps_csv(rows: list[Row]) -> bytes:
    return _csv_bytes(GAP_COLUMNS, rows)


def _csv_bytes(columns: dict[str, str], rows: list[Row]) -> bytes:
    """UTF-8 with a BOM so Excel reads Thai; text made safe, numbers left as numbers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns.values())
    for row in rows:
        writer.writerow([_csv_cell(row.get(key, "")) for key in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: object) -> object:
    """A figure as a spreadsheet reads a number: '1250', '64.56%' (no thousands separator)."""
    if isinstance(value, Figure):
        return safe_text(value.plain)
    return safe_text(value) if isinstance(value, str) else value


# ---- Excel -------------------------------------------------------------------------------------

HEADER_ROW = 2  # row 1 of the gap list's workbook says what the list is


def write_gaps_xlsx(rows: list[Row], title: str) -> bytes:
    """The gap list as an Excel workbook for print (cdd/views/gaps_workbook.py). openpyxl is loaded when a
    workbook is asked for, not with every screen that shows a review column: the first screen opens sooner."""
    from cdd.views.gaps_workbook import gaps_workbook

    return gaps_workbook(rows, title)
