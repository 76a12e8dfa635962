"""จัดการเกณฑ์ and ผู้ดูแลระบบ as a person sees them: admins only; clone, see lint's note beside a rule,
preview without storing, publish with the letter named, the template offered at once; accounts,
reference figures with history, settings."""

from __future__ import annotations

import tomllib

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cdd.office.thai import plain_text
from cdd.rubrics import drafts
from cdd.rubrics.model import load_schemes
from cdd.store import database as store
from cdd.store import rubric_versions as rv
from cdd.store import users
from cdd.views import workshop

ADMIN, PROVINCE, PASSWORD = "ผู้ดูแลทดสอบ", "จังหวัดทดสอบ", "รหัสผ่านยาวพอ-2570"
DISTRICT = "เมืองเชียงรายทดสอบ"
Q3 = load_schemes()["click-2567-q3"]
HEADS = next(c.label for c in Q3.missions[0].criteria if c.id == "heads")  # what the letter calls the part
ADMIN_PAGES = {"ผู้ดูแลระบบ", "จัดการเกณฑ์"}
HEADS_75 = "หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว ไม่น้อยกว่า 75% ของหัวหน้าส่วนราชการสังกัด มท. ในอำเภอ"


@pytest.fixture(scope="module")
def database(fresh_db):
    path = fresh_db("workshop")
    with store.connect(path) as con:
        users.add_user(con, ADMIN, "admin", PASSWORD)
        users.add_user(con, PROVINCE, "province", PASSWORD)
        users.add_user(con, DISTRICT, "district", PASSWORD, district="5701")
    return path


@pytest.fixture
def screen(open_page, database):
    def open_(page: str, account: str | None = ADMIN) -> AppTest:
        return open_page(database, page, account)

    return open_


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


@pytest.fixture
def menu(monkeypatch):
    """The titles of the pages the navigation lists (not hidden), as the last run made it."""
    listed: list[str] = []
    navigation = st.navigation

    def recorded(pages, **options):
        listed[:] = [p.title for section in pages.values() for p in section if p.visibility == "visible"]
        return navigation(pages, **options)

    monkeypatch.setattr(st, "navigation", recorded)
    return listed


def test_an_admin_finds_the_administration_in_the_navigation(screen, menu):
    screen("screens/overview.py")
    assert set(menu) >= ADMIN_PAGES and "ภาพรวม" in menu


@pytest.mark.parametrize("account", [None, DISTRICT, PROVINCE])
def test_other_accounts_and_open_viewers_are_not_shown_the_administration(screen, menu, account):
    screen("screens/overview.py", account)
    assert not ADMIN_PAGES & set(menu)
    assert {"ภาพรวม", "สิ่งที่ยังขาด", "อำเภอ", "นำเข้าข้อมูล"} <= set(menu)


@pytest.mark.parametrize("page", ["screens/workshop.py", "screens/admin.py"])
@pytest.mark.parametrize("account", [None, DISTRICT, PROVINCE])
def test_a_direct_link_without_the_right_shows_the_message_and_nothing_of_the_screen(screen, page, account):
    at = screen(page, account)
    assert texts(at.warning) == "หน้านี้สำหรับผู้ดูแลระบบ: เข้าสู่ระบบด้วยบัญชีผู้ดูแลระบบ"
    assert not at.dataframe and not at.tabs and not at.selectbox and not at.text_area and not at.radio
    # Without an account the one thing offered is signing in; a signed-in account is offered nothing.
    assert [b.label for b in at.button] == (["เข้าสู่ระบบ"] if account is None else [])
    assert [t.label for t in at.text_input] == (["ชื่อผู้ใช้", "รหัสผ่าน"] if account is None else [])


def clone(at: AppTest) -> AppTest:
    number = next(t for t in at.text_input if t.label == "เลขที่หนังสือ")
    number.set_value("ชร 0019.3/ว 100")
    next(t for t in at.text_input if t.label == "ลงวันที่").set_value("1 ตุลาคม 2569")
    source = next(s for s in at.selectbox if s.label == "เกณฑ์ต้นแบบ")
    source.set_value("click-2567-q3")
    next(b for b in at.button if b.label == "สร้างร่างเกณฑ์").click()
    return at.run()


def rule_editor(at: AppTest):
    return next(d.value for d in at.dataframe if "indicator" in d.value.columns)


