"""The meeting's screens as slides: each screen's figure and the notes under it, the same on the projector
and in the handout.

A meeting goes through the grade heatmap, the grade counts, the districts furthest behind, then the gap
list a page at a time (cdd.views.meeting.sequence). A slide without a figure says why instead (a scheme
without grades, nobody behind, nothing left to do). Wherever a figure shows a '–', the slide says what it
means; and a meeting whose figures last changed before its period ended is told so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import plotly.graph_objects as go

from cdd.grading.mission import DistrictResult
from cdd.office.calendar import format_thai_date, parse_period, thai_datetime
from cdd.office.districts import Registry
from cdd.rubrics.model import Scheme
from cdd.views import charts, dashboard, meeting
from cdd.views.palette import NO_DATA

NO_GRADE_NOTE = f"{NO_DATA} = ยังให้ระดับไม่ได้: ยังไม่มีข้อมูลหรือข้อมูลยังไม่ครบ (ไม่ใช่ระดับ D)"


@dataclass(frozen=True)
class Slide:
    heading: str  # the screen's heading: 'สิ่งที่ยังขาด (หน้า 2/14)'
    figure: go.Figure | None  # None: `empty` says why there is none
    note: str = ""  # the line under the figure
    empty: str = ""
    hint: str = ""  # what to do instead, where the empty slide is a dead end (an info, not a success)

    @property
    def explains_dash(self) -> bool:
        """Whether the figure shows a '–', so the slide says what it means (NO_GRADE_NOTE)."""
        return self.figure is not None and shows_no_grade(self.figure)


@dataclass(frozen=True)
class Meeting:
    """What every slide of one meeting is drawn from: the graded period and the words of its titles."""

    results: list[DistrictResult]
    scheme: Scheme
    registry: Registry
    period: str
    province: str  # its code: '31'
    place: str  # 'จังหวัดบุรีรัมย์'

    def title(self, heading: str) -> str:
        return f"{heading} · {parse_period(self.period).thai()} · {self.place}"


def gap_pages(m: Meeting) -> int:
    return meeting.gap_pages(meeting.gap_table(m.results, m.scheme, m.registry))


def slide(m: Meeting, screen: int, page: int = 1) -> Slide:
    """One screen of the meeting (a page of it, for the gap list)."""
    if screen == 1:
        return overview(m)
    if screen == 2:
        return counts(m)
    if screen == 3:
        return behind(m)
    return gaps(m, page)


def every_slide(m: Meeting) -> list[Slide]:
    """The whole meeting in its order, every page of the gap list included: the handout's pages."""
    return [slide(m, screen, page) for screen, page in meeting.sequence(gap_pages(m))]


def overview(m: Meeting) -> Slide:
    heatmap = dashboard.heatmap(m.results, m.scheme, m.registry)
    heading = meeting.SCREENS[0]
    figure = charts.grade_heatmap(heatmap, m.title(heading), size=meeting.SIZE, width=meeting.STAGE)
    months = len(parse_period(m.period).months)
    province = [line for _, line in dashboard.province_lines(m.scheme, m.province, m.results, months)]
    return Slide(heading, figure, " \n\n".join([dashboard.heatmap_legend(heatmap), *province]))


def counts(m: Meeting) -> Slide:
    heading = meeting.SCREENS[1]
    missions = meeting.graded_missions(m.scheme)
    if not missions:
        return Slide(
            heading,
            None,
            empty="เกณฑ์นี้ไม่ให้ระดับ A–D (มีแต่คะแนนหรือเป้าหมาย)",
            hint="ดูคะแนนหรือจำนวนเป้าหมายที่ทำได้ของแต่ละอำเภอที่หน้าจอ 1 'ระดับรายอำเภอ'",
        )
    note = ""  # the '–' bar or legend entry is explained as everywhere (Slide.explains_dash)
    if len(missions) == 1:
        frame = dashboard.grade_counts(m.results, missions[0].id)
        figure = charts.grade_count_bars(frame, m.title(heading), size=meeting.SIZE)
        return Slide(heading, figure.update_traces(cliponaxis=False), note)  # the count above the tallest bar
    frame = meeting.counts_by_mission(m.results, missions)
    return Slide(heading, meeting.grade_count_stack(frame, m.title(heading)), note)


def behind(m: Meeting) -> Slide:
    heading = meeting.SCREENS[2]
    ranked = meeting.furthest_behind(m.results, m.registry)
    missing = meeting.without_data(m.results, m.registry)
    order = "เรียงตามจำนวนภารกิจระดับ D แล้วระดับ C แล้วจำนวนเกณฑ์ที่ยังไม่ผ่าน"
    note = " · ".join(part for part in (order, dashboard.no_data_note(missing)) if part)
    if ranked.empty:
        return Slide(heading, None, note, empty="ทุกอำเภอที่มีข้อมูลผ่านทุกเกณฑ์แล้ว ไม่มีอำเภอที่ต้องเร่งรัด")
    grid = meeting.behind_grid(ranked, dashboard.heatmap(m.results, m.scheme, m.registry))
    return Slide(heading, charts.grade_heatmap(grid, m.title(heading), size=meeting.SIZE, width=meeting.STAGE), note)


def gaps(m: Meeting, page: int = 1) -> Slide:
    table = meeting.gap_table(m.results, m.scheme, m.registry)
    pages = meeting.gap_pages(table)
    heading = meeting.screen_title(meeting.GAPS, page, pages)
    if table.empty:
        return Slide(heading, None, empty="ไม่มีเกณฑ์ที่ยังไม่ผ่านในช่วงนี้")
    figure = meeting.gap_figure(table, m.title(heading), page=min(page, pages))
    return Slide(heading, figure, "รายการเต็มดาวน์โหลดเป็น Excel ได้ที่หน้า 'สิ่งที่ยังขาด'")


# ---- what a '–' means, and figures older than the meeting ------------------------------------------


def shows_no_grade(figure: go.Figure) -> bool:
    """Whether any cell, bar, label or legend entry of the figure shows '–' (so the note that says what it
    means goes with it)."""
    return any(_has_dash(trace.to_plotly_json()) for trace in figure.data)


def _has_dash(value: object) -> bool:
    if isinstance(value, str):
        return value.strip() == NO_DATA or value.startswith(f"{NO_DATA} ")
    if isinstance(value, dict):
        return any(_has_dash(v) for v in value.values())
    if hasattr(value, "tolist"):  # numpy arrays of a trace's text
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return any(_has_dash(v) for v in value)
    return False


def stale_note(latest: dt.datetime | None, period: str, now: dt.datetime) -> str:
    """A warning when the period is over (by the office clock) but nothing changed since before it ended:
    the figures cannot hold its last month. '' when they may."""
    end = dt.datetime.combine(parse_period(period).months[-1].next().first_day, dt.time())
    if latest is None or now < end or latest >= end:
        return ""
    return (
        f"ตัวเลขอาจไม่เป็นปัจจุบัน: ข้อมูลเปลี่ยนครั้งล่าสุดเมื่อ{thai_datetime(latest)} "
        f"ก่อนสิ้นสุดช่วง{parse_period(period).thai()} ({format_thai_date(end.date() - dt.timedelta(days=1))}) "
        "จึงยังไม่รวมรายงานที่ส่งหลังจากนั้น ตรวจการนำเข้าข้อมูลก่อนใช้ในที่ประชุม"
    )
