"""ผู้ดูแลระบบ: accounts, reference figures and settings, for administrators, with the checks of the
command line (cdd.store.users, cdd.store.accounts, cdd.store.reference_edits)."""

import pandas as pd
import streamlit as st

import ui
from cdd.errors import CddError
from cdd.intake.limits import SETTINGS, limit_warnings
from cdd.office.calendar import parse_period
from cdd.office.districts import REFERENCE_KEYS
from cdd.office.thai import plain_text, without_bidi_controls
from cdd.rubrics.indicators import CATALOGUE
from cdd.store import accounts, reference_edits, settings, users
from cdd.views import settings as shown

st.title("ผู้ดูแลระบบ")
user = ui.admin_only("admin_sign_in")
con, version = ui.cursor(), ui.data_version()
registry = ui.registry(version)
if done := st.session_state.pop("admin_done", None):
    st.success(done, icon=":material/check_circle:")


def attempt(action, done: str) -> None:
    """Run one change; its Thai refusal, or a note of what was done."""
    try:
        action()
    except CddError as error:
        st.error(plain_text(str(error)), icon=":material/block:")  # it may quote a typed name
        return
    st.session_state["admin_done"] = done  # shown after the re-run, which lists the change
    st.rerun()


def save_limits(typed: dict[str, str]) -> None:
    """Every limit checked first; a refusal names each bad one and keeps nothing."""
    try:
        changes = settings.set_limits(con, typed, user)
    except CddError as error:
        st.error(plain_text(str(error)), icon=":material/block:")
        return
    st.session_state["admin_done"] = shown.changes_note(changes)
    st.rerun()


def settings_label(state: settings.LimitState) -> str:
    return f"{SETTINGS[state.field].label} ({SETTINGS[state.field].unit})"


def district_choice(key: str, current: str | None = None) -> str | None:
    codes = ["", *sorted(registry.districts)]  # "" for no district: a choice like any other, also in tests
    chosen = st.selectbox(
        "อำเภอ (เฉพาะเจ้าหน้าที่อำเภอ)",
        codes,
        index=codes.index(current) if current in codes else 0,
        key=key,
        format_func=lambda c: f"{c} {registry.name_of(c)}" if c else "-",
    )
    return chosen or None


# Tracked (a key, a rerun on change): a save reruns the screen, and the tab it was made on stays open.
accounts_tab, figures_tab, settings_tab = st.tabs(
    ["บัญชีผู้ใช้", "ข้อมูลอ้างอิง", "การตั้งค่า"], key="admin_tab", on_change="rerun"
)

with accounts_tab:
    listed = users.list_users(con)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "ชื่อผู้ใช้": without_bidi_controls(a.name),
                    "บทบาท": users.ROLE_NAMES[a.role],
                    "อำเภอ": registry.name_of(a.district) if a.district else "",
                    "สถานะ": "ปิดใช้งาน" if a.disabled else "ใช้งานได้",
                }
                for a in listed
            ]
        ),
        hide_index=True,
    )
    with st.form("add_account", clear_on_submit=True):
        st.markdown("**เพิ่มผู้ใช้**")
        name = st.text_input("ชื่อผู้ใช้", key="new_name")
        role = st.selectbox("บทบาท", users.ROLES, format_func=users.ROLE_NAMES.get, key="new_role")
        district = district_choice("new_district")
        password = st.text_input("รหัสผ่าน (อย่างน้อย 10 ตัวอักษร)", type="password", key="new_password")
        if st.form_submit_button("เพิ่มผู้ใช้", icon=":material/person_add:"):
            attempt(
                lambda: (users.authorize_manage(user), users.add_user(con, name, role, password, district)),
                f"เพิ่มผู้ใช้ {plain_text(name)} แล้ว",
            )
    names = [a.name for a in listed]
    if names:
        st.markdown("**แก้ไขบัญชี**")
        chosen = st.selectbox("บัญชี", names, key="edit_name", format_func=without_bidi_controls)
        account = next(a for a in listed if a.name == chosen)
        left, right = st.columns(2)
        with left:
            if account.disabled and st.button("เปิดใช้งานอีกครั้ง", icon=":material/lock_open:"):
                attempt(lambda: accounts.enable_user(con, chosen, user), f"เปิดใช้งาน {plain_text(chosen)} แล้ว")
            if not account.disabled and st.button("ปิดใช้งาน", icon=":material/block:"):
                attempt(
                    lambda: (users.authorize_manage(user), users.disable_user(con, chosen)),
                    f"ปิดใช้งาน {plain_text(chosen)} แล้ว",
                )
            new_password = st.text_input("รหัสผ่านใหม่", type="password", key="reset_password")
            if st.button("ตั้งรหัสผ่านใหม่", icon=":material/key:"):
                attempt(
                    lambda: accounts.reset_password(con, chosen, new_password, user),
                    f"ตั้งรหัสผ่านใหม่ให้ {plain_text(chosen)} แล้ว",
                )
        with right:
            # keyed by the account: choosing another account shows that account's own role and district,
            # never the choice left over from the one before
            new_role = st.selectbox(
                "บทบาทใหม่",
                users.ROLES,
                index=users.ROLES.index(account.role),
                format_func=users.ROLE_NAMES.get,
                key=f"edit_role_{chosen}",
            )
            new_district = district_choice(f"edit_district_{chosen}", account.district)
            if st.button("เปลี่ยนบทบาทและอำเภอ", icon=":material/manage_accounts:"):
                attempt(
                    lambda: accounts.change_role(con, chosen, new_role, new_district, user),
                    f"เปลี่ยนบทบาทของ {plain_text(chosen)} แล้ว",
                )

