"""The rubric workshop's structure tables in Thai: missions, items and criteria, levels and steps, how
each input rolls up, and the indicators a scheme brings. Each table names missions by title and parts
by name, chooses shapes, kinds and roll-ups by Thai words, and is read back into the rows of
`cdd.rubrics.structure`."""

from __future__ import annotations

import pandas as pd

from cdd.rubrics import structure
from cdd.rubrics.model import Scheme
from cdd.views.workshop import findings_by_part, indicator_key, indicator_label, mission_ids, part_choices, place_of

SHAPE_TH = {
    "points": "คะแนนรวม แล้วเทียบช่วงคะแนน",
    "step-mean": "ค่าเฉลี่ยของขั้นคะแนน แล้วเทียบช่วงคะแนน",
    "ladder": "ระดับ A–D ตามเกณฑ์หลายข้อ",
    "bands": "ระดับ A–D ตามตัวเลขเดียว",
    "targets": "เป้าหมายรายเดือน (ไม่ให้ระดับ)",
    "none": "ยังไม่มีเกณฑ์",
}
KIND_TH = {
    "count": "จำนวนนับ",
    "level": "ระดับ (0 ถึงค่าสูงสุด)",
    "percent": "ร้อยละ",
    "money": "จำนวนเงิน (บาท)",
    "yesno": "ใช่/ไม่ใช่",
}
BETTER_TH = {"higher": "ยิ่งมากยิ่งดี", "lower": "ยิ่งน้อยยิ่งดี", "none": "ไม่มีทิศทาง (ค่าฐาน)"}
ROLLUP_TH = {
    "sum": "รวมทุกเดือน",
    "every-month": "ต้องผ่านทุกเดือน",
    "latest": "ใช้เดือนล่าสุด",
    "mean": "ค่าเฉลี่ยของเดือน",
}


def _back(words: dict[str, str], thai: object) -> object:
    """The key of a Thai choice; anything else as written, so the builder names it."""
    return next((key for key, word in words.items() if word == thai), thai)


def _cells(table: pd.DataFrame) -> list[dict]:
    """The table's rows with emptied cells (None, NaN) as ''; numbers stay numbers."""
    return [{k: ("" if v is None or v != v else v) for k, v in r.items()} for r in table.to_dict("records")]


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


# ---- missions ------------------------------------------------------------------------------------------

MISSION_COLUMNS = ["id", "title", "shape", "max", "printed", "reading"]


def mission_table(scheme: Scheme) -> pd.DataFrame:
    rows = [{**row, "shape": SHAPE_TH[row["shape"]]} for row in structure.mission_rows(scheme)]
    return _frame(rows, MISSION_COLUMNS)


def missions_from_table(table: pd.DataFrame) -> list[dict]:
    return [{**row, "shape": _back(SHAPE_TH, row.get("shape"))} for row in _cells(table)]


# ---- items and criteria ----------------------------------------------------------------------------------

PART_COLUMNS = ["mission", "id", "label", "points", "printed", "reading", "finding"]


def _finding(notes: dict[tuple[str, str], list[str]], mission: str, part: str) -> str:
    return " / ".join(notes.get((mission, part), []))


def part_table(scheme: Scheme) -> pd.DataFrame:
    """Every item or criterion, with lint's finding about it beside the row."""
    titles = {mission.id: mission.title for mission in scheme.missions}
    notes = findings_by_part(scheme)
    rows = [
        {**row, "mission": titles[row["mission"]], "finding": _finding(notes, row["mission"], row["id"])}
        for row in structure.part_rows(scheme)
    ]
    return _frame(rows, PART_COLUMNS)


def parts_from_table(scheme: Scheme, table: pd.DataFrame) -> list[dict]:
    ids = mission_ids(scheme)
    return [{**row, "mission": ids.get(row["mission"], row["mission"])} for row in _cells(table)]


# ---- levels and steps ------------------------------------------------------------------------------------

LEVEL_COLUMNS = ["mission", "part", "level", "points", "printed", "finding"]


def level_table(scheme: Scheme) -> pd.DataFrame:
    """Every level of a criterion and step of an item, with lint's finding about its part beside the row."""
    missions = {mission.id: mission for mission in scheme.missions}
    notes = findings_by_part(scheme)
    rows = []
    for row in structure.level_rows(scheme):
        mission = missions[row["mission"]]
        name = next((p.label for p in mission.parts if p.id == row["part"]), row["part"])  # or ทั้งภารกิจ
        finding = _finding(notes, mission.id, row["part"])
        rows.append({**row, "mission": mission.title, "part": name, "finding": finding})
    return _frame(rows, LEVEL_COLUMNS)


def level_parts(scheme: Scheme) -> list[str]:
    """What the part column of the level table may hold: the mission itself, then every part's name."""
    return [structure.WHOLE_MISSION, *part_choices(scheme)]


def levels_from_table(scheme: Scheme, table: pd.DataFrame) -> list[dict]:
    out = []
    for row in _cells(table):
        mission, part = place_of(scheme, row)
        out.append({**row, "mission": mission, "part": part})
    return out


# ---- roll-ups ----------------------------------------------------------------------------------------------

ROLLUP_COLUMNS = ["indicator", "rollup"]


def rollup_table(scheme: Scheme) -> pd.DataFrame:
    rows = [
        {"indicator": indicator_label(row["indicator"]), "rollup": ROLLUP_TH.get(row["rollup"], row["rollup"])}
        for row in structure.rollup_rows(scheme)
    ]
    return _frame(rows, ROLLUP_COLUMNS)


def rollups_from_table(table: pd.DataFrame) -> list[dict]:
    return [
        {"indicator": indicator_key(row["indicator"]), "rollup": _back(ROLLUP_TH, row["rollup"])}
        for row in _cells(table)
    ]


# ---- the scheme's own indicators -------------------------------------------------------------------------

INDICATOR_COLUMNS = list(structure.INDICATOR_FIELDS)


def indicator_table(scheme: Scheme) -> pd.DataFrame:
    rows = [
        {**row, "kind": KIND_TH[row["kind"]], "better": BETTER_TH[row["better"]], "rollup": ROLLUP_TH[row["rollup"]]}
        for row in structure.indicator_rows(scheme)
    ]
    return _frame(rows, INDICATOR_COLUMNS)


def indicators_from_table(table: pd.DataFrame) -> list[dict]:
    return [
        {
            **row,
            "kind": _back(KIND_TH, row.get("kind")),
            "better": _back(BETTER_TH, row.get("better")),
            "rollup": _back(ROLLUP_TH, row.get("rollup")),
        }
        for row in _cells(table)
    ]