def test_the_rule_table_speaks_thai_and_shows_no_empty_value_as_none(screen):
    table = rule_editor(clone(screen("screens/workshop.py")))
    assert Q3.missions[0].title == "Click ชุมชน"
    assert set(table["mission"]) == {"Click ชุมชน"}  # the mission's title, not click-2567-q3
    assert table.loc[0, "part"] == HEADS and table.loc[0, "indicator"] == "หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว"
    assert (table.loc[0, "operator"], table.loc[0, "compared"], table.loc[0, "number"]) == ("ไม่น้อยกว่า", "ร้อยละของ", 80)
    assert table.loc[0, "reference"] == "หัวหน้าส่วนราชการสังกัด มท. ในอำเภอ"
    assert table.loc[0, "rule"] == "หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว ไม่น้อยกว่า 80% ของหัวหน้าส่วนราชการสังกัด มท. ในอำเภอ"
    texts_ = table.drop(columns=["number", "position"])
    cells = [cell for column in texts_.columns for cell in texts_[column]]
    assert all(isinstance(cell, str) for cell in cells)  # an empty cell is "", never None or NaN
    assert not {"None", "nan", "NaN", "<NA>"} & set(cells)
    assert not [c for c in cells if "click-2567-q3" in c or "heads_total" in c or "heads_downloaded" in c]
    yes_no = table[table["compared"] == "ใช่"]
    assert len(yes_no) == 3 and (yes_no["reference"] == "").all()
    assert yes_no["number"].isna().all()  # a number cell with nothing to hold: the grid shows it empty
    assert table["number"].notna().sum() == len(table) - 3


def test_the_rule_table_read_back_is_the_same_rubric():
    for scheme in load_schemes().values():
        table = workshop.rule_table(scheme)
        assert drafts.with_rules(scheme, workshop.rules_from_table(scheme, table)) == scheme
        bands = workshop.band_table(scheme)
        if not bands.empty:
            assert drafts.with_bands(scheme, workshop.bands_from_table(scheme, bands)) == scheme


def test_a_row_changed_by_its_thai_choices_changes_the_rule():
    table = workshop.rule_table(Q3)
    table.loc[0, ["operator", "number"]] = ["มากกว่า", 85]
    changed = drafts.with_rules(Q3, workshop.rules_from_table(Q3, table))
    assert str(changed.missions[0].criteria[0].levels["A"].when[0]) == "heads_downloaded > 85% of heads_total"


def test_the_source_schemes_and_the_history_name_a_scheme_by_title_and_letter_never_by_id(screen):
    at = clone(screen("screens/workshop.py"))  # the history is shown under a draft
    source = next(s for s in at.selectbox if s.label == "เกณฑ์ต้นแบบ")
    shown = source.options  # as the list shows them
    assert Q3.title in " ".join(shown) and "ขร ๐๐๑๙.๓/ว๑๑๐๓๗" in " ".join(shown)
    assert not [name for name in shown if "click-2567" in name or "lampang-2567" in name]
    history = next(d.value for d in at.dataframe if "ฉบับที่" in d.value.columns)
    assert "รุ่น" not in history.columns and not history["เกณฑ์"].str.contains("click-2567").any()
    assert "เมษายน 2567 ถึง มิถุนายน 2567" in set(history["มีผล"])


