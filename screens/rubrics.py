"""เกณฑ์: each scheme's criteria as the letter printed them, beside the machine rule, the readings and lint's notes."""

import streamlit as st

import ui
from cdd.office.thai import plain_text, without_bidi_controls
from cdd.rubrics.lint import lint_scheme
from cdd.views.presentation import mission_rows, part_label, readings_not_in

GRAIN_TH = {"month": "รายเดือน", "quarter": "รายไตรมาส", "year": "รายปี"}

selection = ui.sidebar()
st.title("เกณฑ์การจัดระดับ")
st.caption("ข้อความตามหนังสือสั่งการ เทียบกับกติกาที่ระบบใช้คำนวณ และการอ่านที่เลือกเมื่อหนังสือพิมพ์คลาดเคลื่อน")

catalogue = ui.schemes()
ids = list(catalogue)
# Keyed by the sidebar's scheme, so choosing another scheme there shows it here too.
scheme_id = st.selectbox(
    "เกณฑ์ที่จะดู",
    ids,
    index=ids.index(selection.scheme.id),
    key=f"rubric_{selection.scheme.id}",
    format_func=lambda key: without_bidi_controls(catalogue[key].title),
)
scheme = catalogue[scheme_id]
findings = lint_scheme(scheme)

provinces = ", ".join(ui.province_name(code) for code in scheme.provinces)
st.markdown(
    f":material/description: **อ้างอิง** {plain_text(scheme.letter)}  \n"
    f":material/event: **กำหนดส่งรายงาน** {plain_text(scheme.deadline.printed or 'หนังสือไม่ได้ระบุ')}  \n"
    f":material/map: **ใช้กับจังหวัด** {provinces} · ให้ระดับ{GRAIN_TH.get(scheme.grain, '')}"
)
if scheme.note:
    st.caption(plain_text(scheme.note))
if findings:
    st.caption(f"ข้อสังเกตจากการตรวจเกณฑ์ {len(findings)} ข้อ: จุดที่ตัวเลขในหนังสือไม่เข้ากัน แสดงไว้ในภารกิจของจุดนั้น")

machine = st.toggle("แสดงกติกาในรูปที่ระบบอ่านด้วย", key="rubric_machine", help="สำหรับผู้ดูแลเกณฑ์ที่ตรวจไฟล์เกณฑ์")

for mission in scheme.missions:
    st.subheader(plain_text(mission.title))
    if mission.printed and mission.printed != mission.title:
        st.caption(f"ตามหนังสือ: {plain_text(mission.printed)}")
    if mission.shape == "none":
        st.info("หนังสือระบุภารกิจนี้ไว้แต่ยังไม่มีเกณฑ์: ผู้ดูแลระบบเพิ่มเกณฑ์ได้ในไฟล์เกณฑ์", icon=":material/info:")
    else:
        st.table([{k: plain_text(v) for k, v in row.items()} for row in mission_rows(mission, machine)])
    notes = [f for f in findings if f.mission == mission.id]
    for finding in notes:
        text = f"**ข้อสังเกต ({plain_text(part_label(mission, finding.rule))})** {plain_text(finding.message)}"
        st.warning(
            text + (f"  \n**การอ่านที่เลือก** {plain_text(finding.reading)}" if finding.reading else ""),
            icon=":material/warning:",
        )
    for whose, reading in readings_not_in(mission, {f.reading for f in notes}):
        st.markdown(f":material/menu_book: **การอ่านที่เลือก ({plain_text(whose)})** {plain_text(reading)}")
