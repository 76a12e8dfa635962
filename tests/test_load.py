"""Load: 20 sessions reading while 2 upload, on one connection to a real database file, as the app runs.

Every thread takes its own cursor of the one connection (the app's ui.cursor()). Readers grade whole
schemes for a period (cdd.store.period_grades.grade_period) and read the current values of the districts being
uploaded to (submissions.current_values); uploaders read and check their files, preview them
(submissions.plan) and write them (submissions.write), each its own districts and months, some
months sent twice so that the second file supersedes the first. All start together at a barrier.

Afterwards: no thread met an error; every read of the uploaded values saw the state after a whole
number of files (never half a file); every uploaded (district, month, key) has exactly one current
value, the last one written; each batch holds exactly value_count values; no (district, month, key)
anywhere has two current values. `scripts/measure_faults.py` runs it at full size for the figures.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cdd.cli import synthetic
from cdd.grading import inputs
from cdd.intake.validate import read_submission
from cdd.office.calendar import parse_period
from cdd.rubrics.indicators import encode_value
from cdd.store import database as store
from cdd.store import submissions
from cdd.store.period_grades import grade_period

pytestmark = pytest.mark.slow  # the inner loop skips these: python -m pytest -m 'not slow'

# What the readers grade: every scheme of the demo, one period each.
READS = [
    ("lampang-2567-q3", "2567-Q3"),
    ("click-2567-q3", "2567-Q3"),
    ("sakaeo-click-2568", "2568-Q2"),
    ("buriram-digital-2568", "2568-Q2"),
    ("click-2567-q2", "2567-Q2"),
]
# What each uploader sends: its scheme (and so its districts) and its months, each sent `rounds` times.
UPLOADS = [
    ("lampang-2567-q3", ["2567-04", "2567-05", "2567-06"]),
    ("sakaeo-click-2568", ["2568-02", "2568-03", "2568-04"]),
]


@dataclass
class Upload:
    name: str
    data: bytes
    values: dict  # (code, month, key) → stored text, as the file has them


@dataclass
class LoadReport:
    readers: int
    uploaders: int
    seconds: float = 0.0
    reads: int = 0
    uploads: int = 0
    planned_uploads: int = 0
    errors: list = field(default_factory=list)
    torn_reads: int = 0  # a read of the uploaded values that matched no whole number of files
    rows_lost: int = 0  # an uploaded (district, month, key) whose current value is missing or not the last written
    rows_doubled: int = 0  # a (district, month, key) with more than one current value
    batch_mismatches: int = 0  # a batch whose value_count is not the number of its values
    values_written: int = 0

    def summary(self) -> str:
        return (
            f"load: {self.readers} readers, {self.uploaders} uploaders, {self.seconds:.1f} s: "
            f"reads {self.reads}, uploads {self.uploads} of {self.planned_uploads} ({self.values_written} values), "
            f"errors {len(self.errors)}, torn reads {self.torn_reads}, rows lost {self.rows_lost}, "
            f"rows doubled {self.rows_doubled}, batches with a wrong value_count {self.batch_mismatches}"
        )


def plan_uploads(rounds: int) -> list[list[Upload]]:
    """Each uploader's files in the order it sends them: all its months, `rounds` times over, new figures each time."""
    registry, schemes = inputs.registry(), inputs.schemes()
    plans = []
    for scheme_id, months in UPLOADS:
        scheme = schemes[scheme_id]
        files = []
        for round_ in range(rounds):
            for token in months:
                data = synthetic.month_file(scheme, registry, parse_period(token), seed=100 + round_)
                name = f"load-{scheme_id}-{token}-{round_}.csv"
                submission, problems = read_submission(name, data, registry, {scheme.id: scheme})
                assert not problems, problems[:3]
                values = {
                    (row.district.code, row.month.token, key): encode_value(value)
                    for row in submission.rows
                    for key, value in row.values.items()
                }
                files.append(Upload(name, data, values))
        plans.append(files)
    return plans


def pairs_of(files: list[Upload]) -> set[tuple[str, str]]:
    return {(code, month) for upload in files for code, month, _ in upload.values}


def states_of(start: dict, files: list[Upload]) -> set[frozenset]:
    """The current values of an uploader's (district, month) pairs after 0, 1, … all of its files."""
    states, state = [frozenset(start.items())], dict(start)
    for upload in files:
        state.update(upload.values)
        states.append(frozenset(state.items()))
    return set(states)


