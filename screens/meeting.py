"""โหมดประชุม: four screens for a projector, one large figure each, moved through with ก่อนหน้า / ถัดไป.

No sidebar here: the province, scheme, period and screen live in the URL (?province=…&scheme=…&period=…
&screen=N), so the link the other screens keep opens the same view, and a small chooser at the top
changes them. A meeting grades only the figures the province accepted unless the URL says ?figures=all
or nothing of the period is accepted yet (then it shows all and says so), and says how many district-months
still wait for the check. Each figure can be downloaded as a PNG
rendered on the server with Thai fonts.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

import ui
from cdd.grading.mission import has_figures
from cdd.office.calendar import parse_period, thai_datetime
from cdd.office.thai import plain_text
from cdd.store import queries
from cdd.views import charts, dashboard, meeting
from cdd.views import review as review_view

Screen = tuple[go.Figure | None, str]  # the figure (None: an empty state was shown) and a note under it
DEMO = "ข้อมูลตัวอย่าง (demo) ไม่ใช่ข้อมูลจริง"
SCREENS = ("ระดับรายอำเภอ", "จำนวนอำเภอแต่ละระดับ", "5 อำเภอที่ต้องเร่งรัด", "สิ่งที่ยังขาด")
# Only a <style> block goes through unsafe_allow_html: never any text a person typed.
PROJECTOR_CSS = """<style>
html { font-size: 22px !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"], [data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2rem 1rem 2rem !important; max-width: 100% !important; }
[data-testid="stMain"] h1 { font-size: 1.6rem !important; padding: 0.2rem 0 !important; }
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] p, [data-testid="stExpander"] summary p,
.stMarkdownBadge, .stMarkdownBadge span, [data-testid="stMarkdownContainer"] p, kbd,
button p, [role="option"], [role="option"] div { font-size: 1rem !important; }
</style>"""


# ---- the choices, from the URL ---------------------------------------------------------------------


def choices_from_url() -> ui.Selection:
    """Province, scheme and period as the URL gives them; the latest period with data when it does not."""
    version = ui.data_version()
    province = meeting.pick(st.query_params.get("province"), list(ui.provinces(version)))
    offered = [s.id for s in ui.schemes().values() if province in s.provinces]
    scheme = ui.schemes()[meeting.pick(st.query_params.get("scheme"), offered)]
    latest = ui.latest_period(scheme, province, version)
    period = meeting.pick(st.query_params.get("period"), list(ui.period_options(scheme.id, ui.data_version())), latest)
    codes = {d.code for d in ui.registry(version).in_province(province)}
    months = [m.token for m in parse_period(period).months]
    accepted_only = review_view.meeting_accepted_only(
        st.query_params.get("figures"), ui.reviews(version), codes, months
    )
    return ui.Selection(province, scheme, period, version, accepted_only)


def chooser(param: str, label: str, options: list[str], current: str, describe, resets: tuple[str, ...] = ()) -> None:
    """A select box that mirrors the URL; choosing writes the URL (and drops the choices that depend on it)."""
    key = f"meeting_{param}"
    st.session_state[key] = current
    st.selectbox(label, options, key=key, format_func=describe, on_change=choose, args=(param, key, resets))


def choose(param: str, key: str, resets: tuple[str, ...]) -> None:
    st.query_params[param] = st.session_state[key]
    for later in resets:  # a new province may not have the old scheme; a new scheme has other periods
        st.query_params.pop(later, None)


def go_to(screen: int) -> None:
    st.query_params["screen"] = str(screen)


@st.cache_data(show_spinner=False)
def as_of(version: str, province: str, scheme_id: str) -> tuple[str, bool]:
    """Of the figures the meeting sees: this province's, for this scheme."""
    codes = [d.code for d in ui.registry(version).in_province(province)]
    latest, demo = queries.data_as_of(ui.cursor(), codes, list(ui.schemes(version)[scheme_id].inputs))
    return ("ข้อมูล ณ วันที่ " + thai_datetime(latest) if latest else "ยังไม่มีข้อมูลในระบบ"), demo


@st.cache_data(show_spinner=False, max_entries=64)
def picture(
    scheme_id: str, period: str, province: str, screen: int, version: str, figures: str, _figure: go.Figure
) -> bytes:
    """The PNG takes seconds to render (a headless browser): once per view and data version."""
    return charts.png(_figure)


