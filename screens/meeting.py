"""โหมดประชุม: screens for a 1280×720 projector, one large figure each, moved through with ก่อนหน้า / ถัดไป
or the arrow keys: the grade heatmap, the grade counts, the districts furthest behind, then the gap list a
page a screen.

No sidebar or header here: the province, scheme, period, screen and autoplay live in the URL
(?province=…&scheme=…&period=…&screen=N&autoplay=S), so the link the other screens keep opens the same
view, and a chooser at the top (it closes after a choice) changes them. A meeting grades only the figures the province accepted unless the URL says ?figures=all
or nothing of the period is accepted yet (then it shows all and says so), and says how many district-months
still wait for the check, and warns when nothing changed since before the period ended. Each figure can
be downloaded as a PNG, and the whole meeting as one PDF handout, rendered on the server with Thai fonts.
"""

from __future__ import annotations

import datetime as dt
import time

import plotly.graph_objects as go
import streamlit as st

import ui
from cdd.grading.mission import has_figures
from cdd.office import clock
from cdd.office.calendar import parse_period, thai_datetime
from cdd.office.thai import plain_text
from cdd.store import queries
from cdd.views import charts, dashboard, meeting, slides
from cdd.views import handout as handout_pdf
from cdd.views import review as review_view

DEMO = "ข้อมูลตัวอย่าง (demo) ไม่ใช่ข้อมูลจริง"
CHOICES = "meeting_choices"  # how many choices were made: the chooser is named after it
AUTOPLAY = {"0": "ปิด", "15": "ทุก 15 วินาที", "30": "ทุก 30 วินาที", "60": "ทุก 1 นาที", "120": "ทุก 2 นาที"}
# Only a <style> block goes through unsafe_allow_html: never any text a person typed.
PROJECTOR_CSS = """<style>
html { font-size: 22px !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"], [data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.4rem 1.2rem 1rem 1.2rem !important; max-width: 100% !important; }
[data-testid="stMain"] h1 { font-size: 1.4rem !important; padding: 0 !important; }
.st-key-meeting_panel [data-testid="stMarkdownContainer"] p { font-size: 20px !important; line-height: 1.4; }
[data-testid="stPopoverBody"] { min-width: 46rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] p, [data-testid="stExpander"] summary p,
.stMarkdownBadge, .stMarkdownBadge span, [data-testid="stMarkdownContainer"] p, kbd,
button p, [role="option"], [role="option"] div { font-size: 1rem !important; }
</style>"""


# ---- the choices, from the URL ---------------------------------------------------------------------


