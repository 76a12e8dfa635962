"""Faults: a process killed in the middle of an import, a damaged database file, a database held by
another process.

- Killed: a child process imports a large file (three months of lampang-2567-q3 for 200 synthetic
  districts, 18,000 values, 8,498 of them superseding values already there) and is killed with SIGKILL
  at moments spread over its steps: while it opens the database, while it writes, while it closes it
  (DuckDB's checkpoint) and after it is done. Opened again, the database holds the batch either not at
  all or whole, never a part, and what was there before is intact. `scripts/measure_faults.py` runs
  the same thing 30 times for the figures.
- Damaged: random bytes, the first 4 KiB, and copies of the demo database cut to k/12 of their length
  give DatabaseDamaged with a Thai message from the code, one line and exit 3 from the command line,
  and st.error in the app; the file is never written, not even to upgrade an older one.
- Held: while another process holds the file, the app shows the plain message (the command line's
  side is in test_cli_store.py)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import held_by_another_process
from streamlit.testing.v1 import AppTest

from cdd.cli import synthetic
from cdd.grading import inputs
from cdd.intake.validate import read_submission
from cdd.office.calendar import Month
from cdd.rubrics.indicators import encode_value
from cdd.store import database as store
from cdd.store import submissions

pytestmark = pytest.mark.slow  # the inner loop skips these: python -m pytest -m 'not slow'


ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
THAI = re.compile("[\u0e00-\u0e7f]")

# ---- killed in the middle of an import -----------------------------------------------------------

SCHEME = "lampang-2567-q3"  # the scheme with the most indicators
BEFORE = ((Month(2567, 4), 1), (Month(2567, 5), 1))  # (month, seed) already in the database
IMPORTED = ((Month(2567, 4), 3), (Month(2567, 5), 2), (Month(2567, 6), 2))  # the file killed mid-import

# The child: everything up to "ready" (interpreter, imports, reading and checking the file) touches no
# database; the kill's delay counts from there. Each later line is printed when that step is done.
CHILD = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    from cdd.grading import inputs
    from cdd.store import database as store
    from cdd.store import submissions
    from cdd.cli import synthetic
    from cdd.intake.validate import read_submission
    database, upload, settings = sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    registry = synthetic.national_registry(settings["provinces"], settings["districts"])
    scheme = synthetic.national_scheme(inputs.schemes()[settings["scheme"]], registry)
    data = open(upload, "rb").read()
    submission, problems = read_submission("upload.csv", data, registry, {scheme.id: scheme})
    assert not problems, problems[:3]
    start = time.monotonic()
    def mark(step):
        print(step, round(time.monotonic() - start, 4), flush=True)
    mark("ready")
    con = store.connect(database)
    mark("connected")
    submissions.write(con, submission, "upload.csv", data, "kill-test")
    mark("committed")
    con.close()
    mark("closed")
""")
# Where a kill landed, by the last step the child reported done.
LANDED = {"ready": "opening", "connected": "writing", "committed": "closing", "closed": "after"}


@dataclass
class KillSetup:
    """A database with data in it, a large file to import into it, and what importing it must give."""

    folder: Path
    base: Path  # the database before the import: copied afresh for every kill
    upload: Path
    settings: dict
    before: dict  # every table, as rows
    before_values: list  # submitted_values without replaced_by: what no import may change
    expected_current: dict  # (code, month, key) → value once the import is complete
    expected_writes: int  # the values the import writes (new or changed): its batch's value_count
    expected_superseded: int  # the current values it replaces
    file_values: int


@dataclass
class Kill:
    anchor: str  # the step the child reported done when the kill's delay began
    delay: float
    landed: str
    outcome: str  # absent, complete, partial or unopenable
    returncode: int | None
    detail: str = ""


