"""The door of the dashboard: page set-up, the database on first run, signing in, and navigation over screens/.

The navigation is made before anything else, even for the sign-in and database-error pages: the browser
then names the screen in Thai, and a link to a screen still leads to that screen once signed in.
"""

from pathlib import Path

import streamlit as st

from cdd.office.thai import plain_text
from cdd.store.database import StoreError, database_path
from cdd.store.demo import ensure_database
from cdd.views.home import open_error_text

# The tab's icon is a file of this app: a material icon there would be fetched from an outside font server.
ICON = str(Path(__file__).resolve().parent / "static" / "icon.svg")
st.set_page_config(page_title="ตัวชี้วัดภารกิจสำคัญ พช.", page_icon=ICON, layout="wide")


def pages(manages: bool) -> dict[str, list]:
    """Every screen by section. The administration's screens are listed only for an account that may manage
    (`ui.may_manage`); for others they stay reachable by their link, where they say who they are for."""
    admin = "visible" if manages else "hidden"
    # Material icons ship with Streamlit; emoji would need a font the office PCs and the server may lack.
    return {
        "แดชบอร์ด": [
            st.Page("screens/overview.py", title="ภาพรวม", icon=":material/grid_view:", default=True),
            st.Page("screens/targets.py", title="เป้าหมาย vs ผลงาน", icon=":material/target:"),
            st.Page("screens/gaps.py", title="สิ่งที่ยังขาด", icon=":material/checklist:"),
            st.Page("screens/district.py", title="อำเภอ", icon=":material/location_city:"),
        ],
        "ข้อมูล": [
            st.Page("screens/upload.py", title="นำเข้าข้อมูล", icon=":material/upload_file:"),
            st.Page("screens/status.py", title="สถานะการส่งรายงาน", icon=":material/event_available:"),
            st.Page("screens/review.py", title="ตรวจรายงาน", icon=":material/fact_check:"),
            st.Page("screens/rubrics.py", title="เกณฑ์", icon=":material/rule:"),
        ],
        "ประชุม": [st.Page("screens/meeting.py", title="โหมดประชุม", icon=":material/co_present:")],
        "ผู้ดูแลระบบ": [
            st.Page("screens/admin.py", title="ผู้ดูแลระบบ", icon=":material/admin_panel_settings:", visibility=admin),
            st.Page("screens/workshop.py", title="จัดการเกณฑ์", icon=":material/edit_document:", visibility=admin),
        ],
    }


@st.cache_resource(show_spinner="กำลังเตรียมฐานข้อมูลครั้งแรก พร้อมข้อมูลตัวอย่าง…")
def prepare_database(path: str) -> bool:
    return ensure_database(path)


try:
    prepare_database(str(database_path()))
except StoreError as error:
    st.navigation(pages(manages=False), position="hidden")
    st.title("เปิดฐานข้อมูลไม่ได้")
    st.error(plain_text(open_error_text(error, database_path())))  # the path is the server's, shown as it is
    st.stop()

import ui  # noqa: E402  (after the database exists: ui opens it)

ui.remember_entry()
readable = ui.may_read()
page = st.navigation(pages(ui.may_manage()), position="sidebar" if readable else "hidden")
ui.write_cookie()
if not readable:
    st.title("เข้าสู่ระบบ")
    st.caption(
        "ตัวชี้วัดภารกิจสำคัญ สำนักงานพัฒนาชุมชน: ต้องเข้าสู่ระบบก่อนดูข้อมูล "
        f"แล้วระบบจะเปิดหน้า «{page.title}» ให้ · ยังไม่มีบัญชี ขอได้จากผู้ดูแลระบบของจังหวัด"
    )
    ui.sign_in_form()
    st.stop()
page.run()
