"""The benchmark runs end to end at a tiny size (a smoke test: timings on CI are not asserted),
and the whole-country view it measures reads as provinces and pages."""

import subprocess
import sys
from pathlib import Path

from cdd.views import dashboard
from cdd.views.palette import MET, NO_DATA, UNMET

ROOT = Path(__file__).resolve().parent.parent


def test_bench_runs_at_a_tiny_size_and_prints_its_table():
    done = subprocess.run(
        [sys.executable, "-m", "cdd", "bench", "--scale", "tiny", "--years", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    labels = [line.split("|")[1].strip() for line in table[1:]]
    for label in (
        "นำเข้าไฟล์หนึ่งเดือน (ทุกอำเภอ)",
        "ให้ระดับหนึ่งไตรมาส ทุกอำเภอ ทุกเกณฑ์",
        "ภาพรวม รายจังหวัด ซ้ำ",
        "ภาพรวม ทั้งประเทศ ซ้ำ",
        "หน่วยความจำสูงสุด (โปรเซสวัด และแอปใน AppTest)",
        "ขนาดไฟล์ฐานข้อมูล",
    ):
        assert label in labels
    assert "10 อำเภอ" in done.stdout and "history 1 and 2 fiscal years" in done.stdout


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
