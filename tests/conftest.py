"""Fixtures shared by the tests: the loaded rubrics, the district registry, the CLI run in-process, and
for the page tests the demo and empty databases, the app opened at a screen, and a figure's plotly spec."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from cdd.cli.main import main
from cdd.grading import inputs
from cdd.office.districts import Registry
from cdd.rubrics.model import load_schemes
from cdd.store import database as store
from cdd.store import demo, users

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# The screens whose heading never changes: opening one checks that it is the screen shown.
TITLES = {
    "screens/targets.py": "เป้าหมาย vs ผลงาน",
    "screens/gaps.py": "สิ่งที่ยังขาด",
    "screens/status.py": "สถานะการส่งรายงาน",
    "screens/rubrics.py": "เกณฑ์การจัดระดับ",
    "screens/upload.py": "นำเข้าข้อมูล",
}


@pytest.fixture(scope="session")
def schemes():
    return load_schemes()


@pytest.fixture(scope="session")
def registry():
    return Registry.load()


@dataclass
class CliRun:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


@pytest.fixture
def cli(monkeypatch, capsys, cli_db):
    """Run `python -m cdd ARGS` in-process with `stdin` as standard input. A command given no --db reads
    `cli_db` (the published schemes are in the database), never the working tree's data/cdd.duckdb."""
    monkeypatch.setenv(store.DB_ENV, str(cli_db))

    def run(*args: str, stdin: object = "") -> CliRun:
        text = stdin if isinstance(stdin, str) else json.dumps(stdin, ensure_ascii=False)
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


# ---- the page tests ----------------------------------------------------------------------------------


def _build(path: Path, with_demo: bool) -> Path:
    with store.connect(path) as con:
        store.load_registry_into(con, inputs.registry())
        if with_demo:
            demo.add_demo(con, inputs.schemes(), inputs.registry())
        users.set_open_viewing(con, True)  # readable without an account, as the app's first run leaves it
    return path


ROOT = Path(__file__).resolve().parent.parent


def _sources_digest() -> str:
    """What the built databases depend on: the code, the rubrics, the reference data and this file. Equal digests
    build equal files, so a run may take the files an earlier run built (each test worker would otherwise
    spend seconds writing the demo again)."""
    digest = hashlib.sha256()
    sources = [*ROOT.glob("cdd/**/*.py"), *ROOT.glob("cdd/**/*.toml"), *ROOT.glob("data/**/*.csv"), Path(__file__)]
    for path in sorted(sources):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _built(with_demo: bool) -> Path:
    folder = Path(tempfile.gettempdir()) / "cdd-test-databases" / _sources_digest()
    path = folder / f"{'demo' if with_demo else 'empty'}.duckdb"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=folder))
        os.replace(_build(scratch / path.name, with_demo), path)  # whole or not at all, whichever worker wins
        shutil.rmtree(scratch, ignore_errors=True)
    return path


@pytest.fixture(scope="session")
def fresh_db(tmp_path_factory):
    """`fresh_db(name, demo=True)`: a database file of the caller's own, for tests that change the data:
    a copy of the demo database, or with demo=False of one with the districts and nothing sent. Each is
    built once (for these sources) into a file nothing ever opens but to copy it."""
    originals = {with_demo: _built(with_demo) for with_demo in (True, False)}

    def copy(name: str, demo: bool = True) -> Path:
        path = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
        shutil.copyfile(originals[demo], path)
        return path

    return copy


@pytest.fixture(scope="session")
def cli_db(fresh_db) -> Path:
    """The database of the commands a test runs without --db: the districts and the shipped schemes, no figures."""
    return fresh_db("cli", demo=False)


