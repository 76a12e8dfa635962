"""Every screen in a real browser (Debian's chromium, driven by Playwright), as a person would see it.

The app runs on a free port against a demo database; each screen is opened at 1280×720, checked for
error boxes and for the Sarabun font, and saved as a screenshot under test-artifacts/ for people to
look at. No browser is downloaded: Playwright drives /usr/bin/chromium, which .ci/run installs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the inner loop skips these: python -m pytest -m 'not slow'


ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
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

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium before the tests")
    pytest.skip(f"{CHROMIUM} is not installed here (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(fresh_db):
    path = fresh_db("browser")  # a file of its own: the server is another process, and DuckDB locks the file
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=ROOT,
        env={**os.environ, "CDD_DB": str(path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        _wait_until_healthy(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_until_healthy(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(server.stdout.read().decode(errors="replace"))
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the app did not start within 60 s")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