# ---- the four screens ------------------------------------------------------------------------------


def overview_screen(sel: ui.Selection) -> Screen:
    heatmap = dashboard.heatmap(sel.results, sel.scheme, sel.registry)
    figure = charts.grade_heatmap(heatmap, title(sel, SCREENS[0]), size=meeting.SIZE, width=1000)
    months = len(parse_period(sel.period).months)
    province = [line for _, line in dashboard.province_lines(sel.scheme, sel.province, sel.results, months)]
    return figure, " \n\n".join([dashboard.heatmap_legend(heatmap), *province])


def counts_screen(sel: ui.Selection) -> Screen:
    missions = meeting.graded_missions(sel.scheme)
    if not missions:
        ui.empty_state(
            "เกณฑ์นี้ไม่ให้ระดับ A–D (มีแต่คะแนนหรือเป้าหมาย)", "ดูคะแนนหรือจำนวนเป้าหมายที่ทำได้ของแต่ละอำเภอที่หน้าจอ 1 'ระดับรายอำเภอ'"
        )
        return None, ""
    note = "'–' คืออำเภอที่ยังไม่มีข้อมูลหรือข้อมูลยังไม่ครบ (ไม่ใช่ระดับ D)"
    if len(missions) == 1:
        counts = dashboard.grade_counts(sel.results, missions[0].id)
        figure = charts.grade_count_bars(counts, title(sel, SCREENS[1]), size=meeting.SIZE)
        return figure.update_traces(cliponaxis=False), note  # the count above the tallest bar stays whole
    counts = meeting.counts_by_mission(sel.results, missions)
    return meeting.grade_count_stack(counts, title(sel, SCREENS[1])), note


def behind_screen(sel: ui.Selection) -> Screen:
    behind = meeting.furthest_behind(sel.results, sel.registry)
    missing = meeting.without_data(sel.results, sel.registry)
    note = " · ".join(
        part
        for part in ("เรียงตามจำนวนภารกิจระดับ D แล้วระดับ C แล้วจำนวนเกณฑ์ที่ยังไม่ผ่าน", dashboard.no_data_note(missing))
        if part
    )
    if behind.empty:
        st.success("ทุกอำเภอที่มีข้อมูลผ่านทุกเกณฑ์แล้ว ไม่มีอำเภอที่ต้องเร่งรัด", icon=":material/check_circle:")
        return None, note
    grid = meeting.behind_grid(behind, dashboard.heatmap(sel.results, sel.scheme, sel.registry))
    return charts.grade_heatmap(grid, title(sel, SCREENS[2]), size=meeting.SIZE, width=1000), note


def gaps_screen(sel: ui.Selection) -> Screen:
    table = meeting.gap_table(sel.results, sel.scheme, sel.registry)
    if table.empty:
        st.success("ไม่มีเกณฑ์ที่ยังไม่ผ่านในช่วงนี้", icon=":material/check_circle:")
        return None, ""
    return meeting.gap_figure(table, title(sel, SCREENS[3])), "รายการเต็มดาวน์โหลดเป็น Excel ได้ที่หน้า 'สิ่งที่ยังขาด'"


def title(sel: ui.Selection, screen: str) -> str:
    return f"{screen} · {sel.period_thai} · {sel.place}"


def show(figure: go.Figure, sel: ui.Selection, screen: int, stamp: list[str]) -> None:
    """The figure without its title (the screen's heading says it), and its PNG with title and stamp."""
    top = max(figure.layout.margin.t - 50, 2 * meeting.SIZE)  # room left for counts printed above bars
    height = max(figure.layout.height - figure.layout.margin.t + top, 400)
    on_screen = go.Figure(figure).update_layout(title=None, margin_t=top, height=height)
    on_screen.update_xaxes(automargin=True).update_yaxes(automargin=True)  # long Thai names need the room
    # No Streamlit theme: the figure keeps its own large fonts, as in the PNG.
    st.plotly_chart(on_screen, width="stretch", theme=None, config={"displayModeBar": False})
    # Rendered only when clicked (deferred), then cached: flipping screens stays quick.
    st.download_button(
        "ดาวน์โหลดภาพนี้ (PNG)",
        icon=":material/download:",
        mime="image/png",
        data=lambda: picture(
            sel.scheme.id,
            sel.period,
            sel.province,
            screen,
            sel.version,
            str(sel.accepted_only),
            meeting.with_stamp(figure, stamp),
        ),
        file_name=meeting.png_name(SCREENS[screen - 1], sel.scheme.id, sel.province, sel.period),
    )


