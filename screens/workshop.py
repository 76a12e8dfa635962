"""จัดการเกณฑ์: turn a new letter into a published scheme: clone or import, edit the rules in tables
built from choices, see lint's notes beside each row, preview against a period's figures, publish,
and hand out the new upload template. Admins only; the checks are those of the rubric command line."""

import streamlit as st

import ui
import workshop_ui
from cdd.errors import CddError
from cdd.intake import templates
from cdd.office.calendar import parse_period
from cdd.office.thai import plain_text
from cdd.rubrics import deadlines, drafts
from cdd.rubrics.model import Scheme
from cdd.rubrics.toml_write import dumps_scheme
from cdd.store import rubric_versions
from cdd.views import dashboard, letter_form, workshop
from cdd.views.rubric_preview import COUNTED_AS, preview

FIRST_MONTH, LAST_MONTH = "2569-10", "2569-12"  # the next quarter's letter, as the form first offers it

st.title("จัดการเกณฑ์")
user = ui.admin_only("workshop_sign_in")
con, version = ui.cursor(), ui.data_version()
known = ui.schemes(version)
state = st.session_state


def set_draft(text: str, base: str) -> None:
    state["draft_text"], state["draft_base"] = text, base
    state["draft_rev"] = state.get("draft_rev", 0) + 1


st.subheader("1. เริ่มจากเกณฑ์ที่มีอยู่ หรือไฟล์ TOML")
start = st.radio("เริ่มจาก", ["โคลนเกณฑ์ที่มีอยู่", "นำเข้าไฟล์ TOML"], horizontal=True, key="workshop_start")
if start == "โคลนเกณฑ์ที่มีอยู่":
    source = st.selectbox(
        "เกณฑ์ต้นแบบ", list(known), format_func=lambda k: workshop.scheme_name(known[k]), key="clone_source"
    )
    kind = st.radio(
        "กำหนดส่งรายงานของหนังสือฉบับใหม่",
        letter_form.DEADLINE_KINDS,
        index=letter_form.deadline_kind(known[source]),
        horizontal=True,
        key=f"deadline_kind_{source}",
    )
    with st.form("clone"):
        left, right = st.columns(2)
        new_id = left.text_input("รหัสเกณฑ์ใหม่ (ภาษาอังกฤษ ตัวเลข ขีด)", value="click-2570-q1")
        title = right.text_input("ชื่อเกณฑ์ (ภาษาไทย)", value="ภารกิจสำคัญไตรมาสที่ 1 ปีงบประมาณ 2570")
        sender = left.text_input("หนังสือของ", value="จังหวัดเชียงราย")
        number = right.text_input("เลขที่หนังสือ", placeholder="ชร 0019.3/ว 123")
        date = left.text_input("ลงวันที่", placeholder="1 ตุลาคม 2569")
        provinces = right.multiselect(
            "จังหวัดที่ใช้", list(ui.provinces(version)), format_func=ui.province_name, placeholder="ว่างไว้ = ตามเกณฑ์ต้นแบบ"
        )
        first = left.text_input("เดือนแรก", value=FIRST_MONTH)
        last = right.text_input("เดือนสุดท้าย", value=LAST_MONTH)
        if kind == letter_form.MONTHLY:
            day = left.number_input("ส่งรายงานภายในวันที่ (ของเดือนถัดไป)", min_value=1, max_value=28, value=15)
            clock = right.text_input("เวลา (ว่างไว้ = ภายในวันนั้น)", placeholder="เช่น 16:30")
        else:
            st.markdown("**รอบรายงาน** (หนึ่งแถวต่อหนึ่งรอบ: วันที่ส่ง เวลาถ้ามี และเดือนที่รอบนั้นรายงาน)")
            rounds = st.data_editor(
                letter_form.round_table((FIRST_MONTH, LAST_MONTH)),
                num_rows="dynamic",
                hide_index=True,
                column_config={
                    letter_form.DUE: st.column_config.TextColumn(
                        letter_form.DUE, help="เช่น 19 พ.ย. 2569 หรือ 19/11/2569"
                    ),
                    letter_form.TIME: st.column_config.TextColumn(letter_form.TIME, help="เช่น 16:30 ว่างไว้ = ภายในวันนั้น"),
                    letter_form.MONTHS: st.column_config.TextColumn(
                        letter_form.MONTHS, help="เช่น ต.ค. 2569 หรือหลายเดือนคั่นด้วย , เช่น ต.ค. 2569, พ.ย. 2569"
                    ),
                },
                key=f"deadline_rounds_{source}",
            )
        st.markdown("**กำหนดส่งเฉพาะภารกิจ** (ว่างไว้ = ตามกำหนดส่งของเกณฑ์ เช่น ภารกิจที่ต้องส่งวันที่ 5 เวลา 15:30)")
        own = st.data_editor(
            letter_form.mission_deadline_table(known[source]),
            hide_index=True,
            disabled=[letter_form.MISSION],
            column_config={
                letter_form.DAY: st.column_config.TextColumn(letter_form.DAY, help="1 ถึง 28 ว่างไว้ = ตามเกณฑ์"),
                letter_form.TIME: st.column_config.TextColumn(letter_form.TIME, help="เช่น 15:30 ว่างไว้ = ภายในวันนั้น"),
            },
            key=f"mission_deadlines_{source}",
        )
        if st.form_submit_button("สร้างร่างเกณฑ์", icon=":material/content_copy:", type="primary"):
            try:
                if kind == letter_form.MONTHLY:
                    deadline = deadlines.monthly(day, clock)
                else:
                    deadline = deadlines.dated_rounds(letter_form.rounds_from_table(rounds), (first, last))
                own_deadlines = deadlines.mission_deadlines(letter_form.mission_deadlines_from(known[source], own))
            except CddError as error:
                st.error(plain_text(str(error)), icon=":material/error:")
            else:
                letter = drafts.Letter(sender, number, date)
                scheme = drafts.clone(
                    known[source],
                    new_id.strip(),
                    title,
                    letter,
                    (first, last),
                    tuple(provinces) or None,
                    deadline,
                    own_deadlines,
                )
                set_draft(dumps_scheme(scheme), source)
