"""นำเข้าข้อมูล, run as a person would use it (AppTest): a bad file is refused whole, a good one is previewed,
written once on confirm, and a batch is rolled back from the page; plus the view models behind it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cdd.grading.inputs import schemes
from cdd.intake.limits import DEFAULTS, Limits
from cdd.intake.validate import Problem
from cdd.office.calendar import thai_datetime
from cdd.store import database as store
from cdd.store import users
from cdd.views import upload as upload_view

ROOT = Path(__file__).resolve().parent.parent
HEADER = "code,district,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads\n"
BAD = (
    HEADER + "5709,แม่สาย,2567-04,4,9,ใช่,2,3,2,85\n"
    "5704,เทิงง,2567-04,4,4,บางที,2,2,2,100\n"
    "5701,เมืองเชียงราย,2567-13,10,5,ใช่,-1,2,2,1.5\n"
).encode()
BAD_CODES = ["part_exceeds_whole", "unknown_district", "not_yes_no", "bad_month", "negative", "not_whole"]


PROVINCE, DISTRICT, PASSWORD = "จังหวัดทดสอบ", "แม่สายทดสอบ", "รหัสผ่านยาวพอ-2567"


@pytest.fixture(scope="module")
def database(fresh_db):
    """A copy of the demo database of this module's own (its tests upload and roll back), with a
    province account and an account of แม่สาย (5709)."""
    path = fresh_db("upload")
    con = store.connect(path)
    users.add_user(con, PROVINCE, "province", PASSWORD)
    users.add_user(con, DISTRICT, "district", PASSWORD, district="5709")
    con.close()
    return path


@pytest.fixture
def page(open_page, database):
    """`page(period, account)`: the screen on this module's database, for Chiang Rai's Click Q3, signed
    in as the province account unless another (or None) is given."""

    def open_(period: str = "2567-04", account: str | None = PROVINCE) -> AppTest:
        at = open_page(database, "screens/upload.py", province="57", scheme="click-2567-q3", period=period)
        if account:
            at.session_state["signed_in"] = account
            at.run()
        return at

    return open_


# ---- helpers ---------------------------------------------------------------------------------------


def uploader(at: AppTest):
    """The file uploader, by its documented accessor where this Streamlit has one."""
    widgets = at.file_uploader if hasattr(at, "file_uploader") else at.get("file_uploader")
    return widgets[0]


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    mime = "text/csv" if name.endswith(".csv") else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    uploader(at).set_value((name, data, mime)).run()
    assert not at.exception
    return at


def query(database: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(database))  # the app holds the file read-write in this same process
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def batch_count(database: Path) -> int:
    return query(database, "SELECT count(*) FROM batches")[0][0]


def current(database: Path, code: str, month: str, key: str) -> str | None:
    rows = query(
        database,
        "SELECT value FROM submitted_values WHERE code = ? AND month = ? AND key = ? "
        "AND replaced_by IS NULL AND NOT retracted",
        [code, month, key],
    )
    return rows[0][0] if rows else None


def file_of(code: str, name: str, month: str, pr_posts: int, downloads: int) -> bytes:
    return f"code,district,month,pr_posts,downloads\n{code},{name},{month},{pr_posts},{downloads}\n".encode()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def confirm_button(at: AppTest):
    found = [b for b in at.button if b.key == "confirm_upload"]
    return found[0] if found else None


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


# ---- the page ---------------------------------------------------------------------------------------


def test_page_shows_guide_templates_uploader_and_history(page):
    at = page()
    assert at.title[0].value == "นำเข้าข้อมูล"
    assert at.expander[0].label == "วิธีกรอกและส่งรายงานประจำเดือน"
    assert upload_view.STAFF_GUIDE.strip() in texts(at.expander[0].markdown)
    assert len(at.get("download_button")) == 2
    assert uploader(at).allowed_type == [".csv", ".xlsx"]
    history = at.dataframe[0].value
    assert list(history.columns) == list(upload_view.BATCH_COLUMNS.values())
    assert set(history["ข้อมูลตัวอย่าง"]) == {"ตัวอย่าง"}  # the demo batches are marked as such
    assert history["เวลา"].str.contains(r"^\d+ \S+ 25\d\d เวลา \d\d:\d\d น\.$").all()  # Thai BE


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_bad_file_shows_every_problem_and_writes_nothing(database, page):
    before = batch_count(database)
    at = upload(page(), "รายงาน.csv", BAD)
    assert "ไฟล์มีปัญหา 6 รายการ ยังไม่ได้บันทึกข้อมูลใดเลย" in at.error[0].value
    table = at.table[0].value
    assert list(table.columns) == upload_view.PROBLEM_COLUMNS
    assert len(table) == len(BAD_CODES)
    shown = table.to_string()
    assert not any(code in shown for code in BAD_CODES)  # the reason codes are for programs, not people
    assert "9" in list(table["ค่าที่พบ"]) and "เทิงง" in list(table["ค่าที่พบ"])
    assert confirm_button(at) is None and not at.metric
    assert batch_count(database) == before


def test_good_file_previews_then_writes_one_batch_once(database, page):
    code, month = "5709", "2567-05"
    had = [current(database, code, month, key) for key in ("pr_posts", "downloads")]
    version = query(database, "SELECT value FROM meta WHERE key = 'data_version'")[0][0]
    before = batch_count(database)
    data = file_of(code, "แม่สาย", month, 4321, 98765)
    at = upload(page(), "แม่สาย-พค.csv", data)
    shown = metrics(at)
    assert shown["ค่าใหม่"] == str(had.count(None)) and shown["ค่าที่เปลี่ยน"] == str(2 - had.count(None))
    assert shown["ค่าเท่าเดิม"] == "0"
    assert set(at.dataframe[0].value["ค่าใหม่"]) == {"4,321", "98,765"}  # the preview, before the history

    confirm_button(at).click().run()
    assert not at.exception
    assert batch_count(database) == before + 1
    batch, by = query(database, "SELECT id, submitted_by FROM batches ORDER BY id DESC LIMIT 1")[0]
    assert by == PROVINCE and f"ชุดข้อมูลหมายเลข {batch}" in texts(at.success)  # the account, as signed in
    assert (
        current(database, code, month, "pr_posts") == "4321" and current(database, code, month, "downloads") == "98765"
    )
    assert query(database, "SELECT value FROM meta WHERE key = 'data_version'")[0][0] == str(int(version) + 1)
    assert confirm_button(at) is None and "upload_check" not in at.session_state  # nothing left to write twice

    upload(at, "แม่สาย-พค.csv", data)  # the same file again: every value is already there
    assert metrics(at)["ค่าเท่าเดิม"] == "2" and confirm_button(at) is None
    assert batch_count(database) == before + 1


def linked_file(links: str) -> bytes:
    return f"code,district,month,pr_posts,downloads,ลิงก์: pr_posts\n5709,แม่สาย,2567-06,7,700,{links}\n".encode()


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_unchanged_figures_with_a_new_link_can_be_confirmed_and_the_link_is_kept(database, page):
    at = upload(page(), "มิย.csv", linked_file("https://fb.com/june-1"))
    confirm_button(at).click().run()
    before = batch_count(database)
    upload(at, "มิย-2.csv", linked_file('"https://fb.com/june-1 https://fb.com/june-2"'))
    assert metrics(at)["ค่าเท่าเดิม"] == "2" and metrics(at)["ค่าที่เปลี่ยน"] == "0"
    assert "ตัวเลขเหมือนเดิม · หลักฐานใหม่ 1 รายการ" in texts(at.info)
    confirm_button(at).click().run()
    assert not at.exception and "หลักฐานใหม่ 1 รายการ" in texts(at.success)
    assert batch_count(database) == before + 1
    links = query(
        database,
        "SELECT content, added_by FROM evidence WHERE code = '5709' AND month = '2567-06' AND kind = 'link' ORDER BY id",
    )
    assert links == [("https://fb.com/june-1", PROVINCE), ("https://fb.com/june-2", PROVINCE)]

    upload(at, "มิย-3.csv", linked_file('"https://fb.com/june-1 https://fb.com/june-2"'))  # identical in everything
    assert confirm_button(at) is None and "ไม่มีอะไรต้องบันทึก" in texts(at.info)
    assert batch_count(database) == before + 1


def roll_back(at: AppTest, batch: int) -> AppTest:
    at.selectbox(key="rollback_choice").set_value(batch).run()
    at.button(key="rollback_start").click().run()
    at.button(key="rollback_confirm").click().run()
    assert not at.exception
    return at


def send(at: AppTest, name: str, data: bytes) -> int:
    upload(at, name, data)
    confirm_button(at).click().run()
    assert not at.exception
    return int(at.success[0].value.split("หมายเลข ")[1].split(":")[0])


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_rollback_from_the_page_restores_the_values(database, page):
    code, month = "5704", "2567-06"
    had = [current(database, code, month, key) for key in ("pr_posts", "downloads")]
    at = page()
    batch = send(at, "เทิง.csv", file_of(code, "เทิง", month, 777, 55555))
    assert current(database, code, month, "downloads") == "55555"
    roll_back(at, batch)
    assert f"ยกเลิกชุดข้อมูลหมายเลข {batch} แล้ว" in texts(at.success)
    assert [current(database, code, month, key) for key in ("pr_posts", "downloads")] == had
    assert query(database, "SELECT rolled_back_by FROM batches WHERE id = ?", [batch])[0][0] == PROVINCE
    undone = query(database, "SELECT rolled_back_at FROM batches WHERE id = ?", [batch])[0][0]
    newest = at.dataframe[-1].value.iloc[0]  # the history shows it rolled back, and when
    assert (newest["หมายเลข"], newest["ยกเลิกแล้ว"]) == (batch, thai_datetime(undone))


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_rollback_of_a_batch_a_later_one_superseded_is_refused(database, page):
    code, month = "5701", "2567-04"
    at = page()
    first = send(at, "เมือง-1.csv", file_of(code, "เมืองเชียงราย", month, 11, 1111))
    second = send(at, "เมือง-2.csv", file_of(code, "เมืองเชียงราย", month, 12, 2222))
    roll_back(at, first)
    assert f"ถูกแทนที่แล้วโดยชุด {second}" in texts(at.warning)
    assert current(database, code, month, "downloads") == "2222"
    assert query(database, "SELECT rolled_back_at FROM batches WHERE id = ?", [first])[0][0] is None


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_file_without_a_month_column_asks_for_the_month(database, page):
    monthless = "code,district,pr_posts\n5707,แม่จัน,3\n".encode()
    at = upload(page(), "ไม่มีเดือน.csv", monthless)
    assert at.selectbox(key="upload_month").value == "2567-04"  # the sidebar's month, offered first
    assert "ค่าเท่าเดิม" in metrics(at)

    at = upload(page("2567-Q3"), "ไม่มีเดือน.csv", monthless)  # a quarter chosen: no month to offer
    assert at.selectbox(key="upload_month").value is None
    assert "ไฟล์นี้ไม่มีคอลัมน์เดือน" in texts(at.info) and not at.metric
    at.selectbox(key="upload_month").set_value("2567-05").run()
    assert "ค่าเท่าเดิม" in metrics(at) and not at.exception


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_store_errors_are_shown_as_messages_not_tracebacks(database, page, monkeypatch):
    at = upload(page(), "แม่สาย.csv", file_of("5709", "แม่สาย", "2567-04", 31, 313))
    before = batch_count(database)

    def busy(*args, **kwargs):
        raise store.DatabaseBusy("ฐานข้อมูลไม่ว่าง: ลองใหม่อีกครั้ง")

    monkeypatch.setattr("cdd.store.submissions.write", busy)
    confirm_button(at).click().run()
    assert not at.exception and "ฐานข้อมูลไม่ว่าง" in texts(at.error)
    assert batch_count(database) == before


# ---- the guide stays the README's -------------------------------------------------------------------


def test_staff_guide_says_the_same_steps_as_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    steps = upload_view.guide_steps(upload_view.readme_section(readme))
    assert len(steps) == 5
    assert upload_view.guide_steps(upload_view.STAFF_GUIDE) == steps


def test_guide_steps_notice_a_changed_step():
    changed = upload_view.STAFF_GUIDE.replace("วันที่ 15", "วันที่ 10")
    steps = upload_view.guide_steps(upload_view.STAFF_GUIDE)
    assert [i for i, step in enumerate(steps) if "วันที่ 15" in step] == [3]  # the fourth step: when to send
    assert upload_view.guide_steps(changed) == [*steps[:3], steps[3].replace("วันที่ 15", "วันที่ 10"), *steps[4:]]


# ---- the view models --------------------------------------------------------------------------------


def test_template_names_and_periods():
    scheme = schemes()["click-2567-q3"]
    month = upload_view.template_period("2567-04")
    assert upload_view.template_file_name(scheme, month, "xlsx") == "แบบรายงาน-click-2567-q3-2567-04.xlsx"
    assert upload_view.template_file_name(scheme, upload_view.template_period("2567-Q3"), "csv") == (
        "แบบรายงาน-click-2567-q3-2567-q3.csv"
    )
    assert upload_view.template_period("2567") is None
    assert upload_view.template_file_name(scheme, None, "csv") == "แบบรายงาน-click-2567-q3.csv"


def test_problems_table_puts_whole_file_problems_first_and_names_them():
    problems = [
        Problem(5, "เดือน (คอลัมน์ C)", "13", "bad_month", "แก้เดือน"),
        Problem(None, None, None, "unknown_scheme", "เลือกเกณฑ์"),
    ]
    table = upload_view.problems_table(problems)
    assert table.values.tolist() == [
        ["ทั้งไฟล์", "–", "–", "เลือกเกณฑ์"],
        ["5", r"เดือน \(คอลัมน์ C\)", "13", "แก้เดือน"],  # st.table renders Markdown: escaped, shown as typed
    ]


def test_batch_table_in_thai_with_demo_and_rollback_marked():
    frame = pd.DataFrame(
        [
            {
                "id": 7,
                "submitted_at": dt.datetime(2024, 5, 14, 9, 5),
                "submitted_by": "ก",
                "file_name": "a.csv",
                "scheme": "click-2567-q3",
                "period": "2567-04..2567-05",
                "row_count": 2,
                "value_count": 9,
                "superseded": 3,
                "is_demo": True,
                "rolled_back_at": dt.datetime(2024, 5, 20, 16, 0),
                "sha256": "x",
            }
        ]
    )
    row = upload_view.batch_table(frame).iloc[0]
    assert row["เวลา"] == "14 พฤษภาคม 2567 เวลา 09:05 น."
    assert row["ช่วง"] == "เมษายน 2567 – พฤษภาคม 2567"
    assert row["ข้อมูลตัวอย่าง"] == "ตัวอย่าง" and row["ยกเลิกแล้ว"] == "20 พฤษภาคม 2567 เวลา 16:00 น."
    assert upload_view.rollback_choices(frame) == {}


def test_needs_month_only_without_a_month_column():
    monthless = "code,district,pr_posts\n5709,แม่สาย,1\n".encode()
    assert upload_view.needs_month("a.csv", monthless, DEFAULTS)
    assert not upload_view.needs_month("a.csv", HEADER.encode() + b"5709,x,2567-04,,,,,,,\n", DEFAULTS)
    assert not upload_view.needs_month("a.csv", b"", DEFAULTS)
    assert not upload_view.needs_month("a.csv", monthless, Limits(max_upload_mb=0.00001))  # the check says why


# ---- who may send and roll back ---------------------------------------------------------------------


def test_without_an_account_the_screen_offers_sign_in_not_upload(database, page):
    at = page(account=None)
    assert not (at.file_uploader if hasattr(at, "file_uploader") else at.get("file_uploader"))
    assert "เข้าสู่ระบบ" in texts(at.info) and any(t.label == "รหัสผ่าน" for t in at.text_input)
    assert not [b for b in at.button if b.key == "rollback_start"]
    assert not at.dataframe[-1].value.empty  # the history stays readable


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_district_account_cannot_send_another_districts_rows(database, page):
    before = batch_count(database)
    at = upload(page(account=DISTRICT), "เทิง.csv", file_of("5704", "เทิง", "2567-05", 5, 50))
    # refused at check time, in the problem table, before any preview or confirm
    assert not at.exception and confirm_button(at) is None and not at.metric
    shown = at.table[0].value.to_string().replace("\\", "")  # the table escapes Markdown; a person reads no backslash
    assert "ไฟล์นี้มีแถวของอำเภอเทิง: บัญชีนี้ส่งได้เฉพาะอำเภอแม่สาย" in shown
    assert batch_count(database) == before
    at = upload(page(account=DISTRICT), "แม่สาย.csv", file_of("5709", "แม่สาย", "2567-05", 6, 60))
    confirm_button(at).click().run()
    assert batch_count(database) == before + 1  # its own district goes through
    assert not [b for b in at.button if b.key == "rollback_start"]  # and it cannot roll back


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_signing_in_through_the_form(database, page):
    at = page(account=None)
    name, password = (next(t for t in at.text_input if t.label == label) for label in ("ชื่อผู้ใช้", "รหัสผ่าน"))
    name.set_value(PROVINCE)
    password.set_value("ผิด-ผิด-ผิด-ผิด")
    submit = next(b for b in at.button if b.label == "เข้าสู่ระบบ")
    submit.click().run()
    assert "signed_in" not in at.session_state and texts(at.error)  # one plain refusal, no account named
    name, password = (next(t for t in at.text_input if t.label == label) for label in ("ชื่อผู้ใช้", "รหัสผ่าน"))
    name.set_value(PROVINCE)
    password.set_value(PASSWORD)
    next(b for b in at.button if b.label == "เข้าสู่ระบบ").click().run()
    assert at.session_state["signed_in"] == PROVINCE and at.file_uploader
