"""The benchmark runs end to end at a tiny size (a smoke test: timings on CI are not asserted), its
goals are ratios that --check enforces, and the whole-country view it measures reads as provinces and pages."""

import subprocess
import sys
from pathlib import Path

import pytest

from cdd.cli import bench
from cdd.views import dashboard
from cdd.views.palette import MET, NO_DATA, UNMET

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # the benchmark itself, end to end
def test_bench_runs_at_a_tiny_size_and_prints_its_table():
    done = subprocess.run(
        [sys.executable, "-m", "cdd", "bench", "--scale", "tiny", "--years", "2", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]  # the tiny scale has no timing goals to miss
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    labels = [line.split("|")[1].strip() for line in table[1:]]
    for label in (
        "นำเข้าไฟล์หนึ่งเดือน (ทุกอำเภอ)",
        "ให้ระดับหนึ่งไตรมาส ทุกอำเภอ ทุกเกณฑ์",
        "ภาพรวม รายจังหวัด ซ้ำ",
        "ภาพรวม ทั้งประเทศ ซ้ำ",
        "หน่วยความจำสูงสุดของแอป (AppTest)",
        "ขนาดไฟล์ฐานข้อมูล",
    ):
        assert label in labels
    assert "10 อำเภอ" in done.stdout and "history 1 and 2 fiscal years" in done.stdout
    rows = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]] for line in table[1:]}
    grading = rows["ให้ระดับหนึ่งไตรมาส ทุกอำเภอ ทุกเกณฑ์"]
    assert grading[0] == "ขีดจำกัดของข้อมูล" and grading[1].endswith(" ms") and grading[2].endswith(" ms")
    assert float(grading[3]) > 0  # the figure over its reference, timed in the same run
    assert rows["นำเข้าไฟล์หนึ่งเดือน (ทุกอำเภอ)"][0] == "read_csv ของ DuckDB"


def national(grading: float, limit: float, ten_years: float | None = None, memory: float = 300.0):
    one = {key: (grading, limit) for key in bench.GOALS}
    many = {key: (ten_years or grading, limit) for key in bench.GOALS}
    one["app_peak_mb"] = many["app_peak_mb"] = (memory, None)
    return bench.table({1: one, 10: many}, "national", 10)


def test_a_national_figure_passes_within_its_ratio_and_fails_beyond_it():
    import_row = next(r for r in national(0.09, 0.01) if r.label.startswith("นำเข้า"))
    assert import_row.ok and import_row.ratios == (9.0, 9.0)
    failed = [r.label for r in national(0.11, 0.01) if not r.ok]
    assert "นำเข้าไฟล์หนึ่งเดือน (ทุกอำเภอ)" in failed and "ให้ระดับหนึ่งไตรมาส ทุกอำเภอ ทุกเกณฑ์" in failed
    assert "  … พร้อมสิ่งที่ยังขาด (ทุกอำเภอ)" not in failed  # 11× is within its 40×


def test_ten_years_may_cost_at_most_a_fifth_more_than_one_and_memory_is_capped():
    assert all(r.ok for r in national(0.05, 0.01, ten_years=0.06))
    slow = [r.label for r in national(0.05, 0.01, ten_years=0.0601) if not r.ok]
    assert "ภาพรวม ทั้งประเทศ ซ้ำ" in slow
    heavy = [r.label for r in national(0.05, 0.01, memory=501) if not r.ok]
    assert heavy == ["หน่วยความจำสูงสุดของแอป (AppTest)"]


def test_check_exits_one_when_a_goal_is_missed(monkeypatch, capsys):
    monkeypatch.setenv("CDD_RUBRICS", "")  # run() points it at its own folder: recorded here, put back after
    monkeypatch.setattr(bench, "build_in_child", lambda path, scale, years: None)
    monkeypatch.setattr(bench, "measure", lambda paths, scale: {1: _figures(0.5, 0.01)})
    assert bench.run("national", 1, check=True) == 1
    assert bench.run("national", 1, check=False) == 0
    assert "✗" in capsys.readouterr().out


def _figures(grading: float, limit: float):
    figures = {key: (grading, limit) for key in bench.GOALS}
    figures["app_peak_mb"] = (300.0, None)
    return figures


def test_a_province_reads_as_the_median_of_its_districts():
    assert dashboard.middle_grade(["A", "B", "D"]) == "B"
    assert dashboard.middle_grade(["A", "D"]) == "D"  # the lower middle of an even count: no flattering
    assert dashboard.middle_grade(["A", NO_DATA, NO_DATA]) == "A"  # "no data" is not a D
    assert dashboard.middle_grade([NO_DATA, NO_DATA]) == NO_DATA
    assert dashboard.middle_grade([MET, MET, UNMET]) == MET and dashboard.middle_grade([MET, UNMET, UNMET]) == UNMET


def test_pages_of_districts():
    rows = list(range(878))
    assert dashboard.page_count(rows) == 36 and dashboard.page_count([]) == 1
    assert dashboard.page_of(rows, 1) == list(range(25)) and dashboard.page_of(rows, 36) == list(range(875, 878))


def test_the_apps_peak_memory_is_its_own_not_that_of_the_benchmark_that_started_it():
    """A child of a large process reports its own peak (the benchmark holds the graded country when it starts
    the overview's measurement: its memory must not be counted as the dashboard's)."""
    script = Path(__file__).resolve().parent.parent / "scripts" / "measure_overview.py"
    held = bytearray(400 * 2**20)
    held[::4096] = b"\x01" * len(held[::4096])  # touched: resident in this process
    code = (
        "import importlib.util, sys; spec = importlib.util.spec_from_file_location('m', sys.argv[1]); "
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); print(m.own_peak_mb())"
    )
    child = subprocess.run([sys.executable, "-c", code, str(script)], capture_output=True, text=True, check=True)
    assert len(held) and float(child.stdout.split()[-1]) < 300
