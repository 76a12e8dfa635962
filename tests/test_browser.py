"""Every screen in a real browser (Debian's chromium, driven by Playwright), as a person would see it.

The app runs on a free port against a demo database (tests/browser_server.py starts it and the browser);
each screen is opened at 1280×720, checked for error boxes and for the Sarabun font, and saved as a
screenshot under test-artifacts/ for people to look at.
"""

from __future__ import annotations

import re
import urllib.request

import pytest
from browser_server import ARTIFACTS, browser_fixture, demo_app_fixture  # noqa: F401  (fixtures browser, app_url)

pytestmark = pytest.mark.slow  # the inner loop skips these: python -m pytest -m 'not slow'


SCREENS = {
    "overview": "/?province=52&scheme=lampang-2567-q3&period=2567-Q3",
    "targets": "/targets?province=57&scheme=click-2567-q3&period=2567-05",
    "gaps": "/gaps?province=57&scheme=click-2567-q2&period=2567-02",
    "district": "/district?province=52&scheme=lampang-2567-q3&period=2567-Q3&district=5201",
    "upload": "/upload?province=57&scheme=click-2567-q3&period=2567-04",
    "status": "/status?province=27&scheme=sakaeo-click-2568&period=2568-Q2",
    "rubrics": "/rubrics?province=31&scheme=buriram-digital-2568&period=2568-Q2",
    "meeting": "/meeting?province=57&scheme=click-2567-q2&period=2567-Q2",
}


def open_screen(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="th-TH")
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSpinner\"]')", timeout=60_000)
    page.wait_for_timeout(1500)  # charts draw after the script finishes
    return page


def test_a_link_straight_to_a_screen_goes_through_the_app(browser, app_url):
    """The first request to a fresh server is a colleague's link to a screen, not the front page."""
    page = open_screen(browser, app_url + SCREENS["gaps"])
    try:
        menu = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "สิ่งที่ยังขาด" in menu and "ภาพรวม" in menu and "gaps" not in menu
        assert page.locator("h1").first.inner_text() == "สิ่งที่ยังขาด"
    finally:
        page.close()


def test_the_menu_keeps_the_province_scheme_and_period(browser, app_url):
    page = open_screen(browser, app_url + SCREENS["overview"])
    try:
        page.get_by_role("link", name="สิ่งที่ยังขาด").click()
        page.wait_for_url("**/gaps?**", timeout=30_000)
        page.wait_for_timeout(1500)
        assert "province=52" in page.url and "scheme=lampang-2567-q3" in page.url and "period=2567-Q3" in page.url
        assert "จังหวัดลำปาง" in page.locator('[data-testid="stMain"]').inner_text()  # the screen's caption
    finally:
        page.close()


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_in_a_real_browser(browser, app_url, name):
    page = open_screen(browser, app_url + SCREENS[name])
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        body_font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert body_font.startswith("Sarabun"), body_font
        assert page.evaluate("document.fonts.check('16px Sarabun', 'ภาษาไทย')")
        assert "Traceback" not in page.content()
    finally:
        page.close()


def test_the_sarabun_files_are_served_from_this_app(app_url):
    data = urllib.request.urlopen(f"{app_url}/app/static/fonts/sarabun-thai-400-normal.woff2", timeout=5).read()
    assert data[:4] == b"wOF2"


# ---- the gap list read in full, and printed ---------------------------------------------------------

LAMPANG_GAPS = "/gaps?province=52&scheme=lampang-2567-q3&period=2567-Q3"
SIZES = {"1280": (1280, 720), "1920": (1920, 1080)}


def open_at(browser, url: str, size: tuple[int, int]):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, locale="th-TH")
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSpinner\"]')", timeout=60_000)
    page.wait_for_timeout(1500)
    return page


@pytest.mark.parametrize("size", list(SIZES))
def test_every_owed_change_of_the_gap_list_is_on_screen_in_full(browser, app_url, size):
    """Lampang's 141 items, a section a district: every cell inside the window's width and none cut short."""
    width, _ = SIZES[size]
    page = open_at(browser, app_url + LAMPANG_GAPS, SIZES[size])
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"gaps-lampang-{size}.png"))
        page.locator("#gap-5201").evaluate("heading => heading.scrollIntoView()")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"gaps-lampang-{size}-first-district.png"))
        cells = page.evaluate(
            """() => [...document.querySelectorAll('.gap-table td')].map(td => {
                const box = td.getBoundingClientRect();
                return {text: td.innerText, left: box.left, right: box.right,
                        cut: td.scrollWidth > td.clientWidth + 1 || td.scrollHeight > td.clientHeight + 1};
            })"""
        )
        assert len(cells) >= 141 * 6  # every row: criterion, figures, and its own changes to the next grade and A
        assert all(c["left"] >= 0 and c["right"] <= width for c in cells), "a column off the screen"
        assert not [c["text"] for c in cells if c["cut"]], "a cell cut short"
        heads = page.locator(".gap-table").first.locator("th").all_inner_texts()
        assert "ขาดอีก" in heads and any("ระดับถัดไป" in h for h in heads) and any("ระดับ A" in h for h in heads)
        assert page.locator("section.gap-district").count() == 13
    finally:
        page.close()


def test_the_gap_list_prints_on_a4_landscape_without_the_sidebar(browser, app_url):
    page = open_at(browser, app_url + LAMPANG_GAPS, SIZES["1280"])
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.wait_for_selector("section.gap-district", timeout=60_000)
        page.wait_for_function(
            "[...document.styleSheets].some(s => [...s.cssRules].some(r => r.cssText.includes('A4')))"
        )
        page.emulate_media(media="print")
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert not page.locator(".st-key-gap-no-print-filters").is_visible()
        page.screenshot(path=str(ARTIFACTS / "gaps-lampang-print.png"))
        pdf = page.pdf(format="A4", landscape=True, print_background=True)
        (ARTIFACTS / "gaps-lampang-print.pdf").write_bytes(pdf)
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
        assert boxes and all(abs(float(w) - 842) < 2 and abs(float(h) - 595) < 2 for w, h in boxes)  # A4 landscape
        assert len(boxes) > 10  # the whole list, not only the part that was on screen
    finally:
        page.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_period_choice_is_on_the_first_screen(browser, app_url, size):
    width, height = SIZES[size]
    page = open_at(browser, app_url + SCREENS["overview"], SIZES[size])
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)  # the heatmap drawn, for the picture
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / f"overview-{size}.png"))
        box = page.locator(".st-key-period-header").bounding_box()
        assert (
            box is not None
            and box["y"] >= 0
            and box["y"] + box["height"] <= height
            and box["x"] + box["width"] <= width
        )
        assert "ช่วงเวลา" in page.locator(".st-key-period-header").inner_text()
    finally:
        page.close()
