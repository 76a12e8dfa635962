"""`python -m cdd bench`: how the cost grows with the country and with the years, as ratios.

It builds synthetic, deterministic databases in a temporary folder (every district of the scale,
every indicator of every scheme, every month of 1 and of N fiscal years; national copies of the
rubrics that apply to every province), then measures each figure beside its reference in the same
run, taken in turn and as medians after a warm-up (cdd.cli.reference): importing one month's file for
every district beside DuckDB's read_csv of the same file; grading every district for one quarter in
every scheme (grades, every criterion, every gap) beside the data's limit, one query over a typed
table; the overview screen's script run (AppTest) cold and warm at provincial and national view
beside a minimal page of one heatmap of the same size; the app's peak memory and the file size.
The goals are ratios (national scale only; smaller scales are a smoke test): a figure against its
reference, N years against 1 year, and the app's memory.

The databases are built in child processes, so the builder's memory is not counted as the
dashboard's. Nothing here touches data/cdd.duckdb.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import tomli_w

SCALES = {"tiny": (2, 10), "province": (1, 23), "national": (76, 878)}  # provinces, districts
LAST_YEAR = 2568  # the history ends with this fiscal year; the import adds the month after it
NEW_MONTH = "2568-10"
GRADED_QUARTER = "2568-Q4"
HEAVY_SCHEME = "lampang-2567-q3"  # the overview and the import use the scheme with the most missions
RUNS = 5
OVERVIEW_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "measure_overview.py"


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
# An action runs once and returns the seconds that count (an undo after an import runs, untimed, after).
Action = Callable[[], float]


def timed(action: Callable[[], object]) -> Action:
    def run() -> float:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    return run


def interleaved(pairs: dict[int, tuple[Action, Action]], runs: int = RUNS) -> dict[int, tuple[float, float]]:
    """Each history's figure and its reference, in turn (reference, figure, the next history's …) after
    a warm-up of each, so that a drift of the shared machine touches both alike: medians of `runs`."""
    for subject, reference in pairs.values():
        reference()
        subject()
    times: dict[int, tuple[list[float], list[float]]] = {n: ([], []) for n in pairs}
    for _ in range(runs):
        for n, (subject, reference) in pairs.items():
            times[n][1].append(reference())
            times[n][0].append(subject())
    return {n: (statistics.median(s), statistics.median(r)) for n, (s, r) in times.items()}


@dataclass
class Bench:
    """One history's database, and beside it the typed table of the data's limit (cdd.cli.reference)."""

    con: duckdb.DuckDBPyConnection
    limit: duckdb.DuckDBPyConnection
    month_file: Path
    month_data: bytes


def open_bench(path: Path) -> Bench:
    from cdd.cli import reference, synthetic
    from cdd.grading.inputs import schemes
    from cdd.office.calendar import parse_month
    from cdd.store import database as store

    con = store.connect(path)
    limit_path = path.with_suffix(".limit.duckdb")
    reference.build_limit_table(con, limit_path)
    data = synthetic.month_file(schemes()[HEAVY_SCHEME], store.registry_from(con), parse_month(NEW_MONTH))
    month_file = path.with_suffix(".month.csv")
    month_file.write_bytes(data)
    return Bench(con, duckdb.connect(str(limit_path)), month_file, data)


def import_action(bench: Bench) -> Action:
    """Check and write one month's file for every district; each write is rolled back after it is timed."""
    from cdd.grading.inputs import schemes
    from cdd.intake.reader import forget_recent_files
    from cdd.intake.validate import read_submission
    from cdd.store import submissions
    from cdd.store.database import registry_from

    registry, scheme = registry_from(bench.con), schemes()[HEAVY_SCHEME]

    def run() -> float:
        forget_recent_files()  # the upload screen keeps a file it just read: each run reads it as new
        started = time.perf_counter()
        submission, problems = read_submission("month.csv", bench.month_data, registry, {scheme.id: scheme})
        assert not problems, problems[:3]
        assert submission is not None  # there is one exactly when there is no problem
        batch = submissions.write(bench.con, submission, "month.csv", bench.month_data, "bench")
        elapsed = time.perf_counter() - started
        submissions.rollback(bench.con, batch, "bench")
        return elapsed

    return run


