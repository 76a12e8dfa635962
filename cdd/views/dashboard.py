"""What the dashboard's screens show, as plain tables: no streamlit here, no plotting.

Every function takes graded results (or the store) and returns a pandas DataFrame or a small value,
so a page only chooses and draws, and each table can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import pandas as pd

from cdd.grading.mission import DistrictResult, MissionResult
from cdd.grading.report import figure, need_text, show, strict_bound
from cdd.grading.rollup import rollup_rule
from cdd.office.calendar import FiscalYear, Month, Quarter, parse_period
from cdd.office.districts import Registry
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.model import GRADES, Scheme, grade_rank
from cdd.views.palette import MET, NO_DATA, UNMET

# ---- what there is -------------------------------------------------------------------------------


def period_choices(scheme: Scheme) -> list[str]:
    """Every period a scheme can be graded for, latest first: months, quarters, fiscal years."""
    months = scheme.months
    quarters = sorted({m.quarter for m in months})
    years = sorted({m.fiscal_year for m in months})
    periods: list[Month | Quarter | FiscalYear] = []
    if scheme.grain == "month":
        periods += months
    # A quarter or a year is graded on the months of it that the letter covers (Buriram's 2568 is Jan–Jun).
    periods += quarters if scheme.grain != "year" else []
    periods += [FiscalYear(y) for y in years]
    return [p.token for p in sorted(periods, key=lambda p: (p.months[-1], -len(p.months)), reverse=True)]


def latest_period_with_data(scheme: Scheme, months: list[Month]) -> str | None:
    """The latest month with data (or, for a quarterly scheme, its quarter)."""
    if not months:
        return None
    latest = months[-1]
    return latest.token if scheme.grain == "month" else latest.quarter.token


# ---- the overview --------------------------------------------------------------------------------


def heatmap(results: list[DistrictResult], scheme: Scheme, registry: Registry) -> pd.DataFrame:
    """Districts down; missions across (several missions) or the mission and its criteria across (one).

    A cell holds a grade letter, ✓/✗ for a criterion scored pass-or-fail, a score for score-only
    missions, or '–' where there is no data: never a D for what was not reported.
    """
    rows = {}
    labels = district_labels(results, registry)
    for result in results:
        name = labels[result.district]
        if len(scheme.missions) > 1:
            rows[name] = {scheme.mission(m.mission).name: cell(m) for m in result.results if m.status != "no criteria"}
        else:
            mission = result.results[0]
            rows[name] = {"ผลรวม": cell(mission)} | criterion_cells(mission, scheme.missions[0].part_names())
    return pd.DataFrame.from_dict(rows, orient="index").fillna(NO_DATA)


def heatmap_legend(frame: pd.DataFrame) -> str:
    """What the cells of this grade heatmap show, in the words under it: only the kinds of cell it has."""
    values = {str(v) for v in frame.to_numpy().ravel()}
    parts = []
    if values & set(GRADES):
        parts.append("ตัวอักษร A–D คือระดับ (A สูงสุด)")
    if values & {MET, UNMET}:
        parts.append(f"{MET}/{UNMET} คือผ่าน/ไม่ผ่านเกณฑ์ข้อนั้น")
    if any(_is_count_of_targets(v) for v in values):
        parts.append("ตัวเลข ก/ข คือจำนวนเป้าหมายที่ถึงจากทั้งหมด")
    if any(_is_score(v) for v in values):
        parts.append("ตัวเลขคือคะแนน")
    no_data = "ช่องสีเทา '–' คือยังไม่มีข้อมูล" + (" (ไม่ใช่ระดับ D)" if values & set(GRADES) else "")
    return " · ".join([*parts, no_data])


def _is_count_of_targets(text: str) -> bool:
    met, slash, total = text.partition("/")
    return bool(slash) and met.isdigit() and total.isdigit()


def _is_score(text: str) -> bool:
    return text.replace(".", "", 1).replace(",", "").isdigit()


def district_labels(results: list[DistrictResult], registry: Registry) -> dict[str, str]:
    """Each district's row label: its name, with its province when the rows span several (names repeat)."""
    provinces = {_province(registry, r.district) for r in results}
    if len(provinces) <= 1:
        return {r.district: registry.name_of(r.district) for r in results}
    return {r.district: f"{registry.name_of(r.district)} ({_province(registry, r.district)})" for r in results}


def cell(mission: MissionResult) -> str:
    if mission.grade:
        return mission.grade
    if mission.status == "score only":
        return show(mission.score)
    if mission.status == "targets":
        return f"{mission.targets_met}/{mission.targets_total}"
    return NO_DATA