DRAW = (overview_screen, counts_screen, behind_screen, gaps_screen)

# ---- the page --------------------------------------------------------------------------------------

st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
asked_figures = st.query_params.get("figures")  # None: the meeting's own choice, which may change with reviews
selection = choices_from_url()
scheme = selection.scheme
screen = meeting.screen_number(st.query_params.get("screen"), len(SCREENS))
figures = ui.ACCEPTED_FIGURES if selection.accepted_only else ui.ALL_FIGURES
st.query_params.update(province=selection.province, scheme=scheme.id, period=selection.period, screen=str(screen))
if asked_figures is not None:
    st.query_params["figures"] = figures

heading, navigation = st.columns([3, 2], vertical_alignment="center")
heading.title(SCREENS[screen - 1])
with navigation.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
    st.button(
        "ก่อนหน้า",
        icon=":material/arrow_back:",
        on_click=go_to,
        args=(screen - 1,),
        disabled=screen == 1,
        shortcut="Left",
    )
    st.markdown(f"**{screen} / {len(SCREENS)}**")
    st.button(
        "ถัดไป",
        icon=":material/arrow_forward:",
        icon_position="right",
        on_click=go_to,
        args=(screen + 1,),
        disabled=screen == len(SCREENS),
        shortcut="Right",
    )

stamp, demo = as_of(selection.version, selection.province, selection.scheme.id)
where = f"{parse_period(selection.period).thai(short=True)} · {selection.place}"
st.markdown(
    f"{plain_text(scheme.title)}  \n{where} · {stamp}" + (f" :orange-badge[:material/warning: {DEMO}]" if demo else "")
)
codes = {d.code for d in selection.registry.in_province(selection.province)}
waiting = review_view.waiting_count(
    ui.reviews(selection.version), codes, [m.token for m in parse_period(selection.period).months]
)
selection.figures_note()
if not selection.accepted_only and asked_figures is None:
    st.warning(review_view.NOTHING_CHECKED_YET, icon=":material/info:")
st.caption(f"ยังรอตรวจ {waiting} อำเภอ-เดือน")

with st.expander("เลือกจังหวัด เกณฑ์ ช่วงเวลา", icon=":material/tune:"):
    left, middle, right, last = st.columns(4)
    with left:
        chooser(
            "province",
            "จังหวัด",
            list(ui.provinces(ui.data_version())),
            selection.province,
            ui.province_name,
            resets=("scheme", "period"),
        )
    with middle:
        offered = [s.id for s in ui.schemes().values() if selection.province in s.provinces]
        chooser("scheme", "เกณฑ์", offered, scheme.id, lambda key: ui.schemes()[key].title, resets=("period",))
    with right:
        chooser(
            "period",
            "ช่วงเวลา",
            dashboard.period_choices(scheme),
            selection.period,
            lambda token: parse_period(token).thai(),
        )
    with last:
        chooser("figures", "ตัวเลขที่แสดง", list(ui.FIGURE_CHOICES), figures, ui.FIGURE_CHOICES.get)
    st.page_link(
        "screens/overview.py",
        label="ออกจากโหมดประชุม",
        icon=":material/close:",
        query_params={
            "province": selection.province,
            "scheme": scheme.id,
            "period": selection.period,
            "figures": figures,
        },
    )

if not has_figures(selection.results):
    ui.empty_state(
        f"ยังไม่มีข้อมูล{selection.period_thai}",
        "นำเข้าข้อมูลที่หน้า 'นำเข้าข้อมูล' หรือเลือกช่วงเวลาอื่นใน 'เลือกจังหวัด เกณฑ์ ช่วงเวลา' ด้านบน",
    )
    st.stop()

figure, note = DRAW[screen - 1](selection)
if figure is not None:
    checked = f" · {ui.ACCEPTED_ONLY_NOTE}" if selection.accepted_only else ""
    show(figure, selection, screen, [scheme.title, stamp + (f" · {DEMO}" if demo else "") + checked])
st.caption(note)
