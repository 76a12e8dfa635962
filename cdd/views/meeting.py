"""What the meeting screens show on a projector: one large figure a screen, no plotting in the page.

The choices come from the URL (?province=…&scheme=…&period=…&screen=N) and are checked here, so a
stale or mistyped link opens a sensible screen instead of an error. Each table is a pure function of
graded results; each figure is built large enough to read from the back of a meeting room.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import plotly.graph_objects as go

from cdd.grading.mission import CriterionResult, DistrictResult, MissionResult, has_figures
from cdd.office.districts import Registry
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.model import GRADES, Mission, Scheme
from cdd.views import exports
from cdd.views.charts import layout, visible_length, wrap_label
from cdd.views.palette import GRADE_COLOURS, NO_DATA, TEXT_ON

SIZE = 22  # the figures' base font size: nothing under 20 px on a 1280×720 projector
SMALLEST = 20  # px: the least any text may be on the projector, where a whole province's rows must fit
STAGE = 860  # px of a 1280×720 screen's width for the figure: the panel beside it takes the rest
ROOM = 690  # px of a 1280×720 screen's height for the figure (the heading and controls stand beside it)
SCREENS = ("ระดับรายอำเภอ", "จำนวนอำเภอแต่ละระดับ", "5 อำเภอที่ต้องเร่งรัด", "สิ่งที่ยังขาด")
GAPS = len(SCREENS)  # the gap list is the last screen, and it takes as many screens as it has pages
BEHIND_COLUMN = "เกณฑ์ที่ยังไม่ผ่าน"
GAP_LIMIT = 6  # rows of the gap list that fit one projector screen (beside the panel, two lines a row)
GAP_HEADERS = {
    "name": "อำเภอ",
    "mission": "ภารกิจ",
    "grade": "ระดับ",
    "criterion": "เกณฑ์ที่ยังไม่ผ่าน",
    "actual": "ผลงาน",
    "required": "ต้องได้",
    "shortfall": "ขาดอีก",
}
FIGURE_HEADERS = GAP_HEADERS | {"name": "อำเภอ"}
FIGURE_WIDTHS = {"name": 15, "grade": 7, "criterion": 40, "actual": 13, "required": 13, "shortfall": 13}


# ---- the choices, from the URL ---------------------------------------------------------------------


def pick(wanted: str | None, options: list[str], default: str | None = None) -> str:
    """The URL's value when it is one of the options, else the default, else the first option."""
    if wanted in options:
        return wanted
    return default if default in options else options[0]


def sequence(gap_pages: int) -> list[tuple[int, int]]:
    """The meeting's screens in order, as (screen, page): the first three, then a screen per page of gaps."""
    return [(n, 1) for n in range(1, GAPS)] + [(GAPS, page) for page in range(1, max(gap_pages, 1) + 1)]


def screen_title(screen: int, page: int, pages: int) -> str:
    """'สิ่งที่ยังขาด (หน้า 2/14)' for a page of a long gap list; the screen's own name otherwise."""
    name = SCREENS[screen - 1]
    return f"{name} (หน้า {page}/{pages})" if screen == GAPS and pages > 1 else name


def autoplay_seconds(wanted: str | None) -> int:
    """?autoplay=N as seconds between screens (5 to 3600); anything else, or nothing, is off (0)."""
    try:
        seconds = int(str(wanted))
    except ValueError:
        return 0
    return seconds if 5 <= seconds <= 3600 else 0


def screen_number(wanted: str | None, count: int) -> int:
    """?screen=N as a number from 1 to count; anything else opens the first screen."""
    try:
        number = int(str(wanted))
    except ValueError:
        return 1
    return min(max(number, 1), count)


# ---- heatmaps on a projector -------------------------------------------------------------------------


def wrap_visible(text: str, width: int, lines: int = 2) -> str:
    """Text on at most `lines` lines of `width` visible characters, '…' when cut.

    Lines break at spaces; a run of Thai (no spaces between its words) that does not fit is cut where
    the line is full (see can_break).
    """
    rows = [""]
    for word in text.split():
        # A word that fits a line of its own starts one, unless that would leave this line mostly empty.
        fits_alone = visible_length(word) <= width < visible_length(f"{rows[-1]} {word}")
        if fits_alone and visible_length(rows[-1]) > width // 2:
            rows.append("")
        for ch in (" " if rows[-1] else "") + word:
            if visible_length(rows[-1]) >= width and can_break(rows[-1], ch):
                rows.append("")
            rows[-1] += "" if ch == " " and not rows[-1] else ch
    return "<br>".join(rows[:lines]) + ("…" if len(rows) > lines else "")


