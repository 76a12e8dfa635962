"""เป้าหมาย vs ผลงาน: each district's figure against its own target, then one district across the fiscal year."""

import streamlit as st

import ui
from cdd.office.calendar import parse_period
from cdd.office.thai import plain_text
from cdd.rubrics.indicators import CATALOGUE
from cdd.views import dashboard, progress

selection = ui.sidebar()
scheme, results, registry = selection.scheme, selection.results, selection.registry
st.title("เป้าหมาย vs ผลงาน")
st.caption(f"{plain_text(scheme.title)} · {selection.period_thai} · {selection.place}")
selection.figures_note()

indicators = progress.indicator_choices(scheme)
if not indicators:
    ui.empty_state("เกณฑ์นี้ไม่มีตัวชี้วัดที่เทียบกับเป้าหมายของแต่ละอำเภอ", "เลือกเกณฑ์อื่นทางซ้าย")
    st.stop()
key = ui.url_choice("indicator", "ตัวชี้วัด", list(indicators), indicators.get)
indicator = CATALOGUE[key]
unit = indicator.unit

# ---- every district against its own target, for the chosen period --------------------------------
shares = dashboard.target_actual(results, registry, key)
if shares.empty:
    ui.empty_state(
        f"ยังไม่มีข้อมูล{indicator.label} ของ{selection.period_thai}", "นำเข้าข้อมูลที่หน้า 'นำเข้าข้อมูล' หรือเลือกช่วงเวลาหรือตัวชี้วัดอื่น"
    )
else:
    title = f"{indicator.label} · {selection.period_thai}"
    st.plotly_chart(progress.target_figure(shares, title, unit), width="stretch")
    province_codes = [d.code for d in registry.in_province(selection.province)]
    if note := dashboard.no_data_note(dashboard.districts_without(province_codes, shares["code"], registry)):
        st.caption(note)
    met = int(shares["met"].sum())
    st.caption(
        f"ถึงเป้า {met} จาก {len(shares)} อำเภอ · แท่งสีเขียว = ถึงเป้า, สีส้มแดง = ยังไม่ถึง · "
        "ขีดดำ = เป้าหมายของอำเภอนั้น (ค่าที่ต้องได้สำหรับระดับสูงสุด) · "
        "ตัวเลขด้านขวา = ร้อยละของเป้าหมาย (ปัดลง)"
    )
    months = len(parse_period(selection.period).months)
    for line in (ln for k, ln in dashboard.province_lines(scheme, selection.province, results, months) if k == key):
        st.info(line, icon=":material/flag:")
    if indicator.better == "lower":
        st.caption("ตัวชี้วัดนี้ยิ่งน้อยยิ่งดี: เป้าหมายคือค่าสูงสุดที่ยอมรับได้ ผลงานต่ำกว่าขีดดำจึงถึงเป้า")

# ---- one district across the fiscal year --------------------------------------------------------
year = progress.fiscal_year_of(selection.period)
periods = dashboard.grid_periods(scheme, year)
running_sum = progress.accumulates(scheme, key)
per_month = scheme.grain == "month"
st.subheader(f"{'รายเดือน' if per_month else 'รายไตรมาส'} ตลอดปีงบประมาณ {year}")
names = {d.code: d.name for d in registry.in_province(selection.province)}
code = ui.url_choice("district", "อำเภอ", list(names), names.get, default=progress.furthest_behind(shares, key))

by_period = {p: selection.results_of(p, "criteria", selection.province) for p in periods}
progress_table = progress.cumulative_progress(by_period, code, key, running_sum)
if progress_table["actual"].isna().all():
    ui.empty_state(
        f"อำเภอ{names[code]} ยังไม่มีข้อมูล{indicator.label} ในปีงบประมาณ {year}", "นำเข้าข้อมูลที่หน้า 'นำเข้าข้อมูล' หรือเลือกอำเภออื่น"
    )
    st.stop()

what = "ผลงานสะสมเทียบเป้าหมายสะสม" if running_sum else "ผลงานเทียบเป้าหมาย"
title = f"อำเภอ{names[code]} · {what} · {indicator.label}"
st.plotly_chart(progress.progress_figure(progress_table, title, unit, running_sum), width="stretch")
if running_sum:
    st.caption("ผลงานและเป้าหมายรวมสะสมตั้งแต่ต้นปีงบประมาณ (เป้าหมายของแต่ละช่วงคือค่าที่ต้องได้สำหรับระดับสูงสุด)")
else:
    st.caption("ตัวชี้วัดนี้รายงานเป็นยอดสะสมหรือร้อยละอยู่แล้ว (ใช้ค่าล่าสุด): แสดงค่าของแต่ละช่วงตามที่รายงาน ไม่นำมารวมกัน")
missing = progress.missing_periods(progress_table)
if missing:
    st.caption(f"ช่วงที่ขาดข้อมูล (เว้นว่างในกราฟ ไม่นับทั้งผลงานและเป้าหมาย): {', '.join(missing)}")
