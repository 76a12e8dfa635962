"""Time of the overview screen's script run (AppTest), cold and warm.

    python scripts/measure_overview.py [--runs 20] [--query "province=52&scheme=…&period=…"] [--db FILE] [--json]

Without --db it makes a demo database in a temporary folder. "cold" is the first run in this fresh
process (database opened, figures graded, charts built); "warm" is the median of later re-runs with
the same choices, as when a person clicks around. Beside it, in turn, the minimal page of one heatmap
of the same size (scripts/minimal_heatmap.py): the reference of what Streamlit itself costs. `python -m cdd bench` runs this script as a child
process with --json, so the domain package never imports streamlit.
"""

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MINIMAL_PAGE = ROOT / "scripts" / "minimal_heatmap.py"


def own_peak_mb() -> float:
    """This process's own peak resident memory. Linux's ru_maxrss carries over the peak of the process that
    started it (a fork keeps it across exec), so a run started by a large benchmark would report the
    benchmark's memory; VmHWM is the peak of this program's own memory alone."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def page(script: Path, query: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(script), default_timeout=600)
    for key, value in query.items():
        app.query_params[key] = value
    return app


def timed_run(app) -> float:
    started = time.perf_counter()
    app.run()
    return time.perf_counter() - started


def first_heatmap_size(app) -> tuple[int, int]:
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    z = spec["data"][0]["z"]
    if isinstance(z, dict):  # plotly's typed array: {"dtype", "bdata", "shape": "rows, cols"}
        rows, cols = (int(n) for n in z["shape"].split(","))
        return rows, cols
    return len(z), len(z[0])


def measure(query: str, runs: int) -> dict:
    """The minimal page runs cold first, so the dashboard's cold run does not pay Streamlit's imports."""
    overview = page(ROOT / "app.py", dict(pair.split("=") for pair in query.split("&")))
    warmup = page(MINIMAL_PAGE, {})
    timed_run(warmup)
    cold = timed_run(overview)
    if overview.exception or [t.value for t in overview.title][:1] != ["ภาพรวม"]:
        raise SystemExit(f"the overview did not show: {overview.exception or [t.value for t in overview.title]}")
    rows, cols = first_heatmap_size(overview)
    minimal = page(MINIMAL_PAGE, {"rows": str(rows), "cols": str(cols)})
    minimal_cold = timed_run(minimal)
    warm, minimal_warm = [], []
    for _ in range(runs):
        minimal_warm.append(timed_run(minimal))
        warm.append(timed_run(overview))
    peak_mb = own_peak_mb()
    return {
        "cold": cold,
        "warm": statistics.median(warm),
        "warm_min": min(warm),
        "warm_max": max(warm),
        "minimal_cold": minimal_cold,
        "minimal_warm": statistics.median(minimal_warm),
        "heatmap": [rows, cols],
        "peak_mb": peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--query", default="province=52&scheme=lampang-2567-q3&period=2567-Q3")
    parser.add_argument("--db", help="a database file; without it, a demo database is made")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CDD_DB"] = args.db or str(Path(folder) / "demo.duckdb")
        if not args.db:
            from cdd.store.demo import ensure_database

            ensure_database()
        figures = measure(args.query, args.runs)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"overview ({args.query}): cold {figures['cold'] * 1000:.0f} ms, warm median {figures['warm'] * 1000:.0f} ms "
        f"(min {figures['warm_min'] * 1000:.0f}, max {figures['warm_max'] * 1000:.0f}, {args.runs} runs); "
        f"minimal page cold {figures['minimal_cold'] * 1000:.0f} ms, warm {figures['minimal_warm'] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
