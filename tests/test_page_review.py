"""ตรวจรายงาน and the evidence part of นำเข้าข้อมูล, run as people use them (AppTest): the province returns
one figure with a comment, the district reads it on its upload screen and sends a link, the province
accepts; a district account never sees another district's months."""

from __future__ import annotations

import pytest
from conftest import figure_spec, set_reference

from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import read_submission
from cdd.office.calendar import thai_datetime
from cdd.office.thai import plain_text
from cdd.rubrics.indicators import CATALOGUE
from cdd.store import database as store
from cdd.store import imports, review, users
from cdd.store.submissions import write

PROVINCE, CLERK, OTHER, PASSWORD = "ผู้ตรวจจังหวัด", "เสมียนแม่สาย", "เสมียนเทิง", "รหัสผ่านยาวพอ-2567"
FILE = (
    "code,month,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads,ลิงก์: pr_posts,หมายเหตุ\n"
    "5709,2567-04,3,ใช่,2,3,2,85,https://www.facebook.com/p/1,ส่งตามกำหนด\n"
)
MONTH = ("5709", "2567-04")


@pytest.fixture(scope="module")
def database(fresh_db, tmp_path_factory):
    path = fresh_db("review", demo=False)
    con = store.connect(path)
    users.add_user(con, PROVINCE, "province", PASSWORD)
    users.add_user(con, CLERK, "district", PASSWORD, district="5709")
    users.add_user(con, OTHER, "district", PASSWORD, district="5704")
    set_reference(con, "5709", "2567-04", "heads_total", 4)  # the administrator's figure, not the clerk's
    submission, problems = read_submission("april.csv", FILE.encode(), registry(), schemes())
    assert problems == []
    write(con, submission, "april.csv", FILE.encode(), users.active_user(con, CLERK))
    con.close()
    return path


@pytest.fixture
def page(open_page, database, monkeypatch, tmp_path):
    monkeypatch.setenv("CDD_EVIDENCE_DIR", str(tmp_path / "evidence"))

    def open_(screen: str, account: str):
        at = open_page(database, screen, province="57", scheme="click-2567-q3", period="2567-04")
        at.session_state["signed_in"] = account
        return at.run()

    return open_


def state_of(database) -> str:
    con = store.connect(database)
    try:
        return review.month_reviews(con)[MONTH].state
    finally:
        con.close()


def texts(elements) -> str:
    return "\n".join(e.value.to_csv() if hasattr(e.value, "to_csv") else str(e.value) for e in elements)


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_return_read_resend_accept(page, database):
    at = page("screens/review.py", PROVINCE)
    assert plain_text("https://www.facebook.com/p/1") in texts(
        at.table
    )  # st.table: shown as typed and "ส่งตามกำหนด" in texts(at.table)
    at.selectbox(key="review_item").set_value("pr_posts")
    at.text_area(key="review_comment").set_value("ลิงก์โพสต์ที่สองหายไป")
    at.button[1].click().run()  # ส่งกลับแก้ไข
    assert not at.exception and "ส่งกลับแก้ไข" in texts(at.success)
    assert state_of(database) == review.RETURNED

    clerk = page("screens/upload.py", CLERK)
    assert "ลิงก์โพสต์ที่สองหายไป" in texts(clerk.warning)
    clerk.selectbox(key="evidence_item").set_value("pr_posts")
    clerk.text_input(key="evidence_link").set_value("https://www.facebook.com/p/2")
    clerk.button(key="FormSubmitter:add_evidence-แนบหลักฐาน").click().run()
    assert not clerk.exception and "แนบหลักฐานแล้ว" in texts(clerk.success)
    assert state_of(database) == review.WAITING

    again = page("screens/review.py", PROVINCE)
    assert plain_text("https://www.facebook.com/p/2") in texts(again.table)
    again.button[0].click().run()  # ผ่าน, the whole month
    assert state_of(database) == review.ACCEPTED