@dataclass
class KillReport:
    kills: list[Kill] = field(default_factory=list)
    timings: dict = field(default_factory=dict)  # step → seconds after "ready", the faster of two unkilled imports

    def outcomes(self) -> Counter:
        return Counter(k.outcome for k in self.kills)

    def summary(self) -> str:
        count = self.outcomes()
        landed = Counter(k.landed for k in self.kills)
        steps = ", ".join(f"{s} {t * 1000:.0f} ms" for s, t in self.timings.items())
        return (
            f"kills: {len(self.kills)}: absent {count['absent']}, complete {count['complete']}, "
            f"partial {count['partial']}, unopenable {count['unopenable']}; landed while "
            + ", ".join(f"{phase} {landed[phase]}" for phase in LANDED.values())
            + f" (the steps of an unkilled import, done at: {steps})"
        )


def month_files(scheme, registry, months) -> bytes:
    """Several months of synthetic.month_file as one CSV: one header, a row per district and month."""
    parts = [synthetic.month_file(scheme, registry, month, seed).decode("utf-8") for month, seed in months]
    return (parts[0] + "".join(part.split("\n", 1)[1] for part in parts[1:])).encode("utf-8")


def checked(scheme, registry, data: bytes):
    submission, problems = read_submission("upload.csv", data, registry, {scheme.id: scheme})
    assert not problems, problems[:3]
    return submission


def table_rows(con) -> dict:
    """Every table, as sorted rows: the fingerprint of a database's content."""
    names = [n for (n,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall() for name in names}


def value_rows(con, other_than: int | None = None) -> list:
    """The submitted values with everything an import may not change (all but replaced_by)."""
    return con.execute(
        "SELECT batch_id, code, month, key, value, retracted, source_row FROM submitted_values "
        "WHERE batch_id IS DISTINCT FROM ? ORDER BY ALL",
        [other_than],
    ).fetchall()


def current_map(con) -> dict:
    rows = con.execute(f"SELECT code, month, key, value FROM submitted_values WHERE {submissions.CURRENT}").fetchall()
    return {(code, month, key): value for code, month, key, value in rows}


def build_kill_setup(folder: Path, provinces: int = 10, districts: int = 200) -> KillSetup:
    """The base database (districts, and two months already sent) and the three-month file to import."""
    folder.mkdir(parents=True, exist_ok=True)
    registry = synthetic.national_registry(provinces, districts)
    scheme = synthetic.national_scheme(inputs.schemes()[SCHEME], registry)
    base = folder / "base.duckdb"
    con = store.connect(base)
    try:
        store.load_registry_into(con, registry)
        for month, seed in BEFORE:
            data = synthetic.month_file(scheme, registry, month, seed)
            submissions.write(con, checked(scheme, registry, data), f"{month.token}.csv", data, "before")
        before, before_values, current = table_rows(con), value_rows(con), current_map(con)
    finally:
        con.close()
    data = month_files(scheme, registry, IMPORTED)
    upload = folder / "upload.csv"
    upload.write_bytes(data)
    incoming = {
        (row.district.code, row.month.token, key): encode_value(value)
        for row in checked(scheme, registry, data).rows
        for key, value in row.values.items()
    }
    writes = {k: v for k, v in incoming.items() if current.get(k) != v}
    settings = {"provinces": provinces, "districts": districts, "scheme": SCHEME}
    return KillSetup(
        folder,
        base,
        upload,
        settings,
        before,
        before_values,
        {**current, **incoming},
        len(writes),
        sum(1 for k in writes if k in current),
        len(incoming),
    )


def judge(path: Path, setup: KillSetup) -> tuple[str, str]:
    """Open the database again as the app would: 'absent', 'complete', or 'partial'/'unopenable' and why."""
    try:
        con = store.connect(path)
    except Exception as error:
        return "unopenable", f"{type(error).__name__}: {error}"
    try:
        before_ids = {row[0] for row in setup.before["batches"]}
        new = sorted({i for (i,) in con.execute("SELECT id FROM batches").fetchall()} - before_ids)
        if not new:
            after = table_rows(con)
            changed = [name for name in after if after[name] != setup.before.get(name)]
            return ("absent", "") if not changed else ("partial", f"no new batch, but changed: {changed}")
        if len(new) > 1:
            return "partial", f"several new batches: {new}"
        batch = new[0]
        problems = []
        value_count = con.execute("SELECT value_count FROM batches WHERE id = ?", [batch]).fetchone()[0]
        stored, current = con.execute(
            f"SELECT count(*), count(*) FILTER ({submissions.CURRENT}) FROM submitted_values WHERE batch_id = ?",
            [batch],
        ).fetchone()
        if not (value_count == stored == current == setup.expected_writes):
            problems.append(
                f"value_count {value_count}, stored {stored}, current {current}, expected {setup.expected_writes}"
            )
        replaced = con.execute("SELECT count(*) FROM submitted_values WHERE replaced_by = ?", [batch]).fetchone()[0]
        recorded = con.execute("SELECT count(*) FROM supersessions WHERE batch_id = ?", [batch]).fetchone()[0]
        if not (replaced == recorded == setup.expected_superseded):
            problems.append(f"superseded {replaced}, recorded {recorded}, expected {setup.expected_superseded}")
        if current_map(con) != setup.expected_current:
            problems.append("the current values are not those of the file over the data before")
        doubled = con.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM submitted_values WHERE {submissions.CURRENT} "
            f"GROUP BY code, month, key HAVING count(*) > 1)"
        ).fetchone()[0]
        if doubled:
            problems.append(f"{doubled} (district, month, key) with two current values")
        if value_rows(con, other_than=batch) != setup.before_values:
            problems.append("a value from before changed")
        after = table_rows(con)
        for name in ("districts", "reference_figures"):
            if after.get(name) != setup.before.get(name):
                problems.append(f"{name} changed")
        old_batches = [row for row in after["batches"] if row[0] != batch]
        if old_batches != setup.before["batches"]:
            problems.append("a batch from before changed")
        old_supersessions = [row for row in after["supersessions"] if row[0] != batch]
        if old_supersessions != setup.before["supersessions"]:
            problems.append("a supersession from before changed")
        return ("partial", "; ".join(problems)) if problems else ("complete", "")
    finally:
        con.close()


