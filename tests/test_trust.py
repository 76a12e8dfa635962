"""Trusting the database file: a sound file always opens, and the process that holds it keeps holding it.

- Sound files open: hundreds of ordinary writes (imports, rollbacks, account changes, sign-in attempts,
  backups, reference data) in a random order, the file closed and opened with the product after each
  one; the README's first steps from the command line; child processes killed with SIGKILL while they
  write, the file opened after each kill.
- The lock stays: a process holding the database (as the dashboard does) makes every kind of write,
  and after each one a second process still gets exit 3 from the command line.
- Restore reads nothing as SQL and takes only this product's schema at a version this code knows.
- Automatic copies are capped by count and size, half-made copies are removed, files are 0600."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import read_submission
from cdd.store import backup, submissions, users
from cdd.store import database as store

ROOT = Path(__file__).resolve().parent.parent
HEADER = "code,district,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads\r\n"
PASSWORD = "a-password-long-enough"


def random_upload(rng: random.Random) -> str:
    """A small lampang/click file whose figures differ from run to run, so each import supersedes values."""
    month = rng.choice(["2567-04", "2567-05", "2567-06"])
    lines = [
        f"{code},{name},{month},4,{rng.randint(0, 4)},yes,{rng.randint(0, 5)},{rng.randint(1, 3)},"
        f"{rng.randint(0, 4)},{rng.randint(0, 100)}\r\n"
        for code, name in (("5709", "แม่สาย"), ("5704", "เทิง"), ("5701", "เมืองเชียงราย"))
    ]
    return HEADER + "".join(lines)


def import_text(con, text: str, who: str = "ทดสอบ") -> int:
    submission, problems = read_submission("upload.csv", text.encode(), registry(), schemes())
    assert problems == [], problems[:2]
    return submissions.write(con, submission, "upload.csv", text.encode(), who)


class Steps:
    """The ordinary writes of a working day, each on an open connection."""

    def __init__(self, path: Path, rng: random.Random):
        self.path, self.rng, self.people, self.first = path, rng, 0, 1

    def run(self, con, kind: str) -> None:
        getattr(self, kind)(con)

    def import_(self, con) -> None:
        import_text(con, random_upload(self.rng))

    def rollback(self, con) -> None:
        latest = store.first_row(con, "SELECT max(id) FROM batches WHERE rolled_back_at IS NULL")[0]
        if latest is not None:
            submissions.rollback(con, latest, "ทดสอบ")

    def user_add(self, con) -> None:
        self.people += 1
        users.add_user(con, f"person{self.people}", "district", PASSWORD, "5709")

    def user_disable(self, con) -> None:
        if self.people >= self.first:
            users.disable_user(con, f"person{self.rng.randint(self.first, self.people)}")

    def sign_in(self, con) -> None:
        with contextlib.suppress(users.SignInRefused):
            users.sign_in(con, f"person{self.rng.randint(0, self.people)}", "wrong password here")

    def open_viewing(self, con) -> None:
        users.set_open_viewing(con, self.rng.random() < 0.5)

    def backup(self, con) -> None:
        backup.automatic_backup(con)

    def registry(self, con) -> None:
        store.load_registry_into(con, registry())


KINDS = ["import_", "import_", "import_", "rollback", "user_add", "user_disable", "sign_in", "open_viewing", "backup"]


@pytest.fixture
def fast_hashing(monkeypatch):
    """Accounts with a cheap hash: this test is about the file, not about guessing passwords."""
    monkeypatch.setattr(users, "hash_password", lambda password: "scrypt$fast$" + password)


def new_database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "cdd.duckdb"
    con = store.connect(path)
    store.load_registry_into(con, registry())
    con.close()
    return path


@pytest.mark.slow
def test_hundreds_of_ordinary_writes_never_make_a_sound_file_look_damaged(tmp_path, fast_hashing):
    path = new_database(tmp_path)
    rng = random.Random(9)
    steps = Steps(path, rng)
    done = []
    for n in range(300):
        kind = "registry" if n % 50 == 49 else rng.choice(KINDS)
        con = store.connect(path)  # the product's own open, with its check: raises DatabaseDamaged if it fires
        steps.run(con, kind)
        con.close()
        done.append(kind)
    con = store.connect(path)
    batches = store.first_row(con, "SELECT count(*) FROM batches")[0]
    con.close()
    assert batches == done.count("import_") and batches > 80
    assert {"rollback", "user_add", "user_disable", "sign_in", "backup", "registry"} <= set(done)


def cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, store.DB_ENV: str(db), "CDD_NEW_PASSWORD": PASSWORD}
    return subprocess.run(
        [sys.executable, "-m", "cdd", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow  # a dozen commands, each its own process
def test_the_readme_first_steps_leave_a_file_every_command_opens(tmp_path):
    db = tmp_path / "data" / "cdd.duckdb"
    assert cli("init", "--demo", db=db).returncode == 0
    for name in ("admin1", "province1", "viewer1"):
        role = name.rstrip("1")
        run = cli("user", "add", name, "--role", role, db=db)
        assert run.returncode == 0, run.stderr
    listed = cli("user", "list", db=db)
    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["admin1", "province1", "viewer1"]
    assert cli("batches", db=db).returncode == 0


# ---- killed while writing --------------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import random, sys
    sys.path.insert(0, sys.argv[1])
    sys.path.insert(0, sys.argv[1] + "/tests")
    from test_trust import Steps, KINDS
    from cdd.store import database as store, users
    users.hash_password = lambda password: "scrypt$fast$" + password
    path, seed = sys.argv[2], int(sys.argv[3])
    steps = Steps(path, random.Random(seed))
    steps.people = 1000 * seed  # names of its own: a killed run's accounts may be there already
    steps.first = steps.people + 1
    steps.user_add(store.connect(path))
    print("ready", flush=True)
    while True:
        con = store.connect(path)
        steps.run(con, steps.rng.choice(KINDS))
        con.close()
        print("step", flush=True)
""")


