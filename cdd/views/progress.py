"""One district across its fiscal year, and one indicator against each district's own target: plain tables.

The screens «เป้าหมาย vs ผลงาน» and «อำเภอ» draw what is computed here. Nothing here imports
streamlit: functions take graded results (one list per period, as the page loads them) or a cursor,
and return a DataFrame, a small value or a plotly figure.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from html import escape

import pandas as pd
import plotly.graph_objects as go

from cdd.grading.mission import MISSION_STATUS_TH, CriterionResult, DistrictResult, MissionResult
from cdd.grading.report import need_text, show, strict_bound
from cdd.grading.rollup import rollup_rule
from cdd.grading.timeliness import STATUS_TH, MonthStatus, Timeliness
from cdd.office.calendar import Month, format_thai_date, parse_period, short_moment, thai_datetime
from cdd.office.districts import Registry
from cdd.office.thai import plain_text, without_bidi_controls
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.model import Scheme
from cdd.views import charts, dashboard
from cdd.views.exports import GAP_COLUMNS, ListedItems, gap_rows
from cdd.views.palette import GRADE_COLOURS, STATUS_COLOURS, TEXT_ON

NO_DATA = dashboard.NO_DATA
ResultsByPeriod = dict[str, list[DistrictResult]]  # period token → every district's result, in period order


# ---- the periods of a fiscal year ----------------------------------------------------------------


def fiscal_year_of(token: str) -> int:
    """The fiscal year a period belongs to (a quarter or year by its last month)."""
    return parse_period(token).months[-1].fiscal_year


def fiscal_year_months(scheme: Scheme, fiscal_year: int) -> list[Month]:
    """The scheme's months that fall in one fiscal year: the months reports are due for."""
    return scheme.months_in(fiscal_year)


def period_label(token: str) -> str:
    return parse_period(token).thai(short=True)


def district_result(results: list[DistrictResult], code: str) -> DistrictResult | None:
    return next((r for r in results if r.district == code), None)


# ---- one indicator against its target --------------------------------------------------------------


def indicator_choices(scheme: Scheme) -> dict[str, str]:
    """The inputs compared with a district's own target, each once, with its Thai label."""
    return {key: CATALOGUE[key].label for key in dict.fromkeys(dashboard.target_indicators(scheme))}


def accumulates(scheme: Scheme, key: str) -> bool:
    """Sum-like inputs (shops, downloads, activities) add up month by month; running counts and
    percentages (rollup 'latest') already are a running figure, so adding them would count twice."""
    return rollup_rule(scheme, key) != "latest"


def furthest_behind(shares: pd.DataFrame, key: str) -> str | None:
    """The district furthest from its target: the smallest share, or the largest where less is better."""
    if shares.empty:
        return None
    return str(shares["code"].iloc[-1 if CATALOGUE[key].better == "lower" else 0])


def target_row(result: DistrictResult | None, key: str) -> CriterionResult | None:
    """The first criterion comparing `key` with a number, as `dashboard.target_actual` picks it."""
    if result is None:
        return None
    rows = (c for m in result.results for c in m.criteria if c.input == key and c.required is not None)
    return next(rows, None)


def actual_and_required(result: DistrictResult | None, key: str) -> tuple[float, float] | None:
    """A period's reported figure and what the top level asks, or None where the period has no figure."""
    row = target_row(result, key)
    if row is None or not isinstance(row.actual, Fraction) or not isinstance(row.required, Fraction):
        return None
    strict = strict_bound(key, row.op, row.bound)  # 'มากกว่า 70%' is marked at 70, never 70.01
    return float(row.actual), float(row.required if strict is None else strict)


def required_text(result: DistrictResult | None, key: str) -> str:
    """What the top level asks of `key` as a person reads it ('มากกว่า 70%'), or '' without a figure."""
    row = target_row(result, key)
    return "" if row is None else need_text(key, row.op, row.bound, row.required)


def cumulative_progress(results_by_period: ResultsByPeriod, code: str, key: str, running_sum: bool) -> pd.DataFrame:
    """One row per period of the year: the district's figure and its target, summed so far when
    `running_sum`, else as reported. A period without a figure is NaN in both (a gap, never a zero)
    and adds nothing to either sum, so the two lines always cover the same periods."""
    rows, total = [], (0.0, 0.0)
    for token, results in results_by_period.items():
        result = district_result(results, code)
        figures = actual_and_required(result, key)
        if figures is None:
            rows.append((token, period_label(token), math.nan, math.nan, math.nan, math.nan, ""))
            continue
        total = (total[0] + figures[0], total[1] + figures[1])
        shown = total if running_sum else figures
        words = "" if running_sum else required_text(result, key)  # a sum of targets has no letter's words
        rows.append((token, period_label(token), round(shown[0], 2), round(shown[1], 2), *figures, words))
    columns = ["period", "month", "actual", "target", "reported", "required", "target_text"]
    return pd.DataFrame(rows, columns=columns)


