"""เกณฑ์: each scheme's criteria as the letter printed them, beside the machine rule and the readings."""

import streamlit as st

from cdd.evaluate import schemes
from cdd.presentation import mission_rows

st.title("เกณฑ์การจัดระดับ")
st.caption("ข้อความตามหนังสือสั่งการ เทียบกับกติกาที่ระบบใช้คำนวณ และการอ่านที่เลือกเมื่อหนังสือพิมพ์คลาดเคลื่อน")

catalogue = schemes()
scheme_id = st.selectbox("เกณฑ์", list(catalogue), format_func=lambda key: f"{key} — {catalogue[key].title}")
scheme = catalogue[scheme_id]
st.markdown(f"**{scheme.title}**  \n{scheme.letter}")

for mission in scheme.missions:
    st.subheader(mission.title)
    if mission.shape == "none":
        st.info("หนังสือระบุภารกิจนี้ไว้แต่ยังไม่มีเกณฑ์: ผู้ดูแลระบบเพิ่มเกณฑ์ได้ในไฟล์เกณฑ์")
        continue
    st.table(mission_rows(mission))
    if mission.reading:
        st.warning(f"การอ่านที่เลือก: {mission.reading}")
