"""ผู้ดูแลระบบ as an administrator uses it (AppTest), with no shell and no restart: the limits and open
viewing on «การตั้งค่า» with their checks and history; an account's password, role and district; the
reference figures of a province and period, edited in the table or sent as CSV, with their history."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cdd.store import database as store
from cdd.store import reference_edits, settings, users

ADMIN, PASSWORD = "ผู้ดูแลทดสอบ", "รหัสผ่านยาวพอ-2570"
CLERK = "แม่จันทดสอบ"
HEADER = "code,district,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads\n"


pytestmark = pytest.mark.usefixtures("no_limit_settings")


@pytest.fixture
def database(fresh_db):
    """Each test a database of its own: they change settings, accounts and figures."""
    path = fresh_db("admin-screen", demo=False)
    with store.connect(path) as con:
        users.add_user(con, ADMIN, "admin", PASSWORD)
        users.add_user(con, CLERK, "district", PASSWORD, district="5707")
    return path


@pytest.fixture
def admin(open_page, database):
    return open_page(database, "screens/admin.py", ADMIN)


def texts(elements) -> str:
    """What the elements say, read as a person reads it (the screen escapes Markdown in typed text)."""
    return " ".join(e.value for e in elements).replace("\\", "")


def field(at: AppTest, key: str):
    return next(t for t in at.text_input if t.key == key)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def stored(database) -> tuple[dict, list[tuple]]:
    with store.connect(database) as con:
        return settings.stored_limits(con), settings.history(con)


# ---- การตั้งค่า ---------------------------------------------------------------------------------------


@pytest.mark.slow  # over a second: the screen runs three times
def test_an_admin_changes_limits_on_the_screen_and_sees_the_change_and_its_history(admin, database):
    assert "10 MB" in admin.dataframe[-2].value.to_string()  # the limits in force, with their units
    field(admin, "limit_max_rows").set_value("8,000")
    field(admin, "limit_max_upload_mb").set_value("2.5")
    button(admin, "บันทึกขีดจำกัด").click().run()
    assert not admin.exception
    said = texts(admin.success)
    assert "จำนวนแถวข้อมูลสูงสุดต่อไฟล์ ค่าเริ่มต้น → 8,000 แถว" in said and "2.5 MB" in said
    values, history = stored(database)
    assert values == {"max_rows": "8000", "max_upload_mb": "2.5"}
    assert {(by, key) for _, by, key, _, _ in history} == {(ADMIN, "limit.max_rows"), (ADMIN, "limit.max_upload_mb")}
    in_force = admin.dataframe[-2].value.to_string()
    assert "8,000 แถว" in in_force and "ตั้งโดยผู้ดูแลระบบ" in in_force
    changes = admin.dataframe[-1].value
    assert list(changes.columns) == ["เมื่อ", "โดย", "การตั้งค่า", "ค่าเดิม", "ค่าใหม่"]
    assert set(changes["ค่าใหม่"]) == {"8,000 แถว", "2.5 MB"} and set(changes["โดย"]) == {ADMIN}


@pytest.mark.slow  # over a second: the screen runs twice
def test_a_bad_limit_is_refused_naming_the_setting_the_value_and_the_fix(admin, database):
    field(admin, "limit_backup_days").set_value("7.5")
    field(admin, "limit_max_rows").set_value("9000")
    button(admin, "บันทึกขีดจำกัด").click().run()
    refused = texts(admin.error)
    assert "เก็บสำเนาอัตโนมัติก่อนนำเข้าไว้ = '7.5'" in refused and "จำนวนเต็มที่มากกว่า 0" in refused
    assert "ยังไม่ได้บันทึกอะไร" in refused
    assert stored(database) == ({}, [])


@pytest.mark.slow  # over a second: the screen runs twice
def test_the_screen_says_when_the_servers_environment_wins(open_page, database, monkeypatch):
    with store.connect(database) as con:
        settings.set_limits(con, {"max_rows": "8000"}, ADMIN)
    monkeypatch.setenv("CDD_MAX_ROWS", "300")
    at = open_page(database, "screens/admin.py", ADMIN)
    note = texts(at.info)
    assert "CDD_MAX_ROWS" in note and "แทนค่าที่ตั้งไว้ 8000" in note
    assert "300 แถว" in at.dataframe[-2].value.to_string()
    monkeypatch.setenv("CDD_BACKUP_DAYS", "สิบ")  # unusable: said so, and what holds instead is shown
    at.run()
    assert "CDD_BACKUP_DAYS='สิบ' ใช้ไม่ได้" in texts(at.warning)
    assert "30 วัน" in at.dataframe[-2].value.to_string()


@pytest.mark.slow  # over a second: the screen runs twice
def test_open_viewing_is_turned_off_with_its_history(admin, database):
    next(t for t in admin.toggle if t.key == "open_viewing").set_value(False).run()
    assert "บันทึกการตั้งค่าแล้ว" in texts(admin.success)
    with store.connect(database) as con:
        assert not users.open_viewing(con)
    assert list(admin.dataframe[-1].value.iloc[0, 1:]) == [ADMIN, "ดูแดชบอร์ดได้โดยไม่ต้องเข้าสู่ระบบ", "เปิด", "ปิด"]


@pytest.mark.slow  # over a second: the admin screen, then the upload screen with a file
def test_a_file_over_a_limit_set_on_the_screen_is_refused_quoting_it(admin, database):
    field(admin, "limit_max_rows").set_value("1")
    button(admin, "บันทึกขีดจำกัด").click().run()
    admin.switch_page("screens/upload.py").run()
    rows = "5709,แม่สาย,2567-04,4,3,ใช่,2,3,2,85\n5701,เมืองเชียงราย,2567-04,10,5,ใช่,2,2,2,1\n"
    admin.file_uploader[0].set_value(("two.csv", (HEADER + rows).encode(), "text/csv")).run()
    assert not admin.exception
    table = admin.table[0].value.to_string()
    assert "เกินขีดจำกัด 1 แถว" in table and "ยังไม่ได้บันทึกข้อมูลใดเลย" in texts(admin.error)


# ---- บัญชีผู้ใช้ ------------------------------------------------------------------------------------------


@pytest.mark.slow  # over a second: several runs of the screen
def test_an_admin_resets_a_password_and_changes_role_and_district(admin, database):
    next(s for s in admin.selectbox if s.key == "edit_name").set_value(CLERK).run()
    # the choices start from the account's own role and district, whichever account was shown before
    assert next(s for s in admin.selectbox if s.key == f"edit_role_{CLERK}").value == "district"
    assert next(s for s in admin.selectbox if s.key == f"edit_district_{CLERK}").value == "5707"
    field(admin, "reset_password").set_value("รหัสผ่านใหม่ยาวพอ-2570")
    button(admin, "ตั้งรหัสผ่านใหม่").click().run()
    assert f"ตั้งรหัสผ่านใหม่ให้ {CLERK} แล้ว" in texts(admin.success)
    with store.connect(database) as con:
        assert users.sign_in(con, CLERK, "รหัสผ่านใหม่ยาวพอ-2570").name == CLERK
    next(s for s in admin.selectbox if s.key == f"edit_district_{CLERK}").set_value("5709")
    button(admin, "เปลี่ยนบทบาทและอำเภอ").click().run()
    assert f"เปลี่ยนบทบาทของ {CLERK} แล้ว" in texts(admin.success), texts(admin.error) + texts(admin.warning)
    with store.connect(database) as con:
        assert users.active_user(con, CLERK).district == "5709"
    next(s for s in admin.selectbox if s.key == f"edit_role_{CLERK}").set_value("province")
    next(s for s in admin.selectbox if s.key == f"edit_district_{CLERK}").set_value("")  # "-": no district
    button(admin, "เปลี่ยนบทบาทและอำเภอ").click().run()
    assert f"เปลี่ยนบทบาทของ {CLERK} แล้ว" in texts(admin.success), texts(admin.error)
    with store.connect(database) as con:
        assert (users.active_user(con, CLERK).role, users.active_user(con, CLERK).district) == ("province", None)


@pytest.mark.slow  # over a second: several runs of the screen
def test_a_short_password_is_refused_on_the_screen(admin, database):
    next(s for s in admin.selectbox if s.key == "edit_name").set_value(CLERK).run()
    field(admin, "reset_password").set_value("สั้น")
    button(admin, "ตั้งรหัสผ่านใหม่").click().run()
    assert "10" in texts(admin.error)
    with store.connect(database) as con:
        assert users.sign_in(con, CLERK, PASSWORD).name == CLERK  # the old one still holds


# ---- ข้อมูลอ้างอิง ----------------------------------------------------------------------------------------


def open_figures(admin: AppTest, province: str = "52", period: str = "2570-Q1") -> AppTest:
    next(s for s in admin.selectbox if s.key == "figures_province").set_value(province)
    field(admin, "figures_period").set_value(period)
    return admin.run()


@pytest.mark.slow  # over a second: several runs of the screen
def test_a_figure_edited_in_the_table_is_kept_with_its_history(admin, database):
    open_figures(admin)
    editor = admin.data_editor[0]
    codes = list(editor.value["code"])
    row = codes.index("5201")
    admin.session_state["figures_52_2570-Q1"] = {
        "edited_rows": {row: {"heads_total": 31}},
        "added_rows": [],
        "deleted_rows": [],
    }
    admin.run()
    button(admin, "บันทึกข้อมูลอ้างอิง").click().run()
    assert "บันทึกแล้ว 1 ค่า มีผลตั้งแต่ 2569-10" in texts(admin.success)  # fiscal Q1 2570 starts in October 2569
    with store.connect(database) as con:
        [(_, by, code, key, start, _, new)] = reference_edits.history(con)
    assert (by, code, key, start, new) == (ADMIN, "5201", "heads_total", "2569-10", "31")
    [history] = [d.value for d in admin.dataframe if {"รหัสอำเภอ", "ค่าใหม่"} <= set(d.value.columns)]
    assert (history.iloc[0]["โดย"], history.iloc[0]["รหัสอำเภอ"], history.iloc[0]["ค่าใหม่"]) == (ADMIN, "5201", "31")


@pytest.mark.slow  # over a second: several runs of the screen
def test_a_csv_of_figures_is_checked_whole_naming_the_row_and_the_fix(admin, database):
    open_figures(admin)
    bad = "code,heads_total,tambons\n5201,30,13\n9999,5,1\n5202,สามสิบ,\n".encode()
    next(u for u in admin.file_uploader if u.key == "figures_csv").set_value(("figures.csv", bad, "text/csv")).run()
    button(admin, "บันทึกข้อมูลอ้างอิง").click().run()
    refused = texts(admin.error)
    # rows as a spreadsheet numbers the file's lines: the header is line 1
    assert "ยังไม่ได้บันทึกอะไร" in refused and "แถวที่ 3: รหัสอำเภอ '9999'" in refused
    assert "แถวที่ 4" in refused and "heads_total = 'สามสิบ'" in refused
    with store.connect(database) as con:
        assert reference_edits.history(con) == []
    good = b"code,heads_total,tambons\n5201,30,13\n"
    next(u for u in admin.file_uploader if u.key == "figures_csv").set_value(("figures.csv", good, "text/csv")).run()
    button(admin, "บันทึกข้อมูลอ้างอิง").click().run()
    assert "บันทึกแล้ว" in texts(admin.success)
    with store.connect(database) as con:
        changed = {(code, key, new) for _, _, code, key, _, _, new in reference_edits.history(con)}
    assert ("5201", "heads_total", "30") in changed