def run_load(path: Path, readers: int = 20, rounds: int = 2, max_seconds: float = 20.0) -> LoadReport:
    """Readers and uploaders on one connection to the file at `path`: the uploaders send every file of
    theirs, the readers read until they are done (or `max_seconds` pass, when they stop and leave the
    uploaders alone); then the database is closed, opened again and checked."""
    plans = plan_uploads(rounds)
    report = LoadReport(readers, len(plans), planned_uploads=sum(len(files) for files in plans))
    registry, schemes = inputs.registry(), inputs.schemes()
    con = store.connect(path)
    pairs = [pairs_of(files) for files in plans]
    with con.cursor() as cur:
        allowed = [states_of(submissions.current_values(cur, p), files) for p, files in zip(pairs, plans)]
    batches: list[tuple[int, Upload]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(readers + len(plans))
    uploads_done = threading.Event()
    remaining = [len(plans)]
    deadline = [0.0]

    def guarded(work):
        def run(*args):
            try:
                barrier.wait(timeout=60)
                work(*args)
            except BaseException:
                with lock:
                    report.errors.append(f"{threading.current_thread().name}: {traceback.format_exc()}")

        return run

    def read(number: int) -> None:
        cur = con.cursor()
        done = 0
        while (not uploads_done.is_set() and time.monotonic() < deadline[0]) or done == 0:
            which = (number + done) % (len(READS) + len(pairs))
            if which < len(READS):
                scheme_id, period = READS[which]
                results = grade_period(cur, scheme_id, period)
                assert results and all(r.results for r in results)
            else:
                index = which - len(READS)
                seen = frozenset(submissions.current_values(cur, pairs[index]).items())
                if seen not in allowed[index]:
                    with lock:
                        report.torn_reads += 1
            done += 1
        cur.close()
        with lock:
            report.reads += done

    def upload(number: int) -> None:
        try:
            for item in plans[number]:
                submission, problems = read_submission(item.name, item.data, registry, schemes)
                assert not problems, problems[:3]
                with con.cursor() as cur:  # as the upload screen does: a preview, then the write
                    preview = submissions.plan(cur, submission)
                    batch = submissions.write(cur, submission, item.name, item.data, f"uploader-{number}")
                with lock:
                    batches.append((batch, item))
                    report.uploads += 1
                    report.values_written += len(preview.writes)
        finally:
            with lock:
                remaining[0] -= 1
                if not remaining[0]:
                    uploads_done.set()

    threads = [threading.Thread(target=guarded(read), args=(n,), name=f"reader-{n}") for n in range(readers)]
    threads += [threading.Thread(target=guarded(upload), args=(n,), name=f"uploader-{n}") for n in range(len(plans))]
    start = time.monotonic()
    deadline[0] = start + max_seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max_seconds + 120)
        if thread.is_alive():
            report.errors.append(f"{thread.name} still running after {max_seconds + 120:.0f} s")
    report.seconds = time.monotonic() - start
    con.close()
    check_rows(path, batches, report)
    return report


def check_rows(path: Path, batches: list[tuple[int, Upload]], report: LoadReport) -> None:
    """Open the file again and count rows lost, rows doubled and batches whose count is wrong."""
    expected: dict = {}
    # The uploaders' keys are disjoint, so the order of the batch ids is each uploader's own order.
    for _, upload in sorted(batches, key=lambda b: b[0]):
        expected.update(upload.values)
    con = store.connect(path)
    try:
        current = con.execute(
            f"SELECT code, month, key, list(value) FROM submitted_values WHERE {submissions.CURRENT} GROUP BY ALL"
        ).fetchall()
        by_key = {(code, month, key): values for code, month, key, values in current}
        report.rows_lost = sum(1 for k, v in expected.items() if by_key.get(k) != [v])
        report.rows_doubled = sum(1 for values in by_key.values() if len(values) > 1)
        report.batch_mismatches = con.execute(
            "SELECT count(*) FROM batches b LEFT JOIN (SELECT batch_id, count(*) AS n FROM submitted_values "
            "GROUP BY batch_id) v ON v.batch_id = b.id WHERE coalesce(v.n, 0) <> b.value_count"
        ).fetchone()[0]
        ids = [batch for batch, _ in batches]
        stored = {i for (i,) in con.execute("SELECT id FROM batches").fetchall()}
        if len(set(ids)) != len(ids) or not set(ids) <= stored:
            report.errors.append(f"batch ids returned {sorted(ids)} are not distinct or not all stored")
    finally:
        con.close()


def test_twenty_readers_and_two_uploaders_lose_and_double_nothing(fresh_db):
    report = run_load(fresh_db("load"), readers=20, rounds=2, max_seconds=20)
    print("\n" + report.summary())
    assert not report.errors, "\n".join(report.errors[:5])
    assert report.uploads == report.planned_uploads == 12
    assert report.reads >= 20 and report.torn_reads == 0
    assert report.rows_lost == report.rows_doubled == report.batch_mismatches == 0
