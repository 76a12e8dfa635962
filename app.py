"""The door of the dashboard: page set-up and navigation over pages/."""

import streamlit as st

st.set_page_config(page_title="ตัวชี้วัดภารกิจสำคัญ พช.", page_icon="📊", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/rubrics.py", title="เกณฑ์การจัดระดับ", icon="📋", default=True),
    ]
)
navigation.run()