def can_break(before: str, ch: str) -> bool:
    """Never between a letter and its marks or its following vowel (ะ า ำ), nor after a leading one (เ แ โ ใ ไ)."""
    return unicodedata.category(ch) != "Mn" and ch not in "ะาำๅ" and not before.endswith(tuple("เแโใไ"))


def on_projector(figure: go.Figure, room: int = ROOM) -> go.Figure:
    """A copy for the screen: no title (the screen's heading says it), and a heatmap of a whole province
    within `room` pixels, its rows as tight as text of SMALLEST px allows."""
    top = max(figure.layout.margin.t - 50, 2 * SIZE)  # room left for counts printed above bars
    height = max(figure.layout.height - figure.layout.margin.t + top, 400)
    shown = go.Figure(figure).update_layout(title=None, margin_t=top, height=height)
    shown.update_xaxes(automargin=True).update_yaxes(automargin=True)  # long Thai names need the room
    heatmaps = [t for t in shown.data if t.type == "heatmap"]
    if heatmaps and height > room:
        rows = len(heatmaps[0].y)
        row = (room - top - (shown.layout.margin.b or 0)) / max(rows, 1)
        size = max(SMALLEST, min(SIZE, int(row) - 3))
        shown.update_traces(textfont_size=size, ygap=2, selector={"type": "heatmap"})
        # Every district named: left to itself, plotly skips every other name when the rows are tight.
        shown.update_layout(height=room).update_yaxes(tickfont_size=size, tickmode="linear", tick0=0, dtick=1)
    return shown


# ---- grade counts ----------------------------------------------------------------------------------


def graded_missions(scheme: Scheme) -> list[Mission]:
    """Missions that end in a grade A–D: ladders and bands, and scored missions with grade bands."""
    scored = ("points", "step-mean")
    return [m for m in scheme.missions if m.shape in ("ladder", "bands") or (m.shape in scored and m.bands)]


def counts_by_mission(results: list[DistrictResult], missions: list[Mission]) -> pd.DataFrame:
    """Missions down, A B C D and '–' across: how many districts got each grade in each mission."""
    rows = {}
    for mission in missions:
        grades = [m.grade or NO_DATA for r in results for m in r.results if m.mission == mission.id]
        rows[mission.name] = {grade: grades.count(grade) for grade in (*GRADES, NO_DATA)}
    return pd.DataFrame.from_dict(rows, orient="index", columns=[*GRADES, NO_DATA])


def grade_count_stack(frame: pd.DataFrame, title: str, size: int = SIZE) -> go.Figure:
    """One bar a mission, split into its A–D and no-data counts, each segment labelled with its count."""
    figure = go.Figure()
    names = [wrap_label(name, width=18, lines=2) for name in frame.index]
    for grade in frame.columns:
        counts = frame[grade]
        figure.add_bar(
            y=names,
            x=counts,
            orientation="h",
            name="– ไม่มีข้อมูล" if grade == NO_DATA else grade,
            marker_color=GRADE_COLOURS[grade],
            text=[str(c) if c else "" for c in counts],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            textfont={"size": size, "color": TEXT_ON.get(grade, "black")},
            hovertemplate="%{y}: " + grade + " %{x} อำเภอ<extra></extra>",
        )
    figure.update_layout(
        barmode="stack", legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"}
    )
    figure.update_yaxes(autorange="reversed", ticksuffix="  ")
    figure.update_xaxes(title="จำนวนอำเภอ", dtick=2 if frame.sum(axis=1).max() <= 16 else 5)
    layout(figure, title, height=max(360, 56 * len(frame) + 180), size=size)
    figure.update_layout(margin={"t": 110})
    return figure


# ---- the districts furthest behind -----------------------------------------------------------------


def behind_counts(results: list[DistrictResult], registry: Registry) -> pd.DataFrame:
    """Each district: how many of its missions are D, how many C, and how many criteria it has not met."""
    rows = [
        {
            "code": r.district,
            "name": registry.name_of(r.district),
            "D": sum(m.grade == "D" for m in r.results),
            "C": sum(m.grade == "C" for m in r.results),
            "unmet": sum(c.met is False for m in r.results for c in m.criteria),
        }
        for r in results
    ]
    return pd.DataFrame(rows, columns=["code", "name", "D", "C", "unmet"])