def choices_from_url() -> ui.Selection:
    """Province, scheme and period as the URL gives them; the latest period with data when it does not."""
    version = ui.data_version()
    province = meeting.pick(st.query_params.get("province"), list(ui.provinces(version)))
    known = ui.schemes(version)  # one data version for the whole run: each look-up of it is a query
    offered = [s.id for s in known.values() if province in s.provinces]
    scheme = known[meeting.pick(st.query_params.get("scheme"), offered)]
    latest = ui.latest_period(scheme, province, version)
    period = meeting.pick(st.query_params.get("period"), list(ui.period_options(scheme.id, version)), latest)
    codes = {d.code for d in ui.registry(version).in_province(province)}
    months = [m.token for m in parse_period(period).months]
    accepted_only = review_view.meeting_accepted_only(
        st.query_params.get("figures"), ui.reviews(version, tuple(months), tuple(sorted(codes))), codes, months
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
    if param == "autoplay" and st.query_params[param] == "0":
        st.query_params.pop(param)  # off is the default: the link stays as it was
    # Closed after a choice: the projector shows the figure again, and the arrow keys move the meeting
    # (while the choice keeps the focus, they would move through its options instead). A chooser of a new
    # name is drawn closed; closing the same one from here works only the first time.
    st.session_state[CHOICES] = st.session_state.get(CHOICES, 0) + 1


def go_to(screen: int) -> None:
    st.query_params["screen"] = str(screen)


@st.cache_data(show_spinner=False)
def latest_change(version: str, province: str, scheme_id: str) -> tuple[dt.datetime | None, bool]:
    """When the figures the meeting sees last changed (this province's, for this scheme), and whether any is demo."""
    codes = [d.code for d in ui.registry(version).in_province(province)]
    return queries.data_as_of(ui.cursor(), codes, list(ui.schemes(version)[scheme_id].inputs))


def as_of(version: str, province: str, scheme_id: str) -> tuple[str, bool]:
    latest, demo = latest_change(version, province, scheme_id)
    return ("ข้อมูล ณ วันที่ " + thai_datetime(latest) if latest else "ยังไม่มีข้อมูลในระบบ"), demo


@st.cache_data(show_spinner=False, max_entries=64)
def picture(
    scheme_id: str, period: str, province: str, screen: int, version: str, figures: str, _figure: go.Figure
) -> bytes:
    """The PNG takes seconds to render (a headless browser): once per view and data version."""
    return charts.png(_figure)


# ---- one slide -------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=64)
def gap_page_count(scheme_id: str, period: str, province: str, version: str, figures: str, _meeting) -> int:
    """How many pages the gap list takes: every gap of the province worked out, so once per view and data version."""
    return slides.gap_pages(_meeting)


@st.cache_resource(show_spinner=False, max_entries=128)
def screen_slide(
    scheme_id: str, period: str, province: str, version: str, figures: str, screen: int, page: int, _meeting
) -> tuple[slides.Slide, go.Figure | None]:
    """One screen's slide, and its figure as the projector shows it: drawn once per view and data version, so
    stepping through the meeting (and back) only sends them."""
    shown = slides.slide(_meeting, screen, page)
    return shown, None if shown.figure is None else meeting.on_projector(shown.figure)


def show(slide: slides.Slide, on_screen: go.Figure | None) -> None:
    """The figure without its title (the heading says it), sized to the projector; or what the screen says
    instead of a figure."""
    if slide.figure is None or on_screen is None:
        if slide.hint:
            ui.empty_state(slide.empty, slide.hint)
        else:
            st.success(slide.empty, icon=":material/check_circle:")
        return
    # No Streamlit theme: the figure keeps its own large fonts, as in the PNG.
    st.plotly_chart(on_screen, width="stretch", theme=None, config={"displayModeBar": False})


def png_button(slide: slides.Slide, sel: ui.Selection, position: int, stamp: list[str]) -> None:
    """The figure as a PNG with its title, the stamp and what a '–' means."""
    if slide.figure is None:
        return
    lines = [*stamp, slides.NO_GRADE_NOTE] if slide.explains_dash else stamp
    # Rendered only when clicked (deferred), then cached: flipping screens stays quick.
    st.download_button(
        "ดาวน์โหลดภาพนี้ (PNG)",
        icon=":material/download:",
        mime="image/png",
        data=lambda: picture(
            sel.scheme.id,
            sel.period,
            sel.province,
            position,
            sel.version,
            str(sel.accepted_only),
            meeting.with_stamp(slide.figure, lines),
        ),
        file_name=meeting.png_name(slide.heading, sel.scheme.id, sel.province, sel.period),
    )


@st.cache_data(show_spinner=False, max_entries=8)
def handout(scheme_id: str, period: str, province: str, version: str, figures: str, _meeting, _stamp) -> bytes:
    """The whole meeting as one PDF: tens of seconds of rendering, so once per view and data version."""
    return handout_pdf.build(_meeting, _stamp)


# ---- moving through the meeting ------------------------------------------------------------------------


def navigation(position: int, count: int) -> None:
    """Where the meeting is, and ก่อนหน้า / ถัดไป, also on the arrow keys (each button shows its key)."""
    st.markdown(f"**หน้าจอ {position} / {count}**")
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.button("ก่อนหน้า", on_click=go_to, args=(position - 1,), disabled=position == 1, shortcut="Left")
        st.button("ถัดไป", on_click=go_to, args=(position + 1,), disabled=position == count, shortcut="Right")


def autoplay(position: int, count: int) -> None:
    """With ?autoplay=N (seconds; off unless the URL says so), the next screen every N seconds, round again
    after the last. Only this fragment reruns on the timer; it moves on once the screen has been up N seconds."""
    interval = meeting.autoplay_seconds(st.query_params.get("autoplay"))
    if not interval:
        return
    st.session_state["meeting_shown_at"] = time.monotonic()

    @st.fragment(run_every=interval)
    def tick() -> None:
        if time.monotonic() - st.session_state["meeting_shown_at"] >= interval - 0.5:
            go_to(position % count + 1)
            st.rerun(scope="app")

    tick()


def the_chooser(sel: ui.Selection, figures: str, order: list[tuple[int, int]], position: int, pages: int) -> None:
    """Which screen and autoplay beside province, scheme, period and which figures; the way out. Two columns,
    so every choice is in sight on the projector. It closes after a choice, so the arrow keys move the
    meeting again at once."""
    with st.popover("เลือก", icon=":material/tune:", key=f"meeting_chooser_{st.session_state.get(CHOICES, 0)}"):
        meeting_side, view_side = st.columns(2)
        with meeting_side:
            names = {str(n): f"{n}. {meeting.screen_title(s, p, pages)}" for n, (s, p) in enumerate(order, start=1)}
            chooser("screen", "หน้าจอ", list(names), str(position), names.get)
            chooser("autoplay", "เลื่อนหน้าจออัตโนมัติ", list(AUTOPLAY), autoplay_choice(), AUTOPLAY.get)
            chooser("figures", "ตัวเลขที่แสดง", list(ui.FIGURE_CHOICES), figures, ui.FIGURE_CHOICES.get)
        with view_side:
            names = ui.provinces(sel.version)  # once, not once an option: each would ask for the data version
            chooser("province", "จังหวัด", list(names), sel.province, names.get, resets=("scheme", "period"))
            known = ui.schemes(sel.version)
            offered = [s.id for s in known.values() if sel.province in s.provinces]
            chooser("scheme", "เกณฑ์", offered, sel.scheme.id, lambda key: known[key].title, resets=("period",))
            periods = dashboard.period_choices(sel.scheme)
            chooser("period", "ช่วงเวลา", periods, sel.period, lambda token: parse_period(token).thai())
        st.page_link(
            "screens/overview.py",
            label="ออกจากโหมดประชุม",
            icon=":material/close:",
            query_params={"province": sel.province, "scheme": sel.scheme.id, "period": sel.period, "figures": figures},
        )


def autoplay_choice() -> str:
    seconds = meeting.autoplay_seconds(st.query_params.get("autoplay"))
    return str(seconds) if str(seconds) in AUTOPLAY else "0"


def handout_button(sel: ui.Selection, m: slides.Meeting, figures: str, stamp: list[str]) -> None:
    st.download_button(
        "เอกสารประกอบการประชุม (PDF)",
        icon=":material/picture_as_pdf:",
        mime="application/pdf",
        data=lambda: handout(sel.scheme.id, sel.period, sel.province, sel.version, figures, m, stamp),
        file_name=meeting.png_name("เอกสารประกอบการประชุม", sel.scheme.id, sel.province, sel.period).replace(
            ".png", ".pdf"
        ),
        help="ทุกหน้าจอของการประชุมนี้ในไฟล์เดียว พร้อมวันที่ของข้อมูล (ใช้เวลาสร้างสักครู่)",
    )


# ---- the page --------------------------------------------------------------------------------------

st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)
asked_figures = st.query_params.get("figures")  # None: the meeting's own choice, which may change with reviews
selection = choices_from_url()
scheme = selection.scheme
figures = ui.ACCEPTED_FIGURES if selection.accepted_only else ui.ALL_FIGURES
graded = has_figures(selection.results)
this = slides.Meeting(
    selection.results, scheme, selection.registry, selection.period, selection.province, selection.place
)
view = (scheme.id, selection.period, selection.province, selection.version, figures)
pages = gap_page_count(*view, this) if graded else 1
order = meeting.sequence(pages)
position = meeting.screen_number(st.query_params.get("screen"), len(order))
screen, page = order[position - 1]
st.query_params.update(province=selection.province, scheme=scheme.id, period=selection.period, screen=str(position))
if asked_figures is not None:
    st.query_params["figures"] = figures

