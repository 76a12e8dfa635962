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


def test_first_run_creates_the_database_with_demo_data(database):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and database.exists()
    con = duckdb.connect(str(database))  # the app holds the file read-write in this process
    assert con.execute("SELECT count(*) FILTER (NOT is_demo), count(*) FROM batches").fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM batches").fetchall()[0][0] > 400
    con.close()

