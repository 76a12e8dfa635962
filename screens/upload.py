"""นำเข้าข้อมูล: download a template, send the month's file, see what it would change, confirm; and the
history of batches, any of which can be rolled back.

A file is checked whole before anything is written. The check and its preview are kept in the session
under the file's sha256, so a rerun does not check again and the confirm click writes exactly what was
previewed; after writing, that state is cleared, so a second click has nothing to write.
"""

import streamlit as st

import evidence_ui
import ui
from cdd.intake import templates
from cdd.intake.limits import Limits
from cdd.office.calendar import Month, parse_period
from cdd.office.thai import plain_text
from cdd.store import imports, settings, submissions
from cdd.store.database import StoreError, database_path
from cdd.store.users import NotAllowed
from cdd.views import upload

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUTO_SCHEME = "ให้ระบบเลือกจากไฟล์"


@st.cache_data(show_spinner=False)
def template(scheme_id: str, period: str, extension: str, version: str, district: str | None) -> bytes:
    """The scheme's template; a district account's holds its own district's rows only."""
    scheme, registry = ui.schemes()[scheme_id], ui.registry(version)
    write = templates.write_template_xlsx if extension == "xlsx" else templates.write_template_csv
    return write(scheme, registry, upload.template_period(period), district)


@st.cache_data(show_spinner=False)
def history(database: str, version: str, district: str | None):
    """Keyed by the file too: two databases (a test's and the default) can share a version number.
    A district account sees the batches that hold its own district's figures, no others."""
    return submissions.batches(ui.cursor(), district=district)


@st.cache_data(show_spinner=False, max_entries=16)
def without_month_column(name: str, data: bytes, limit: Limits) -> bool:
    return upload.needs_month(name, data, limit)


def check(name: str, data: bytes, scheme_id: str | None, month: str | None, version: str) -> dict:
    """The file's check, made once per file and choice; its plan is made again only when the data changed."""
    user = ui.current_user()
    # the limits too: a file refused under one limit is checked again once an administrator changes it
    key = (upload.file_key(data), scheme_id, month, user.name if user else None, settings.limits(ui.cursor()))
    state = st.session_state.get("upload_check")
    if state is None or state["key"] != key:
        checked = imports.check_file(
            ui.cursor(), name, data, ui.schemes(version, open_only=True), scheme_id, month, user
        )
        state = {
            "key": key,
            "name": name,
            "data": data,
            "checked": checked,
            "submission": checked.submission,
            "problems": checked.problems,
            "plan": checked.plan,
            "version": version,
            "stale": False,
        }
        st.session_state["upload_check"] = state
    elif state["submission"] and state["version"] != version:
        fresh = imports.replan(ui.cursor(), state["checked"])
        stale = (fresh.plan.writes, fresh.plan.new_evidence) != (state["plan"].writes, state["plan"].new_evidence)
        state.update(stale=stale, checked=fresh, plan=fresh.plan, version=version)
    return state


def show_preview(state: dict, registry) -> None:
    submission, plan = state["submission"], state["plan"]
    st.success(f"ไฟล์ถูกต้อง: {upload.submission_summary(submission)}", icon=":material/check_circle:")
    for column, (label, count) in zip(st.columns(5), upload.preview_counts(plan, submission).items()):
        column.metric(label, f"{count:,}")
    if note := upload.evidence_note(plan):
        st.info(note, icon=":material/attach_file:")
    st.caption(
        "แถวที่เว้นว่าง: แถวของแบบฟอร์มที่ไม่ได้กรอกเลย (ไม่บันทึก) · ค่าอ้างอิงเดิม: จำนวนหัวหน้าส่วนราชการ ตำบล "
        "หรือเป้าหมาย ที่แบบฟอร์มกรอกไว้ให้และตรงกับข้อมูลในระบบ (ไม่บันทึกซ้ำ)"
    )
    for change, title in (("changed", "ค่าที่จะเปลี่ยน (ค่าเดิม → ค่าใหม่)"), ("new", "ค่าใหม่ที่จะเพิ่ม")):
        count = plan.count(change)
        if count:
            st.markdown(f"**{title}** {count:,} ค่า")
            st.dataframe(upload.planned_values(plan, registry, change), hide_index=True, width="stretch")
            if count > upload.PREVIEW_LIMIT:
                st.caption(f"แสดง {upload.PREVIEW_LIMIT:,} ค่าแรกจาก {count:,} ค่า: ทุกค่าจะถูกบันทึกเมื่อยืนยัน")