def test_the_band_table_names_the_mission_by_its_title():
    bands = workshop.band_table(load_schemes()["lampang-2567-q3"])
    assert list(dict.fromkeys(bands["mission"])) == ["กองทุนพัฒนาบทบาทสตรี", "กองทุนชุมชน"]
    assert not bands.drop(columns=["min"]).isna().any().any()


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_clone_lint_preview_publish_and_template(screen, database):
    at = clone(screen("screens/workshop.py"))
    heading = texts(at.subheader)
    assert not at.exception and "แก้ไขร่าง: " + plain_text("ภารกิจสำคัญไตรมาสที่ 1 ปีงบประมาณ 2570") in heading
    assert "click-2570-q1" not in heading
    assert plain_text("ที่ ชร 0019.3/ว 100 ลงวันที่ 1 ตุลาคม 2569 · เดือน ตุลาคม 2569 ถึง ธันวาคม 2569") in texts(at.caption)
    assert not at.warning  # the letter's own table has no note
    toml = next(t for t in at.text_area if t.label == "TOML")
    toml.set_value(
        toml.value.replace("heads_downloaded >= 60% of heads_total", "heads_downloaded >= 75% of heads_total")
    )
    at.run()
    button(at, "ใช้ข้อความนี้").click()
    at.run()
    warned = texts(at.warning)
    assert plain_text(f"ข้อสังเกต (Click ชุมชน / {HEADS}): ระดับ C ต้องการ «{HEADS_75}» มากกว่าระดับ B") in warned
    assert "heads_downloaded" not in warned and ">=" not in warned  # the letter's words, not the file's
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
    assert [m.label for m in at.metric] == ["ระดับขึ้น", "ระดับลง", "เท่าเดิม", "ให้ระดับไม่ได้"]
    with store.connect(database) as con:
        assert "click-2570-q1" not in rv.current_schemes(con)
    button(at, "เผยแพร่เกณฑ์นี้").click()
    at.run()
    assert plain_text("เผยแพร่ ภารกิจสำคัญไตรมาสที่ 1 ปีงบประมาณ 2570 ฉบับที่ 1 แล้ว") in texts(at.success)
    history = next(d.value for d in at.dataframe if "ฉบับที่" in d.value.columns)
    assert "click-2570-q1" not in history.to_string() and "ภารกิจสำคัญไตรมาสที่ 1 ปีงบประมาณ 2570" in set(history["เกณฑ์"])
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


def clone_lampang(screen, rounds: dict, own: dict, deleted: list[int] | None = None) -> AppTest:
    """Lampang cloned for FY2570 Q1 with report rounds and a mission's own deadline typed into the grids."""
    at = screen("screens/workshop.py")
    next(s for s in at.selectbox if s.label == "เกณฑ์ต้นแบบ").set_value("lampang-2567-q3")
    at.run()
    assert next(r for r in at.radio if r.label == "กำหนดส่งรายงานของหนังสือฉบับใหม่").value == "ตามรอบรายงานที่หนังสือกำหนด"
    next(t for t in at.text_input if t.label == "รหัสเกณฑ์ใหม่ (ภาษาอังกฤษ ตัวเลข ขีด)").set_value("lampang-2570-q1")
    next(t for t in at.text_input if t.label == "เลขที่หนังสือ").set_value("ลป 0019.2/ว 100")
    next(t for t in at.text_input if t.label == "ลงวันที่").set_value("1 ตุลาคม 2569")
    at.session_state["deadline_rounds_lampang-2567-q3"] = {
        "edited_rows": rounds,
        "added_rows": [],
        "deleted_rows": deleted or [],
    }
    at.session_state["mission_deadlines_lampang-2567-q3"] = {"edited_rows": own, "added_rows": [], "deleted_rows": []}
    button(at, "สร้างร่างเกณฑ์").click()
    return at.run()


ROUNDS = {
    0: {"วันที่ส่ง": "19 พ.ย. 2569", "เวลา": "16.30", "เดือนที่รายงาน": "ต.ค. 2569"},
    1: {"วันที่ส่ง": "18 ธันวาคม 2569"},  # its month as the grid first offers it: the next in the letter
    2: {"วันที่ส่ง": "20/1/2570"},
}
MORAL_ORG = 10  # องค์กรคุณธรรม, the eleventh mission of Lampang's letter


@pytest.mark.slow  # over a second: a screen run three times
def test_a_clone_takes_the_letters_rounds_and_a_missions_own_day_and_time(screen):
    at = clone_lampang(screen, ROUNDS, {MORAL_ORG: {"วันที่ของเดือนถัดไป": "5", "เวลา": "15:30"}})
    assert not at.error, texts(at.error)
    text = next(t for t in at.text_area if t.label == "TOML").value
    draft, problems = rv.problems_of(text)
    assert problems == [] and draft is not None
    assert draft.deadline.rounds == {"2569-10": "2026-11-19 16:30", "2569-11": "2026-12-18", "2569-12": "2027-01-20"}
    assert [m.id for m in draft.missions_with_own_deadline] == ["moral-org"]
    own = draft.deadline_of("moral-org")
    assert (own.day_of_next_month, own.time, own.printed) == (5, "15:30", "ภายในวันที่ 5 ของเดือนถัดไป เวลา 15.30 น.")


