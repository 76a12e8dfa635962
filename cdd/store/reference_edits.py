"""Reference figures (tambons, heads_total, …) edited by an administrator, per province and period,
with the history of every change: who, when, which figure, from what to what.

A figure entered for a period takes effect from that period's first month; the earlier record keeps
grading the months before it, so an edit never changes a grade already given for an earlier period.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction

import duckdb

from cdd.errors import CddError
from cdd.office.calendar import Period
from cdd.office.clock import stamp
from cdd.office.districts import REFERENCE_KEYS, Registry
from cdd.office.numbers import format_number
from cdd.rubrics.indicators import CATALOGUE, ValueProblem, parse_value
from cdd.store.database import IN_APP, first_row, registry_from, write_transaction
from cdd.store.users import User, authorize_manage


class FiguresRefused(CddError):
    """A table of figures with problems: every one is listed with its row and its fix; nothing is written."""

    exit_status = 1


ROW = "_row"  # the line of a CSV row in its file, kept beside its cells


@dataclass(frozen=True)
class Change:
    code: str
    key: str
    old: Fraction | None
    new: Fraction


def figure_rows(registry: Registry, province: str, period: Period) -> list[dict]:
    """One row per district of the province: its code, its name and each reference figure in force
    for the period (None where none is recorded)."""
    rows = []
    for district in registry.in_province(province):
        figures = registry.references(district.code, period)
        rows.append(
            {"code": district.code, "name": district.name}
            | {key: float(figures[key]) if key in figures else None for key in REFERENCE_KEYS}
        )
    return rows


def missing_figures(registry: Registry, codes: list[str], keys: list[str], period: Period) -> dict[str, list[str]]:
    """Reference key → the districts (names) that have no figure for it in the period."""
    out: dict[str, list[str]] = {}
    for key in keys:
        lacking = [registry.name_of(code) for code in codes if registry.reference(code, key, period) is None]
        if lacking:
            out[key] = lacking
    return out


def rows_from_csv(data: bytes) -> list[dict]:
    """A CSV of `code` and reference-key columns (UTF-8, or the cp874 of Thai Excel) as table rows."""
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FiguresRefused("อ่านไฟล์ไม่ได้: บันทึกเป็น CSV แบบ UTF-8 แล้วลองใหม่")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "code" not in reader.fieldnames:
        raise FiguresRefused("ไฟล์ต้องมีคอลัมน์ code (รหัสอำเภอ) และคอลัมน์ของข้อมูลอ้างอิง เช่น tambons, heads_total")
    # each row keeps its line in the file, as a spreadsheet numbers it (the header is line 1)
    return [{ROW: reader.line_num} | {k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def changes_in(registry: Registry, province: str, period: Period, rows: list[dict]) -> list[Change]:
    """What the rows change, checked whole first: FiguresRefused lists every bad cell with its fix."""
    problems, changes = [], []
    districts = {d.code for d in registry.in_province(province)}
    for position, row in enumerate(rows, 1):
        number = row.get(ROW, position)  # a file's own line; a table's row, counted from 1
        code = str(row.get("code", "")).strip()
        if code not in districts:
            problems.append(f"แถวที่ {number}: รหัสอำเภอ '{code}' ไม่อยู่ในจังหวัดนี้: ใช้รหัส 4 หลักของอำเภอในจังหวัด")
            continue
        for key in REFERENCE_KEYS:
            given = row.get(key)
            if given is None or given == "" or given != given:  # blank, or NaN from an emptied cell
                continue
            try:
                value = parse_value(CATALOGUE[key], given)
            except ValueProblem as problem:
                problems.append(f"แถวที่ {number} ({registry.name_of(code)}) ช่อง {key} = '{given}': {problem}")
                continue
            if not isinstance(value, Fraction):  # a reference figure is a count or a target: a number
                problems.append(f"แถวที่ {number} ({registry.name_of(code)}) ช่อง {key} = '{given}': ต้องเป็นตัวเลข")
                continue
            old = registry.references(code, period).get(key)
            if old != value:
                changes.append(Change(code, key, old, value))
    if problems:
        raise FiguresRefused("บันทึกไม่ได้ (ยังไม่ได้บันทึกอะไร): " + "; ".join(problems))
    return changes


def save_figures(
    con: duckdb.DuckDBPyConnection, province: str, period: Period, rows: list[dict], by: User | None
) -> list[Change]:
    """Write every changed figure from the period's first month on, and its history; all or nothing."""
    by = authorize_manage(by)
    changes = changes_in(registry_from(con), province, period, rows)
    start, at = period.months[0].token, stamp()
    with write_transaction(con) as cur:
        for change in changes:
            value = format_number(change.new)
            cur.execute(
                "DELETE FROM reference_figures WHERE code = ? AND key = ? AND valid_from = ?",
                [change.code, change.key, start],
            )
            cur.execute(
                "INSERT INTO reference_figures VALUES (?, ?, ?, ?, NULL, ?)",
                [change.code, change.key, value, start, f"{IN_APP} โดย {by.name}"],
            )
            old = None if change.old is None else format_number(change.old)
            cur.execute(
                "INSERT INTO reference_changes VALUES (?, ?, ?, ?, ?, ?, ?)",
                [at, by.name, change.code, change.key, start, old, value],
            )
    return changes


def history(con: duckdb.DuckDBPyConnection, limit: int = 200) -> list[tuple]:
    """The latest changes first: when, who, district, figure, from month, old value, new value."""
    return con.execute(
        "SELECT changed_at, changed_by, code, key, valid_from, old_value, new_value FROM reference_changes "
        "ORDER BY changed_at DESC LIMIT ?",
        [limit],
    ).fetchall()


def change_count(con: duckdb.DuckDBPyConnection) -> int:
    row = first_row(con, "SELECT count(*) FROM reference_changes")
    return row[0] if row else 0
