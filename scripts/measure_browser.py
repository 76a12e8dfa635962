"""What a person waits for in a real browser, beside a minimal Streamlit page timed in the same run.

    python scripts/measure_browser.py --db BENCH.duckdb --rubrics FOLDER [--runs 5] [--check]
    python scripts/measure_browser.py --first-visit [--runs 3] [--check]

Debian's chromium (Playwright, never a downloaded browser) at 1280x720 opens the dashboard on a
database (a national one: `python -m cdd bench --build FILE --scale national --years 10` with the
national rubrics in CDD_RUBRICS) and, beside it, scripts/minimal_heatmap.py drawing one plotly heatmap
of the same size from an in-memory frame. Each pair is taken in turn, medians of --runs:

- a new tab to the overview's first heatmap, against the minimal page's new tab to its heatmap;
- a sidebar period change to the redrawn heatmap, against a select-box change on the minimal page;
- a meeting-mode step to its drawn figure, against the same select-box change.

--first-visit times `streamlit run app.py` in a fresh clone (no database: the demo one is made) to the
overview's first heatmap, against a plain `streamlit run` of the minimal page to its heatmap.
Goals (--check exits 1 when one is missed): 1.5× for the three steps, 3× for the first visit.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright import sync_api

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_PAGE = "scripts/minimal_heatmap.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
SCHEME, PERIOD = "lampang-2567-q3", "2568-Q4"
HEATMAP = ".js-plotly-plot g.heatmaplayer image"
GOALS = {"new_tab": 1.5, "period_change": 1.5, "meeting_step": 1.5, "first_visit": 3.0}
# The run is over when Streamlit's script has stopped, no element is stale and a figure is drawn with the
# text: a heading that holds it, or a figure title (or a line of one) that is it or ends in « · » and it.
# A title that merely contains it is not enough: «ไตรมาสที่ 4 ปีงบประมาณ 2568» contains the next option,
# «ปีงบประมาณ 2568», so the old figure would pass for the new one.
SETTLED = """(text) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning' || document.querySelector('[data-stale="true"]')
        || !document.querySelector('.js-plotly-plot')) return false;
    const titles = [...document.querySelectorAll('.gtitle, .gtitle tspan.line')].map(e => e.textContent.trim());
    return !text || titles.some(t => t === text || t.endsWith(' · ' + text))
        || [...document.querySelectorAll('h1')].some(e => e.textContent.includes(text));
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(script: str, cwd: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://localhost:{port}"


def wait_healthy(url: str, server: subprocess.Popen, limit: float = 180) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server of {url} stopped")
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not start within {limit} s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def new_tab(browser, url: str) -> tuple[float, object]:
    """Seconds from a new tab's request to its first heatmap drawn; the page stays open for the next step."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(HEATMAP, timeout=300_000)
    return time.perf_counter() - started, page


def choose(page, label: str) -> float:
    """Pick another option of the sidebar select box `label`; seconds until the page shows it redrawn."""
    page.wait_for_function(SETTLED, arg="", timeout=300_000)
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True))
    current = box.get_by_role("combobox").input_value().strip()
    box.get_by_role("button", name="Open").click()
    page.get_by_role("option").first.wait_for()
    options = page.get_by_role("option").all()
    texts = [o.inner_text().strip() for o in options]
    # The option after the current one: periods come latest first, and a later one may have no figures yet.
    at = texts.index(current) if current in texts else 0
    option = options[at + 1] if at + 1 < len(options) else options[at - 1]
    wanted = option.inner_text().strip()
    started = time.perf_counter()
    option.click()
    page.wait_for_function(SETTLED, arg=wanted, timeout=300_000)
    return time.perf_counter() - started


def meeting_step(page) -> float:
    page.wait_for_function(SETTLED, arg="ระดับรายอำเภอ", timeout=300_000)
    started = time.perf_counter()
    page.get_by_role("button", name="ถัดไป").click()
    page.wait_for_function(SETTLED, arg="จำนวนอำเภอแต่ละระดับ", timeout=300_000)
    return time.perf_counter() - started


def steps(db: Path, rubrics: Path, runs: int) -> dict[str, tuple[float, float]]:
    env = {**os.environ, "CDD_DB": str(db), "CDD_RUBRICS": str(rubrics)}
    app, app_url = serve("app.py", ROOT, env)
    minimal, minimal_url = serve(MINIMAL_PAGE, ROOT, dict(os.environ))
    times: dict[str, tuple[list[float], list[float]]] = {
        k: ([], []) for k in ("new_tab", "period_change", "meeting_step")
    }
    try:
        wait_healthy(app_url, app)
        wait_healthy(minimal_url, minimal)
        query = f"province=all&scheme={SCHEME}&period={PERIOD}"
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rows, cols = heatmap_size(browser, f"{app_url}/?{query}")
            for run in range(runs + 1):  # the first round warms both servers and is not counted
                seconds, page = new_tab(browser, f"{minimal_url}/?rows={rows}&cols={cols}")
                reference = [seconds, choose(page, "ช่วงเวลา")]
                page.close()
                seconds, page = new_tab(browser, f"{app_url}/?{query}")
                subject = [seconds, choose(page, "ช่วงเวลา")]
                page.close()
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.goto(f"{app_url}/meeting?{query}&screen=1")
                subject.append(meeting_step(page))
                page.close()
                reference.append(reference[1])  # the meeting step is held against the same select-box change
                if run:
                    for key, s, r in zip(times, subject, reference, strict=True):
                        times[key][0].append(s)
                        times[key][1].append(r)
            browser.close()
    finally:
        stop(app)
        stop(minimal)
    return {key: (statistics.median(s), statistics.median(r)) for key, (s, r) in times.items()}


def heatmap_size(browser, url: str) -> tuple[int, int]:
    """Rows and columns of the overview's first heatmap, so the minimal page draws one of the same size."""
    _, page = new_tab(browser, url)
    size = page.evaluate(  # the drawn grid (calcdata), whatever form the figure's z was sent in
        "() => { const z = document.querySelector('.js-plotly-plot').calcdata[0][0].z; return [z.length, z[0].length]; }"
    )
    page.close()
    return size[0], size[1]


def first_visit(runs: int) -> dict[str, tuple[float, float]]:
    """A fresh clone's `streamlit run app.py` (demo database made on the way) against the minimal page's."""
    subject, reference = [], []
    env = {k: v for k, v in os.environ.items() if k not in ("CDD_DB", "CDD_RUBRICS")}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            reference.append(start_to_heatmap(browser, MINIMAL_PAGE, ROOT, env))
            with tempfile.TemporaryDirectory(prefix="cdd-clone-") as folder:
                clone = Path(folder) / "cdd"
                subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
                subject.append(start_to_heatmap(browser, "app.py", clone, env))
        browser.close()
    return {"first_visit": (statistics.median(subject), statistics.median(reference))}


def start_to_heatmap(browser, script: str, cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    server, url = serve(script, cwd, env)
    try:
        wait_healthy(url, server)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        page.wait_for_selector(HEATMAP, timeout=300_000)
        page.close()
        return time.perf_counter() - started
    finally:
        stop(server)


def report(figures: dict[str, tuple[float, float]]) -> bool:
    print("| ตัวเลข | แดชบอร์ด | หน้าแผนภาพเดียว | ÷ | เป้าหมาย | ผ่าน |")
    print("|---|---|---|---|---|---|")
    ok = True
    for key, (subject, reference) in figures.items():
        ratio = subject / reference
        passed = ratio <= GOALS[key]
        ok &= passed
        print(
            f"| {key} | {subject * 1000:.0f} ms | {reference * 1000:.0f} ms | {ratio:.2f} | ≤ {GOALS[key]}× | {'✓' if passed else '✗'} |"
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--rubrics", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--first-visit", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.first_visit:
        figures = first_visit(args.runs)
    elif args.db and args.rubrics:
        figures = steps(args.db, args.rubrics, args.runs)
    else:
        parser.error("give --db and --rubrics, or --first-visit")
    ok = report(figures)
    sys.exit(1 if args.check and not ok else 0)


if __name__ == "__main__":
    main()