def import_in_child(setup: KillSetup, path: Path, anchor: str | None = None, delay: float = 0.0) -> tuple[dict, int]:
    """Run the import in a child process and kill it `delay` seconds after it reports the step `anchor`
    done (None: let it finish). Returns the steps it reported done (step → seconds after ready) and
    its exit status (-9 when the kill found it still running)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), str(path), str(setup.upload), json.dumps(setup.settings)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    lines = []
    try:
        while anchor is not None:
            line = child.stdout.readline()
            if not line:
                raise AssertionError(f"the import child stopped before '{anchor}': {child.stderr.read()[-2000:]}")
            lines.append(line)
            if line.startswith(anchor + " "):
                time.sleep(delay)
                child.send_signal(signal.SIGKILL)
                break
        rest, errors = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if anchor is None:
        assert child.returncode == 0, errors[-2000:]
    steps = {}
    for line in "".join(lines + [rest]).splitlines():
        step, seconds = line.split()
        steps[step] = float(seconds)
    return steps, child.returncode


def kill_plan(timings: dict, kills: int) -> list[tuple[str, float]]:
    """(step, delay after it) for each kill, spread over the steps of an unkilled run: most while the
    import writes, some while it opens the file, some while it closes it (DuckDB's checkpoint), a few
    right after it is done."""
    lengths = {
        "ready": timings["connected"],
        "connected": timings["committed"] - timings["connected"],
        "committed": timings["closed"] - timings["committed"],
        "closed": 0.0,
    }
    counts = {
        "ready": max(1, round(kills * 0.15)),
        "connected": max(1, round(kills * 0.55)),
        "committed": max(1, round(kills * 0.2)),
    }
    counts["closed"] = max(0, kills - sum(counts.values()))
    # Writing: evenly up to a quarter past the unkilled import's commit (a write's time varies), so that
    # the last few land around the commit itself. After: 0, 5, 10 … ms after it closed the file.
    share = {
        "ready": lambda i, n: lengths["ready"] * i / n,
        "connected": lambda i, n: lengths["connected"] * 1.25 * (i + 1) / n,
        "committed": lambda i, n: lengths["committed"] * i / n,
        "closed": lambda i, n: 0.005 * i,
    }
    return [(step, share[step](i, count)) for step, count in counts.items() for i in range(count)]


def run_kills(setup: KillSetup, kills: int) -> KillReport:
    """Two unkilled imports to time the steps, then `kills` imports killed at moments spread over them."""
    report = KillReport()
    runs = []
    for number in range(2):
        calibration = setup.folder / f"calibration-{number}.duckdb"
        shutil.copyfile(setup.base, calibration)
        runs.append(import_in_child(setup, calibration)[0])
        outcome, detail = judge(calibration, setup)
        assert outcome == "complete", f"an import that was not killed: {outcome} {detail}"
    report.timings = min(runs, key=lambda run: run["closed"])  # the faster: the first run may meet cold caches
    for number, (anchor, delay) in enumerate(kill_plan(report.timings, kills)):
        path = setup.folder / f"kill-{number}.duckdb"
        shutil.copyfile(setup.base, path)
        steps, returncode = import_in_child(setup, path, anchor, delay)
        landed = LANDED[max(steps, key=steps.get)]
        outcome, detail = judge(path, setup)
        report.kills.append(Kill(anchor, delay, landed, outcome, returncode, detail))
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return report


def test_a_process_killed_during_an_import_leaves_the_batch_absent_or_complete(tmp_path):
    setup = build_kill_setup(tmp_path)
    report = run_kills(setup, kills=8)
    print("\n" + report.summary())
    for kill in report.kills:
        print(
            f"  {kill.delay * 1000:4.0f} ms after '{kill.anchor}', landed while {kill.landed:7}: "
            f"{kill.outcome} (exit {kill.returncode}) {kill.detail}"
        )
    bad = [k for k in report.kills if k.outcome not in ("absent", "complete")]
    assert not bad, bad
    assert any(k.returncode == -signal.SIGKILL for k in report.kills)  # the kills did land on a live process


# ---- a damaged file ------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def without_free_blocks(path: Path) -> Path:
    """The file, once it is known that every block of it holds data: cut anywhere, it is damaged."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        total, used, free = con.execute(
            "SELECT total_blocks, used_blocks, free_blocks FROM pragma_database_size()"
        ).fetchone()
    finally:
        con.close()
    assert free == 0 and used == total, (total, used, free)
    assert not path.with_name(path.name + ".wal").exists()
    return path


