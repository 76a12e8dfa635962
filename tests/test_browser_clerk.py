"""A district clerk's path in a real browser (Debian's chromium, driven by Playwright), at 1280×720 and
1920×1080: sign in from a link, land on the own province, scheme and owed month, download the own
template, reload mid-way and stay signed in, have another district's row refused at check time, send
the own figures, see only the own batches, sign out. Screenshots go to test-artifacts/clerk/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from browser_server import ARTIFACTS, browser_fixture, streamlit_app  # noqa: F401  (fixture browser)
from openpyxl import load_workbook

from cdd.grading import inputs
from cdd.intake.validate import read_submission
from cdd.store import database as store
from cdd.store import users
from cdd.store.submissions import batches

pytestmark = pytest.mark.slow

PASSWORD = "a-long-test-password"  # made at run time, in a database of the test's own
SIZES = {"1280": (1280, 720), "1920": (1920, 1080)}
SHOTS = ARTIFACTS / "clerk"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def closed_app(fresh_db):
    """The app over a database that needs an account to read, with a clerk of เทิง (5704, เชียงราย)."""
    path = fresh_db("clerk")
    with store.connect(path) as con:
        users.add_user(con, "clerk_thoeng", "district", PASSWORD, "5704")
        users.set_open_viewing(con, False)
    with streamlit_app(path) as url:
        yield url, path


def settle(page) -> None:
    """The script has finished its run: no spinner, no skeleton, the status widget idle."""
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function(
        '!document.querySelector(\'[data-testid="stSpinner"], [data-testid="stSkeleton"]\')'
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=60_000,
    )
    page.wait_for_timeout(1000)


def shot(page, size: str, name: str, whole: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=whole)


def sign_in(page, name: str) -> None:
    form = page.locator('[data-testid="stMain"]')
    form.get_by_label("ชื่อผู้ใช้").fill(name)
    form.get_by_label("รหัสผ่าน").fill(PASSWORD)
    form.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText !== 'เข้าสู่ระบบ'")
    settle(page)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def send(page, name: str, data: bytes) -> None:
    # The report's uploader (it takes spreadsheets); the evidence uploader beside it takes photos and PDFs.
    page.locator('[data-testid="stFileUploaderDropzoneInput"][accept*=".xlsx"]').set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )
    page.wait_for_function(  # the check's answer, either way
        "['ไฟล์มีปัญหา', 'ไฟล์ถูกต้อง'].some(t => document.querySelector('[data-testid=\"stMain\"]').innerText.includes(t))",
        timeout=60_000,
    )
    settle(page)


def shows(page, text: str) -> None:
    """Wait until the main area shows `text` (a table fills in after the box above it)."""
    page.wait_for_function(
        "text => document.querySelector('[data-testid=\"stMain\"]').innerText.includes(text)", arg=text, timeout=30_000
    )


def filled(template: bytes, other_row: bool, figure: int = 1) -> bytes:
    """The clerk's template with one figure filled in; `other_row` adds a row for พาน (5705) too."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    keys = [cell.value for cell in sheet[2]]
    column = keys.index("heads_downloaded") + 1
    sheet.cell(row=3, column=column, value=figure)
    if other_row:
        row = [cell.value for cell in sheet[3]]
        row[keys.index("code")], row[keys.index("district")] = "5705", "พาน"
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_clerk_from_sign_in_to_a_confirmed_upload(browser, closed_app, fresh_db, size):
    url, path = closed_app
    with store.connect(fresh_db("clerk-count")) as con:  # the demo's batches of เทิง, out of hundreds
        own_batches, every_batch = len(batches(con, district="5704")), len(batches(con))
    assert 0 < own_batches < every_batch
    context = browser.new_context(viewport=dict(zip(("width", "height"), SIZES[size])), locale="th-TH")
    page = context.new_page()
    try:
        # 1. the sign-in page names the screen in Thai; signing in lands on the own work
        page.goto(url + "/upload")
        settle(page)
        assert page.locator("h1").first.inner_text() == "เข้าสู่ระบบ"
        shows(page, "นำเข้าข้อมูล")  # the screen the link named, in Thai
        assert "python -m" not in main_text(page) and "upload" not in page.title()
        shot(page, size, "1-sign-in")
        sign_in(page, "clerk_thoeng")
        assert page.locator("h1").first.inner_text() == "นำเข้าข้อมูล"
        assert "province=57" in page.url and "scheme=click-2567-q3" in page.url and "period=2567-06" in page.url
        shot(page, size, "2-landed")

        # the template: only เทิง's row, the key row hidden, and still read back whole
        with page.expect_download() as download:
            page.get_by_role("button", name="แบบฟอร์ม Excel (.xlsx)").click()
        template = Path(download.value.path()).read_bytes()
        sheet = load_workbook(io.BytesIO(template)).worksheets[0]
        assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["5704"]
        assert sheet.row_dimensions[2].hidden
        registry, schemes = inputs.registry(), inputs.schemes()
        submission, problems = read_submission("t.xlsx", filled(template, False), registry, schemes)
        assert problems == [] and [r.district.code for r in submission.rows] == ["5704"]

        # 3. a reload mid-way keeps the session
        page.reload()
        settle(page)
        assert page.locator("h1").first.inner_text() == "นำเข้าข้อมูล"
        assert "clerk_thoeng" in page.locator('[data-testid="stSidebar"]').inner_text()
        assert "token" not in page.url and "session" not in page.url

        # 2. another district's row is a problem at check time, in Thai, with no preview and no backup
        backups = store.database_path(path).parent / "backups"
        before = sorted(backups.glob("*")) if backups.exists() else []
        send(page, "รายงาน-พาน.xlsx", filled(template, True))
        shows(page, "ไฟล์นี้มีแถวของอำเภอพาน: บัญชีนี้ส่งได้เฉพาะอำเภอเทิง")  # the problem table, in words
        text = main_text(page)
        shot(page, size, "3-other-district-refused", whole=True)
        assert "ไฟล์ถูกต้อง" not in text and "other_district" not in text and "รหัสปัญหา" not in text
        assert page.get_by_role("button", name="ยืนยันบันทึกข้อมูล").count() == 0
        assert (sorted(backups.glob("*")) if backups.exists() else []) == before
        shot(page, size, "3-other-district-refused", whole=True)

        # the own row alone goes through: preview, confirm, written
        send(page, "รายงาน-เทิง.xlsx", filled(template, False, figure=int(size[:2])))  # a new figure at each size
        shows(page, "ไฟล์ถูกต้อง")
        page.get_by_role("button", name="ยืนยันบันทึกข้อมูล").click()
        page.wait_for_timeout(1500)
        settle(page)
        assert "บันทึกแล้ว" in main_text(page)
        shot(page, size, "4-confirmed", whole=True)

        # 4. the history holds the own district's batches only
        shown = re.search(r"ชุดข้อมูลของอำเภอเทิง ล่าสุด (\d+) ชุด", main_text(page))
        assert shown and own_batches < int(shown[1]) <= own_batches + len(SIZES)  # one more per size run

        # sign-out is explicit, and a reload afterwards does not sign back in
        page.get_by_role("button", name="ออกจากระบบ").click()
        page.wait_for_timeout(1500)
        settle(page)
        page.reload()
        settle(page)
        assert page.locator("h1").first.inner_text() == "เข้าสู่ระบบ"
        shot(page, size, "5-signed-out")
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_a_shared_link_leads_to_its_screen_after_sign_in(browser, closed_app, size):
    url, _ = closed_app
    context = browser.new_context(viewport=dict(zip(("width", "height"), SIZES[size])), locale="th-TH")
    page = context.new_page()
    try:
        page.goto(url + "/gaps?province=52&scheme=lampang-2567-q3&period=2567-Q3")
        settle(page)
        assert page.locator("h1").first.inner_text() == "เข้าสู่ระบบ"
        shows(page, "สิ่งที่ยังขาด")
        assert "gaps" not in main_text(page)
        sign_in(page, "clerk_thoeng")
        assert page.locator("h1").first.inner_text() == "สิ่งที่ยังขาด"
        assert "province=52" in page.url and "scheme=lampang-2567-q3" in page.url
        shot(page, size, "6-link-after-sign-in")
        # an opened link in a new tab of the same browser is already signed in
        other = context.new_page()
        other.goto(url + "/status")
        settle(other)
        assert other.locator("h1").first.inner_text() == "สถานะการส่งรายงาน"
        other.close()
    finally:
        context.close()