@pytest.mark.slow
def test_a_process_killed_while_writing_never_leaves_a_file_the_product_refuses(tmp_path):
    path = new_database(tmp_path)
    rng = random.Random(99)
    runs, steps_done = 30, 0
    for run in range(runs):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(ROOT), str(path), str(run + 1)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout.readline().strip() == "ready"
        assert child.stdout.readline().strip() == "step"  # the kill falls among writes, not before the first
        time.sleep(rng.uniform(0.0, 2.5))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        steps_done += 1 + child.stdout.read().count("step")
        con = store.connect(path)  # refuses with DatabaseDamaged if the check fires
        con.close()
    print(f"{runs} kills among {steps_done} writes; the product opened the file after every kill")
    assert steps_done > runs  # the children did write between kills


# ---- the lock stays with the process that holds the file ---------------------------------------------------

HOLDER = textwrap.dedent("""
    import random, sys
    sys.path.insert(0, sys.argv[1])
    sys.path.insert(0, sys.argv[1] + "/tests")
    from test_trust import Steps
    from cdd.store import database as store, users
    users.hash_password = lambda password: "scrypt$fast$" + password
    path = sys.argv[2]
    con = store.connect(path)  # held for the whole run, as the dashboard holds it
    steps = Steps(path, random.Random(5))
    print("holding", flush=True)
    for kind in sys.stdin:
        steps.run(con.cursor(), kind.strip())
        print("done", flush=True)
""")

EVERY_WRITE = ["import_", "import_", "rollback", "backup", "user_add", "user_disable", "sign_in", "open_viewing"]


@pytest.mark.slow  # a second process after every kind of write
def test_every_kind_of_write_keeps_the_file_locked_against_other_processes(tmp_path):
    path = new_database(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ROOT), str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        for kind in [*EVERY_WRITE, "registry"]:
            holder.stdin.write(kind + "\n")
            holder.stdin.flush()
            assert holder.stdout.readline().strip() == "done", kind
            with pytest.raises(duckdb.IOException, match="lock"):
                duckdb.connect(str(path)).close()
        # and the command line, as a person would meet it: exit 3 for reading, importing, backing up, restoring
        upload = tmp_path / "upload.csv"
        upload.write_text(random_upload(random.Random(1)), encoding="utf-8")
        copy = backup.backup(new_database(tmp_path / "other"), tmp_path / "copies")
        for command in (
            ["batches"],
            ["import", str(upload)],
            ["backup", "-o", str(tmp_path)],
            ["restore", str(copy), "--yes"],
        ):
            run = cli(*command, db=path)
            assert run.returncode == 3 and "Traceback" not in run.stderr, (command, run.stderr)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert not list((path.parent / "backups").glob(".*partial*"))


# ---- restore reads nothing as SQL and takes only this product's schema ---------------------------------------


def not_a_backup(path: Path, how: str) -> Path:
    con = duckdb.connect(str(path))
    if how == "only meta":
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(store.SCHEMA_VERSION)])
    else:
        store.migrate(con)
        if how == "version 1":
            store.set_meta(con, "schema_version", "1")
        elif how == "version 99":
            store.set_meta(con, "schema_version", "99")
        elif how == "a table named as SQL":
            pwned = path.with_name("pwned.csv")
            con.execute(f"""CREATE TABLE "x"" ; COPY (SELECT 1) TO '{pwned}'; --" (a INTEGER)""")
    con.close()
    return path


