"""Time to import one month: a province, and the whole country (878 synthetic districts).

    python scripts/measure_import.py

Each figure is the median of five imports into a fresh temporary database after one warm-up:
"check" reads and validates the whole file, "write" is the one transaction that stores it.
"""

import pathlib
import statistics
import sys
import tempfile
import time
from dataclasses import replace

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from cdd.cli import synthetic
from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import read_submission
from cdd.office.calendar import Month
from cdd.store import database as store
from cdd.store import submissions


def measure(label, scheme, reg, month, runs=5):
    """Median of `runs` imports into a fresh temporary database, after one warm-up."""
    data = synthetic.month_file(scheme, reg, month)
    times_check, times_write = [], []
    for i in range(runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            con = store.connect(pathlib.Path(tmp) / "t.duckdb")
            store.load_registry_into(con, reg)
            t0 = time.perf_counter()
            sub, problems = read_submission("m.csv", data, reg, {scheme.id: scheme})
            assert not problems, problems[:3]
            t1 = time.perf_counter()
            submissions.write(con, sub, "m.csv", data, "bench")
            t2 = time.perf_counter()
            con.close()
        if i:  # the first run warms up
            times_check.append(t1 - t0)
            times_write.append(t2 - t1)
    rows = len(sub.rows)
    values = sub.value_count
    c, w = statistics.median(times_check), statistics.median(times_write)
    print(
        f"{label}: {rows} rows, {values} values: check {c * 1000:.0f} ms + write {w * 1000:.0f} ms = {(c + w) * 1000:.0f} ms"
    )


measure(
    "Chiang Rai (18 districts), click-2567-q3, 2567-04",
    replace(schemes()["click-2567-q3"], provinces=("57",)),
    registry(),
    Month(2567, 4),
)
measure("Lampang (13 districts), lampang-2567-q3, 2567-04", schemes()["lampang-2567-q3"], registry(), Month(2567, 4))
nat = synthetic.national_registry()
for sid, month in (
    ("click-2567-q3", Month(2567, 4)),
    ("lampang-2567-q3", Month(2567, 4)),
    ("sakaeo-click-2568", Month(2568, 2)),
):
    measure(f"national {sid} {month.token}", synthetic.national_scheme(schemes()[sid], nat), nat, month)