def criterion_cells(mission: MissionResult, names: dict[str, str]) -> dict[str, str]:
    """One cell per criterion: its own level on a ladder, ✓/✗ for pass-or-fail, '–' without data."""
    cells: dict[str, str] = {}
    for row in mission.criteria:
        label = names.get(row.part, row.label)
        if mission.status not in ("graded", "score only", "targets") or row.met is None:
            value = NO_DATA
        elif row.level:
            value = row.level
        else:
            value = MET if row.met else UNMET
        cells[label] = value if label not in cells or cells[label] == MET else cells[label]
    return cells


def grade_counts(results: list[DistrictResult], mission_id: str | None = None) -> pd.DataFrame:
    """How many districts have each grade (and how many have no data), for one mission or all."""
    grades = [
        m.grade or NO_DATA
        for r in results
        for m in r.results
        if (mission_id is None or m.mission == mission_id) and m.status != "no criteria"
    ]
    counts = {grade: grades.count(grade) for grade in (*GRADES, NO_DATA)}
    return pd.DataFrame({"ระดับ": list(counts), "จำนวน": list(counts.values())})


def changes(now: list[DistrictResult], before: list[DistrictResult], registry: Registry) -> pd.DataFrame:
    """Each district and mission: the grade then, now, and whether it went up or down."""
    previous = {(r.district, m.mission): m.grade for r in before for m in r.results}
    rows = []
    for result in now:
        for mission in result.results:
            if mission.status == "no criteria":
                continue
            then = previous.get((result.district, mission.mission))
            rows.append(
                {
                    "รหัส": result.district,
                    "อำเภอ": registry.name_of(result.district),
                    "ภารกิจ": mission.title,
                    "ก่อนหน้า": then or NO_DATA,
                    "ล่าสุด": mission.grade or NO_DATA,
                    "เปลี่ยน": trend(then, mission.grade),
                }
            )
    return pd.DataFrame(rows)


def trend(then: str | None, now: str | None) -> str:
    if not then or not now:
        return ""
    difference = grade_rank(now) - grade_rank(then)
    return "▲ ขึ้น" if difference > 0 else "▼ ลง" if difference < 0 else "= เท่าเดิม"


def previous_period(token: str, choices: list[str]) -> str | None:
    """The period of the same length just before this one, if the scheme has it."""
    period = parse_period(token)
    same_kind = [c for c in choices if type(parse_period(c)) is type(period)]
    earlier = [c for c in same_kind if parse_period(c) < period]  # type: ignore[operator]  # same_kind holds one kind of period; mypy cannot see that
    return max(earlier, key=parse_period, default=None)


# ---- target versus actual ------------------------------------------------------------------------


def target_indicators(scheme: Scheme) -> list[str]:
    """Inputs that are compared with a target of the district's own (a reference figure or a base)."""
    compared = [
        c.input
        for mission in scheme.missions
        for part in (*mission.criteria, *mission.items)
        for c in _conditions(part)
        if c.ref
    ]
    measured = [
        k
        for k in scheme.inputs
        if CATALOGUE[k].kind in ("count", "percent", "money")
        and not CATALOGUE[k].reference
        and CATALOGUE[k].better != "none"
    ]
    return list(dict.fromkeys(compared + measured))


def _conditions(part) -> list:
    if hasattr(part, "levels"):
        return [c for rule in part.levels.values() for c in rule.when]
    return [*part.when, *(c for step in part.steps for c in step.when)]


def target_actual(results: list[DistrictResult], registry: Registry, key: str) -> pd.DataFrame:
    """One row per district: what it reported for `key`, what the top level asks, and the share; with both
    as a person reads them ('64.56%', 'มากกว่า 70%'). A strict bound's mark is the bound itself (70, not 70.01)."""
    rows = []
    for result in results:
        row = next((c for m in result.results for c in m.criteria if c.input == key and c.required is not None), None)
        if row is None or not isinstance(row.actual, Fraction) or not isinstance(row.required, Fraction):
            continue
        target = strict_bound(key, row.op, row.bound)
        target = row.required if target is None else target
        share = (row.actual / target * 100) if target else None
        rows.append(
            {
                "code": result.district,
                "name": registry.name_of(result.district),
                "actual": float(row.actual),
                "target": float(target),
                "share": float(share) if share is not None else None,
                "met": row.met,
                "actual_text": figure(row.actual, key),
                "target_text": need_text(key, row.op, row.bound, row.required),
            }
        )
    frame = pd.DataFrame(
        rows, columns=["code", "name", "actual", "target", "share", "met", "actual_text", "target_text"]
    )
    return frame.sort_values("share", ascending=True, na_position="first").reset_index(drop=True)