def confirm(state: dict, user) -> None:
    """Write what was previewed, once: the state is cleared and the uploader emptied before the rerun."""
    stale, state["stale"] = state["stale"], False  # only a click in the run that saw the change is refused
    if not state["plan"].anything_new:
        st.info("ทุกค่าและหลักฐานในไฟล์มีในระบบแล้ว ไม่มีอะไรต้องบันทึก", icon=":material/info:")
        return
    if not st.button("ยืนยันบันทึกข้อมูล", type="primary", key="confirm_upload", icon=":material/save:"):
        return
    if stale:
        st.warning(
            "ข้อมูลในระบบเปลี่ยนไประหว่างที่ตรวจไฟล์ (มีการนำเข้าหรือยกเลิกชุดอื่น): ตัวอย่างด้านบนปรับเป็นข้อมูลล่าสุดแล้ว "
            "ตรวจอีกครั้งแล้วกดยืนยันใหม่"
        )
        return
    try:
        batch = imports.import_checked(ui.cursor(), state["checked"], user).batch
    except (StoreError, NotAllowed) as error:  # the rights are checked where the data is written
        st.error(plain_text(str(error)))  # it may quote a typed name
        return
    st.session_state.pop("upload_check", None)
    st.session_state["uploader"] = st.session_state.get("uploader", 0) + 1
    st.session_state["upload_done"] = upload.saved_message(
        batch, state["name"], len(state["plan"].writes), state["plan"].new_evidence
    )
    st.rerun()


def rollback_control(frame, user) -> None:
    """Choose a batch, then confirm: a batch whose values a later batch replaced is refused with the reason."""
    choices = upload.rollback_choices(frame)
    if not choices:
        st.caption("ไม่มีชุดข้อมูลที่ยกเลิกได้")
        return
    chosen = st.selectbox(
        "ชุดข้อมูลที่จะยกเลิก",
        list(choices),
        format_func=choices.get,
        index=None,
        placeholder="เลือกหมายเลขชุดข้อมูล",
        key="rollback_choice",
    )
    if st.button("ยกเลิกชุดนี้…", disabled=chosen is None, icon=":material/undo:", key="rollback_start"):
        st.session_state["rollback_pending"] = chosen
    if refused := st.session_state.pop("rollback_refused", None):
        st.warning(refused, icon=":material/block:")
    pending = st.session_state.get("rollback_pending")
    if pending is not None:
        confirm_rollback(pending, user)


def confirm_rollback(batch: int, user) -> None:
    st.warning(f"ยืนยันการยกเลิกชุดข้อมูลหมายเลข {batch}? ค่าของชุดนี้จะถูกถอนออก และค่าที่ชุดนี้แทนที่จะกลับมาเป็นค่าปัจจุบัน")
    yes, no = st.columns([1, 4])
    if no.button("ไม่ยกเลิก", key="rollback_cancel"):
        st.session_state.pop("rollback_pending", None)
        st.rerun()
    if not yes.button(f"ยืนยันยกเลิกชุด {batch}", type="primary", key="rollback_confirm"):
        return
    st.session_state.pop("rollback_pending", None)
    try:
        restored = submissions.rollback(ui.cursor(), batch, user)
    except submissions.RollbackRefused as refusal:
        st.session_state["rollback_refused"] = f"ยกเลิกชุด {batch} ไม่ได้: {plain_text(str(refusal))}"
        st.rerun()
    except (StoreError, NotAllowed) as error:
        st.error(plain_text(str(error)))  # it may quote a typed name
        return
    st.session_state["rollback_done"] = f"ยกเลิกชุดข้อมูลหมายเลข {batch} แล้ว: คืนค่าเดิม {restored:,} ค่า"
    st.rerun()


selection = ui.sidebar()
scheme, registry = selection.scheme, selection.registry
st.title("นำเข้าข้อมูล")
st.caption(f"{plain_text(scheme.title)} · {selection.period_thai} · {selection.place}")

with st.expander("วิธีกรอกและส่งรายงานประจำเดือน", icon=":material/menu_book:"):
    st.markdown(upload.STAFF_GUIDE)

st.subheader("1. ดาวน์โหลดแบบฟอร์ม")
user = ui.current_user()
own_district = user.district if user is not None and user.role == "district" else None
period = upload.template_period(selection.period)
note = upload.template_note(period, registry.districts[own_district].name if own_district else None)
st.caption(f"{note} · เปลี่ยนเกณฑ์หรือช่วงเวลาได้ทางซ้าย")
excel, csv = st.columns(2)
for column, extension, mime, label in (
    (excel, "xlsx", XLSX_MIME, "แบบฟอร์ม Excel (.xlsx)"),
    (csv, "csv", "text/csv", "แบบฟอร์ม CSV"),
):
    column.download_button(
        label,
        template(scheme.id, selection.period, extension, selection.version, own_district),
        file_name=upload.template_file_name(scheme, period, extension),
        mime=mime,
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )

st.subheader("2. ส่งไฟล์รายงาน")
if done := st.session_state.get("upload_done"):
    st.success(done, icon=":material/task_alt:")


