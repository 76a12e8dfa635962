"""The door of the dashboard: page set-up, the database on first run, and navigation over pages/."""

import streamlit as st

from cdd.demo import ensure_database
from cdd.store import StoreError, database_path

st.set_page_config(page_title="ตัวชี้วัดภารกิจสำคัญ พช.", page_icon="📊", layout="wide")


@st.cache_resource(show_spinner="กำลังเตรียมฐานข้อมูลครั้งแรก พร้อมข้อมูลตัวอย่าง…")
def prepare_database(path: str) -> bool:
    return ensure_database(path)


try:
    prepare_database(str(database_path()))
except StoreError as error:
    st.error(str(error))
    st.stop()

navigation = st.navigation(
    [
        st.Page("pages/rubrics.py", title="เกณฑ์การจัดระดับ", icon="📋", default=True),
    ]
)
navigation.run()
