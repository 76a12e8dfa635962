"""Next quarter without a developer, in a real browser: an administrator clones click-2567-q3 into an
FY2570 Q1 scheme, raises thresholds and watches lint's note come and go, previews, publishes and takes
the new template; a district officer uploads the filled template and sees the grade on the overview;
FY2567's grades are the same afterwards. Screenshots of each step at 1920×1080 and 1280×720 under
test-artifacts/workshop/, and the time of each step in test-artifacts/workshop/steps.txt."""

from __future__ import annotations

import io
import secrets
import time
from pathlib import Path

import openpyxl
import pytest
from browser_server import ARTIFACTS, launched_chromium, streamlit_app

from cdd.office.calendar import parse_period
from cdd.store import database as store
from cdd.store import reference_edits, users
from cdd.store.period_grades import grade_period

pytestmark = pytest.mark.slow
SHOTS = ARTIFACTS / "workshop"
ADMIN, DISTRICT = "ผู้ดูแลเบราว์เซอร์", "เมืองเชียงรายเบราว์เซอร์"
SIZES = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}


def fy2567_grades(path: Path) -> dict:
    with store.connect(path) as con:
        return {
            (scheme, period): [
                (r.district, [(m.mission, m.grade, m.score) for m in r.results])
                for r in grade_period(con, scheme, period, detail="grades")
            ]
            for scheme, period in [
                ("click-2567-q3", "2567-Q3"),
                ("click-2567-q3", "2567-06"),
                ("lampang-2567-q3", "2567-Q3"),
                ("click-2567-q2", "2567-Q2"),
            ]
        }


class Steps:
    """Screenshots at both sizes and the time each step took."""

    def __init__(self, page, first: int = 1):
        self.page, self.times, self.started, self.first = page, [], time.monotonic(), first
        SHOTS.mkdir(parents=True, exist_ok=True)

    def done(self, name: str, focus=None) -> None:
        self.page.wait_for_timeout(800)
        if focus is not None:
            focus.scroll_into_view_if_needed(timeout=15_000)
        for size, (width, height) in SIZES.items():
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.wait_for_timeout(400)
            self.page.screenshot(
                path=str(SHOTS / f"{len(self.times) + self.first:02d}-{name}-{size}.png"), full_page=True
            )
        self.page.set_viewport_size({"width": 1920, "height": 1080})
        now = time.monotonic()
        self.times.append((name, now - self.started))
        self.started = now

    def write(self) -> None:
        lines = [f"{name}\t{seconds:.1f} s" for name, seconds in self.times]
        lines.append(f"total\t{sum(s for _, s in self.times):.1f} s")
        (SHOTS / "steps.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(page):
    return page.locator('[data-testid="stMain"]')


def settle(page) -> None:
    page.wait_for_timeout(600)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=60_000,
    )
    page.wait_for_timeout(600)


def sign_in(page, name: str, password: str) -> None:
    body = main(page)
    body.get_by_label("ชื่อผู้ใช้").fill(name)
    body.get_by_label("รหัสผ่าน").fill(password)
    body.get_by_role("button", name="เข้าสู่ระบบ").click()
    settle(page)


def choose(page, label: str, option: str) -> None:
    main(page).get_by_label(label).click()
    page.get_by_role("option", name=option).first.click()
    settle(page)


def edit_toml(page, old: str, new: str) -> None:
    area = main(page).locator('textarea[aria-label="TOML"]')
    if not area.is_visible():
        main(page).get_by_text("ข้อความ TOML ของร่าง").click()
    area.fill(area.input_value().replace(old, new))
    area.press("Control+Enter")
    settle(page)
    main(page).get_by_role("button", name="ใช้ข้อความนี้").click()
    settle(page)


