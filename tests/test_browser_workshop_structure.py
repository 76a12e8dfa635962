"""The workshop's editing step in a real browser: an administrator clones a scheme, adds a letter's new
indicator and a new mission with the forms, and finds them in the tabs of the draft's tables.
Screenshots of every tab at 1280×720 and 1920×1080 under test-artifacts/workshop-structure/."""

from __future__ import annotations

import secrets

import pytest
from browser_server import ARTIFACTS, launched_chromium, streamlit_app
from test_browser_workshop import choose, main, settle, sign_in

from cdd.store import database as store
from cdd.store import users

pytestmark = pytest.mark.slow
SHOTS = ARTIFACTS / "workshop-structure"
ADMIN = "ผู้ดูแลโครงสร้างเกณฑ์"
TABS = ["ภารกิจ", "ข้อและเกณฑ์", "ระดับและขั้น", "กติกา", "ช่วงคะแนน", "วิธีรวมเดือน", "ตัวชี้วัดใหม่"]


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"))
    page.set_viewport_size({"width": 1280, "height": 720})


def test_a_new_indicator_and_mission_added_in_the_browser_show_in_the_tables(fresh_db):
    path = fresh_db("browser-structure")
    password = secrets.token_urlsafe(16)
    with store.connect(path) as con:
        users.add_user(con, ADMIN, "admin", password)
    with streamlit_app(path) as url, launched_chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="th-TH")
        page.goto(url + "/workshop")
        page.wait_for_selector("h1", timeout=60_000)
        sign_in(page, ADMIN, password)
        choose(page, "เกณฑ์ต้นแบบ", "ภารกิจสำคัญไตรมาสที่ 3 ปีงบประมาณ 2567: การดำเนินงาน Click ชุมชน — หนังสือ")
        main(page).get_by_label("เลขที่หนังสือ").fill("ชร 0019.3/ว 100")
        main(page).get_by_label("ลงวันที่").fill("1 ตุลาคม 2569")
        main(page).get_by_role("button", name="สร้างร่างเกณฑ์").click()
        settle(page)
        body = main(page)

        body.get_by_role("tab", name="ตัวชี้วัดใหม่").click()
        body.get_by_label("รหัส (อังกฤษตัวเล็ก ตัวเลข _)").fill("tiktok_posts")
        body.get_by_label("ชื่อตัวชี้วัด (ภาษาไทย)").fill("จำนวนโพสต์ใน TikTok")
        body.get_by_label("หน่วย").fill("โพสต์")
        body.get_by_role("button", name="เพิ่มตัวชี้วัด").click()
        settle(page)
        body.get_by_role("tab", name="ตัวชี้วัดใหม่").click()
        page.wait_for_timeout(800)
        assert (
            "tiktok_posts" in body.locator('[data-testid="stTabs"]').inner_text()
            or page.get_by_text("จำนวนโพสต์ใน TikTok").count()
        )

        body.get_by_role("tab", name="ภารกิจ").click()
        body.get_by_label("ชื่อภารกิจใหม่").fill("การประชาสัมพันธ์ผ่าน TikTok")
        body.get_by_role("button", name="เพิ่มภารกิจ").click()
        settle(page)
        toml = body.locator("[data-testid=stExpander]").first
        toml.get_by_text("ข้อความ TOML ของร่าง").click()
        page.wait_for_timeout(500)
        text = body.locator('textarea[aria-label="TOML"]').input_value()
        assert "[indicators.tiktok_posts]" in text and 'title = "การประชาสัมพันธ์ผ่าน TikTok"' in text
        toml.get_by_text("ข้อความ TOML ของร่าง").click()

        for number, tab in enumerate(TABS, 1):
            body.get_by_role("tab", name=tab).click()
            page.wait_for_timeout(600)
            body.locator('[data-testid="stTabs"]').scroll_into_view_if_needed()
            shoot(page, f"{number:02d}-{tab}")
        page.close()
