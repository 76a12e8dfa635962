"""The app in a real browser, for the slow tests: a Streamlit server over a database of the test's own, and
Debian's chromium driven by Playwright. No browser is downloaded: Playwright drives /usr/bin/chromium,
which .ci/run installs; where it is missing a module that imports this one is skipped (and fails on CI).

- `streamlit_app(database, **environment)`: `streamlit run app.py` on a free port, its URL once healthy,
  the server stopped at the end of the block;
- `launched_chromium()`: the browser, closed at the end of the block;
- `app_url` and `browser`: module fixtures of the two, the app over a copy of the demo database.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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
STARTUP_SECONDS = 60
STOP_SECONDS = 30

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium before the tests")
    pytest.skip(f"{CHROMIUM} is not installed here (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_app(database: Path, **environment: str) -> Iterator[str]:
    """The app served over `database` (CDD_DB) with any further environment variables: yields its URL once
    it answers, then stops the server. The server is another process, and DuckDB locks the file: the
    database is one of the caller's own. What the server prints goes to a file, never a pipe that could
    fill and stall it, and is the error when it does not start."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env={**os.environ, "CDD_DB": str(database), **environment},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://localhost:{port}"
        try:
            _wait_until_healthy(url, server, log)
            yield url
        finally:
            _stop(server)


def _wait_until_healthy(url: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app stopped at start-up:\n{_printed(log)}")
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the app did not start within {STARTUP_SECONDS} s:\n{_printed(log)}")


def _printed(log) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=STOP_SECONDS)


@contextlib.contextmanager
def launched_chromium() -> Iterator:
    """Debian's chromium under Playwright, closed at the end of the block."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Fixtures for a test module to import: named apart from the fixtures they give, so a test's parameters
# do not shadow an imported name.


@pytest.fixture(scope="module", name="app_url")
def demo_app_fixture(fresh_db) -> Iterator[str]:
    """`app_url`: the app over a copy of the demo database of the test module's own."""
    with streamlit_app(fresh_db("browser")) as url:
        yield url


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator:
    """`browser`: chromium, one for the test module."""
    with launched_chromium() as launched:
        yield launched
