"""What the gap list and the submission-status screens show, as plain tables and one figure.

No streamlit here: every function takes graded results, gap rows or month statuses and returns a
DataFrame or a small value, so each screen only chooses and draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from cdd.grading.timeliness import STATUS_TH, MonthStatus, Timeliness
from cdd.office.calendar import Month, Period, format_thai_date, parse_period
from cdd.office.districts import Registry
from cdd.rubrics.model import Deadline, Scheme
from cdd.views.charts import FONT, layout
from cdd.views.exports import GAP_COLUMNS, Row
from cdd.views.palette import GRADE_COLOURS, NO_DATA, STATUS_COLOURS

# ---- the gap list --------------------------------------------------------------------------------

GRADE_CHOICES = ("D", "C", "B", "A", "")  # worst first, as the list is sorted; "" is a mission without grades


def grade_choice_label(grade: str) -> str:
    return f"ระดับ {grade}" if grade else f"{NO_DATA} (ไม่มีระดับ)"


def gap_choices(rows: list[Row]) -> tuple[dict[str, str], list[str], list[str]]:
    """What the filters offer: districts (code → name) and missions in list order, grades worst first."""
    districts = {str(r["code"]): str(r["name"]) for r in sorted(rows, key=lambda r: str(r["code"]))}
    missions = list(dict.fromkeys(str(r["mission"]) for r in rows))
    grades = [g for g in GRADE_CHOICES if any(r["grade"] == g for r in rows)]
    return districts, missions, grades


def filter_gaps(
    rows: list[Row], codes: Iterable[str] = (), missions: Iterable[str] = (), grades: Iterable[str] = ()
) -> list[Row]:
    """The rows that match every filter given; an empty filter keeps everything (the order is kept)."""
    wanted = [(key, set(chosen)) for key, chosen in (("code", codes), ("mission", missions), ("grade", grades))]
    return [r for r in rows if all(not chosen or r[key] in chosen for key, chosen in wanted)]


def gap_table(rows: list[Row], scheme: Scheme) -> pd.DataFrame:
    """The rows under the Thai heads of the Excel file, missions by their short names; no grade shows '–', never D."""
    heads = GAP_COLUMNS
    frame = pd.DataFrame(rows, columns=list(heads))
    frame["grade"] = frame["grade"].replace("", NO_DATA)
    frame["mission"] = frame["mission"].replace({m.title: m.name for m in scheme.missions})
    return frame.rename(columns=heads)


def grade_style(grade: str) -> str:
    """CSS for a grade cell of the gap table: the Okabe–Ito colour behind the letter, grey behind '–'."""
    colour = GRADE_COLOURS.get(grade, GRADE_COLOURS[NO_DATA])
    return f"background-color: {colour}; color: black; font-weight: 600"


def number_width(values: Iterable[object], least: int = 70) -> int:
    """Pixels for a column of figures such as '14,416,168.01': wide enough for the longest, no wider."""
    return max([least, *(9 * len(str(v)) + 24 for v in values)])


def gap_count(rows: list[Row]) -> str:
    """'ยังขาด 21 รายการ ใน 10 อำเภอ'"""
    return f"ยังขาด {len(rows):,} รายการ ใน {len({r['code'] for r in rows}):,} อำเภอ"


def gap_file_name(scheme_id: str, period: str, extension: str) -> str:
    return f"สิ่งที่ยังขาด-{scheme_id}-{period}.{extension}"


# ---- submission status ---------------------------------------------------------------------------

STATUS_ORDER = tuple(Timeliness)


def status_months(scheme: Scheme, period_token: str) -> list[Month]:
    """The scheme's months inside the fiscal year of the chosen period."""
    year = parse_period(period_token).months[-1].fiscal_year
    return scheme.months_in(year)


def status_grid(statuses: list[MonthStatus], registry: Registry) -> pd.DataFrame:
    """Districts down, months across (short Thai), each cell the status key of that report."""
    columns: dict[str, dict[str, str]] = {}
    for row in statuses:
        columns.setdefault(_month_label(row.month), {})[registry.name_of(row.code)] = row.status
    return pd.DataFrame(columns)


def status_details(statuses: list[MonthStatus], registry: Registry) -> pd.DataFrame:
    """The same grid with what a pointer over a cell shows: the status, the deadline, when sent."""
    columns: dict[str, dict[str, str]] = {}
    for row in statuses:
        columns.setdefault(_month_label(row.month), {})[registry.name_of(row.code)] = _detail(row)
    return pd.DataFrame(columns)


def _detail(row: MonthStatus) -> str:
    lines = [row.thai, f"กำหนดส่ง {format_thai_date(row.due)}" if row.due else "ไม่มีกำหนดส่งในหนังสือ"]
    if row.first_sent:
        lines.append(f"ส่งครั้งแรก {format_thai_date(row.first_sent.date())}")
    if row.last_changed and row.last_changed != row.first_sent:
        lines.append(f"แก้ไขล่าสุด {format_thai_date(row.last_changed.date())}")
    return "<br>".join(lines)


def status_counts(statuses: list[MonthStatus]) -> str:
    """'ตรงเวลา 80 · ส่งช้า 13 · …' over the whole grid, statuses that occur only."""
    counts = {key: sum(1 for s in statuses if s.status == key) for key in STATUS_ORDER}
    return " · ".join(f"{STATUS_TH[key]} {n:,}" for key, n in counts.items() if n)


