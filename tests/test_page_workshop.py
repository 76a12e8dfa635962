"""จัดการเกณฑ์ and ผู้ดูแลระบบ as a person sees them: admins only; clone, see lint's note beside a rule,
preview without storing, publish with the letter named, the template offered at once; accounts,
reference figures with history, settings."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cdd.office.thai import plain_text
from cdd.store import database as store
from cdd.store import rubric_versions as rv
from cdd.store import users

ADMIN, PROVINCE, PASSWORD = "ผู้ดูแลทดสอบ", "จังหวัดทดสอบ", "รหัสผ่านยาวพอ-2570"


@pytest.fixture(scope="module")
def database(fresh_db):
    path = fresh_db("workshop")
    with store.connect(path) as con:
        users.add_user(con, ADMIN, "admin", PASSWORD)
        users.add_user(con, PROVINCE, "province", PASSWORD)
    return path


@pytest.fixture
def screen(open_page, database):
    def open_(page: str, account: str | None = ADMIN) -> AppTest:
        at = open_page(database, page)
        if account:
            at.session_state["signed_in"] = account
            at.run()
        assert not at.exception
        return at

    return open_


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


@pytest.mark.parametrize("page", ["screens/workshop.py", "screens/admin.py"])
@pytest.mark.parametrize("account", [None, PROVINCE])
def test_only_an_admin_gets_the_screens(screen, page, account):
    at = screen(page, account)
    assert "สำหรับผู้ดูแลระบบ" in texts(at.warning)
    assert not any(b.label == "เผยแพร่เกณฑ์นี้" for b in at.button)


def clone(at: AppTest) -> AppTest:
    number = next(t for t in at.text_input if t.label == "เลขที่หนังสือ")
    number.set_value("ชร 0019.3/ว 100")
    next(t for t in at.text_input if t.label == "ลงวันที่").set_value("1 ตุลาคม 2569")
    source = next(s for s in at.selectbox if s.label == "เกณฑ์ต้นแบบ")
    source.set_value("click-2567-q3")
    next(b for b in at.button if b.label == "สร้างร่างเกณฑ์").click()
    return at.run()


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_clone_lint_preview_publish_and_template(screen, database):
    at = clone(screen("screens/workshop.py"))
    assert not at.exception and f"แก้ไขร่าง: {plain_text('click-2570-q1')}" in texts(at.subheader)
    assert not at.warning  # the letter's own table has no note
    toml = next(t for t in at.text_area if t.label == "TOML")
    toml.set_value(
        toml.value.replace("heads_downloaded >= 60% of heads_total", "heads_downloaded >= 75% of heads_total")
    )
    at.run()
    button(at, "ใช้ข้อความนี้").click()
    at.run()
    assert (  # the rule's own text, shown as typed
        plain_text("ข้อสังเกต (click-2567-q3 / heads): ระดับ C ต้องการ heads_downloaded >= 75% of heads_total มากกว่าระดับ B")
        in texts(at.warning)
    )
    toml = next(t for t in at.text_area if t.label == "TOML")
    toml.set_value(
        toml.value.replace("heads_downloaded >= 75% of heads_total", "heads_downloaded >= 60% of heads_total")
    )
    at.run()
    button(at, "ใช้ข้อความนี้").click()
    at.run()
    assert not at.warning
    button(at, "ทดลองให้ระดับ").click()
    at.run()
    assert [m.label for m in at.metric] == ["ระดับขึ้น", "ระดับลง", "เท่าเดิม"]
    with store.connect(database) as con:
        assert "click-2570-q1" not in rv.current_schemes(con)
    button(at, "เผยแพร่เกณฑ์นี้").click()
    at.run()
    assert plain_text("เผยแพร่ click-2570-q1@1 แล้ว") in texts(at.success)
    with store.connect(database) as con:
        version = rv.find_version(con, "click-2570-q1")
    assert (version.letter_number, version.published_by) == ("ชร 0019.3/ว 100", ADMIN)
    assert version.effective_from == "2569-10"


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_admin_adds_disables_and_reenables_an_account(screen, database):
    at = screen("screens/admin.py")
    next(t for t in at.text_input if t.label == "ชื่อผู้ใช้").set_value("แม่จันทดสอบ")
    next(s for s in at.selectbox if s.label == "บทบาท").set_value("district")
    next(s for s in at.selectbox if s.key == "new_district").set_value("5707")
    next(t for t in at.text_input if t.key == "new_password").set_value(PASSWORD)
    next(b for b in at.button if b.label == "เพิ่มผู้ใช้").click()
    at.run()
    assert "เพิ่มผู้ใช้ แม่จันทดสอบ แล้ว" in texts(at.success)
    next(s for s in at.selectbox if s.key == "edit_name").set_value("แม่จันทดสอบ")
    at.run()
    button(at, "ปิดใช้งาน").click()
    at.run()
    with store.connect(database) as con:
        assert users.active_user(con, "แม่จันทดสอบ") is None
    button(at, "เปิดใช้งานอีกครั้ง").click()
    at.run()
    with store.connect(database) as con:
        assert users.active_user(con, "แม่จันทดสอบ").district == "5707"


def test_the_missing_reference_figures_are_named_with_where_to_enter_them(screen):
    at = screen("screens/admin.py")
    next(s for s in at.selectbox if s.key == "figures_province").set_value("52")
    at.run()
    warned = texts(at.warning)
    assert "heads_total" in warned and "กรอกในตารางด้านล่าง" in warned
