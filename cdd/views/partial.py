"""Partial periods are not "no data": a district that sent two of a quarter's three months is shown as
«ข้อมูลไม่ครบ: ยังไม่ส่งเดือนมิถุนายน 2567» on the overview, its own page and the gap list, where it
appears with what it owes, the missing month first.
"""

from __future__ import annotations

import pandas as pd

from cdd.grading.mission import DistrictResult, MissionResult, MissionStatus
from cdd.grading.report import show
from cdd.grading.rollup import roll_up_series, rollup_rule
from cdd.office.calendar import Month, parse_period
from cdd.office.districts import Registry
from cdd.rubrics.indicators import CATALOGUE, Value
from cdd.rubrics.model import Scheme
from cdd.views import dashboard
from cdd.views.exports import Row
from cdd.views.references import WHERE, figure_name

PARTIAL_COLUMNS = ["รหัส", "อำเภอ", "ข้อมูล"]
NAMED_INPUTS = 4  # inputs named in the note of a mission that cannot be graded; its card lists them all


def period_months(scheme: Scheme, period_token: str) -> list[Month]:
    """The months of the period the letter covers."""
    return scheme.months_of(parse_period(period_token))


def unsent(sent: set[str], months: list[Month]) -> list[Month]:
    return [m for m in months if m.token not in sent]


def partial_note(sent: set[str], months: list[Month]) -> str:
    """«ข้อมูลไม่ครบ: ยังไม่ส่งเดือน…» where some but not all of the period's months came in; else ''."""
    missing = unsent(sent, months)
    if not sent or not missing:
        return ""
    return "ข้อมูลไม่ครบ: ยังไม่ส่งเดือน" + " และเดือน".join(m.thai() for m in missing)


def partial_table(sent_by_code: dict[str, set[str]], months: list[Month], registry: Registry) -> pd.DataFrame:
    """Every district with part of the period sent, and which months it still owes."""
    rows = [
        [code, registry.name_of(code), note]
        for code in sorted(sent_by_code)
        if (note := partial_note(sent_by_code[code], months))
    ]
    return pd.DataFrame(rows, columns=PARTIAL_COLUMNS)


def partial_gap_rows(
    sent_by_code: dict[str, set[str]], months: list[Month], registry: Registry, scheme: Scheme
) -> list[Row]:
    """Gap-list rows for the months a district still owes, to put before its criteria."""
    return [
        {
            "code": code,
            "name": registry.name_of(code, unknown=""),
            "mission": scheme.missions[0].title if len(scheme.missions) == 1 else "ทุกภารกิจ: การส่งรายงาน",
            "grade": "",
            "check": "",
            "criterion": note,
            "actual": f"ส่งแล้ว {len(sent_by_code[code])} จาก {len(months)} เดือน",
            "required": f"{len(months)} เดือน",
            "shortfall": f"{len(unsent(sent_by_code[code], months))} เดือน",
            "items": "",
            "next": "ส่งรายงานเดือนที่ยังขาดก่อน แล้วจึงจัดระดับได้",
            "to_a": "",
        }
        for code in sorted(sent_by_code)
        if (note := partial_note(sent_by_code[code], months))
    ]


def with_owed_months(gap_rows: list[Row], owed: list[Row]) -> list[Row]:
    """The gap list with each district's owed months just before its first criterion (or at the end)."""
    first_row: dict[object, int] = {}
    for index, row in enumerate(gap_rows):
        first_row.setdefault(row["code"], index)
    out = list(gap_rows)
    for row in sorted(owed, key=lambda r: first_row.get(r["code"], len(gap_rows)), reverse=True):
        out.insert(first_row.get(row["code"], len(out)), row)
    return out


# ---- how months make a quarter ------------------------------------------------------------------------

RULE_TH = {
    "sum": "รวมทุกเดือน",
    "every-month": "ต้องถึงเกณฑ์ทุกเดือน: ใช้เดือนที่แย่ที่สุด",
    "latest": "ยอดสะสม: ใช้เดือนล่าสุดที่รายงาน",
    "mean": "เฉลี่ยรายเดือน",
}
MONTHS_RULE_COLUMNS = ["ตัวชี้วัด", "วิธีคิดจากรายเดือน", "รายเดือน", "ค่าของช่วงนี้", "เดือนที่ตัดสิน"]