else:
    uploaded = st.file_uploader(
        "ไฟล์เกณฑ์ (.toml)", type=["toml"], key="workshop_import", max_upload_size=ui.SMALL_FILE_MB
    )
    if uploaded is not None and st.button("ใช้ไฟล์นี้เป็นร่าง", icon=":material/upload_file:"):
        text = uploaded.getvalue().decode("utf-8-sig", errors="replace")
        scheme, _ = rubric_versions.problems_of(text)
        set_draft(text, scheme.id if scheme and scheme.id in known else next(iter(known)))

if "draft_text" not in state:
    st.info("สร้างร่างจากเกณฑ์ต้นแบบ หรือนำเข้าไฟล์ ก่อนแก้ไขเกณฑ์", icon=":material/info:")
    st.stop()


def save_draft(changed: Scheme) -> None:
    """Keep a change made in the editing step's tables and forms as the draft's new text."""
    set_draft(dumps_scheme(changed), state["draft_base"])


scheme, problems = rubric_versions.problems_of(state["draft_text"])
rev = state["draft_rev"]
st.subheader(f"2. แก้ไขร่าง{f': {plain_text(scheme.title)}' if scheme else ''}")
for problem in problems:
    st.error(plain_text(problem), icon=":material/error:")  # it may quote the draft's own text
if scheme is not None:
    typed = f"{scheme.letter} · เดือน {workshop.months_thai(scheme.first_month, scheme.last_month)}"
    st.caption(plain_text(typed))
    workshop_ui.edit_structure(workshop_ui.Draft(scheme, rev, save_draft))
    for where, notes in workshop.finding_notes(scheme):
        st.warning(plain_text(f"ข้อสังเกต ({where}): {notes}"), icon=":material/warning:")

with st.expander("ข้อความ TOML ของร่าง (สำหรับผู้ที่ต้องการแก้เอง)"):
    text = st.text_area("TOML", state["draft_text"], height=300, key=f"toml_{rev}")
    if text != state["draft_text"] and st.button("ใช้ข้อความนี้", key="use_text"):
        set_draft(text, state["draft_base"])
        st.rerun()
st.download_button(
    "ดาวน์โหลดร่างเป็น TOML",
    state["draft_text"].encode("utf-8"),
    f"{scheme.id if scheme else 'draft'}.toml",
    icon=":material/download:",
)

if scheme is None or problems:
    st.stop()

st.subheader("3. ทดลองให้ระดับ (ไม่บันทึก)")
left, right = st.columns(2)
base = left.selectbox(
    "เทียบกับเกณฑ์ที่ใช้อยู่",
    list(known),
    index=list(known).index(state["draft_base"]) if state["draft_base"] in known else 0,
    format_func=lambda k: workshop.scheme_name(known[k]),
    key="preview_base",
)
periods = dashboard.period_choices(known[base])
period = right.selectbox("ช่วงเวลาที่มีข้อมูล", periods, format_func=lambda t: parse_period(t).thai(), key="preview_period")
province = left.selectbox("จังหวัด", list(known[base].provinces), format_func=ui.province_name, key="preview_province")
if st.button("ทดลองให้ระดับ", icon=":material/science:"):
    try:
        result = preview(con, scheme, period, base, province)
    except CddError as error:
        st.error(plain_text(str(error)))
    else:
        for column, (direction, count) in zip(st.columns(4), result.counts().items(), strict=True):
            column.metric(COUNTED_AS[direction], count)
        st.dataframe(result.rows(), hide_index=True)

st.subheader("4. เผยแพร่")
effective = st.text_input("เริ่มมีผลตั้งแต่เดือน", value=scheme.first_month, key="effective_from")
st.caption(plain_text(f"ผู้เผยแพร่: {user.name} · หนังสือ: {scheme.letter}"))
if st.button("เผยแพร่เกณฑ์นี้", icon=":material/publish:", type="primary"):
    try:
        published = rubric_versions.publish(con, state["draft_text"], user.name, effective)
    except CddError as error:
        st.error(plain_text(str(error)), icon=":material/block:")
    else:
        state["published_ref"] = published.ref
        months = workshop.months_thai(published.effective_from, published.effective_to)
        st.success(
            plain_text(f"เผยแพร่ {workshop.version_name(published)} แล้ว: มีผล {months}"), icon=":material/check_circle:"
        )
if ref := state.get("published_ref"):
    published_version = rubric_versions.find_version(con, ref)
    shown = published_version.scheme
    st.download_button(
        f"ดาวน์โหลดแบบฟอร์มรายงานของ {plain_text(workshop.version_name(published_version))} (Excel)",
        templates.write_template_xlsx(shown, ui.registry(ui.data_version())),
        f"{shown.id}.xlsx",
        icon=":material/table_view:",
        key="template_download",
    )

st.subheader("ประวัติการเผยแพร่")
st.dataframe(workshop.version_rows(rubric_versions.versions(con)), hide_index=True)