def missing_periods(frame: pd.DataFrame) -> list[str]:
    """Holes: periods without a figure before the last one that has it (later periods are simply not in yet)."""
    known = frame.index[frame["actual"].notna()]
    if known.empty:
        return []
    return list(frame.loc[: known[-1]].loc[lambda f: f["actual"].isna(), "month"])


def target_figure(frame: pd.DataFrame, title: str, unit: str, size: int = 16) -> go.Figure:
    """`charts.target_bars`, adjusted where it misleads or overlaps on screen:

    - the target ticks drawn black (an open marker takes `marker.color`, not its line colour);
    - the share of target in a column of its own right of the bars, where a target tick cannot
      strike through it, and rounded down, so a district short of its target never reads '100%';
    - the legend below the axis title rather than on it.
    """
    figure = charts.target_bars(frame, title, unit, size=size)
    figure.update_traces(marker_color="#000000", selector={"name": "เป้าหมาย"})
    figure.update_traces(text=None, selector={"type": "bar"})
    right = max(frame["actual"].max(), frame["target"].max()) or 1
    shares = [f"{math.floor(s)}%" if s is not None and s == s else "" for s in frame["share"]]
    figure.add_scatter(
        y=frame["name"],
        x=[right * 1.04] * len(frame),
        mode="text",
        text=shares,
        showlegend=False,
        textposition="middle right",
        textfont={"size": size},
        hoverinfo="skip",
    )
    figure.update_xaxes(range=[0, right * 1.2], tickformat=",", **_whole_ticks(frame[["actual", "target"]], right))
    _legend_below_axis(figure)
    return figure


def _whole_ticks(values: pd.DataFrame, right: float) -> dict:
    """Counts of a few (shops, posts) get a tick per whole number, never 0.2 of a shop."""
    whole = all(float(v).is_integer() for v in values.to_numpy().ravel() if v == v)
    return {"dtick": 1} if whole and right <= 10 else {}


def _legend_below_axis(figure: go.Figure, gap: int = 58) -> None:
    """Legend a fixed number of pixels under the plot, whatever the figure's height."""
    margin = figure.layout.margin
    plot_height = figure.layout.height - margin.t - 80
    figure.update_layout(margin={"b": 80}, legend={"y": -gap / plot_height, "yanchor": "top", "x": 0})


def progress_figure(frame: pd.DataFrame, title: str, unit: str, running_sum: bool, size: int = 16) -> go.Figure:
    """`charts.cumulative_lines`, made to read well: numbers as 1,250 (not 1250.0), each label clear of
    the target line, a lone period's target marked, a long title on two lines, and legend names
    without 'สะสม' for a figure that is not summed."""
    figure = charts.cumulative_lines(frame, title, unit, size=size)
    _readable_numbers(figure, frame, unit)
    if frame["target"].notna().sum() == 1:  # a line needs two points: one quarter alone is a mark
        mark = {"symbol": "line-ew-open", "size": 28, "color": "#000000", "line": {"width": 3}}
        figure.update_traces(mode="lines+markers", marker=mark, selector={"mode": "lines"})
    if len(title) > 60 and " · " in title:
        head, _, tail = title.rpartition(" · ")
        figure.update_layout(title={"text": f"{head}<br>{tail}"}, margin={"t": 100})
    if not running_sum:
        figure.data[0].name, figure.data[1].name = "ผลงาน (ค่า ณ ช่วงนั้น)", "เป้าหมาย"
    return figure


def _readable_numbers(figure: go.Figure, frame: pd.DataFrame, unit: str) -> None:
    shown = frame["actual"].dropna()
    decimals = 0 if all(float(v).is_integer() for v in shown) or shown.abs().max() >= 1000 else 2
    number = charts.with_unit(f"%{{y:,.{decimals}f}}", unit)
    figure.update_traces(texttemplate=f"%{{y:,.{decimals}f}}", hovertemplate=f"%{{x}}: {number}")
    if "target_text" in frame and any(frame["target_text"]):  # 'มากกว่า 70%' where the letter words it so
        figure.data[1].update(customdata=list(frame["target_text"]), hovertemplate="%{x}: %{customdata}")
    # Each label on the side away from the target line, so the line never strikes through it.
    away = ["bottom center" if a < t else "top center" for a, t in zip(frame["actual"], frame["target"])]
    figure.update_traces(textposition=away, marker={"size": 10}, selector={"name": "ผลงานสะสม"})
    top = max(frame["actual"].max(), frame["target"].max())
    figure.update_yaxes(tickformat=",", range=[0, top * 1.15 if top > 0 else 1])  # room above the top label