def furthest_behind(results: list[DistrictResult], registry: Registry, limit: int = 5) -> pd.DataFrame:
    """The districts furthest behind: most D's, then most C's, then most unmet criteria.

    A district with nothing behind (or nothing reported: no data is never a D) is not listed.
    """
    ranked = ranked_behind(results, registry)
    behind = ranked[(ranked["D"] + ranked["C"] + ranked["unmet"]) > 0]
    return behind.head(limit).reset_index(drop=True)


def ranked_behind(results: list[DistrictResult], registry: Registry) -> pd.DataFrame:
    """Every district, furthest behind first (ties by district code, so the order never wobbles)."""
    counts = behind_counts(results, registry)
    return counts.sort_values(["D", "C", "unmet", "code"], ascending=[False, False, False, True])


def behind_grid(behind: pd.DataFrame, heatmap: pd.DataFrame) -> pd.DataFrame:
    """The overview heatmap's rows of those districts, worst first, with their count of unmet criteria."""
    grid = heatmap.loc[list(behind["name"])].copy()
    grid[BEHIND_COLUMN] = [f"{n} ข้อ" for n in behind["unmet"]]
    return grid


def without_data(results: list[DistrictResult], registry: Registry) -> list[str]:
    """Districts that reported nothing for the period: named apart, never counted as behind."""
    return [registry.name_of(r.district) for r in results if not has_figures([r])]


# ---- the gap list ----------------------------------------------------------------------------------


def gap_table(results: list[DistrictResult], scheme: Scheme, registry: Registry) -> pd.DataFrame:
    """The gap list (cdd.views.exports.gap_rows) with short names that fit a projector.

    Worst grade first, as in the exported list; within a grade (or where there are no grades at all,
    as with scores and targets) the districts furthest behind come first, as a meeting takes them.
    """
    short = short_names(results, scheme)
    missions = {m.title: m.name for m in scheme.missions}
    rank = {code: place for place, code in enumerate(ranked_behind(results, registry)["code"])}
    rows = sorted(
        exports.gap_rows(results, registry),
        key=lambda row: (exports.worst_first(str(row["grade"])), rank.get(row["code"], 0)),
    )
    rows = [
        row
        | {
            "criterion": short.get((str(row["code"]), str(row["mission"]), str(row["criterion"])), row["criterion"]),
            "mission": missions.get(str(row["mission"]), row["mission"]),
            "grade": row["grade"] or NO_DATA,
        }
        for row in rows
    ]
    return pd.DataFrame(rows, columns=list(GAP_HEADERS))


def short_names(results: list[DistrictResult], scheme: Scheme) -> dict[tuple[str, str, str], str]:
    """(district, mission title, criterion as the gap list words it) → the criterion's short name."""
    return {
        (r.district, m.title, exports.criterion_text(c)): criterion_name(scheme, m, c)
        for r in results
        for m in r.results
        for c in m.criteria
    }


def criterion_name(scheme: Scheme, mission: MissionResult, criterion: CriterionResult) -> str:
    """The criterion's short name; where one criterion covers several inputs, the input's own name."""
    if "." in criterion.id:
        return CATALOGUE[criterion.input].label
    return scheme.mission(mission.mission).part_names().get(criterion.part, criterion.label)


