"""The figures of the faults and load tests, at full size, for the closing note.

    python scripts/measure_faults.py [--kills 30] [--readers 20] [--rounds 4]

Kills: a child process imports a three-month file for 200 synthetic districts (lampang-2567-q3, half
of it superseding what is there) and is killed with SIGKILL at moments spread over its steps (opening
the file, writing, closing, after); the database, opened again, must hold the batch absent or complete.
Load: 20 reader threads and 2 uploader threads on one connection to a copy of the demo database.
The code is that of tests/test_faults.py and tests/test_load.py.
"""

import argparse
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_faults import build_kill_setup, run_kills
from test_load import run_load

from cdd.grading import inputs
from cdd.store import database as store
from cdd.store import demo


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--districts", type=int, default=200, help="synthetic districts in the killed import")
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=4, help="how many times each uploader sends each of its months")
    parser.add_argument("--seconds", type=float, default=120.0, help="the load test's time limit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        setup = build_kill_setup(folder / "kills", provinces=10, districts=args.districts)
        report = run_kills(setup, args.kills)
        print(
            f"import killed: {setup.file_values} values in the file, {setup.expected_writes} written "
            f"({setup.expected_superseded} superseding)"
        )
        print(report.summary())
        for kill in report.kills:
            print(
                f"  {kill.delay * 1000:4.0f} ms after '{kill.anchor}', landed while {kill.landed:7}: "
                f"{kill.outcome} (exit {kill.returncode}) {kill.detail}"
            )

        path = folder / "demo.duckdb"
        con = store.connect(path)
        try:
            store.load_registry_into(con, inputs.registry())
            demo.add_demo(con, inputs.schemes(), inputs.registry())
        finally:
            con.close()
        load = run_load(path, readers=args.readers, rounds=args.rounds, max_seconds=args.seconds)
        print(load.summary())
        for error in load.errors[:5]:
            print(error)
    failed = (
        report.outcomes()["partial"]
        or report.outcomes()["unopenable"]
        or load.errors
        or load.torn_reads
        or load.rows_lost
        or load.rows_doubled
        or load.batch_mismatches
        or load.uploads != load.planned_uploads
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
