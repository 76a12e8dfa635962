"""โหมดประชุม in a real browser at a projector's 1280×720: a whole province on one screen, the chooser that
closes after a choice, the arrow keys. Screenshots go to test-artifacts/ for people to look at.
"""

from __future__ import annotations

import pytest
from browser_server import ARTIFACTS, browser_fixture, demo_app_fixture  # noqa: F401  (fixtures browser, app_url)

pytestmark = pytest.mark.slow  # a Streamlit server and a browser

BURIRAM = "/meeting?province=31&scheme=buriram-digital-2568&period=2568-06"
PROJECTOR = {"width": 1280, "height": 720}


def open_meeting(browser, url: str, viewport: dict[str, int] = PROJECTOR):
    page = browser.new_page(viewport=viewport, locale="th-TH")
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)
    settle(page)
    return page


def settle(page) -> None:
    page.wait_for_function("!document.querySelector('[data-testid=\"stSpinner\"]')", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')", timeout=60_000)
    page.wait_for_timeout(1500)  # charts draw after the script finishes
    # a figure, or what the screen says instead (Buriram's scheme gives no grades to count)
    page.wait_for_selector(".js-plotly-plot .main-svg, [data-testid='stAlertContainer']", timeout=60_000)


def district_labels(page) -> list[dict]:
    """The y-axis names of the heatmap as drawn: their text and bounding boxes."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot .ytick text')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    size: parseFloat(getComputedStyle(t).fontSize)};
        })"""
    )


def cell_texts(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot text')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, bottom: r.bottom, right: r.right, size: parseFloat(getComputedStyle(t).fontSize)};
        }).filter(t => t.text.trim())"""
    )


@pytest.mark.parametrize("viewport", [PROJECTOR, {"width": 1920, "height": 1080}], ids=["1280x720", "1920x1080"])
def test_the_whole_province_fits_one_projector_screen(browser, app_url, viewport):
    page = open_meeting(browser, app_url + BURIRAM, viewport)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"meeting-buriram-{viewport['width']}.png"))
        names = district_labels(page)
        assert len(names) == 23 and len({n["text"] for n in names}) == 23  # every district, each named once
        assert all(n["top"] >= 0 and n["bottom"] <= viewport["height"] for n in names), names[-1]
        assert all(n["right"] <= viewport["width"] for n in names)
        texts = cell_texts(page)
        assert all(t["bottom"] <= viewport["height"] and t["right"] <= viewport["width"] for t in texts)
        assert min(t["size"] for t in texts) >= 20  # nothing under 20 px on the projector
        heading = page.locator("h1").first.bounding_box()
        assert heading is not None and heading["y"] + heading["height"] <= viewport["height"]
        assert page.locator('[data-testid="stHeader"]').is_hidden()
        assert page.locator('[data-testid="stSidebar"]').is_hidden()
    finally:
        page.close()


def test_the_arrow_keys_move_at_once_and_the_chooser_closes_after_a_choice(browser, app_url):
    page = open_meeting(browser, app_url + BURIRAM)
    try:
        page.keyboard.press("ArrowRight")
        page.wait_for_url("**screen=2**", timeout=30_000)
        settle(page)
        assert page.locator("h1").first.inner_text() == "จำนวนอำเภอแต่ละระดับ"
        page.keyboard.press("ArrowLeft")
        page.wait_for_url("**screen=1**", timeout=30_000)
        settle(page)

        page.get_by_role("button", name="เลือก").click()
        period = page.get_by_label("ช่วงเวลา", exact=True)
        period.wait_for(state="visible", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "meeting-chooser-open.png"))
        period.click()
        page.get_by_role("option", name="พฤษภาคม 2568").click()
        page.wait_for_url("**period=2568-05**", timeout=30_000)
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "meeting-chooser-after-a-choice.png"))
        assert period.is_hidden()  # closed: the figure is in sight again

        page.keyboard.press("ArrowRight")  # at once: no click needed to take the focus back from the choice
        page.wait_for_url("**screen=2**", timeout=30_000)
        settle(page)
        assert "period=2568-05" in page.url
        assert page.locator("h1").first.inner_text() == "จำนวนอำเภอแต่ละระดับ"

        page.get_by_role("button", name="เลือก").click()  # the screen chooser: straight to a page of the gap list
        screen = page.get_by_label("หน้าจอ", exact=True)
        screen.click()
        page.get_by_role("option", name="5. สิ่งที่ยังขาด (หน้า 2/", exact=False).click()
        page.wait_for_url("**screen=5**", timeout=30_000)
        settle(page)
        assert screen.is_hidden() and page.locator("h1").first.inner_text().startswith("สิ่งที่ยังขาด (หน้า 2/")
        page.screenshot(path=str(ARTIFACTS / "meeting-gap-page-2.png"))
        page.keyboard.press("ArrowLeft")
        page.wait_for_url("**screen=4**", timeout=30_000)
    finally:
        page.close()


def test_autoplay_moves_on_by_itself_only_when_the_url_asks(browser, app_url):
    page = open_meeting(browser, app_url + BURIRAM + "&autoplay=5")
    try:
        assert "screen=1" in page.url
        page.wait_for_url("**screen=2**", timeout=20_000)
        settle(page)
        assert page.locator("h1").first.inner_text() == "จำนวนอำเภอแต่ละระดับ" and "autoplay=5" in page.url
    finally:
        page.close()