def gap_pages(table: pd.DataFrame, limit: int = GAP_LIMIT) -> int:
    """How many projector screens the gap list takes, `limit` rows a screen (one, when it is empty)."""
    return max(1, -(-len(table) // limit))


def gap_figure(table: pd.DataFrame, title: str, page: int = 1, limit: int = GAP_LIMIT, size: int = SIZE) -> go.Figure:
    """One page of the gap list as a large table; under it, which rows these are and how many follow."""
    first = (page - 1) * limit
    shown = table.iloc[first : first + limit]
    cells = gap_cells(shown, several=table["mission"].nunique() > 1, graded=bool((table["grade"] != NO_DATA).any()))
    fills = [[GRADE_COLOURS.get(v, "white") if c == "grade" else "white" for v in cells[c]] for c in cells]
    colours = [[TEXT_ON.get(v, "#1a1a1a") for v in column] for column in cells.values()]
    figure = go.Figure(
        go.Table(
            columnwidth=[FIGURE_WIDTHS[c] for c in cells],
            header={
                "values": [FIGURE_HEADERS[c] for c in cells],
                "fill_color": "#E8E8E8",
                "align": "left",
                "font": {"size": size, "color": "#1a1a1a"},
                "height": size * 2,
            },
            cells={
                "values": list(cells.values()),
                "align": "left",
                "height": size * 2,
                "fill_color": fills,
                "font": {"size": size, "color": colours},
            },
        )
    )
    lines = [max(col[i].count("<br>") for col in cells.values()) for i in range(len(shown))]
    paged = len(table) > limit
    # A row grows a line for each <br>; Thai fonts with tall line spacing (Garuda, in the PNG) need the slack.
    rows_height = sum(size * 2 + (size + 16) * n + 4 for n in lines)
    layout(figure, title, height=rows_height + size * 2 + 80 + (50 if paged else 0), size=size)
    if paged:
        figure.add_annotation(
            text=page_note(first, len(shown), len(table)),
            x=0,
            y=0,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="top",
            showarrow=False,
            font={"size": size},
        )
    return figure.update_layout(margin={"t": 70, "b": 50 if paged else 10})


def page_note(first: int, shown: int, total: int) -> str:
    """'รายการที่ 9–16 จาก 131 · อีก 115 รายการในหน้าถัดไป': where this page is in the list, and what follows."""
    note = f"รายการที่ {first + 1}–{first + shown} จาก {total}"
    left = total - first - shown
    return note + (f" · อีก {left} รายการในหน้าถัดไป" if left else "")


def gap_cells(shown: pd.DataFrame, several: bool, graded: bool) -> dict[str, list[str]]:
    """Column key → cell texts: the district (and its mission, when there are several), short and wrapped."""
    missions = [f"<br>{wrap_visible(m, 13, 1)}" if several else "" for m in shown["mission"]]
    cells = {"name": [wrap_visible(n, 13, 1) + m for n, m in zip(shown["name"], missions)]}
    if graded:  # missions without grades (scores, targets) get no grade column at all
        cells["grade"] = list(shown["grade"])
    cells["criterion"] = [wrap_visible(c, 24) for c in shown["criterion"]]
    return cells | {c: [compact(str(v)) for v in shown[c]] for c in ("actual", "required", "shortfall")}


def compact(shown: str) -> str:
    """'13,975,540.09' → '13.98 ล้าน' (and 'มากกว่า 14,914,120' → 'มากกว่า 14.91 ล้าน'): millions of baht fit
    a projector's column; other values unchanged."""
    words, _, last = shown.rpartition(" ")
    try:
        number = float(last.replace(",", ""))
    except ValueError:
        return shown  # ใช่/ไม่ใช่, '–'
    if abs(number) < 1_000_000:
        return shown
    return f"{words} {number / 1_000_000:,.2f} ล้าน".strip()


# ---- the downloaded picture ------------------------------------------------------------------------


def with_stamp(figure: go.Figure, lines: list[str], size: int = SIZE) -> go.Figure:
    """A copy for the PNG: lines under the title (the scheme, 'ข้อมูล ณ วันที่ …') and room at the edges."""
    picture = go.Figure(figure)
    below = "".join(f"<br><span style='font-size:{size - 2}px'>{line}</span>" for line in lines)
    extra = (size + 10) * len(lines) + size  # and room for a count printed above the tallest bar
    height = (picture.layout.height or 720) + extra + 20
    picture.update_layout(
        title={
            "text": (picture.layout.title.text or "") + below,
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - (size + 20) / height,
            "yanchor": "top",
            "pad": {"l": 30},
        },
        margin={
            "t": (picture.layout.margin.t or 60) + extra,
            "b": (picture.layout.margin.b or 10) + 20,
            "l": 40,
            "r": 40,
        },
        height=height,
    )
    return picture.update_xaxes(automargin=True).update_yaxes(automargin=True)


def png_name(screen: str, scheme_id: str, province: str, period: str) -> str:
    """'โหมดประชุม-ภาพรวมระดับ-click-2567-q3-57-2567-06.png': Thai for people, ids to tell files apart."""
    name = f"โหมดประชุม-{screen}-{scheme_id}-{province}-{period}.png".replace(" ", "")
    return name.replace("/", "-").replace("(", "-").replace(")", "")  # 'สิ่งที่ยังขาด (หน้า 2/14)': no folders
