"""The check of a month in a real browser (Debian's chromium, Playwright): a district clerk sends a month
with links and a photo, the province returns one figure with a comment, the clerk reads it and sends a
further link, the province accepts, and the overview's heatmap shows the district as checked.
Accounts are made here, at test time; screenshots go to test-artifacts/review-*.png."""

from __future__ import annotations

import struct
import zlib

import pytest
from browser_server import ARTIFACTS, launched_chromium, streamlit_app
from conftest import set_reference

from cdd.store import database as store
from cdd.store import users

pytestmark = pytest.mark.slow

PASSWORD = "รหัสผ่านยาวพอ-2567"
CLERK, PROVINCE = "เสมียนแม่สาย", "ผู้ตรวจจังหวัด"
REPORT = (
    "code,month,heads_downloaded,data_updated,pr_posts,ช่องทาง: Facebook,ช่องทาง: Line,"
    "ชื่อกิจกรรม,downloads,ลิงก์: pr_posts,หมายเหตุ\n"
    '5709,2567-04,3,ใช่,2,2,1,"ประชุมผู้นำ; ตลาดนัด",85,https://www.facebook.com/p/1,ส่งตามกำหนด\n'
)
COMMENT = "ลิงก์โพสต์ที่สองหายไป"


def png(width: int = 40, height: int = 30) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x2a\x7f\xd4" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def app_url(fresh_db, tmp_path_factory):
    path = fresh_db("browser-review", demo=False)
    con = store.connect(path)
    users.add_user(con, CLERK, "district", PASSWORD, district="5709")
    users.add_user(con, PROVINCE, "province", PASSWORD)
    set_reference(con, "5709", "2567-04", "heads_total", 4)  # the administrator's figure, not the clerk's
    con.close()
    evidence = tmp_path_factory.mktemp("evidence")
    with streamlit_app(path, CDD_EVIDENCE_DIR=str(evidence)) as url:
        yield url


@pytest.fixture
def page(app_url):
    with launched_chromium() as chromium:
        tab = chromium.new_page(viewport={"width": 1280, "height": 720}, locale="th-TH")
        tab.set_default_timeout(60_000)
        yield tab


def settle(page) -> None:
    page.wait_for_timeout(800)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSpinner\"]')")
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")
    page.wait_for_timeout(800)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)


def main(page):
    return page.locator('[data-testid="stMain"]')


def sign_in(page, name: str) -> None:
    form = main(page).locator('[data-testid="stForm"]').filter(has_text="รหัสผ่าน").first
    form.get_by_label("ชื่อผู้ใช้").fill(name)
    form.get_by_label("รหัสผ่าน").fill(PASSWORD)
    form.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.get_by_text(f"เข้าสู่ระบบเป็น {name}").wait_for()
    settle(page)


def sign_out(page) -> None:
    page.get_by_role("button", name="ออกจากระบบ").click()
    settle(page)


def go(page, screen: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=screen).click()
    page.locator("h1").filter(has_text=screen).wait_for()
    settle(page)


def choose(page, label: str, option: str) -> None:
    box = main(page).locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.scroll_into_view_if_needed()
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option", name=option).first.click()
    settle(page)


def test_return_resend_accept_in_the_browser(page, app_url, tmp_path):
    report, photo = tmp_path / "เมษายน.csv", tmp_path / "ประชุม.png"
    report.write_text(REPORT, encoding="utf-8")
    photo.write_bytes(png())

    page.goto(app_url + "/upload?province=57&scheme=click-2567-q3&period=2567-04")
    page.locator("h1").wait_for()
    settle(page)
    sign_in(page, CLERK)
    uploaders = main(page).locator('[data-testid="stFileUploader"] input[type=file]')
    uploaders.nth(0).set_input_files(str(report))
    page.get_by_role("button", name="ยืนยันบันทึกข้อมูล").click()
    page.get_by_text("บันทึกแล้ว ชุดข้อมูลหมายเลข").wait_for()
    settle(page)
    main(page).locator('[data-testid="stForm"]').filter(has_text="แนบหลักฐาน").locator(
        "input[type=file]"
    ).set_input_files(str(photo))
    settle(page)
    page.get_by_role("button", name="แนบหลักฐาน").click()
    page.get_by_text("แนบหลักฐานแล้ว").wait_for()
    shot(page, "1-clerk-sent")
    sign_out(page)

    sign_in(page, PROVINCE)
    go(page, "ตรวจรายงาน")
    main(page).get_by_text("https://www.facebook.com/p/1", exact=False).first.wait_for()
    main(page).locator('[data-testid="stImage"] img').first.wait_for()  # the photo, beside the figures
    choose(page, "ตรวจ", "จำนวนครั้งที่เผยแพร่ประชาสัมพันธ์")
    main(page).get_by_label("ความเห็นถึงอำเภอ (ต้องมีเมื่อส่งกลับแก้ไข)").fill(COMMENT)
    page.get_by_role("button", name="ส่งกลับแก้ไข").click()
    page.get_by_text("บันทึกผล ส่งกลับแก้ไข", exact=False).filter(has_text="เผยแพร่ประชาสัมพันธ์").wait_for()
    settle(page)
    shot(page, "2-province-returned")
    sign_out(page)

    sign_in(page, CLERK)
    go(page, "นำเข้าข้อมูล")
    notices = main(page).locator('[data-testid="stAlert"]').filter(has_text="ถูกส่งกลับแก้ไข")
    assert COMMENT in notices.first.inner_text()
    shot(page, "3-clerk-reads-comment")
    choose(page, "ตัวชี้วัด", "จำนวนครั้งที่เผยแพร่ประชาสัมพันธ์")
    main(page).get_by_label("ลิงก์ (https://…)").fill("https://www.facebook.com/p/2")
    page.get_by_role("button", name="แนบหลักฐาน").click()
    page.get_by_text("แนบหลักฐานแล้ว").wait_for()
    settle(page)
    sign_out(page)

    sign_in(page, PROVINCE)
    go(page, "ตรวจรายงาน")
    main(page).get_by_text("https://www.facebook.com/p/2", exact=False).first.wait_for()
    page.get_by_role("button", name="ผ่าน", exact=True).click()
    page.get_by_text("บันทึกผล ผ่าน").wait_for()
    settle(page)
    shot(page, "4-province-accepted")
    sign_out(page)

    go(page, "ภาพรวม")  # the director, reading without an account (open viewing)
    chart = main(page).locator('[data-testid="stPlotlyChart"]').first
    chart.wait_for()
    page.wait_for_timeout(1500)
    assert "ตรวจแล้ว" in chart.inner_text() and "การตรวจ" in chart.inner_text()
    shot(page, "5-director-overview")
    chart.locator("text=แม่สาย").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    chart.screenshot(path=str(ARTIFACTS / "review-6-director-heatmap.png"))