def eventually(check, seconds: float = 30) -> bool:
    """A check that holds once the app's re-run has drawn the screen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return check()


def lint_notes(page) -> str:
    return " ".join(main(page).locator('[data-testid="stAlertContentWarning"]').all_inner_texts())


def fill_template(data: bytes) -> bytes:
    """The district officer's figures for October 2569 in the row of เมืองเชียงราย, the only row kept."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    keys = [cell.value for cell in sheet[2]]
    values = {
        "month": "2569-10",
        "heads_downloaded": 4,
        "data_updated": "ใช่",
        "pr_posts": 3,
        "pr_channels": 2,
        "activities": 2,
        "downloads": 900,
    }
    for number in range(sheet.max_row, 2, -1):  # the officer keeps the row of their own district
        row = sheet[number]
        if str(row[keys.index("code")].value) != "5701":
            sheet.delete_rows(number)
            continue
        for key, value in values.items():
            if key in keys:
                row[keys.index(key)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_next_quarter_from_a_letter_to_grades_in_the_browser(fresh_db, tmp_path):
    path = fresh_db("browser-workshop")
    admin_password, district_password = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    with store.connect(path) as con:
        users.add_user(con, ADMIN, "admin", admin_password)
        users.add_user(con, DISTRICT, "district", district_password, district="5701")
        # The head count is the administrator's figure (a district may not set it): entered for the new quarter.
        october = parse_period("2569-10")
        rows = reference_edits.figure_rows(store.registry_from(con), "57", october)
        for row in rows:
            row["heads_total"] = 4 if row["code"] == "5701" else row["heads_total"]
        reference_edits.save_figures(con, "57", october, rows, users.active_user(con, ADMIN))
    before = fy2567_grades(path)
    with streamlit_app(path) as url, launched_chromium() as browser:
        run_as_admin(browser, url, admin_password, tmp_path)
        run_as_district(browser, url, district_password, tmp_path)
    assert fy2567_grades(path) == before
    with store.connect(path) as con:
        graded = {r.district: r.results[0].grade for r in grade_period(con, "click-2570-q1", "2569-10", "57")}
    assert graded["5701"] == "A" and graded["5702"] is None  # the upload graded by the new scheme; no one else sent


def run_as_admin(browser, url: str, password: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="th-TH", accept_downloads=True)
    steps = Steps(page)
    page.goto(url + "/workshop")
    page.wait_for_selector("h1", timeout=60_000)
    sign_in(page, ADMIN, password)
    assert main(page).locator("h1").first.inner_text() == "จัดการเกณฑ์"
    steps.done("signed-in")

    source = "ภารกิจสำคัญไตรมาสที่ 3 ปีงบประมาณ 2567: การดำเนินงาน Click ชุมชน — หนังสือจังหวัดเชียงราย ที่ ขร"
    choose(page, "เกณฑ์ต้นแบบ", source)  # by its title and letter, never its id
    main(page).get_by_label("เลขที่หนังสือ").fill("ชร 0019.3/ว 100")
    main(page).get_by_label("ลงวันที่").fill("1 ตุลาคม 2569")
    main(page).get_by_label("เวลา (ว่างไว้ = ภายในวันนั้น)").fill("16:30")
    steps.done("clone-form", main(page).get_by_text("กำหนดส่งเฉพาะภารกิจ"))
    main(page).get_by_role("button", name="สร้างร่างเกณฑ์").click()
    settle(page)
    assert "แก้ไขร่าง: ภารกิจสำคัญไตรมาสที่ 1 ปีงบประมาณ 2570" in main(page).inner_text()
    assert lint_notes(page) == ""
    steps.done("cloned")

    edit_toml(page, "heads_downloaded >= 60% of heads_total", "heads_downloaded >= 75% of heads_total")
    heads_75 = "หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว ไม่น้อยกว่า 75% ของหัวหน้าส่วนราชการสังกัด มท. ในอำเภอ"
    assert eventually(lambda: f"ระดับ C ต้องการ «{heads_75}» มากกว่าระดับ B" in lint_notes(page))
    steps.done("lint-warning", main(page).locator('[data-testid="stAlertContentWarning"]').first)
    edit_toml(page, "heads_downloaded >= 70% of heads_total", "heads_downloaded >= 80% of heads_total")
    assert eventually(lambda: lint_notes(page) == "")
    steps.done("lint-gone")

    main(page).get_by_role("button", name="ทดลองให้ระดับ").click()
    settle(page)
    assert eventually(lambda: "ระดับขึ้น" in main(page).inner_text() and "ระดับลง" in main(page).inner_text())
    steps.done("preview", main(page).get_by_text("ระดับขึ้น").first)

    main(page).get_by_role("button", name="เผยแพร่เกณฑ์นี้").click()
    settle(page)
    assert eventually(lambda: "เผยแพร่ ภารกิจสำคัญไตรมาสที่ 1 ปีงบประมาณ 2570 ฉบับที่ 1 แล้ว" in main(page).inner_text())
    with page.expect_download() as download:
        main(page).get_by_role(
            "button", name="ดาวน์โหลดแบบฟอร์มรายงานของ ภารกิจสำคัญไตรมาสที่ 1 ปีงบประมาณ 2570 ฉบับที่ 1 (Excel)"
        ).click()
    target = tmp_path / "click-2570-q1.xlsx"
    download.value.save_as(target)
    assert target.read_bytes()[:2] == b"PK"
    settle(page)  # a download button re-runs the screen
    steps.done("published", main(page).get_by_text("ประวัติการเผยแพร่").first)
    steps.write()
    page.close()


def run_as_district(browser, url: str, password: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="th-TH")
    steps = Steps(page, first=7)
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill_template((tmp_path / "click-2570-q1.xlsx").read_bytes()))
    page.goto(url + "/upload?province=57&scheme=click-2570-q1&period=2569-10")
    page.wait_for_selector("h1", timeout=60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stExpander"] summary').first.click()
    sidebar.get_by_label("ชื่อผู้ใช้").fill(DISTRICT)
    sidebar.get_by_label("รหัสผ่าน").fill(password)
    sidebar.get_by_role("button", name="เข้าสู่ระบบ").click()
    settle(page)
    main(page).locator('input[type="file"][accept*=".xlsx"]').set_input_files(str(filled))  # not the evidence one
    settle(page)
    assert eventually(lambda: "ไฟล์ถูกต้อง" in main(page).inner_text()), main(page).inner_text()[:2000]
    main(page).get_by_role("button", name="ยืนยันบันทึกข้อมูล").click()
    settle(page)
    steps.done("district-upload")
    page.goto(url + "/?province=57&scheme=click-2570-q1&period=2569-10")
    page.wait_for_selector("h1", timeout=60_000)
    settle(page)
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "ภารกิจสำคัญไตรมาสที่ 1 ปีงบประมาณ 2570 · ตุลาคม 2569" in main(page).inner_text()
    steps.done("overview")
    times = (SHOTS / "steps.txt").read_text(encoding="utf-8")
    (SHOTS / "steps.txt").write_text(times + "".join(f"{n}\t{s:.1f} s\n" for n, s in steps.times), encoding="utf-8")
    page.close()
