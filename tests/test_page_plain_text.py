"""People's text on every screen, as people use them (AppTest): a review comment, an evidence link and its
note, a batch's file name, an account's name and a rubric's title typed in the workshop are shown as typed.
Markdown in them never renders (no image fetched from an outside address, no link), and a bidi override
never turns them around."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import read_submission
from cdd.office.thai import plain_text
from cdd.store import database as store
from cdd.store import evidence, review, users
from cdd.store.submissions import write

IMAGE = "![x](http://example.invalid/a.png)"
OVERRIDE = "\u202e"
TYPED = f"{OVERRIDE}{IMAGE}"  # both at once, as a person could paste them
ADMIN, PROVINCE, CLERK, PASSWORD = "ผู้ดูแลข้อความ", "ผู้ตรวจข้อความ", "เสมียนข้อความ", "รหัสผ่านยาวพอ-2567"
ODD_ACCOUNT = f"{OVERRIDE}ปลอม{IMAGE}"
FILE_NAME = f"{OVERRIDE}gpj.{IMAGE}.csv"
FILE = (
    "code,month,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads\n5709,2567-04,3,ใช่,2,3,2,85\n"
)
MONTH = ("5709", "2567-04")
PDF_NAME = "ภาพ ![x](a.png).pdf"  # a file name keeps no folder: an image by a relative address
# Every kind of element that renders Markdown, and those that show text as it is (checked for bidi controls).
MARKDOWN_KINDS = ("markdown", "caption", "success", "info", "warning", "error", "subheader", "title", "toast")


@pytest.fixture(scope="module")
def database(fresh_db):
    path = fresh_db("plain-text", demo=False)
    with store.connect(path) as con:
        users.add_user(con, ADMIN, "admin", PASSWORD)
        users.add_user(con, PROVINCE, "province", PASSWORD)
        users.add_user(con, CLERK, "district", PASSWORD, district="5709")
        users.add_user(con, ODD_ACCOUNT, "viewer", PASSWORD)
        submission, problems = read_submission(FILE_NAME, FILE.encode(), registry(), schemes())
        assert problems == []
        write(con, submission, FILE_NAME, FILE.encode(), users.active_user(con, CLERK))
    return path


@pytest.fixture
def screen(open_page, database, monkeypatch, tmp_path):
    monkeypatch.setenv("CDD_EVIDENCE_DIR", str(tmp_path / "evidence"))

    def open_(page: str, account: str) -> AppTest:
        at = open_page(database, page, province="57", scheme="click-2567-q3", period="2567-04")
        at.session_state["signed_in"] = account
        at.run()
        assert not at.exception
        return at

    return open_


def rendered(at: AppTest) -> str:
    """The Markdown of every element that renders it, and every cell of its tables (st.table renders them)."""
    parts = [str(e.value) for kind in MARKDOWN_KINDS for e in at.get(kind)]
    parts += [t.value.to_csv() for t in at.table]
    return "\n".join(parts)


def cells(at: AppTest) -> str:
    return "\n".join(d.value.to_csv() for d in at.dataframe)


def assert_shown_as_typed(at: AppTest) -> None:
    """No element renders an image or a link to the outside address, and nothing is turned around."""
    shown = rendered(at)
    assert "](http" not in shown and "![" not in shown and "<img" not in shown
    assert OVERRIDE not in shown + cells(at)
    assert all(OVERRIDE not in str(option) for box in at.selectbox for option in box.options)


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_review_comment_is_shown_as_typed_to_the_district_and_in_the_history(screen, database):
    at = screen("screens/review.py", PROVINCE)
    at.selectbox(key="review_item").set_value("pr_posts")
    at.text_area(key="review_comment").set_value(f"แก้ลิงก์ {TYPED}")
    next(b for b in at.button if b.label == "ส่งกลับแก้ไข").click().run()
    with store.connect(database) as con:
        assert review.month_reviews(con)[MONTH].state == review.RETURNED
    clerk = screen("screens/upload.py", CLERK)
    assert plain_text(IMAGE) in "\n".join(w.value for w in clerk.warning)  # the comment, escaped
    assert_shown_as_typed(clerk)
    again = screen("screens/review.py", PROVINCE)
    again.radio(key="review_state").set_value(review.RETURNED).run()  # the month sent back
    assert f"แก้ลิงก์ {IMAGE}" in cells(again)  # the queue and the history: plain cells, no override
    assert_shown_as_typed(again)


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_an_evidence_link_and_its_note_are_shown_as_typed_to_the_reviewer(screen):
    clerk = screen("screens/upload.py", CLERK)
    clerk.selectbox(key="evidence_item").set_value("pr_posts")
    clerk.text_input(key="evidence_link").set_value("https://example.org/post(1)")
    clerk.text_input(key="evidence_note").set_value(TYPED)
    clerk.button(key="FormSubmitter:add_evidence-แนบหลักฐาน").click().run()
    assert not clerk.exception and clerk.success
    at = screen("screens/review.py", PROVINCE)
    sheet = at.table[0].value.to_csv()
    assert plain_text(IMAGE) in sheet and plain_text("https://example.org/post(1)") in sheet
    assert_shown_as_typed(at)


def test_an_evidence_file_name_is_shown_as_typed_in_its_caption_and_button(screen, database, tmp_path, monkeypatch):
    monkeypatch.setenv("CDD_EVIDENCE_DIR", str(tmp_path / "evidence"))
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with store.connect(database) as con:
        evidence.add_file(con, users.active_user(con, CLERK), *MONTH, "", PDF_NAME, pdf, TYPED)
    at = screen("screens/review.py", PROVINCE)
    labels = [e.proto.label for e in at.main if getattr(e, "type", "") == "download_button"]
    assert labels == [f"ดาวน์โหลด {plain_text(PDF_NAME)}"]  # a button's label renders Markdown too
    assert_shown_as_typed(at)


def test_a_batch_file_name_is_shown_as_typed_in_the_history(screen):
    at = screen("screens/upload.py", PROVINCE)
    history = next(d.value for d in at.dataframe if "ไฟล์" in d.value.columns)
    assert history["ไฟล์"].tolist() == [f"gpj.{IMAGE}.csv"]  # a plain cell: no override, nothing rendered
    assert_shown_as_typed(at)


def test_an_account_name_is_shown_as_typed_in_the_admin_screen(screen):
    at = screen("screens/admin.py", ADMIN)
    listed = next(d.value for d in at.dataframe if "ชื่อผู้ใช้" in d.value.columns)
    assert f"ปลอม{IMAGE}" in listed["ชื่อผู้ใช้"].tolist()
    at.selectbox(key="edit_name").set_value(ODD_ACCOUNT).run()
    next(b for b in at.button if b.label == "ปิดใช้งาน").click().run()
    assert f"ปิดใช้งาน {plain_text(ODD_ACCOUNT)} แล้ว" in "\n".join(s.value for s in at.success)
    assert_shown_as_typed(at)


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_signed_in_account_name_is_shown_as_typed_in_the_sidebar(screen, database):
    with store.connect(database) as con:
        users.add_user(con, f"{IMAGE}ผู้ชม", "viewer", PASSWORD)
    at = screen("screens/overview.py", f"{IMAGE}ผู้ชม")
    assert f"เข้าสู่ระบบเป็น {plain_text(IMAGE)}ผู้ชม" in "\n".join(c.value for c in at.sidebar.caption)
    assert_shown_as_typed(at)


def test_a_rubric_title_typed_in_the_workshop_is_shown_as_typed(screen):
    at = screen("screens/workshop.py", ADMIN)
    next(t for t in at.text_input if t.label == "ชื่อเกณฑ์ (ภาษาไทย)").set_value(f"เกณฑ์ {TYPED}")
    next(t for t in at.text_input if t.label == "เลขที่หนังสือ").set_value(f"ชร {IMAGE}")
    next(t for t in at.text_input if t.label == "ลงวันที่").set_value("1 ตุลาคม 2569")
    next(s for s in at.selectbox if s.label == "เกณฑ์ต้นแบบ").set_value("click-2567-q3")
    next(b for b in at.button if b.label == "สร้างร่างเกณฑ์").click()
    at.run()
    assert not at.exception
    headings, captions = ("\n".join(e.value for e in elements) for elements in (at.subheader, at.caption))
    assert f"เกณฑ์ {plain_text(IMAGE)}" in headings and f"ชร {plain_text(IMAGE)}" in captions
    assert_shown_as_typed(at)
