"""Each screen runs as a person would open it (AppTest)."""

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="session")
def app_database(tmp_path_factory):
    return tmp_path_factory.mktemp("app") / "app.duckdb"


@pytest.fixture(autouse=True)
def database(app_database, monkeypatch):
    """The app tests share one database file, which the first of them makes the way a first run does."""
    monkeypatch.setenv("CDD_DB", str(app_database))
    return app_database


@pytest.mark.slow  # the whole demo written on a first run
def test_first_run_creates_the_database_with_demo_data(database):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and database.exists()
    con = duckdb.connect(str(database))  # the app holds the file read-write in this process
    assert con.execute("SELECT count(*) FILTER (NOT is_demo), count(*) FROM batches").fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM batches").fetchall()[0][0] > 400
    con.close()


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_without_open_viewing_the_app_asks_for_sign_in_first(fresh_db, monkeypatch):
    from cdd.store import database as store
    from cdd.store import users

    path = fresh_db("closed")
    con = store.connect(path)
    users.set_open_viewing(con, False)
    users.add_user(con, "ผู้อ่าน", "viewer", "รหัสผ่านยาวพอ-2567")
    con.close()
    monkeypatch.setenv("CDD_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and [t.value for t in at.title] == ["เข้าสู่ระบบ"]
    assert not at.get("plotly_chart")  # nothing of the data before signing in
    at.session_state["signed_in"] = "ผู้อ่าน"
    at.run()
    assert [t.value for t in at.title] == ["ภาพรวม"] and at.get("plotly_chart")