def test_a_district_sees_only_its_own_months_and_cannot_decide(page):
    other = page("screens/review.py", OTHER)
    assert ("5709" not in texts(other.table) and not other.dataframe) or "แม่สาย" not in str(other.dataframe[0].value)
    clerk = page("screens/review.py", CLERK)
    assert not clerk.exception and not [b for b in clerk.button if b.label in ("ผ่าน", "ส่งกลับแก้ไข")]


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_javascript_link_is_refused_on_the_screen(page):
    clerk = page("screens/upload.py", CLERK)
    clerk.text_input(key="evidence_link").set_value("javascript:alert(1)")
    clerk.button(key="FormSubmitter:add_evidence-แนบหลักฐาน").click().run()
    assert plain_text("https://") in texts(clerk.error) and not clerk.success


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_overview_and_the_status_grid_say_what_was_checked(page, database):
    con = store.connect(database)
    try:
        province = users.active_user(con, PROVINCE)
        review.decide(con, province, *MONTH, "", review.RETURNED, "แนบรูปกิจกรรม")
    finally:
        con.close()
    status = page("screens/status.py", PROVINCE)
    assert "แนบรูปกิจกรรม" in texts(status.dataframe) and "แม่สาย" in texts(status.dataframe)
    overview = page("screens/overview.py", PROVINCE)
    spec = figure_spec(overview)
    heat = spec["data"][0]
    row = list(heat["y"]).index("แม่สาย")
    assert heat["x"][-1] == "การตรวจ" and heat["text"][row][-1] == "ส่งกลับ"
    con = store.connect(database)
    try:
        review.decide(con, users.active_user(con, PROVINCE), *MONTH, "", review.ACCEPTED)
    finally:
        con.close()
    heat = figure_spec(page("screens/overview.py", PROVINCE))["data"][0]
    assert heat["text"][row][-1] == "ตรวจแล้ว"


@pytest.fixture
def landing_db(fresh_db):
    """Its own database: the test returns a month and resends it, which the module's shared one must not see."""
    path = fresh_db("review-landing", demo=False)
    con = store.connect(path)
    users.add_user(con, PROVINCE, "province", PASSWORD)
    users.add_user(con, CLERK, "district", PASSWORD, district="5709")
    users.add_user(con, OTHER, "district", PASSWORD, district="5704")
    set_reference(con, "5709", "2567-04", "heads_total", 4)
    submission, problems = read_submission("april.csv", FILE.encode(), registry(), schemes())
    assert problems == []
    write(con, submission, "april.csv", FILE.encode(), users.active_user(con, CLERK))
    con.close()
    return path


def landing(open_page, database, account: str):
    """The app as it opens after signing in: no screen named in the link, the account's own home."""
    at = open_page(database, "screens/overview.py")
    at.session_state["signed_in"] = account
    return at.run()


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_returned_month_greets_its_district_on_the_landing_screen_until_resent(open_page, landing_db):
    comment = "ลิงก์โพสต์ที่สองหายไป *แนบใหม่*"
    con = store.connect(landing_db)
    try:
        decision = review.decide(con, users.active_user(con, PROVINCE), *MONTH, "pr_posts", review.RETURNED, comment)
        decided_at = review.history(con, users.active_user(con, PROVINCE), *MONTH)[0].decided_at
    finally:
        con.close()
    assert decision == 1

    clerk = landing(open_page, landing_db, CLERK)
    assert not clerk.exception
    notice = texts(clerk.warning)
    assert "จังหวัดส่งรายงานกลับให้แก้ไข 1 รายการ" in notice and "อำเภอแม่สาย · เมษายน 2567" in notice
    assert plain_text(comment) in notice and "\\*แนบใหม่\\*" in notice  # as typed, not as Markdown
    assert f"ส่งกลับโดย {plain_text(PROVINCE)} เมื่อ {thai_datetime(decided_at)}" in notice
    assert CATALOGUE["pr_posts"].label in notice
    links = clerk.get("page_link")
    assert [link.proto.page for link in links if "ส่งใหม่" in link.proto.label] == ["upload"]  # นำเข้าข้อมูล

    other = landing(open_page, landing_db, OTHER)
    assert not other.exception and "ส่งกลับให้แก้ไข" not in texts(other.warning)
    assert not [link for link in other.get("page_link") if "ส่งใหม่" in link.proto.label]

    resent = FILE.replace("https://www.facebook.com/p/1", "https://www.facebook.com/p/1 https://www.facebook.com/p/2")
    con = store.connect(landing_db)
    try:
        checked = imports.check_file(con, "april-2.csv", resent.encode(), schemes(), by=users.active_user(con, CLERK))
        assert checked.problems == [] and checked.plan is not None and checked.plan.new_evidence == 1
        assert imports.import_checked(con, checked, users.active_user(con, CLERK)).batch is not None
    finally:
        con.close()
    again = landing(open_page, landing_db, CLERK)
    assert not again.exception and "ส่งกลับให้แก้ไข" not in texts(again.warning)
    assert state_of(landing_db) == review.WAITING
