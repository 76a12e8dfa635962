"""อำเภอ: one district — its grades now and across the fiscal year, what it still owes, and what it sent when."""

import streamlit as st

import ui
from cdd.grading import timeliness
from cdd.office.calendar import parse_period
from cdd.office.clock import now
from cdd.office.thai import plain_text
from cdd.store import queries
from cdd.store.period_grades import accepted_months, monthly_values
from cdd.views import charts, dashboard, partial, progress

CARDS_PER_ROW = 3
# The criterion's wording takes the room; the figures beside it stay narrow but always in view.
NARROW_TEXT, NARROW_NUMBER = st.column_config.TextColumn(width="small"), st.column_config.NumberColumn(width="small")
GAP_WIDTHS = {
    "เกณฑ์": st.column_config.TextColumn(width="large"),
    "ผลงาน": NARROW_TEXT,
    "ค่าที่ต้องได้": NARROW_TEXT,
    "ขาดอีก": NARROW_TEXT,
    "รายการย่อย": st.column_config.TextColumn(width="medium"),
}
BATCH_WIDTHS = {"ชุดที่": NARROW_NUMBER, "แถวในไฟล์": NARROW_NUMBER, "จำนวนค่า": NARROW_NUMBER}


@st.cache_data(show_spinner=False)
def submission_statuses(scheme_id: str, code: str, year: int, today, version: str) -> list[timeliness.MonthStatus]:
    scheme = ui.schemes()[scheme_id]
    months = progress.fiscal_year_months(scheme, year)
    return queries.submission_status(ui.cursor(), scheme, [code], months, today)


@st.cache_data(show_spinner=False)
def batches(scheme_id: str, code: str, year: int, version: str):
    scheme = ui.schemes()[scheme_id]
    months = [m.token for m in progress.fiscal_year_months(scheme, year)]
    found = queries.district_batches(ui.cursor(), scheme.id, list(scheme.inputs), code, months)
    return progress.batch_table(found, scheme_id, {s.id: s.title for s in ui.schemes().values()})


def mission_card(card: progress.MissionCard) -> None:
    with st.container(border=True):
        st.markdown(progress.badge_heading(card.cell, card.name), unsafe_allow_html=True)
        st.caption(" · ".join(part for part in (card.status, card.detail, card.trend) if part))
        if card.readings:
            with st.expander("การอ่านเกณฑ์ที่เลือก"):
                for reading in card.readings:
                    st.markdown(f"- {plain_text(reading)}")


selection = ui.sidebar()
scheme, registry = selection.scheme, selection.registry
heading = st.empty()  # the title names the district chosen just below it
names = {d.code: d.name for d in registry.in_province(selection.province)}
code = ui.url_choice("district", "อำเภอ", list(names), names.get)
heading.title(f"อำเภอ{names[code]}")
st.caption(f"{plain_text(scheme.title)} · {selection.period_thai} · {selection.place}")
selection.figures_note()
year = progress.fiscal_year_of(selection.period)
months = partial.period_months(scheme, selection.period)
sent = queries.months_sent(ui.cursor(), scheme, [code], [m.token for m in months]).get(code, set())
if note := partial.partial_note(sent, months):
    st.warning(note, icon=":material/pending:")
ui.missing_references([r for r in selection.results if r.district == code], registry)
if len(months) > 1 and sent:
    with st.expander("ช่วงนี้คิดจากรายเดือนอย่างไร", icon=":material/functions:"):
        # The figures the grades used: with «เฉพาะที่ตรวจผ่านแล้ว», only the months the province accepted.
        tokens = [m.token for m in months]
        only = accepted_months(ui.cursor(), [code], tokens) if selection.accepted_only else None
        monthly = monthly_values(ui.cursor(), [code], tokens, list(scheme.accepted_inputs), only).get(code, {})
        if only is not None:
            st.caption(partial.accepted_months_note(months, sent, {month for _, month in only}))
        st.dataframe(partial.months_rule_table(scheme, months, monthly), hide_index=True, width="stretch")

# ---- grades for the chosen period, beside the period before -------------------------------------
st.subheader(f"ระดับ · {selection.period_thai}")
result = progress.district_result(selection.results, code)
previous = dashboard.previous_period(selection.period, dashboard.period_choices(scheme))
before = selection.results_of(previous, "grades", selection.province) if previous else []
cards = progress.mission_cards(scheme, result, progress.district_result(before, code))
ungraded = partial.ungraded_note(scheme, result, sent, months)  # figures there, yet no grade: never "no data"
if ungraded:
    st.warning(f"อำเภอ{names[code]}{ungraded}", icon=":material/pending_actions:")
if all(card.cell == dashboard.NO_DATA for card in cards) and not ungraded:
    ui.empty_state(
        f"อำเภอ{names[code]} ยังไม่มีข้อมูล{selection.period_thai}", "นำเข้าข้อมูลที่หน้า 'นำเข้าข้อมูล' หรือเลือกช่วงเวลาอื่นทางซ้าย"
    )