# ---- one district: grades across missions and periods ------------------------------------------------


@dataclass(frozen=True)
class MissionCard:
    """One mission of one district for one period, as a card shows it."""

    name: str
    cell: str  # the grade letter, a score, 'n/m' targets met, or '–'
    status: str  # in Thai
    detail: str  # the score out of its maximum, or what is still missing
    trend: str  # '▲ ขึ้น (B → A)' against the period before, or ''
    readings: tuple[str, ...]


def mission_cards(scheme: Scheme, now: DistrictResult | None, before: DistrictResult | None) -> list[MissionCard]:
    if now is None:
        return []
    previous = {m.mission: m for m in before.results} if before else {}
    return [_card(scheme, mission, previous.get(mission.mission)) for mission in now.results]


def _card(scheme: Scheme, mission: MissionResult, before: MissionResult | None) -> MissionCard:
    # A letter already says "graded"; every other status is worth words.
    status = "" if mission.status == "graded" else MISSION_STATUS_TH.get(mission.status, mission.status)
    return MissionCard(
        scheme.mission(mission.mission).name,
        dashboard.cell(mission),
        status,
        _detail(mission),
        trend_text(before, mission),
        mission.readings,
    )


def trend_text(before: MissionResult | None, now: MissionResult) -> str:
    """'▲ ขึ้น (B → A)' by grade; for a mission scored without grades, by its score."""
    then = before.grade if before else None
    if move := dashboard.trend(then, now.grade):
        return f"{move} ({then} → {now.grade})"
    if now.grade or before is None or before.score is None or now.score is None:
        return ""
    word = "▲ คะแนนขึ้น" if now.score > before.score else "▼ คะแนนลง" if now.score < before.score else "= คะแนนเท่าเดิม"
    return f"{word} ({show(before.score)} → {show(now.score)})"


def _detail(mission: MissionResult) -> str:
    if mission.status == "incomplete":
        sent = [CATALOGUE[k].label for k in mission.missing if not CATALOGUE[k].reference]
        kept = [CATALOGUE[k].label for k in mission.missing if CATALOGUE[k].reference]  # the administrator's
        parts = ["ยังไม่ได้รายงาน: " + ", ".join(sent)] if sent else []
        return " · ".join(parts + (["ยังไม่มีข้อมูลอ้างอิง: " + ", ".join(kept)] if kept else []))
    if mission.score is not None and mission.max_score:
        return f"คะแนน {show(mission.score)} จาก {show(mission.max_score)}"
    if mission.targets_met is not None:
        return f"ถึงเป้า {dashboard.cell(mission)} ข้อ"
    return ""


def grade_badge(cell: str, size: int = 28) -> str:
    """The grade as a coloured box with its letter (Okabe–Ito); '–' grey, a score on a pale box."""
    background = GRADE_COLOURS.get(cell, GRADE_COLOURS["other"])
    colour = TEXT_ON.get(cell, "#555555" if cell == NO_DATA else "#1a1a1a")
    return (
        f'<span style="display:inline-block;min-width:{size * 2}px;padding:2px 10px;border-radius:6px;'
        f'text-align:center;font-weight:700;font-size:{size}px;background:{background};color:{colour}">'
        f"{escape(cell)}</span>"
    )


def badge_heading(cell: str, name: str, size: int = 28) -> str:
    """The badge, then the mission's name in bold (escaped: rubric text is shown, never run as HTML nor
    read as Markdown)."""
    return f"{grade_badge(cell, size)} &nbsp; **{plain_text(escape(name))}**"


def district_grid(results_by_period: ResultsByPeriod, scheme: Scheme, code: str) -> pd.DataFrame:
    """Missions down, periods across: `dashboard.month_grid` turned round for one district. A scheme
    of one mission shows its overall grade and each criterion instead, as the overview does."""
    columns = {}
    for token, results in results_by_period.items():
        result = district_result(results, code)
        columns[period_label(token)] = _district_cells(scheme, result) if result else {}
    return pd.DataFrame(columns, index=_grid_rows(scheme)).fillna(NO_DATA)


def _grid_rows(scheme: Scheme) -> list[str]:
    if len(scheme.missions) > 1:
        return [m.name for m in scheme.missions if m.shape != "none"]
    return ["ผลรวม", *dict.fromkeys(scheme.missions[0].part_names().values())]


def _district_cells(scheme: Scheme, result: DistrictResult) -> dict[str, str]:
    if len(scheme.missions) > 1:
        return {scheme.mission(m.mission).name: dashboard.cell(m) for m in result.results if m.status != "no criteria"}
    mission = result.results[0]
    return {"ผลรวม": dashboard.cell(mission)} | dashboard.criterion_cells(mission, scheme.missions[0].part_names())


