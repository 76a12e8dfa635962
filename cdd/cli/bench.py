"""`python -m cdd bench`: how the cost grows with the country and with the years, against written goals.

It builds synthetic, deterministic databases in a temporary folder (every district of the scale,
every indicator of every scheme, every month of 1 and of N fiscal years; national copies of the
rubrics that apply to every province), then measures, each as the median of several runs after a
warm-up: importing one month's file for every district, grading every district for one quarter in
every scheme, the overview screen's script run (AppTest) cold and warm at provincial and national
view, the process's peak memory and the database file size.

The databases are built in child processes, so the builder's memory is not counted as the
dashboard's. Nothing here touches data/cdd.duckdb.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import tomli_w

SCALES = {"tiny": (2, 10), "province": (1, 23), "national": (76, 878)}  # provinces, districts
LAST_YEAR = 2568  # the history ends with this fiscal year; the import adds the month after it
NEW_MONTH = "2568-10"
GRADED_QUARTER = "2568-Q4"
HEAVY_SCHEME = "lampang-2567-q3"  # the overview and the import use the scheme with the most missions
RUNS = 5
OVERVIEW_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "measure_overview.py"


@dataclass(frozen=True)
class Goal:
    figure: str
    limit: float | None  # seconds, megabytes, or a ratio; None: reported, no goal
    unit: str


# ---- building --------------------------------------------------------------------------------------


def history_months(years: int) -> list[str]:
    from cdd.office.calendar import FiscalYear

    return [m.token for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1) for m in FiscalYear(year).months]


def write_rubrics(folder: Path, provinces: list[str], first_month: str) -> None:
    """National copies of every rubric: every province, every month from the history's first to NEW_MONTH."""
    from cdd.rubrics.model import load_schemes
    from cdd.rubrics.toml_write import scheme_to_dict

    folder.mkdir(parents=True, exist_ok=True)
    for scheme in load_schemes().values():
        national = replace(scheme, provinces=tuple(provinces), first_month=first_month, last_month=NEW_MONTH)
        (folder / f"{scheme.id}.toml").write_text(tomli_w.dumps(scheme_to_dict(national)), encoding="utf-8")


def build(path: Path, scale: str, years: int) -> None:
    """A database with every district of the scale and every indicator of every month of `years` years."""
    from cdd.cli import synthetic
    from cdd.store import database as store
    from cdd.store import users

    provinces, districts = SCALES[scale]
    con = store.connect(path)
    store.load_registry_into(con, synthetic.national_registry(provinces, districts))
    months = history_months(years)
    with store.write_transaction(con) as cur:
        synthetic.insert_reference_figures(cur, months[0])
        synthetic.insert_history(cur, months)
    users.set_open_viewing(con, True)  # the overview is measured as a reader sees it, not the sign-in form
    con.execute("CHECKPOINT")
    con.close()


def build_in_child(path: Path, scale: str, years: int) -> None:
    subprocess.run(
        [sys.executable, "-m", "cdd", "bench", "--build", str(path), "--scale", scale, "--years", str(years)],
        check=True,
    )


# ---- measuring -------------------------------------------------------------------------------------


def median_seconds(action, runs: int = RUNS) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_import(con, scale: str) -> float:
    """Check and write one month's file for every district; each run is rolled back after it is timed."""
    from cdd.cli import synthetic
    from cdd.grading.inputs import schemes
    from cdd.intake.validate import read_submission
    from cdd.office.calendar import parse_month
    from cdd.store import submissions
    from cdd.store.database import registry_from

    registry, scheme = registry_from(con), schemes()[HEAVY_SCHEME]
    data = synthetic.month_file(scheme, registry, parse_month(NEW_MONTH))
    times = []
    for _ in range(RUNS + 1):
        started = time.perf_counter()
        submission, problems = read_submission("month.csv", data, registry, {scheme.id: scheme})
        assert not problems, problems[:3]
        assert submission is not None  # there is one exactly when there is no problem
        batch = submissions.write(con, submission, "month.csv", data, "bench")
        times.append(time.perf_counter() - started)
        submissions.rollback(con, batch, "bench")
    return statistics.median(times[1:])


def time_grading(con, detail: str) -> float:
    """Every district, one quarter, every scheme, at one level of detail (cdd.grading.DETAIL). The
    registry is read once, as the dashboard keeps it while the data does not change."""
    from cdd.grading.inputs import schemes
    from cdd.store.database import registry_from
    from cdd.store.period_grades import grade_period

    registry = registry_from(con)
    return median_seconds(lambda: [grade_period(con, s, GRADED_QUARTER, None, detail, registry) for s in schemes()])


