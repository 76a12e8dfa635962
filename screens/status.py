"""สถานะการส่งรายงาน: which district sent which month on time, late, revised late, or not at all."""

import datetime as dt

import streamlit as st

import ui
from cdd.grading.timeliness import MonthStatus
from cdd.office.calendar import format_thai_date, parse_period
from cdd.office.clock import now
from cdd.office.thai import plain_text
from cdd.store.queries import mission_status, submission_status
from cdd.views import review as review_view
from cdd.views import status


@st.cache_data(show_spinner=False, max_entries=64)
def load_status(scheme_id: str, province: str, period: str, today: dt.date, version: str) -> list[MonthStatus]:
    """Every district × month of the period's fiscal year; today is in the key, so a deadline passing shows."""
    scheme = ui.schemes()[scheme_id]
    codes = [d.code for d in ui.registry(version).in_province(province)]
    months = status.status_months(scheme, period)
    return submission_status(ui.cursor(), scheme, codes, months, today)


selection = ui.sidebar()
scheme, today = selection.scheme, now().date()
st.title("สถานะการส่งรายงาน")
st.caption(f"{plain_text(scheme.title)} · {selection.place} · วันนี้ {format_thai_date(today)}")

statuses = load_status(scheme.id, selection.province, selection.period, today, selection.version)
year = parse_period(selection.period).months[-1].fiscal_year
if not statuses:
    ui.empty_state(f"เกณฑ์นี้ไม่มีเดือนที่ต้องรายงานในปีงบประมาณ {year}", "เลือกช่วงเวลาหรือเกณฑ์อื่นทางซ้าย")
    st.stop()
if not any(s.first_sent for s in statuses):
    ui.empty_state(f"ยังไม่มีอำเภอใดส่งรายงานของปีงบประมาณ {year} ตามเกณฑ์นี้", "ดาวน์โหลดแบบฟอร์มและนำเข้าที่หน้า 'นำเข้าข้อมูล'")
grid = status.status_grid(statuses, selection.registry)
details = status.status_details(statuses, selection.registry)
st.plotly_chart(status.status_heatmap(grid, details, f"รายอำเภอ รายเดือน · ปีงบประมาณ {year}"), width="stretch")
st.caption(status.status_counts(statuses) + " · สีช่วยให้เห็นเร็ว คำในช่องบอกสถานะเสมอ")
with st.expander("กำหนดส่งตามหนังสือ", icon=":material/event:"):
    st.write(plain_text(scheme.deadline.printed or "หนังสือไม่ได้ระบุกำหนดส่ง"))

month = status.month_to_chase(selection.period, scheme, today)
st.subheader(f"อำเภอที่ยังไม่ส่งรายงานเดือน{month.thai()}")
due = scheme.deadline.due(month)
st.caption(f"กำหนดส่ง {format_thai_date(due)}" if due else "หนังสือไม่ได้ระบุกำหนดส่งของเดือนนี้")
missing = status.unsent(statuses, selection.registry, month, today)
if missing.empty:
    st.success(f"ทุกอำเภอส่งรายงานเดือน{month.thai()}แล้ว", icon=":material/task_alt:")
else:
    st.write(f"ยังไม่ส่ง {len(missing)} จาก {len(grid)} อำเภอ")
    st.dataframe(missing, hide_index=True, width="stretch")

if scheme.missions_with_own_deadline:
    st.subheader(f"ภารกิจที่หนังสือกำหนดส่งต่างจากรอบปกติ · เดือน{month.thai()}")
    codes = [d.code for d in selection.registry.in_province(selection.province)]
    by_mission = {
        m.id: mission_status(ui.cursor(), scheme, m.id, codes, [month], today)
        for m in scheme.missions_with_own_deadline
    }
    own = status.mission_timeliness(by_mission, scheme, month, selection.registry)
    st.dataframe(own, hide_index=True, width="stretch")

in_view = {d.code for d in selection.registry.in_province(selection.province)}
returned = review_view.returned_not_resent(
    ui.sent_back(selection.version, tuple(sorted(in_view))), selection.registry, in_view
)
st.subheader("ส่งกลับแก้ไขแล้ว ยังไม่ส่งใหม่")
if returned.empty:
    st.caption("ไม่มีรายงานที่ส่งกลับแก้ไขค้างอยู่")
else:
    st.dataframe(returned, hide_index=True, width="stretch")