else:
    for start in range(0, len(cards), CARDS_PER_ROW):
        for column, card in zip(st.columns(CARDS_PER_ROW), cards[start : start + CARDS_PER_ROW]):
            with column:
                mission_card(card)
    if previous:
        st.caption(f"ขึ้น/ลง เทียบกับ{parse_period(previous).thai()} · '–' คือยังไม่มีข้อมูล (ไม่ใช่ระดับ D)")

# ---- grades across the fiscal year ------------------------------------------------------------------
periods = dashboard.grid_periods(scheme, year)
by_period = {p: selection.results_of(p, "criteria", selection.province) for p in periods}
grid = progress.district_grid(by_period, scheme, code)
if (grid == dashboard.NO_DATA).all().all() and any(partial.has_figures(r, code) for r in by_period.values()):
    ui.empty_state(
        f"อำเภอ{names[code]} ยังไม่มีระดับของเกณฑ์นี้ในปีงบประมาณ {year} แม้มีข้อมูลแล้ว",
        "ส่งหรือกรอกสิ่งที่ยังขาดให้ครบ แล้วระดับจะแสดงที่นี่",
    )
elif (grid == dashboard.NO_DATA).all().all():
    ui.empty_state(
        f"อำเภอ{names[code]} ยังไม่มีข้อมูลของเกณฑ์นี้ตลอดปีงบประมาณ {year}", "นำเข้าข้อมูลที่หน้า 'นำเข้าข้อมูล' หรือเลือกเกณฑ์อื่นทางซ้าย"
    )
else:
    st.plotly_chart(charts.grade_heatmap(grid, f"ระดับตลอดปีงบประมาณ {year}"), width="stretch")
    st.caption(dashboard.heatmap_legend(grid))

# ---- what it still owes ------------------------------------------------------------------------------
st.subheader(f"สิ่งที่ยังขาด · {selection.period_thai}")
gaps = progress.district_gaps(selection.results, registry, code, selection.items)
if not gaps and result is not None and any(card.cell != dashboard.NO_DATA for card in cards):
    st.success("ผ่านทุกเกณฑ์ที่มีข้อมูลแล้ว", icon=":material/check_circle:")
elif not gaps and ungraded:
    ui.empty_state("ยังบอกสิ่งที่ขาดไม่ได้จนกว่าจะให้ระดับได้", "ส่งหรือกรอกสิ่งที่ยังขาดตามที่บอกไว้ด้านบน")
elif not gaps:
    ui.empty_state("ยังบอกสิ่งที่ขาดไม่ได้เพราะยังไม่มีข้อมูลของช่วงนี้", "นำเข้าข้อมูลที่หน้า 'นำเข้าข้อมูล'")
for gap in gaps:
    st.markdown(progress.badge_heading(gap.grade, gap.mission, size=18), unsafe_allow_html=True)
    st.dataframe(gap.criteria, hide_index=True, width="stretch", column_config=GAP_WIDTHS)
    if gap.to_next and gap.to_next == gap.to_a:
        st.markdown(f"**เพื่อขึ้นระดับถัดไปซึ่งคือระดับ A:** {gap.to_next}")
    else:
        for label, text in (("เพื่อขึ้นระดับถัดไป", gap.to_next), ("เพื่อให้ได้ระดับ A", gap.to_a)):
            if text:
                st.markdown(f"**{label}:** {text}")

# ---- what it sent, and when ------------------------------------------------------------------------------
st.subheader(f"การส่งรายงาน · ปีงบประมาณ {year}")
statuses = submission_statuses(scheme.id, code, year, now().date(), selection.version)
if not statuses:
    ui.empty_state(f"เกณฑ์นี้ไม่มีเดือนที่ต้องรายงานในปีงบประมาณ {year}", "เลือกช่วงเวลาอื่นทางซ้าย")
else:
    st.caption(progress.status_counts(statuses))
    table = progress.timeliness_table(statuses)
    st.dataframe(table.style.map(progress.status_style, subset=["สถานะ"]), hide_index=True, width="stretch")

sent = batches(scheme.id, code, year, selection.version)
st.markdown("**ชุดข้อมูลที่ส่ง** (ไฟล์ที่มีค่าของอำเภอนี้ ล่าสุดก่อน · จำนวนค่า = ค่าของอำเภอนี้ในไฟล์นั้น)")
if sent.empty:
    ui.empty_state(f"อำเภอ{names[code]} ยังไม่เคยส่งข้อมูลของเกณฑ์นี้ในปีงบประมาณ {year}", "ส่งแบบรายงานที่หน้า 'นำเข้าข้อมูล'")
else:
    st.dataframe(sent, hide_index=True, width="stretch", column_config=BATCH_WIDTHS)