def send_file(user) -> None:
    """Section 2 for an account that may send: the file, its check, the preview, the confirmation."""
    place = f" (ส่งได้เฉพาะอำเภอ{registry.districts[user.district].name})" if user.district else ""
    st.caption(f"ส่งในชื่อบัญชี {plain_text(user.name)} · {user.role_name}{place}: ระบบเก็บชื่อบัญชีไว้ในประวัติของทุกชุดข้อมูล")
    scheme_id = st.radio(
        "เกณฑ์ของไฟล์",
        [None, scheme.id],
        key="upload_scheme",
        format_func=lambda key: AUTO_SCHEME if key is None else plain_text(ui.schemes()[key].title),  # radio: Markdown
    )
    limit = settings.limits(ui.cursor())  # as an administrator set them: a change holds from this file on
    uploaded = st.file_uploader(
        f"ไฟล์รายงาน (CSV หรือ Excel .xlsx ไม่เกิน {limit.max_upload_mb:g} MB และ {limit.max_rows:,} แถว)",
        type=["csv", "xlsx"],
        key=f"upload_file_{st.session_state.get('uploader', 0)}",
        max_upload_size=ui.uploader_cap(limit.max_upload_bytes),
    )

    if uploaded is not None:
        st.session_state.pop("upload_done", None)
        data = uploaded.getvalue()
        month, monthless = None, without_month_column(uploaded.name, data, limit)
        if monthless:
            months = [m.token for m in reversed(scheme.months)]
            default = selection.period if isinstance(parse_period(selection.period), Month) else None
            month = st.selectbox(
                "เดือนของทั้งไฟล์ (ไฟล์นี้ไม่มีคอลัมน์เดือน)",
                months,
                placeholder="เลือกเดือน",
                key="upload_month",
                index=months.index(default) if default in months else None,
                format_func=lambda token: parse_period(token).thai(),
            )
        state = None if monthless and month is None else check(uploaded.name, data, scheme_id, month, selection.version)
        if state is None:
            ui.empty_state("ไฟล์นี้ไม่มีคอลัมน์เดือน", "เลือกเดือนของทั้งไฟล์ด้านบน แล้วระบบจะตรวจไฟล์ให้")
        elif state["problems"]:
            st.error(
                f"ไฟล์มีปัญหา {len(state['problems'])} รายการ ยังไม่ได้บันทึกข้อมูลใดเลย: แก้ทุกข้อในไฟล์แล้วส่งใหม่",
                icon=":material/error:",
            )
            st.table(upload.problems_table(state["problems"]), hide_index=True)  # wraps: every fix is read whole
        else:
            show_preview(state, registry)
            confirm(state, user)


if user is None or user.role == "viewer":
    ui.empty_state(
        "การส่งไฟล์ต้องใช้บัญชีเจ้าหน้าที่อำเภอ จังหวัด หรือผู้ดูแลระบบ",
        "เข้าสู่ระบบ (ยังไม่มีบัญชี ขอได้จากผู้ดูแลระบบของจังหวัด)",
    )
    if user is None:
        ui.sign_in_form("upload_sign_in")
else:
    evidence_ui.returned_notices(user, registry)
    send_file(user)
    st.subheader("หลักฐานเพิ่มเติมของรายงานที่ส่งแล้ว")
    evidence_ui.add_to_sent(user, registry)

st.subheader("3. ประวัติการนำเข้าและการยกเลิก")
if done := st.session_state.pop("rollback_done", None):
    st.success(done, icon=":material/task_alt:")
try:
    batches = history(str(database_path()), selection.version, own_district)
except StoreError as error:
    st.error(plain_text(str(error)))
    st.stop()
if batches.empty:
    ui.empty_state("ยังไม่มีการนำเข้าข้อมูล", "ดาวน์โหลดแบบฟอร์มด้านบน กรอกแล้วส่งไฟล์ที่ข้อ 2")
    st.stop()
whose = f"ของอำเภอ{registry.districts[own_district].name} " if own_district else ""
st.caption(f"ชุดข้อมูล{whose}ล่าสุด {len(batches):,} ชุด (ใหม่สุดอยู่บน) · 'ตัวอย่าง' คือข้อมูลตัวอย่าง (demo) ไม่ใช่ข้อมูลจริง")
st.dataframe(
    upload.batch_table(batches),
    hide_index=True,
    width="stretch",
    height=320,
    column_config={
        "หมายเลข": st.column_config.NumberColumn(width="small", pinned=True, format="%d"),
        "ไฟล์": st.column_config.TextColumn(width="large"),
    },
)
if user is not None and user.can_roll_back:
    rollback_control(batches, user)
else:
    st.caption("การยกเลิกชุดข้อมูลทำได้เฉพาะบัญชีเจ้าหน้าที่จังหวัดหรือผู้ดูแลระบบ")
