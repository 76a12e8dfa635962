"""ตรวจรายงาน: the province's queue of district months, each month's figures beside their evidence, and
accept or return per figure or for the whole month. A district account sees its own months only."""

import streamlit as st

import evidence_ui
import ui
from cdd.errors import CddError
from cdd.office.thai import plain_text
from cdd.store import evidence, review
from cdd.store.submissions import current_values
from cdd.views import review as review_view

STATE_CHOICES = {review.WAITING: "รอตรวจ", review.RETURNED: "ส่งกลับแก้ไข", review.ACCEPTED: "ผ่าน", None: "ทั้งหมด"}

selection = ui.sidebar()
registry = selection.registry
st.title("ตรวจรายงาน")
user = ui.current_user()
if user is None or user.role == "viewer":
    ui.empty_state("การตรวจรายงานต้องเข้าสู่ระบบด้วยบัญชีจังหวัด (หรืออำเภอ เพื่อดูผลการตรวจของอำเภอตน)", "เข้าสู่ระบบ")
    if user is None:
        ui.sign_in_form("review_sign_in")
    st.stop()

st.caption(f"{selection.place} · เจ้าหน้าที่จังหวัดตรวจหลักฐานแล้วกด ผ่าน หรือ ส่งกลับแก้ไข ทีละตัวชี้วัดหรือทั้งเดือน")
if done := st.session_state.pop("review_done", None):
    st.success(done, icon=":material/task_alt:")
state = st.radio("สถานะ", list(STATE_CHOICES), format_func=STATE_CHOICES.get, horizontal=True, key="review_state")
codes = {d.code for d in registry.in_province(selection.province)} if selection.province_filter else None
queue = [r for r in review.queue(ui.cursor(), user, state) if codes is None or r.code in codes]
if not queue:
    ui.empty_state(f"ไม่มีรายงานที่{STATE_CHOICES[state]}", "เลือกสถานะอื่นด้านบน หรือจังหวัดอื่นทางซ้าย")
    st.stop()
st.dataframe(review_view.queue_table(queue, registry), hide_index=True, width="stretch")

chosen = st.selectbox(
    "รายงานที่จะเปิดดู",
    [(r.code, r.month) for r in queue],
    format_func=lambda pair: review_view.month_label(*pair, registry),
    key="review_month",
)
month_review = next(r for r in queue if (r.code, r.month) == chosen)
items = evidence.list_evidence(ui.cursor(), user, *chosen)
values = current_values(ui.cursor(), {chosen})
st.subheader(f"{review_view.month_label(*chosen, registry)} · {month_review.state_name}")
st.table(review_view.month_sheet(month_review, values, items), hide_index=True)  # wraps: every link read whole
evidence_ui.show_files(user, items)

if user.role in ("province", "admin"):
    with st.form("decide", clear_on_submit=True):
        item = st.selectbox("ตรวจ", ["", *month_review.items], format_func=review_view.label, key="review_item")
        comment = st.text_area("ความเห็นถึงอำเภอ (ต้องมีเมื่อส่งกลับแก้ไข)", key="review_comment")
        accept, send_back = st.columns(2)
        accepted = accept.form_submit_button("ผ่าน", type="primary", icon=":material/check:")
        returned = send_back.form_submit_button("ส่งกลับแก้ไข", icon=":material/undo:")
    if accepted or returned:
        decided = review.ACCEPTED if accepted else review.RETURNED
        try:
            review.decide(ui.cursor(), user, *chosen, item, decided, comment)
        except CddError as error:
            st.error(plain_text(str(error)))
        else:
            what = f"{review_view.month_label(*chosen, registry)} {review_view.label(item)}"
            st.session_state["review_done"] = f"บันทึกผล {review.STATE_NAMES[decided]}: {what}"
            st.rerun()

with st.expander("ประวัติการตรวจของเดือนนี้", icon=":material/history:"):
    st.dataframe(review_view.history_table(review.history(ui.cursor(), user, *chosen)), hide_index=True)
