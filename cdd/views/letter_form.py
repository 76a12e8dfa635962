"""The workshop's clone form («จัดการเกณฑ์», step 1): the new letter's deadlines as tables to fill in, and
back. The tables speak Thai; what a person typed is read and checked by cdd.rubrics.deadlines."""

from __future__ import annotations

import pandas as pd

from cdd.rubrics.deadlines import Round
from cdd.rubrics.model import Scheme

MONTHLY, ROUNDS = "วันที่ของเดือนถัดไป", "ตามรอบรายงานที่หนังสือกำหนด"
DEADLINE_KINDS = (MONTHLY, ROUNDS)
DUE, TIME, MONTHS = "วันที่ส่ง", "เวลา", "เดือนที่รายงาน"
MISSION, DAY = "ภารกิจ", "วันที่ของเดือนถัดไป"
BLANK_ROUNDS = 3  # a quarter's letter sets a round a month


def deadline_kind(scheme: Scheme) -> int:
    """Which kind the form opens with: the source scheme's own (Lampang sets rounds)."""
    return DEADLINE_KINDS.index(ROUNDS if scheme.deadline.rounds else MONTHLY)


def round_table(rows: int = BLANK_ROUNDS) -> pd.DataFrame:
    """Empty rounds to fill in: a date, a time or nothing, the months it covers."""
    return pd.DataFrame(
        {
            DUE: pd.Series([pd.NaT] * rows, dtype="datetime64[ns]"),
            TIME: [""] * rows,
            MONTHS: [""] * rows,
        }
    )


def rounds_from_table(table: pd.DataFrame) -> list[Round]:
    """Each filled row as a round; a row left wholly empty (one the grid added, or one not needed) is none."""
    rounds = []
    for record in table.to_dict("records"):
        due, time, months = record.get(DUE), _text(record.get(TIME)), _text(record.get(MONTHS))
        day = None if due is None or pd.isna(due) else pd.Timestamp(due).date()
        if day is None and not time and not months:
            continue
        rounds.append(Round(day, time, months))
    return rounds


def mission_deadline_table(scheme: Scheme) -> pd.DataFrame:
    """One row per mission: its own day of the next month and time where the source scheme has them
    (its dated rounds belong to the old months and are not offered); empty follows the scheme's."""
    rows = []
    for mission in scheme.missions:
        own = mission.deadline if mission.deadline and not mission.deadline.rounds else None
        rows.append(
            {MISSION: mission.title, DAY: own.day_of_next_month if own else None, TIME: own.time if own else ""}
        )
    table = pd.DataFrame(rows, columns=[MISSION, DAY, TIME])
    table[DAY] = table[DAY].astype("Float64")  # an empty cell is shown empty, never None
    return table


def mission_deadlines_from(scheme: Scheme, table: pd.DataFrame) -> list[tuple[str, str, object, object]]:
    """(mission id, title, day, time) of each row, the id from the scheme (the table has a row per mission)."""
    return [
        (mission.id, mission.title, _cell(record.get(DAY)), record.get(TIME))
        for mission, record in zip(scheme.missions, table.to_dict("records"), strict=True)
    ]


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def _cell(value: object) -> object:
    return None if value is None or pd.isna(value) else value