def districts_without(province_codes: list[str], shown: Iterable[str], registry: Registry) -> list[str]:
    """The Thai names of the province's districts a chart leaves out for want of figures, in the registry's order."""
    drawn = set(shown)
    return [registry.name_of(code) for code in province_codes if code not in drawn]


def no_data_note(names: list[str]) -> str:
    """The line under a chart that leaves districts out: «ไม่มีข้อมูล 2 อำเภอ: …»; '' when none is left out."""
    return f"ไม่มีข้อมูล {len(names)} อำเภอ: {', '.join(names)}" if names else ""


def month_grid(results_by_period: dict[str, list[DistrictResult]], registry: Registry, mission_id: str) -> pd.DataFrame:
    """Districts down, periods across (months, or quarters for a quarterly scheme): one mission's grade."""
    columns = {}
    for token, results in results_by_period.items():
        label = parse_period(token).thai(short=True)
        names = district_labels(results, registry)
        columns[label] = {
            names[r.district]: next((cell(m) for m in r.results if m.mission == mission_id), NO_DATA) for r in results
        }
    return pd.DataFrame(columns).fillna(NO_DATA)


def grid_periods(scheme: Scheme, fiscal_year: int) -> list[str]:
    """The periods of one fiscal year a scheme grades: its months, or its quarters when it grades quarters."""
    months = scheme.months_in(fiscal_year)
    if scheme.grain == "month":
        return [m.token for m in months]
    return list(dict.fromkeys(m.quarter.token for m in months if all(x in months for x in m.quarter.months)))


# ---- the whole country ---------------------------------------------------------------------------

PAGE_SIZE = 25


def province_heatmap(results: list[DistrictResult], scheme: Scheme, registry: Registry) -> pd.DataFrame:
    """Provinces down, missions (or the mission and its criteria) across: each cell the province's
    middle grade (the median of its districts'), so 878 districts read as 76 rows."""
    districts = heatmap(results, scheme, registry)
    labels = district_labels(results, registry)
    province_of = {labels[r.district]: _province(registry, r.district) for r in results}
    grouped = districts.groupby(districts.index.map(province_of), sort=True)
    return grouped.agg(middle_grade)


def middle_grade(cells: pd.Series) -> str:
    """The median grade of the cells that have one; ✓ when most pass; '–' when none has data."""
    graded = sorted(grade_rank(c) for c in cells if c in GRADES)
    if graded:
        rank = graded[(len(graded) - 1) // 2]
        return next(g for g in GRADES if g.rank == rank)
    marks = [c for c in cells if c in (MET, UNMET)]
    if marks:
        return MET if marks.count(MET) * 2 >= len(marks) else UNMET
    return NO_DATA


def page_of(rows: list, page: int, size: int = PAGE_SIZE) -> list:
    """The page-th slice of `size` rows (pages count from 1)."""
    return rows[(page - 1) * size : page * size]


def page_count(rows: list, size: int = PAGE_SIZE) -> int:
    return max(1, -(-len(rows) // size))


def _province(registry: Registry, code: str) -> str:
    district = registry.districts.get(code)
    return district.province if district else ""


def province_lines(
    scheme: Scheme, province: str, results: list[DistrictResult], period_months: int
) -> list[tuple[str, str]]:
    """The province's own targets beside its districts' (RUBRICS §12), each with the province's total,
    as (input, line).
    A monthly target is compared for one month only: the districts' worst months of a quarter do not add
    up to the province's worst month."""
    lines = []
    for target in (t for t in scheme.province_targets if t.province == province):
        unit = CATALOGUE[target.input].unit
        head = f"เป้าหมายของจังหวัด · {CATALOGUE[target.input].label}: {show(target.needed)} {unit}"
        if rollup_rule(scheme, target.input) != "latest" and period_months != 1:
            lines.append((target.input, f"{head} ต่อเดือน (เลือกช่วงเวลารายเดือนเพื่อเทียบยอดรวมของจังหวัด)"))
            continue
        reported = [_actual_of(r, target.input) for r in results]  # one figure a district, whatever its criteria
        known = [a for a in reported if isinstance(a, Fraction)]
        total = sum(known, Fraction(0))
        gap = target.needed - total
        status = "ถึงเป้า" if gap <= 0 else f"ขาดอีก {show(gap)} {unit}"
        lines.append(
            (target.input, f"{head} · ทั้งจังหวัดได้ {show(total)} {unit} จาก {len(known)} อำเภอที่รายงาน · {status}")
        )
    return lines


def _actual_of(result: DistrictResult, key: str):
    return next((c.actual for m in result.results for c in m.criteria if c.input == key), None)
