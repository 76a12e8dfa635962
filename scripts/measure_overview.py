"""Time of the overview screen's script run (AppTest), cold and warm.

    python scripts/measure_overview.py [--runs 20] [--query "province=52&scheme=…&period=…"] [--db FILE] [--json]

Without --db it makes a demo database in a temporary folder. "cold" is the first run in this fresh
process (database opened, figures graded, charts built); "warm" is the median of later re-runs with
the same choices, as when a person clicks around. `python -m cdd bench` runs this script as a child
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


def measure(query: str, runs: int) -> dict:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for key, value in (pair.split("=") for pair in query.split("&")):
        app.query_params[key] = value
    started = time.perf_counter()
    app.run()
    cold = time.perf_counter() - started
    if app.exception or [t.value for t in app.title][:1] != ["ภาพรวม"]:
        raise SystemExit(f"the overview did not show: {app.exception or [t.value for t in app.title]}")
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "cold": cold,
        "warm": statistics.median(warm),
        "warm_min": min(warm),
        "warm_max": max(warm),
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
        f"(min {figures['warm_min'] * 1000:.0f}, max {figures['warm_max'] * 1000:.0f}, {args.runs} runs)"
    )


if __name__ == "__main__":
    main()
