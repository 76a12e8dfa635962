"""Time of the overview screen's script run (AppTest), cold and warm, on a demo database.

    python scripts/measure_overview.py [--runs 20]

"cold" is the first run in a fresh process (database opened, figures graded, charts built);
"warm" is the median of later re-runs with the same choices, as when a person clicks around.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--query", default="province=52&scheme=lampang-2567-q3&period=2567-Q3")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CDD_DB"] = str(Path(folder) / "demo.duckdb")
        from cdd.demo import ensure_database
        from streamlit.testing.v1 import AppTest

        ensure_database()
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in (pair.split("=") for pair in args.query.split("&")):
            app.query_params[key] = value
        started = time.perf_counter()
        app.run()
        cold = time.perf_counter() - started
        assert not app.exception, app.exception
        warm = []
        for _ in range(args.runs):
            started = time.perf_counter()
            app.run()
            warm.append(time.perf_counter() - started)
        print(f"overview ({args.query}): cold {cold * 1000:.0f} ms, warm median {statistics.median(warm) * 1000:.0f} ms "
              f"(min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f}, {args.runs} runs)")


if __name__ == "__main__":
    main()