def accepted_months_note(months: list[Month], sent: set[str], accepted: set[str]) -> str:
    """Over the table of months when only checked figures are graded: which months it shows, and which sent
    months it leaves out (shown as '–'), as the grades leave them out."""
    note = "แสดงเฉพาะเดือนที่ตรวจผ่านแล้ว ตามตัวเลขที่ใช้ให้ระดับ"
    left_out = [m for m in months if m.token in sent and m.token not in accepted]
    if not left_out:
        return note
    return f"{note}: เดือน{' และเดือน'.join(m.thai() for m in left_out)} ส่งแล้วแต่ยังไม่ผ่านการตรวจ จึงแสดงเป็น – และไม่นับ"


def months_rule_table(scheme: Scheme, months: list[Month], monthly: dict[str, dict[str, Value]]) -> pd.DataFrame:
    """For a period of several months: each reported input, the rule that made the period's figure from
    its months (cdd.grading.rollup), the months' figures, and which month decided."""
    rows = []
    for key in scheme.accepted_inputs:
        indicator = CATALOGUE[key]
        series = [monthly.get(m.token, {}).get(key) for m in months]
        if indicator.reference or all(v is None for v in series):
            continue
        rule = rollup_rule(scheme, key)
        value = roll_up_series(key, rule, series)
        rows.append(
            [
                indicator.label,
                RULE_TH[rule],
                " · ".join(f"{m.thai(short=True)} {'–' if v is None else show(v)}" for m, v in zip(months, series)),
                "ยังคิดไม่ได้ (ขาดเดือน)" if value is None else show(value),
                _deciding_month(rule, months, series, value),
            ]
        )
    return pd.DataFrame(rows, columns=MONTHS_RULE_COLUMNS)


def _deciding_month(rule: str, months: list[Month], series: list, value) -> str:
    if value is None:
        return ", ".join(m.thai() for m, v in zip(months, series) if v is None)
    if rule == "latest":
        return next(m.thai() for m, v in reversed(list(zip(months, series))) if v is not None)
    if rule == "every-month":
        return ", ".join(m.thai() for m, v in zip(months, series) if v == value)
    return "ทุกเดือน"


# ---- figures sent, and still no grade ----------------------------------------------------------------


def ungraded_note(scheme: Scheme, result: DistrictResult | None, sent: set[str], months: list[Month]) -> str:
    """Where a district sent figures for the period and yet no mission has a grade: what is there and why
    none is given, so it is never read as «ยังไม่มีข้อมูล». '' where a mission is graded or nothing was sent."""
    missions = result.results if result is not None else []
    if any(dashboard.cell(m) != dashboard.NO_DATA for m in missions):
        return ""
    waiting = [m for m in missions if m.status == MissionStatus.INCOMPLETE]
    if not sent and not waiting:
        return ""
    reasons = [note] if (note := partial_note(sent, months)) else []
    reasons += [_why_not_graded(scheme, m) for m in waiting]
    if not reasons:  # figures of inputs no mission of the letter grades by, or missions without criteria yet
        reasons = ["ตัวเลขที่ส่งยังไม่ครบตัวชี้วัดของภารกิจใดในเกณฑ์นี้"]
    return (
        f"มีข้อมูลของช่วงนี้แล้ว {len(sent & {m.token for m in months})} จาก {len(months)} เดือน แต่ยังให้ระดับไม่ได้: "
        + "; ".join(reasons)
    )


def _why_not_graded(scheme: Scheme, mission: MissionResult) -> str:
    """«Click ชุมชน: ยังไม่ได้รายงาน…, ยังไม่มีจำนวนตำบล (ผู้ดูแลระบบกรอก)»: what the district still sends,
    and which reference figure only an administrator can enter (cdd/views/references.py)."""
    sent = [CATALOGUE[k].label for k in mission.missing if not CATALOGUE[k].reference]
    kept = [figure_name(k) for k in mission.missing if CATALOGUE[k].reference]
    listed = ", ".join(sent[:NAMED_INPUTS]) + (
        f" และอีก {len(sent) - NAMED_INPUTS} ตัวชี้วัด" if len(sent) > NAMED_INPUTS else ""
    )
    parts = ([f"ยังไม่ได้รายงาน {listed}"] if sent else []) + (
        [f"ยังไม่มี{', '.join(kept)} (ผู้ดูแลระบบกรอกที่หน้า {WHERE})"] if kept else []
    )
    return f"{scheme.mission(mission.mission).name}: {' และ'.join(parts)}"


def has_figures(results: list[DistrictResult], code: str) -> bool:
    """Whether the district gave any of a mission's inputs in these results, graded or not."""
    return any(m.status != MissionStatus.NO_DATA for r in results if r.district == code for m in r.results)