stamp, demo = as_of(selection.version, selection.province, selection.scheme.id)
codes = {d.code for d in selection.registry.in_province(selection.province)}
months = [m.token for m in parse_period(selection.period).months]
in_view = ui.reviews(selection.version, tuple(months), tuple(sorted(codes)))
waiting = review_view.waiting_count(in_view, codes, months)

# The figure takes the whole height of the projector; everything else stands in the panel beside it.
stage, side = st.columns([3, 1], gap="medium")
panel = side.container(key="meeting_panel")
with panel:
    st.title(meeting.screen_title(screen, page, pages))
    navigation(position, len(order))
    the_chooser(selection, figures, order, position, pages)
    where = f"{parse_period(selection.period).thai(short=True)} · {selection.place}"
    st.markdown(f"{plain_text(scheme.title)}  \n{where}  \n{stamp}")
    if demo:
        st.markdown(f":orange[:material/warning: {DEMO}]")
    selection.figures_note()
    st.caption(f"ยังรอตรวจ {waiting} อำเภอ-เดือน")
    if not selection.accepted_only and asked_figures is None:
        st.warning(review_view.NOTHING_CHECKED_YET, icon=":material/info:")
    stale = slides.stale_note(
        latest_change(selection.version, selection.province, scheme.id)[0], selection.period, clock.now()
    )
    if stale:
        st.warning(stale, icon=":material/history:")

if not graded:
    with stage:
        ui.empty_state(
            f"ยังไม่มีข้อมูล{selection.period_thai}",
            "นำเข้าข้อมูลที่หน้า 'นำเข้าข้อมูล' หรือเลือกช่วงเวลาอื่นที่ปุ่ม 'เลือก'",
        )
    st.stop()

checked = f" · {ui.ACCEPTED_ONLY_NOTE}" if selection.accepted_only else ""
stamp_lines = [scheme.title, stamp + (f" · {DEMO}" if demo else "") + checked]
shown, on_screen = screen_slide(*view, screen, page, this)
with stage:
    show(shown, on_screen)
with panel:
    if shown.explains_dash:
        st.caption(slides.NO_GRADE_NOTE)
    st.caption(shown.note)
    png_button(shown, selection, position, stamp_lines)
    handout_button(selection, this, figures, stamp_lines)
autoplay(position, len(order))