# ---- one district: what it still owes ------------------------------------------------------------


@dataclass(frozen=True)
class MissionGaps:
    """What one mission still owes: its unmet criteria, then the changes to the next grade and to A."""

    mission: str
    grade: str
    criteria: pd.DataFrame
    to_next: str
    to_a: str


def district_gaps(
    results: list[DistrictResult], registry: Registry, code: str, items: ListedItems | None = None
) -> list[MissionGaps]:
    """The gap list of `cdd.views.exports` for one district, a table per mission (worst grade first), with
    the Thai column heads of the Excel file; the changes are said once per mission, not on every row.
    `items`: the lists behind counts (cdd.store.period_items), so a criterion names what is missing."""
    rows = gap_rows([r for r in results if r.district == code], registry, items)
    missions = dict.fromkeys(str(row["mission"]) for row in rows)
    return [_mission_gaps([row for row in rows if row["mission"] == mission]) for mission in missions]


def _mission_gaps(rows: list[dict]) -> MissionGaps:
    """The mission's rows; the column of list items only where a count of the mission was sent as its list."""
    keys = ["criterion", "actual", "required", "shortfall"] + (["items"] if any(r["items"] for r in rows) else [])
    table = pd.DataFrame([{GAP_COLUMNS[k]: row[k] for k in keys} for row in rows])
    first = rows[0]
    return MissionGaps(
        str(first["mission"]), str(first["grade"]) or NO_DATA, table, str(first["next"]), str(first["to_a"])
    )


# ---- one district: what it sent and when -------------------------------------------------------


def batch_table(batches: pd.DataFrame, scheme_id: str, titles: dict[str, str]) -> pd.DataFrame:
    """The batches in Thai: file, sender, when, months, rows, this district's values, and what became of them."""
    return pd.DataFrame(
        {
            "ชุดที่": batches["id"],
            "เวลาส่ง": [short_moment(t) for t in batches["submitted_at"]],
            "เดือน": [", ".join(period_label(m) for m in months) for months in batches["months"]],
            "สถานะ": [_batch_state(row) for row in batches.itertuples()],
            "จำนวนค่า": batches["district_values"],
            "ไฟล์": batches["file_name"].map(without_bidi_controls),  # typed text, never shown backwards
            "แบบรายงาน": [
                "เกณฑ์นี้" if s == scheme_id else without_bidi_controls(titles.get(s, s)) for s in batches["scheme"]
            ],
            "ผู้ส่ง": batches["submitted_by"].map(without_bidi_controls),
            "แถวในไฟล์": batches["row_count"],
        }
    )


def _batch_state(row) -> str:
    if not pd.isna(row.rolled_back_at):
        return f"ยกเลิกแล้ว ({short_moment(row.rolled_back_at)})"
    if row.current_values == 0:
        return "ถูกแทนที่ด้วยชุดใหม่กว่าทั้งหมด"
    if row.current_values < row.district_values:
        return f"ใช้อยู่ {row.current_values} ค่า ที่เหลือถูกแทนที่"
    return "ใช้อยู่"


STATUS_BY_THAI = {status.thai: status for status in Timeliness}


def timeliness_table(statuses: list[MonthStatus]) -> pd.DataFrame:
    """One row per month: the Thai status word, when it was due, first sent and last changed."""
    return pd.DataFrame(
        {
            "เดือน": [parse_period(s.month).thai() for s in statuses],
            "สถานะ": [s.thai for s in statuses],
            "กำหนดส่ง": [_date(s.due) for s in statuses],
            "ส่งครั้งแรก": [thai_datetime(s.first_sent) for s in statuses],
            "แก้ไขล่าสุด": [thai_datetime(s.last_changed) if s.last_changed != s.first_sent else "" for s in statuses],
        }
    )


def status_style(thai: str) -> str:
    """The CSS of a status cell, for a pandas Styler: the colour helps, the word carries the meaning."""
    background, colour = (
        STATUS_COLOURS.get(STATUS_BY_THAI[thai], ("white", "black")) if thai in STATUS_BY_THAI else ("white", "black")
    )
    return f"background-color: {background}; color: {colour}; font-weight: 600"


def status_counts(statuses: list[MonthStatus]) -> str:
    """'ตรงเวลา 4 · ส่งช้า 1 · ยังไม่ส่ง 1': a line to read before the table."""
    counts = {status: sum(1 for s in statuses if s.status == status) for status in STATUS_TH}
    return " · ".join(f"{STATUS_TH[status]} {n}" for status, n in counts.items() if n)


def _date(day: dt.date | None) -> str:
    return format_thai_date(day) if day else "ไม่มีกำหนด"