@pytest.mark.parametrize("how", ["only meta", "version 1", "version 99", "a table named as SQL"])
def test_restore_takes_only_this_products_schema_at_a_known_version(tmp_path, how):
    live = new_database(tmp_path)
    before = live.read_bytes()
    fake = not_a_backup(tmp_path / "cdd-20250101-000000.duckdb", how)
    with pytest.raises(backup.BackupRefused) as refused:
        backup.restore(fake, live)
    assert "ไม่ใช่ฐานข้อมูลสำรอง" in str(refused.value)
    assert live.read_bytes() == before and not (tmp_path / "pwned.csv").exists()


def test_a_table_name_inside_a_file_is_never_run_as_sql(tmp_path):
    path = not_a_backup(tmp_path / "odd.duckdb", "a table named as SQL")
    con = duckdb.connect(str(path))
    store.read_every_table(con)  # the check that reads every table quotes each name
    con.close()
    assert not (tmp_path / "pwned.csv").exists()


# ---- automatic copies are capped, half-made ones removed, files private -------------------------------------


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_automatic_copies_are_capped_by_count_and_by_size(tmp_path, monkeypatch):
    path = new_database(tmp_path)
    folder = path.parent / "backups"
    monkeypatch.setenv("CDD_BACKUP_COUNT", "3")
    made = [backup.automatic_backup(path) for _ in range(5)]
    left = [b.path for b in backup.list_backups(folder)]
    assert left == made[:-4:-1]  # the three newest
    monkeypatch.setenv("CDD_BACKUP_MAX_MB", "0.001")  # less than one copy: the newest stays all the same
    newest = backup.automatic_backup(path)
    assert [b.path for b in backup.list_backups(folder)] == [newest]
    by_hand = backup.backup(path, folder)
    backup.automatic_backup(path)
    assert by_hand in [b.path for b in backup.list_backups(folder)]


def test_a_copy_half_made_by_a_killed_process_is_removed(tmp_path):
    path = new_database(tmp_path)
    folder = path.parent / "backups"
    folder.mkdir()
    partial = folder / ".cdd-20250101-000000-before-import.duckdb.partial"
    partial.write_bytes(b"half a copy")
    (folder / (partial.name + ".wal")).write_bytes(b"its log")
    backup.automatic_backup(path)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def test_no_copy_is_started_without_room_for_it(tmp_path, monkeypatch):
    path = new_database(tmp_path)
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda folder: shutil_usage(free=path.stat().st_size))
    with pytest.raises(backup.BackupRefused) as refused:
        backup.automatic_backup(path)
    assert "พื้นที่ว่าง" in str(refused.value)
    assert list((path.parent / "backups").glob("*")) == []


def shutil_usage(free: int):
    import shutil

    return shutil._ntuple_diskusage(free * 10, free * 9, free)


def test_the_database_its_copies_and_a_restored_file_are_private(tmp_path):
    path = new_database(tmp_path)
    copy = backup.backup(path, tmp_path / "copies")
    backup.restore(copy, path)
    for made in (copy, path):
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made
    assert stat.S_IMODE((tmp_path / "copies").stat().st_mode) == 0o700


# ---- the first steps leave the same product whichever runs first ----------------------------------------


def product_state(path: Path) -> tuple:
    con = store.connect(path)
    try:
        demo_batches = store.first_row(con, "SELECT count(*) FROM batches WHERE is_demo")[0]
        districts = store.first_row(con, "SELECT count(*) FROM districts")[0]
        return demo_batches, districts, users.open_viewing(con), tuple(a.name for a in users.list_users(con))
    finally:
        con.close()


@pytest.mark.slow
def test_a_command_before_the_first_visit_makes_the_database_the_dashboard_would(tmp_path, cli, monkeypatch):
    from cdd.store import demo

    monkeypatch.setenv("CDD_NEW_PASSWORD", PASSWORD)
    command_first, dashboard_first, init_first = (tmp_path / n / "cdd.duckdb" for n in ("cli", "app", "init"))
    assert cli("user", "add", "admin1", "--role", "admin", "--db", str(command_first)).code == 0
    demo.ensure_database(dashboard_first)  # what app.py does on its first run
    assert cli("user", "add", "admin1", "--role", "admin", "--db", str(dashboard_first)).code == 0
    assert cli("init", "--demo", "--db", str(init_first)).code == 0
    assert cli("user", "add", "admin1", "--role", "admin", "--db", str(init_first)).code == 0
    states = {product_state(path) for path in (command_first, dashboard_first, init_first)}
    assert len(states) == 1
    demo_batches, districts, open_viewing, names = states.pop()
    assert demo_batches > 0 and districts > 0 and open_viewing and names == ("admin1",)