def compacted(path: Path) -> Path:
    """The same database written anew into a file of its own, every block of it data: a file keeps the
    blocks freed by its earlier writes (opening checks the whole file, then hands over a fresh connection)."""
    target = path.with_name("compact-" + path.name)
    target.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS source (READ_ONLY)", [str(path)])
        con.execute("ATTACH ? AS target", [str(target)])
        con.execute("COPY FROM DATABASE source TO target")
    finally:
        con.close()
    return target


@pytest.fixture(scope="module")
def real_database(fresh_db) -> Path:
    """The demo database, closed, with no free block in it."""
    return without_free_blocks(compacted(fresh_db("damage-source")))


@pytest.fixture(scope="module")
def older_database(tmp_path_factory) -> Path:
    """The demo data in a file of the schema version before this one: opening it upgrades it."""
    path = tmp_path_factory.mktemp("older") / "older.duckdb"
    con = duckdb.connect(str(path))
    try:
        store.migrate(con, upto=store.MIGRATIONS[-2][0])
        store.load_registry_into(con, inputs.registry())
        # Figures written as the older schema holds them (today's writer would need today's tables).
        con.execute(
            "INSERT INTO batches (file_name, sha256, submitted_by, submitted_at, scheme, period, row_count, "
            "value_count) VALUES ('older.csv', '0', 'older', TIMESTAMP '2024-01-01', 'click-2567-q2', '2567-01', 1, 1)"
        )
        con.execute(
            "INSERT INTO submitted_values (batch_id, code, month, key, value) SELECT 1, d.code, "
            "'2567-' || lpad(m::VARCHAR, 2, '0'), 'k' || k, (k * m)::VARCHAR FROM districts d, range(1, 13) t(m), range(40) s(k)"
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return without_free_blocks(path)


CUTS = [f"cut to {k}/12" for k in range(1, 12)]


def damaged(real: Path, folder: Path, how: str) -> Path:
    """A copy of `real` made of random bytes, cut to its first 4 KiB, or cut to k/12 of its length."""
    data = real.read_bytes()
    path = folder / f"{how.replace(' ', '-').replace('/', 'of')}.duckdb"
    if how == "random":
        path.write_bytes(os.urandom(len(data)))
    elif how == "header only":
        path.write_bytes(data[:4096])
    else:
        k = int(how.split()[-1].split("/")[0])
        path.write_bytes(data[: len(data) * k // 12])
    return path


def assert_damaged_message(message: str, path: Path) -> None:
    assert THAI.search(message) and "ไฟล์อาจเสียหาย" in message and "ไม่เขียนทับ" in message, message
    assert str(path) in message and "\n" not in message.strip()


def assert_untouched(path: Path, digest: str) -> None:
    assert sha256(path) == digest, "the damaged file was written to"
    assert not path.with_name(path.name + ".wal").exists()


@pytest.mark.parametrize("how", ["random", "header only", *CUTS])
def test_a_damaged_file_gives_a_clear_message_and_is_never_written(real_database, tmp_path, how, cli):
    path = damaged(real_database, tmp_path, how)
    digest = sha256(path)
    with pytest.raises(store.DatabaseDamaged) as raised:
        store.connect(path).close()
    assert_damaged_message(str(raised.value), path)
    assert_untouched(path, digest)
    for command in (["batches"], ["grades", "--scheme", "lampang-2567-q3", "--period", "2567-Q3"]):
        run = cli(*command, "--db", str(path))
        assert run.code == 3 and run.out == "", run
        assert len(run.err.strip().splitlines()) == 1 and "Traceback" not in run.err
        assert_damaged_message(run.err, path)
    assert_untouched(path, digest)


@pytest.mark.parametrize("how", ["cut to 3/12", "cut to 6/12", "cut to 9/12", "cut to 11/12"])
def test_a_damaged_older_file_is_not_upgraded(older_database, tmp_path, how):
    """Opening a file of an older schema writes the upgrade into it: never into a damaged one."""
    path = damaged(older_database, tmp_path, how)
    digest = sha256(path)
    with pytest.raises(store.DatabaseDamaged) as raised:
        store.connect(path).close()
    assert_damaged_message(str(raised.value), path)
    assert_untouched(path, digest)


@pytest.mark.parametrize("how", ["random", "cut to 6/12", "cut to 9/12"])
def test_the_app_on_a_damaged_file_shows_the_message(real_database, tmp_path, how, monkeypatch, fresh_caches):
    path = damaged(real_database, tmp_path, how)
    digest = sha256(path)
    monkeypatch.setenv("CDD_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.error and "อาจเสียหาย" in at.error[0].value and "ไม่เขียนทับ" in at.error[0].value
    # Words for the office, not a command: who acts, and where the automatic copies are.
    assert "python" not in at.error[0].value and "ผู้ดูแลเครื่องแม่ข่าย" in at.error[0].value
    assert "backups" in at.error[0].value  # the folder of the automatic copies, beside the file
    assert_untouched(path, digest)


# ---- held by another process: the app's side ------------------------------------------------------


def test_the_app_says_when_another_process_holds_the_database(fresh_db, monkeypatch, fresh_caches):
    path = fresh_db("held")
    with held_by_another_process(path):
        monkeypatch.setenv("CDD_DB", str(path))
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception, at.exception
        assert at.error, "no message shown"
        message = at.error[0].value
        assert "the dashboard is using the database" in message and "กำลังใช้ฐานข้อมูล" in message, message
    # Once the other process is gone, the same app opens the same file.
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error