def grading_action(bench: Bench, detail: str, every_row: bool = False) -> Action:
    """Every district, one quarter, every scheme, at one level of detail (cdd.grading.district.DETAIL). The
    registry is read once, as the dashboard keeps it while the data does not change. Criterion rows are
    made when first read (cdd.grading.criteria_columns); `every_row` reads them all, as a screen that
    showed every criterion of every district of the country would."""
    from cdd.grading.inputs import schemes
    from cdd.store.database import registry_from
    from cdd.store.period_grades import grade_period

    registry = registry_from(bench.con)

    def grade() -> int:
        results = [grade_period(bench.con, s, GRADED_QUARTER, None, detail, registry) for s in schemes()]
        return sum(len(tuple(m.criteria)) for rs in results for r in rs for m in r.results) if every_row else 0

    return timed(grade)


def limit_action(bench: Bench) -> Action:
    from cdd.cli import reference
    from cdd.office.calendar import parse_period

    months = parse_period(GRADED_QUARTER).months
    return timed(lambda: reference.sum_quarter(bench.limit, months[0].token, months[-1].token))


def read_csv_action(bench: Bench) -> Action:
    from cdd.cli import reference

    return timed(lambda: reference.load_csv(bench.limit, bench.month_file))


def time_overview(path: Path, province: str) -> dict[str, float]:
    """The overview's script run in AppTest, in a child process (cdd itself never imports streamlit),
    beside the minimal page of one heatmap of the same size: cold is each page's first run in that
    process, warm the median of ten re-runs taken in turn; with the process's peak memory."""
    query = f"province={province}&scheme={HEAVY_SCHEME}&period={GRADED_QUARTER}"
    done = subprocess.run(
        [sys.executable, str(OVERVIEW_SCRIPT), "--db", str(path), "--query", query, "--runs", "10", "--json"],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


Figures = dict[str, tuple[float, float | None]]  # figure → (value, its reference or None)


def measure(paths: dict[int, Path], scale: str) -> dict[int, Figures]:
    benches = {n: open_bench(path) for n, path in paths.items()}
    figures: dict[int, Figures] = {n: {} for n in paths}

    def record(key: str, subject, reference) -> None:
        for n, pair in interleaved({n: (subject(b), reference(b)) for n, b in benches.items()}).items():
            figures[n][key] = pair

    record("import", import_action, read_csv_action)
    for detail in ("grades", "criteria", "gaps"):
        record(f"grading_{detail}", lambda b, d=detail: grading_action(b, d), limit_action)
    record("grading_criteria_rows", lambda b: grading_action(b, "criteria", every_row=True), limit_action)
    for bench in benches.values():
        bench.con.close()
        bench.limit.close()
    for n, path in paths.items():
        os.environ["CDD_DB"] = str(path)
        views = {"province": time_overview(path, "10")}
        if scale != "province":
            views["national"] = time_overview(path, "all")
        for view, timing in views.items():
            for run in ("cold", "warm"):
                figures[n][f"overview_{view}_{run}"] = (timing[run], timing[f"minimal_{run}"])
        figures[n]["app_peak_mb"] = (max(timing["peak_mb"] for timing in views.values()), None)
        figures[n]["file_mb"] = (path.stat().st_size / 2**20, None)
    return figures


# ---- the table -------------------------------------------------------------------------------------

HISTORY_GOAL = 1.2  # N years ÷ 1 year, for every timed figure
MEMORY_GOAL_MB = 500.0
# figure: (label, its reference, the goal of figure ÷ reference at national scale or None, unit)
GOALS = {
    "import": ("นำเข้าไฟล์หนึ่งเดือน (ทุกอำเภอ)", "read_csv ของ DuckDB", 10.0, "s"),
    "grading_grades": ("ให้ระดับหนึ่งไตรมาส ทุกอำเภอ ทุกเกณฑ์", "ขีดจำกัดของข้อมูล", 10.0, "s"),
    "grading_criteria": ("  … พร้อมผลรายเกณฑ์ทุกข้อ", "ขีดจำกัดของข้อมูล", 20.0, "s"),
    "grading_gaps": ("  … พร้อมสิ่งที่ยังขาด (ทุกอำเภอ)", "ขีดจำกัดของข้อมูล", 40.0, "s"),
    "grading_criteria_rows": ("  … ผลรายเกณฑ์ ทำครบทุกแถวของทุกอำเภอ", "ขีดจำกัดของข้อมูล", None, "s"),
    "overview_province_cold": ("ภาพรวม รายจังหวัด ครั้งแรก", "หน้าแผนภาพเดียว", None, "s"),
    "overview_province_warm": ("ภาพรวม รายจังหวัด ซ้ำ", "หน้าแผนภาพเดียว", None, "s"),
    "overview_national_cold": ("ภาพรวม ทั้งประเทศ ครั้งแรก", "หน้าแผนภาพเดียว", None, "s"),
    "overview_national_warm": ("ภาพรวม ทั้งประเทศ ซ้ำ", "หน้าแผนภาพเดียว", None, "s"),
    "app_peak_mb": ("หน่วยความจำสูงสุดของแอป (AppTest)", "", None, "MB"),
    "file_mb": ("ขนาดไฟล์ฐานข้อมูล", "", None, "MB"),
}


def run(scale: str, years: int, check: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="cdd-bench-") as folder:
        root = Path(folder)
        provinces, _ = SCALES[scale]
        write_rubrics(root / "rubrics", [f"{10 + i:02d}" for i in range(provinces)], history_months(years)[0])
        os.environ["CDD_RUBRICS"] = str(root / "rubrics")
        paths = {n: root / f"{n}y.duckdb" for n in sorted({1, years})}
        for n, path in paths.items():
            build_in_child(path, scale, n)
        results = measure(paths, scale)
    rows = table(results, scale, years)
    print(render(rows, scale, years))
    missed = [row for row in rows if not row.ok]
    return 1 if check and missed else 0


@dataclass(frozen=True)
class Row:
    label: str
    reference: str
    unit: str
    one: tuple[float, float | None]  # the figure and its reference, with 1 year of history
    many: tuple[float, float | None]  # … with N years
    goal: float | None  # figure ÷ reference
    history_goal: float | None  # N years ÷ 1 year
    memory_goal: float | None = None

    @property
    def ratios(self) -> tuple[float | None, float | None]:
        one, many = (value / ref if ref else None for value, ref in (self.one, self.many))
        return one, many

    @property
    def history(self) -> float | None:
        return self.many[0] / self.one[0] if self.one[0] else None

    @property
    def ok(self) -> bool:
        ratios_ok = self.goal is None or all(r is not None and r <= self.goal for r in self.ratios)
        history_ok = self.history_goal is None or (self.history is not None and self.history <= self.history_goal)
        memory_ok = self.memory_goal is None or self.many[0] <= self.memory_goal
        return ratios_ok and history_ok and memory_ok


def table(results: dict[int, Figures], scale: str, years: int) -> list[Row]:
    one, many = results[1], results[years]
    rows = []
    for key, (label, reference, goal, unit) in GOALS.items():
        history_goal = HISTORY_GOAL if years > 1 and unit == "s" else None
        memory_goal = MEMORY_GOAL_MB if key == "app_peak_mb" and scale == "national" else None
        ratio_goal = goal if scale == "national" else None  # smaller scales: a smoke test, no timing goals
        if scale != "national":
            history_goal = None
        rows.append(Row(label, reference, unit, one[key], many[key], ratio_goal, history_goal, memory_goal))
    return rows


def render(rows: list[Row], scale: str, years: int) -> str:
    head = (
        f"bench: scale={scale} ({SCALES[scale][1]} อำเภอ), history 1 and {years} fiscal years, {os.cpu_count()} cores; "
        f"each figure beside its reference, timed in turn in the same run (medians of {RUNS})"
    )
    lines = [
        head,
        f"| ตัวเลข | เทียบกับ | 1 ปี | อ้างอิง 1 ปี | ÷ | {years} ปี | อ้างอิง {years} ปี | ÷ | เป้าหมาย ÷ "
        f"| {years} ปี ÷ 1 ปี | ผ่าน |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        goals = [f"≤ {row.goal:g}×"] if row.goal else []
        goals += [f"{years} ปี ≤ {row.history_goal}× 1 ปี"] if row.history_goal else []
        goals += [f"≤ {row.memory_goal:.0f} MB"] if row.memory_goal else []
        cells = [row.label, row.reference or "–"]
        for (value, ref), ratio in zip((row.one, row.many), row.ratios, strict=True):
            cells += [_value(value, row.unit), _value(ref, row.unit), _ratio(ratio)]
        cells += [", ".join(goals) or "–", _ratio(row.history), "✓" if row.ok else "✗"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ratio(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.2f}"


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if unit == "s" else f"{value:.0f} MB"