def time_overview(path: Path, province: str) -> dict[str, float]:
    """The overview's script run in AppTest, in a child process (cdd itself never imports streamlit):
    cold is that process's first run, warm the median of ten re-runs; with its peak memory."""
    query = f"province={province}&scheme={HEAVY_SCHEME}&period={GRADED_QUARTER}"
    done = subprocess.run(
        [sys.executable, str(OVERVIEW_SCRIPT), "--db", str(path), "--query", query, "--runs", "10", "--json"],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(path: Path, scale: str) -> dict[str, float]:
    from cdd.store import database as store

    os.environ["CDD_DB"] = str(path)
    con = store.connect(path)
    figures = {
        "import": time_import(con, scale),
        "grading": time_grading(con, "grades"),
        "grading_criteria": time_grading(con, "criteria"),
        "grading_gaps": time_grading(con, "gaps"),
    }
    con.close()
    views = {"province": time_overview(path, "10")}
    if scale != "province":
        views["national"] = time_overview(path, "all")
    for view, timing in views.items():
        figures[f"overview_{view}_cold"], figures[f"overview_{view}_warm"] = timing["cold"], timing["warm"]
    figures["app_peak_mb"] = max(timing["peak_mb"] for timing in views.values())
    figures["file_mb"] = path.stat().st_size / 2**20
    return figures


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives kilobytes


# ---- the table -------------------------------------------------------------------------------------


def run(scale: str, years: int, check: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="cdd-bench-") as folder:
        root = Path(folder)
        provinces, _ = SCALES[scale]
        write_rubrics(root / "rubrics", [f"{10 + i:02d}" for i in range(provinces)], history_months(years)[0])
        os.environ["CDD_RUBRICS"] = str(root / "rubrics")
        histories = sorted({1, years})
        for n in histories:
            build_in_child(root / f"{n}y.duckdb", scale, n)
        results = {n: measure(root / f"{n}y.duckdb", scale) for n in histories}
    memory = max([peak_memory_mb()] + [figures["app_peak_mb"] for figures in results.values()])
    rows = table(results, scale, years, memory)
    print(render(rows, scale, years))
    missed = [row for row in rows if row[-1] == "✗"]
    return 1 if check and missed else 0


def table(results: dict[int, dict[str, float]], scale: str, years: int, memory: float) -> list[tuple]:
    one, many = results[1], results[years]
    goals = {
        "import": ("นำเข้าไฟล์หนึ่งเดือน (ทุกอำเภอ)", 1.0 if scale == "national" else None, "s"),
        "grading": ("ให้ระดับหนึ่งไตรมาส ทุกอำเภอ ทุกเกณฑ์", 0.5 if scale == "national" else None, "s"),
        "grading_criteria": ("  … พร้อมผลรายเกณฑ์ทุกข้อ", None, "s"),
        "grading_gaps": ("  … พร้อมสิ่งที่ยังขาด (ทุกอำเภอ)", None, "s"),
        "overview_province_cold": ("ภาพรวม รายจังหวัด ครั้งแรก", None, "s"),
        "overview_province_warm": ("ภาพรวม รายจังหวัด ซ้ำ", 0.3, "s"),
        "overview_national_cold": ("ภาพรวม ทั้งประเทศ ครั้งแรก", None, "s"),
        "overview_national_warm": ("ภาพรวม ทั้งประเทศ ซ้ำ", 2 * many["overview_province_warm"], "s"),
        "file_mb": ("ขนาดไฟล์ฐานข้อมูล", None, "MB"),
    }
    rows: list[tuple] = []
    for key, (label, limit, unit) in goals.items():
        if key not in many:
            continue
        ratio = many[key] / one[key] if one[key] else None
        ratio_goal = 1.2 if years > 1 and unit == "s" else None
        ok = (limit is None or many[key] <= limit) and (
            ratio_goal is None or (ratio is not None and ratio <= ratio_goal)
        )
        rows.append((label, one[key], many[key], unit, limit, ratio, ratio_goal, "✓" if ok else "✗"))
    rows.append(
        (
            "หน่วยความจำสูงสุด (โปรเซสวัด และแอปใน AppTest)",
            None,
            memory,
            "MB",
            500.0,
            None,
            None,
            "✓" if memory <= 500 else "✗",
        )
    )
    return rows


def render(rows: list[tuple], scale: str, years: int) -> str:
    head = (
        f"bench: scale={scale} ({SCALES[scale][1]} อำเภอ), history 1 and {years} fiscal years, {os.cpu_count()} cores"
    )
    lines = [head, "| ตัวเลข | 1 ปี | " + f"{years} ปี | เป้าหมาย | {years} ปี ÷ 1 ปี | ผ่าน |", "|---|---|---|---|---|---|"]
    for label, one, many, unit, limit, ratio, ratio_goal, ok in rows:
        goal = [] if limit is None else [f"≤ {_value(limit, unit)}"]
        goal += [] if ratio_goal is None else [f"÷ ≤ {ratio_goal}"]
        lines.append(
            f"| {label} | {_value(one, unit)} | {_value(many, unit)} | {', '.join(goal) or '–'} | "
            f"{'–' if ratio is None else f'{ratio:.2f}'} | {ok} |"
        )
    return "\n".join(lines)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if unit == "s" else f"{value:.0f} MB"
