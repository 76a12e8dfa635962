"""The workshop's clone form («จัดการเกณฑ์», step 1): the new letter's deadlines as tables to fill in, and
back. The tables speak Thai; what a person typed is read and checked by cdd.rubrics.deadlines."""

from __future__ import annotations

import pandas as pd

from cdd.office.calendar import Month, PeriodError, format_thai_date, parse_month
from cdd.rubrics.deadlines import Round
from cdd.rubrics.model import Scheme

MONTHLY, ROUNDS = "วันที่ของเดือนถัดไป", "ตามรอบรายงานที่หนังสือกำหนด"
DEADLINE_KINDS = (MONTHLY, ROUNDS)
DUE, TIME, MONTHS = "วันที่ส่ง", "เวลา", "เดือนที่รายงาน"
MISSION, DAY = "ภารกิจ", "วันที่ของเดือนถัดไป"
DEFAULT_DAY = 15  # the day most letters set ("ภายในวันที่ ๑๕ ของทุกเดือน")


def deadline_kind(scheme: Scheme) -> int:
    """Which kind the form opens with: the source scheme's own (Lampang sets rounds)."""
    return DEADLINE_KINDS.index(ROUNDS if scheme.deadline.rounds else MONTHLY)


def round_table(months: tuple[str, str], day: int = DEFAULT_DAY) -> pd.DataFrame:
    """A round a month of `months` (the form's first and last), due on `day` of the next month, to be
    corrected to the letter's dates: Thai dates in BE, typed as text (a date cell would show CE)."""
    rows = []
    for month in _months(months):
        due = month.next().first_day.replace(day=day)
        rows.append({DUE: format_thai_date(due), TIME: "", MONTHS: month.thai()})
    return pd.DataFrame(rows, columns=[DUE, TIME, MONTHS])


def _months(months: tuple[str, str]) -> list[Month]:
    try:
        first, last = (parse_month(token) for token in months)
    except PeriodError:
        return []
    out = [first]
    while out[-1] < last:
        out.append(out[-1].next())
    return out


def rounds_from_table(table: pd.DataFrame) -> list[Round]:
    """Each filled row as a round; a row left wholly empty (one the grid added, or one not needed) is none."""
    rounds = []
    for record in table.to_dict("records"):
        due, time, months = (_text(record.get(column)) for column in (DUE, TIME, MONTHS))
        if due or time or months:
            rounds.append(Round(due, time, months))
    return rounds


def mission_deadline_table(scheme: Scheme) -> pd.DataFrame:
    """One row per mission: its own day of the next month and time where the source scheme has them
    (its dated rounds belong to the old months and are not offered); empty follows the scheme's."""
    rows = []
    for mission in scheme.missions:
        own = mission.deadline if mission.deadline and not mission.deadline.rounds else None
        day = str(own.day_of_next_month) if own and own.day_of_next_month else ""
        rows.append({MISSION: mission.title, DAY: day, TIME: own.time if own else ""})
    return pd.DataFrame(rows, columns=[MISSION, DAY, TIME])  # text cells: an empty one is empty, never "None"


def mission_deadlines_from(scheme: Scheme, table: pd.DataFrame) -> list[tuple[str, str, object, object]]:
    """(mission id, title, day, time) of each row, the id from the scheme (the table has a row per mission)."""
    return [
        (mission.id, mission.title, _text(record.get(DAY)), _text(record.get(TIME)))
        for mission, record in zip(scheme.missions, table.to_dict("records"), strict=True)
    ]


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()