@pytest.mark.slow  # over a second: a screen run three times
def test_a_round_missing_a_month_or_a_time_without_a_day_is_named_in_thai_and_makes_no_draft(screen):
    at = clone_lampang(screen, ROUNDS, {}, deleted=[2])
    assert plain_text("เดือนธันวาคม 2569 ยังไม่อยู่ในรอบใด: ใส่เดือนนั้น") in texts(at.error)
    assert "draft_text" not in at.session_state
    at = clone_lampang(screen, ROUNDS, {MORAL_ORG: {"เวลา": "15:30"}})
    refused = plain_text("ภารกิจ การขับเคลื่อนองค์กรคุณธรรมของหน่วยงาน: มีเวลาแต่ยังไม่มีวันที่")
    assert refused in texts(at.error) and "draft_text" not in at.session_state


@pytest.mark.slow  # over a second: a screen run twice
@pytest.mark.parametrize("typed, day, shown", [("16.30", 5, "16:30"), ("บ่ายสาม", 5, None)])
def test_a_clone_due_on_a_day_of_the_next_month_takes_a_time_in_thai_or_says_how_to_write_it(screen, typed, day, shown):
    at = screen("screens/workshop.py")
    assert next(r for r in at.radio if r.label == "กำหนดส่งรายงานของหนังสือฉบับใหม่").value == "วันที่ของเดือนถัดไป"
    next(n for n in at.number_input if n.label == "ส่งรายงานภายในวันที่ (ของเดือนถัดไป)").set_value(day)
    next(t for t in at.text_input if t.label == "เวลา (ว่างไว้ = ภายในวันนั้น)").set_value(typed)
    at = clone(at)
    if shown is None:
        assert plain_text("อ่านเวลา 'บ่ายสาม' ไม่ได้: เขียนเป็นชั่วโมง:นาที เช่น 15:30") in texts(at.error)
        return
    draft, _ = rv.problems_of(next(t for t in at.text_area if t.label == "TOML").value)
    assert (draft.deadline.day_of_next_month, draft.deadline.time) == (day, shown)
    assert draft.deadline.printed == "ภายในวันที่ 5 ของเดือนถัดไป เวลา 16.30 น."


@pytest.mark.slow  # over a second: several steps of one screen
def test_an_admin_adds_a_new_indicator_and_a_mission_and_sees_them_in_the_draft(screen):
    at = clone(screen("screens/workshop.py"))
    fields = {"รหัส (อังกฤษตัวเล็ก ตัวเลข _)": "tiktok_posts", "ชื่อตัวชี้วัด (ภาษาไทย)": "จำนวนโพสต์ใน TikTok"}
    fields["หน่วย"] = "โพสต์"
    for label, value in fields.items():
        next(t for t in at.text_input if t.label == label).set_value(value)
    button(at, "เพิ่มตัวชี้วัด").click()
    at.run()
    assert not at.exception and not at.error
    indicators = next(d.value for d in at.dataframe if "kind" in d.value.columns)
    assert indicators.to_dict("records") == [
        {
            "key": "tiktok_posts",
            "label": "จำนวนโพสต์ใน TikTok",
            "unit": "โพสต์",
            "kind": "จำนวนนับ",
            "better": "ยิ่งมากยิ่งดี",
            "rollup": "รวมทุกเดือน",
        }
    ]
    next(t for t in at.text_input if t.label == "ชื่อภารกิจใหม่").set_value("การประชาสัมพันธ์ผ่าน TikTok")
    next(s for s in at.selectbox if s.label == "รูปแบบการให้คะแนน").set_value("points")
    next(n for n in at.number_input if n.label == "คะแนนเต็ม").set_value(10.0)
    button(at, "เพิ่มภารกิจ").click()
    at.run()
    assert not at.exception and not at.error
    missions = next(d.value for d in at.dataframe if "shape" in d.value.columns)
    assert missions.iloc[-1][["title", "shape", "max"]].tolist() == [
        "การประชาสัมพันธ์ผ่าน TikTok",
        "คะแนนรวม แล้วเทียบช่วงคะแนน",
        10,
    ]
    draft = tomllib.loads(next(t for t in at.text_area if t.label == "TOML").value)
    assert draft["indicators"]["tiktok_posts"]["label"] == "จำนวนโพสต์ใน TikTok"
    assert draft["missions"][-1] | {"id": ""} == {
        "id": "",
        "title": "การประชาสัมพันธ์ผ่าน TikTok",
        "shape": "points",
        "printed_max": 10,
    }
    assert "จำนวนโพสต์ใน TikTok" in workshop.indicator_choices()  # the rule table may now choose it