def status_heatmap(grid: pd.DataFrame, details: pd.DataFrame, title: str, size: int = 15) -> go.Figure:
    """Each report a coloured cell with its word in it, and a legend of the five words."""
    codes = grid.map(STATUS_ORDER.index).values
    scale = [[i / 4, STATUS_COLOURS[key][0]] for i, key in enumerate(STATUS_ORDER)]
    figure = go.Figure(
        go.Heatmap(
            z=codes,
            x=list(grid.columns),
            y=list(grid.index),
            text=grid.map(lambda status: Timeliness(status).short if status else None).values,
            texttemplate="%{text}",
            textfont={"size": size - 2, "color": "black"},
            customdata=details.values,
            colorscale=scale,
            zmin=0,
            zmax=4,
            showscale=False,
            xgap=3,
            ygap=3,
            hovertemplate="<b>%{y}</b> · %{x}<br>%{customdata}<extra></extra>",
        )
    )
    _legend(figure, size)
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(side="top", tickangle=0)
    height = max(320, 50 * len(grid) + 150)
    layout(figure, title, height=height, size=size)
    # Title, then the legend, then the month names: placed in pixels from the top of the figure.
    legend = {
        "orientation": "h",
        "x": 0,
        "y": 1 - 50 / height,
        "yanchor": "top",
        "yref": "container",
        "itemclick": False,
        "itemdoubleclick": False,
        "font": {"family": FONT, "size": size - 1},
    }
    figure.update_layout(
        margin={"t": 120, "b": 10}, legend=legend, title={"y": 1 - 12 / height, "yanchor": "top", "yref": "container"}
    )
    return figure


def _legend(figure: go.Figure, size: int) -> None:
    """One square per status, named in full: the heatmap itself has no legend of categories."""
    for key in STATUS_ORDER:
        figure.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=STATUS_TH[key],
            hoverinfo="skip",
            marker={
                "symbol": "square",
                "size": size,
                "color": STATUS_COLOURS[key][0],
                "line": {"color": "#777777", "width": 1},
            },
        )


def month_to_chase(period_token: str, scheme: Scheme, today: dt.date) -> Month:
    """The chosen month; for a quarter or a year, the latest of its months already past its deadline."""
    period: Period = parse_period(period_token)
    months = scheme.months_of(period) or list(period.months)  # a fiscal year: the months the letter covers
    past_due = [m for m in months if (due := scheme.deadline.due(m)) is not None and due < today]
    return past_due[-1] if past_due else months[0]


def unsent(statuses: list[MonthStatus], registry: Registry, month: Month, today: dt.date) -> pd.DataFrame:
    """The districts with nothing sent for `month`: whether overdue, the deadline in Thai, days past it."""
    rows = [
        {
            "รหัส": s.code,
            "อำเภอ": registry.name_of(s.code),
            "สถานะ": s.thai,
            "กำหนดส่ง": format_thai_date(s.due) if s.due else "ไม่มีกำหนดในหนังสือ",
            "เลยกำหนด": _overdue(s.due, today),
        }
        for s in statuses
        if s.month == month.token and s.status in ("missing", "not_due")
    ]
    return pd.DataFrame(rows, columns=["รหัส", "อำเภอ", "สถานะ", "กำหนดส่ง", "เลยกำหนด"])


def _overdue(due: dt.date | None, today: dt.date) -> str:
    if due is None:
        return ""
    days = (today - due).days
    return f"{days:,} วัน" if days > 0 else f"อีก {-days:,} วันถึงกำหนด" if days < 0 else "ครบกำหนดวันนี้"


def _month_label(token: str) -> str:
    return parse_period(token).thai(short=True)


# ---- missions with deadlines of their own ------------------------------------------------------------


def deadline_text(deadline: Deadline, month: Month) -> str:
    """The deadline as the letter prints it: a date, and the time where there is one ("เวลา 16.30 น.")."""
    moment = deadline.due_at(month)
    if moment is None:
        return "ไม่มีกำหนดในหนังสือ"
    day = format_thai_date(moment.date())
    return f"{day} เวลา {moment:%H.%M} น." if deadline.has_time(month) else day


def mission_timeliness(
    by_mission: dict[str, list[MonthStatus]], scheme: Scheme, month: Month, registry: Registry
) -> pd.DataFrame:
    """For each mission the letter gives its own deadline (Lampang จปฐ, องค์กรคุณธรรม): each district's status
    against that deadline, judged on that mission's figures only (cdd.store.queries.mission_status)."""
    rows = [
        {
            "ภารกิจ": mission.name,
            "รหัส": s.code,
            "อำเภอ": registry.name_of(s.code),
            "กำหนดส่ง": deadline_text(scheme.deadline_of(mission.id), month),
            "สถานะ": s.thai,
            "ส่งครั้งแรก": f"{format_thai_date(s.first_sent.date())} เวลา {s.first_sent:%H.%M} น." if s.first_sent else "",
        }
        for mission in scheme.missions_with_own_deadline
        for s in by_mission.get(mission.id, [])
        if s.month == month.token
    ]
    return pd.DataFrame(rows, columns=["ภารกิจ", "รหัส", "อำเภอ", "กำหนดส่ง", "สถานะ", "ส่งครั้งแรก"])
