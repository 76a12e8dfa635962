"""Sessions kept across a reload: a random token in the browser, only its hash in the database, an
expiry, and an end when the person signs out or the account is disabled."""

from __future__ import annotations

import datetime as dt

import pytest

from cdd.store import database as store
from cdd.store import sessions, users

PASSWORD = "ยาวพอแล้ว-2567"
MORNING = dt.datetime(2026, 12, 1, 8, 30)


@pytest.fixture
def con(fresh_db):
    with store.connect(fresh_db("sessions", demo=False)) as connection:
        users.add_user(connection, "เทิง1", "district", PASSWORD, "5704")
        yield connection


def test_a_token_signs_its_account_in_until_it_expires(con):
    token = sessions.start(con, "เทิง1", now=MORNING)
    assert sessions.holder(con, token, now=MORNING + dt.timedelta(hours=9)) == users.User("เทิง1", "district", "5704")
    assert sessions.holder(con, token, now=MORNING + sessions.LIFETIME) is None
    assert sessions.holder(con, token + "x", now=MORNING) is None and sessions.holder(con, None) is None


def test_only_the_hash_is_stored_and_tokens_differ(con):
    first, second = sessions.start(con, "เทิง1", now=MORNING), sessions.start(con, "เทิง1", now=MORNING)
    stored = [row[0] for row in con.execute("SELECT token_hash FROM sessions").fetchall()]
    assert first != second and len(first) >= 40
    assert first not in stored and second not in stored and len(stored) == 2


def test_signing_out_ends_the_token_and_only_that_one(con):
    kept, ended = sessions.start(con, "เทิง1", now=MORNING), sessions.start(con, "เทิง1", now=MORNING)
    sessions.end(con, ended, now=MORNING)
    assert sessions.holder(con, ended, now=MORNING) is None
    assert sessions.holder(con, kept, now=MORNING) is not None


def test_a_disabled_account_is_signed_out_everywhere(con):
    token = sessions.start(con, "เทิง1", now=MORNING)
    users.disable_user(con, "เทิง1")
    assert sessions.holder(con, token, now=MORNING) is None
