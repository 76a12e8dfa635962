"""Signed-in sessions that survive a reload or an opened link, and end when a person signs out.

The browser holds a random token (32 bytes from `secrets`) in a cookie; the database keeps only the
token's sha256, whose account it is, and when it expires. A token is worth nothing once it expired,
was signed out, or its account was disabled: the account is read afresh on every use. The token never
travels in a URL, so a shared link carries no one's session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import duckdb

from cdd.office import clock
from cdd.store.database import first_row, write_transaction
from cdd.store.users import User, active_user

COOKIE = "cdd_session"
LIFETIME = dt.timedelta(hours=10)  # a working day: signed in in the morning, still in at the end of it


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(con: duckdb.DuckDBPyConnection, name: str, now: dt.datetime | None = None) -> str:
    """A new session for `name`; the token is returned once and stored only as its hash."""
    token, at = secrets.token_urlsafe(32), now or clock.stamp()
    with write_transaction(con, figures=False) as cur:
        cur.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, NULL)", [_hash(token), name, at, at + LIFETIME])
    return token


def holder(con: duckdb.DuckDBPyConnection, token: str | None, now: dt.datetime | None = None) -> User | None:
    """The account a token signs in, as it stands now; None when the token is unknown, expired or ended."""
    if not token:
        return None
    row = first_row(
        con,
        "SELECT name FROM sessions WHERE token_hash = ? AND ended_at IS NULL AND expires_at > ?",
        [_hash(token), now or clock.stamp()],
    )
    return active_user(con, row[0]) if row else None


def end(con: duckdb.DuckDBPyConnection, token: str | None, now: dt.datetime | None = None) -> None:
    """Sign out: the token no longer signs anyone in, whatever the browser still holds."""
    if not token:
        return
    with write_transaction(con, figures=False) as cur:
        cur.execute(
            "UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
            [now or clock.stamp(), _hash(token)],
        )