with figures_tab:
    st.caption(
        "ข้อมูลอ้างอิงของแต่ละอำเภอ (จำนวนตำบล จำนวนหัวหน้าส่วนราชการ เป้าหมาย ฯลฯ) ที่เกณฑ์ใช้เทียบ "
        "ค่าที่บันทึกมีผลตั้งแต่เดือนแรกของช่วงที่เลือก ช่องว่าง = ยังไม่มีข้อมูล"
    )
    provinces = ui.provinces(version)
    province = st.selectbox("จังหวัด", list(provinces), format_func=provinces.get, key="figures_province")
    token = st.text_input("ช่วงเวลา (เดือน ไตรมาส หรือปีงบประมาณ เช่น 2570-Q1)", value="2570-Q1", key="figures_period")
    try:
        period = parse_period(token)
    except CddError as error:
        st.error(plain_text(str(error)))
        st.stop()
    rows = reference_edits.figure_rows(registry, province, period)
    used = [k for k in REFERENCE_KEYS if any(province in s.provinces and k in s.inputs for s in ui.schemes().values())]
    for key, names_lacking in reference_edits.missing_figures(
        registry, [r["code"] for r in rows], used, period
    ).items():
        st.warning(
            f"ยังไม่มี {CATALOGUE[key].label} ({key}) ของ {len(names_lacking)} อำเภอ: "
            f"{', '.join(names_lacking[:6])}{' …' if len(names_lacking) > 6 else ''} — กรอกในตารางด้านล่าง",
            icon=":material/edit_note:",
        )
    labels = {
        key: st.column_config.NumberColumn(f"{CATALOGUE[key].label} ({key})", min_value=0) for key in REFERENCE_KEYS
    }
    edited = st.data_editor(
        pd.DataFrame(rows),
        hide_index=True,
        disabled=["code", "name"],
        column_config={"code": "รหัสอำเภอ", "name": "อำเภอ", **labels},
        key=f"figures_{province}_{period.token}",
    )
    upload = st.file_uploader(
        "หรืออัปโหลด CSV (คอลัมน์ code และ tambons, heads_total, …)",
        type=["csv"],
        key="figures_csv",
        max_upload_size=ui.SMALL_FILE_MB,
    )
    if st.button("บันทึกข้อมูลอ้างอิง", icon=":material/save:", type="primary"):
        given = reference_edits.rows_from_csv(upload.getvalue()) if upload else edited.to_dict("records")
        try:
            changed = reference_edits.save_figures(con, province, period, given, user)
        except CddError as error:
            st.error(plain_text(str(error)), icon=":material/block:")
        else:
            st.success(f"บันทึกแล้ว {len(changed)} ค่า มีผลตั้งแต่ {period.months[0].token}", icon=":material/check_circle:")
    st.markdown("**ประวัติการแก้ไข**")
    history = reference_edits.history(con)  # who changed a figure is a typed name: never shown backwards
    st.dataframe(
        pd.DataFrame(
            [[without_bidi_controls(cell) if isinstance(cell, str) else cell for cell in row] for row in history],
            columns=["เมื่อ", "โดย", "รหัสอำเภอ", "ข้อมูล", "มีผลตั้งแต่", "ค่าเดิม", "ค่าใหม่"],
        ),
        hide_index=True,
    )


with settings_tab:
    st.markdown("**การดูแดชบอร์ด**")
    viewing = st.toggle(
        "ให้ดูแดชบอร์ดได้โดยไม่ต้องเข้าสู่ระบบ (เฉพาะเครือข่ายสำนักงานที่ไว้ใจได้)", value=users.open_viewing(con), key="open_viewing"
    )
    if viewing != users.open_viewing(con):
        attempt(lambda: settings.set_open_viewing(con, viewing, user), "บันทึกการตั้งค่าแล้ว")
    st.markdown("**ขีดจำกัดการนำเข้าและการเก็บสำเนา**")
    states = settings.limit_states(con)
    st.dataframe(shown.limits_table(states), hide_index=True, width="stretch")
    for warning in limit_warnings():  # a variable the server's operator set that holds nothing usable
        st.warning(warning, icon=":material/dns:")
    for state in states:
        if state.source == "environment":
            st.info(f"{settings_label(state)}: {shown.source_note(state)}", icon=":material/dns:")
    with st.form("limits"):
        st.caption("ช่องว่าง = ใช้ค่าเริ่มต้น · ขนาดและอัตราใส่ทศนิยมได้ จำนวนแถว วัน และจำนวนสำเนาเป็นจำนวนเต็ม")
        typed = {}
        for column, state in zip(st.columns(2) * len(states), states):
            typed[state.field] = column.text_input(
                settings_label(state),
                value=state.stored or "",
                placeholder=f"ค่าเริ่มต้น {shown.amount(state.field, state.default)}",
                key=f"limit_{state.field}",
            )
        if st.form_submit_button("บันทึกขีดจำกัด", icon=":material/save:", type="primary"):
            save_limits(typed)
    st.markdown("**ประวัติการเปลี่ยนการตั้งค่า**")
    changes = shown.history_table(settings.history(con))  # who changed a setting is a typed name
    st.dataframe(
        changes.map(lambda cell: without_bidi_controls(cell) if isinstance(cell, str) else cell), hide_index=True
    )
