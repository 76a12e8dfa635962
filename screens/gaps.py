"""สิ่งที่ยังขาด: every unmet criterion in real units, a section a district (worst first), with what reaches the
next grade and A, for the whole mission and for each criterion; printable on A4 landscape."""

import streamlit as st

import ui
from cdd.grading.mission import has_figures
from cdd.office.thai import plain_text
from cdd.store.queries import months_sent
from cdd.views import dashboard, exports, gap_list, partial, status
from cdd.views import review as review_view

selection = ui.sidebar(whole_country=True)
scheme, results = selection.scheme, selection.results
place = f"{selection.place}"
st.title("สิ่งที่ยังขาด")
st.caption(f"{plain_text(scheme.title)} · {selection.period_thai} · {place}")
selection.figures_note()

if not has_figures(results):
    ui.empty_state(
        f"ยังไม่มีข้อมูล{selection.period_thai}", "ดาวน์โหลดแบบฟอร์มและนำเข้าที่หน้า 'นำเข้าข้อมูล' หรือเลือกช่วงเวลาอื่นทางซ้าย"
    )
    st.stop()

ui.missing_references(results, selection.registry)
months = partial.period_months(scheme, selection.period)
sent = months_sent(ui.cursor(), scheme, [r.district for r in results], [m.token for m in months])
owed = partial.partial_gap_rows(sent, months, selection.registry, scheme)
rows = partial.with_owed_months(exports.gap_rows(results, selection.registry, selection.items), owed)
tokens = [m.token for m in months]
checked = ui.reviews(selection.version, tuple(tokens), tuple(sorted({str(row["code"]) for row in rows})))
rows = review_view.with_checks(rows, checked, tokens)
if not rows:
    st.success(f"ทุกอำเภอผ่านทุกเกณฑ์ที่มีข้อมูลแล้วใน{selection.period_thai} ไม่มีสิ่งที่ยังขาด", icon=":material/verified:")
    st.stop()

districts, missions, grades = status.gap_choices(rows)
graded, several = grades != [""], len(missions) > 1  # no grade filter or column where no mission has grades
short = {m.title: m.name for m in scheme.missions}
with st.container(key="gap-no-print-filters"):
    filters = iter(st.columns(1 + graded + several))
    codes = next(filters).multiselect("อำเภอ", list(districts), format_func=districts.get, placeholder="ทุกอำเภอ")
    chosen_grades = (
        next(filters).multiselect("ระดับ", grades, format_func=status.grade_choice_label, placeholder="ทุกระดับ")
        if graded
        else []
    )
    chosen_missions = (
        next(filters).multiselect("ภารกิจ", missions, format_func=lambda t: short.get(t, t), placeholder="ทุกภารกิจ")
        if several
        else []
    )
shown = status.filter_gaps(rows, codes, chosen_missions, chosen_grades)
if not shown:
    ui.empty_state("ไม่มีรายการที่ตรงกับตัวกรองที่เลือก", "ลบตัวกรองบางข้อออกเพื่อดูรายการอื่น")
    st.stop()

st.markdown(f"**{status.gap_count(shown)}**" + ("" if shown == rows else f" (จากทั้งหมด {len(rows):,} รายการ)"))
st.caption(
    ("อำเภอที่ระดับต่ำสุดก่อน · " if graded else "") + "ค่าที่ต้องได้และขาดอีกเป็นหน่วยจริงของแต่ละเกณฑ์ เทียบกับระดับสูงสุด · "
    "พิมพ์จากเบราว์เซอร์ (Ctrl+P) ได้เป็น A4 แนวนอน"
)

# One section a district, its missions and every unmet criterion in sentences that wrap; districts a page at a
# time where the whole country is listed.
sections = gap_list.by_district(shown)
pages = dashboard.page_count(sections)
with st.container(key="gap-no-print-pages"):
    page = (
        st.number_input(f"หน้า (ทีละ {dashboard.PAGE_SIZE} อำเภอ จาก {len(sections):,})", 1, pages, 1) if pages > 1 else 1
    )
on_page = dashboard.page_of(sections, page)
own = gap_list.own_changes(results)
st.html(gap_list.STYLE)
if len(on_page) > 1:
    st.html(gap_list.contents_html(on_page))
for section in on_page:
    st.html(gap_list.district_html(section, own, short if several else {}))

heads, text = exports.GAP_COLUMNS, st.column_config.TextColumn
# Who and what first, then what a district must do; the code last (it is in the downloaded file).
order = [
    "name",
    *["mission"] * several,
    *["grade"] * graded,
    "check",
    "criterion",
    "actual",
    "required",
    "shortfall",
    *["items"] * any(r["items"] for r in shown),  # only where a count was sent as its list
    "next",
    "to_a",
    "code",
]
widths = {
    "name": 105,
    "mission": 120,
    "grade": 55,
    "check": 70,
    "criterion": 240,
    "items": 300,
    "next": 380,
    "to_a": 380,
    "code": 80,
} | {
    key: status.number_width((r[key] for r in shown), least)
    for key, least in (("actual", 70), ("required", 100), ("shortfall", 70))
}
figures = {"actual", "required", "shortfall"}
with st.container(key="gap-no-print-table"), st.expander("ตารางทั้งหมด (เรียงและค้นหาได้)", icon=":material/table:"):
    st.dataframe(
        status.gap_table(shown, scheme).style.map(status.grade_style, subset=[heads["grade"]]),
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(shown), 560),
        key="gap_table",
        column_order=[heads[k] for k in order],
        column_config={
            heads[key]: text(
                heads[key],
                width=width,
                pinned=key == "name",
                alignment="right" if key in figures else "center" if key in ("grade", "check") else None,
            )
            for key, width in widths.items()
        },
    )

title = f"รายการที่ยังขาด {scheme.title} {selection.period_thai} {place}"
downloads = st.container(key="gap-no-print-downloads")
excel, csv = downloads.columns(2)
excel.download_button(
    "ดาวน์โหลด Excel (สำหรับพิมพ์)",
    exports.write_gaps_xlsx(shown, title),
    file_name=status.gap_file_name(scheme.id, selection.period, "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    width="stretch",
)
csv.download_button(
    "ดาวน์โหลด CSV",
    exports.write_gaps_csv(shown),
    file_name=status.gap_file_name(scheme.id, selection.period, "csv"),
    mime="text/csv",
    icon=":material/download:",
    width="stretch",
)
downloads.caption("ไฟล์ที่ดาวน์โหลดมีเฉพาะรายการตามตัวกรองที่เลือก")