@pytest.fixture(scope="session")
def blank_db(tmp_path_factory):
    """`blank_db(path)`: at `path`, a database as `store.connect` and `load_registry_into` leave it (the
    districts and reference figures, no account, reading without an account off), copied from one built
    once: building the schema and seeding the rubrics anew costs each test about half a second."""
    original = tmp_path_factory.mktemp("blank") / "blank.duckdb"
    with store.connect(original) as con:
        store.load_registry_into(con, inputs.registry())

    def copy(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, path)
        return path

    return copy


@pytest.fixture(scope="session")
def demo_db(fresh_db) -> Path:
    """The demo database, shared by every test that only reads it: one that writes takes a `fresh_db`."""
    return fresh_db("demo")


@pytest.fixture(scope="session")
def rolled_back_db(fresh_db) -> Path:
    """The demo data with เวียงชัย's (5702) only batch for May 2567 rolled back: no figures for that month.
    Shared, so never written to."""
    from cdd.store.submissions import rollback

    path = fresh_db("rolled-back")
    with store.connect(path) as con:
        batch = con.execute(
            "SELECT id FROM batches WHERE file_name = 'demo-click-2567-q3-5702-2567-05.csv' ORDER BY id DESC LIMIT 1"
        ).fetchall()[0][0]
        rollback(con, batch, "ทดสอบ")
    return path


@pytest.fixture(scope="session")
def empty_db(fresh_db) -> Path:
    """Districts and reference figures, and not one submitted value; shared, so never written to."""
    return fresh_db("empty", demo=False)


@pytest.fixture
def fresh_caches():
    """Streamlit's data caches emptied before and after: each test opens the app cold, never seeing
    what an earlier test (on the same shared database) left in them."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def open_page(monkeypatch, fresh_caches):
    """`open_page(database, page, account=None, **query_params)`: the app on that database file, opened at
    the page with the query parameters in its URL (and signed in as `account`), run once; no exception, and
    the screen's heading where it has one.

    As a link to the screen would open it: no screen runs before it (the pages keep the URL of their file
    name, which is how AppTest finds a page before the first run)."""

    def open_(database: Path, page: str, account: str | None = None, **query_params: str) -> AppTest:
        monkeypatch.setenv("CDD_DB", str(database))
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page(page)
        at.query_params.update(query_params)
        if account:  # signed in as that account, as its own browser would be
            at.session_state["signed_in"] = account
        at.run()
        assert not at.exception
        if page in TITLES:
            assert at.title[0].value == TITLES[page]
        return at

    return open_


def figure_spec(at: AppTest, index: int = 0) -> dict:
    """The plotly figure of the page's index-th chart, as the JSON spec it was sent as."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def plotly_array(value) -> list:
    """An array of a figure spec as a list: plotly sends numbers as base64 typed arrays ({dtype, bdata, shape})."""
    if not isinstance(value, dict):
        return value
    import base64

    import numpy as np

    array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    shape = value.get("shape")
    if shape:
        array = array.reshape([int(n) for n in str(shape).split(",")])
    return array.tolist()


@contextlib.contextmanager
def held_by_another_process(path: Path):
    """Another process with the database open, as the dashboard would be, until the block ends."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys\ncon = duckdb.connect({str(path)!r})\n"
            "print('holding', flush=True)\nsys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def set_reference(con, code: str, month: str, key: str, value: int) -> None:
    """A reference figure set as an administrator sets it (a district may not): one batch by the operator."""
    from cdd.intake.validate import read_submission
    from cdd.store.submissions import write

    text = f"code,month,{key}\n{code},{month},{value}\n".encode()
    submission, problems = read_submission("reference.csv", text, store.registry_from(con), inputs.schemes())
    assert problems == [], problems
    write(con, submission, "reference.csv", text, "ผู้ดูแลระบบ")


@pytest.fixture
def no_limit_settings(monkeypatch):
    """The upload and backup limits start from their defaults, whatever the machine running the tests has set."""
    from cdd.intake.limits import SETTINGS

    for setting in SETTINGS.values():
        monkeypatch.delenv(setting.variable, raising=False)
