"""Every screen as served, at 1280×720 and 1920×1080: nothing is requested from outside this server (no
font, icon or script from the internet), and no visible text names a command line or a reason code.
Screenshots go to test-artifacts/screens/."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from browser_server import ARTIFACTS, ROOT, browser_fixture, demo_app_fixture  # noqa: F401  (fixtures browser, app_url)
from test_browser import SCREENS

from cdd.rubrics.reasons import Reason

pytestmark = pytest.mark.slow

SIZES = {"1280": (1280, 720), "1920": (1920, 1080)}
LOCAL = {"localhost", "127.0.0.1", "::1"}
# What a person must never be shown: a command line, or a reason code meant for programs.
DEVELOPER_WORDS = ["python -m", "streamlit run", *sorted(Reason)]


def outside(requests: list[str]) -> list[str]:
    return [
        url
        for url in requests
        if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in LOCAL
    ]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(SCREENS))
def test_a_screen_asks_nothing_of_the_internet_and_speaks_no_developer_words(browser, app_url, name, size):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height}, locale="th-TH")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda socket: requests.append(socket.url))
    try:
        page.goto(app_url + SCREENS[name])
        page.wait_for_selector("h1", timeout=60_000)
        page.wait_for_function("!document.querySelector('[data-testid=\"stSpinner\"]')", timeout=60_000)
        page.wait_for_timeout(2500)  # the tab icon and the charts load after the script
        (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "screens" / f"{name}-{size}.png"))
        assert requests and outside(requests) == []
        shown = page.locator("body").inner_text() + " " + page.title()
        assert [word for word in DEVELOPER_WORDS if word in shown] == []
    finally:
        page.close()


def test_no_screen_source_names_a_command_line():
    """The screens and what they show (screens/, ui.py, app.py, cdd/views) never tell a person to type a command."""
    sources = [
        ROOT / "app.py",
        ROOT / "ui.py",
        *(ROOT / "screens").glob("*.py"),
        *(ROOT / "cdd" / "views").glob("*.py"),
    ]
    assert len(sources) > 10
    assert [p.name for p in sources if "python -m" in p.read_text(encoding="utf-8")] == []


def test_the_outside_filter_tells_local_from_outside():
    assert (
        outside(["http://localhost:8501/app/static/icon.svg", "data:image/svg+xml,x", "ws://127.0.0.1:1/_stcore"]) == []
    )
    assert outside(["https://fonts.gstatic.com/s/i/x.svg"]) == ["https://fonts.gstatic.com/s/i/x.svg"]
