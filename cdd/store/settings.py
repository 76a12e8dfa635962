"""The settings an administrator changes without a shell: the upload and backup limits and open viewing,
each change kept with who made it, when, and the value before (as cdd/store/reference_edits.py keeps
reference figures).

A limit is kept in `meta` as `limit.<field>` with the text of its value; no row means the default. The
limits in force are worked out by cdd/intake/limits.py (`in_force`): the default, overridden by what is
kept here, overridden by an environment variable the server's operator set. Every upload and every
automatic copy reads them from here, so a change holds from the next file on, without a restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from cdd.intake.limits import (
    DEFAULTS,
    SETTINGS,
    LimitRefused,
    Limits,
    check_limit,
    environment_value,
    in_force,
    written,
)
from cdd.office.clock import stamp
from cdd.store.database import set_meta, write_transaction
from cdd.store.users import OPEN_VIEWING, User, authorize_manage, open_viewing

PREFIX = "limit."


@dataclass(frozen=True)
class LimitChange:
    field: str
    old: str | None  # None: the default held
    new: str | None  # None: back to the default


@dataclass(frozen=True)
class LimitState:
    """One limit as the settings screen shows it: what holds now, and where that comes from."""

    field: str
    in_force: int | float
    default: int | float
    stored: str | None  # what an administrator set; None: nothing, the default
    environment: int | float | None  # what the server's operator set; when not None, it wins

    @property
    def source(self) -> str:
        """environment | stored | default: which of the three the value in force comes from."""
        if self.environment is not None:
            return "environment"
        return "stored" if self.stored is not None else "default"


def stored_limits(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Field → the text an administrator set; a field not set is absent."""
    rows = con.execute("SELECT key, value FROM meta WHERE key LIKE ?", [PREFIX + "%"]).fetchall()
    return {key.removeprefix(PREFIX): value for key, value in rows if key.removeprefix(PREFIX) in SETTINGS}


def limits(con: duckdb.DuckDBPyConnection) -> Limits:
    """The limits in force for this database now: every upload and every automatic copy is held to these."""
    return in_force(stored_limits(con))


def limit_states(con: duckdb.DuckDBPyConnection) -> list[LimitState]:
    stored, now = stored_limits(con), limits(con)
    return [
        LimitState(field, getattr(now, field), getattr(DEFAULTS, field), stored.get(field), environment_value(field))
        for field in SETTINGS
    ]


def limit_changes(con: duckdb.DuckDBPyConnection, typed: Mapping[str, str | None]) -> list[LimitChange]:
    """What `typed` (field → text; blank for the default) would change, checked whole first: LimitRefused
    lists every bad value with its fix, and then nothing is written."""
    problems, changes, stored = [], [], stored_limits(con)
    for field, text in typed.items():
        if field not in SETTINGS:
            problems.append(f"ไม่มีการตั้งค่าชื่อ '{field}': ใช้ {', '.join(SETTINGS)}")
            continue
        blank = text is None or not str(text).strip()
        try:
            new = None if blank else written(check_limit(field, str(text)))
        except LimitRefused as refusal:
            problems.append(str(refusal))
            continue
        if new != stored.get(field):
            changes.append(LimitChange(field, stored.get(field), new))
    if problems:
        raise LimitRefused("บันทึกการตั้งค่าไม่ได้ (ยังไม่ได้บันทึกอะไร): " + "; ".join(problems))
    return changes


def set_limits(
    con: duckdb.DuckDBPyConnection, typed: Mapping[str, str | None], by: User | str | None
) -> list[LimitChange]:
    """Keep every changed limit and its history, all or nothing. `by` is the signed-in account (it must be
    an administrator), or the name the command line acts in."""
    name = by if isinstance(by, str) else authorize_manage(by).name
    changes = limit_changes(con, typed)
    with write_transaction(con, figures=False) as cur:
        for change in changes:
            if change.new is None:
                cur.execute("DELETE FROM meta WHERE key = ?", [PREFIX + change.field])
            else:
                set_meta(cur, PREFIX + change.field, change.new)
            _record(cur, name, PREFIX + change.field, change.old, change.new)
    return changes


def set_open_viewing(con: duckdb.DuckDBPyConnection, on: bool, by: User | str | None) -> bool:
    """Turn open viewing on or off, with its history; whether anything changed."""
    name = by if isinstance(by, str) else authorize_manage(by).name
    before = open_viewing(con)
    if before == on:
        return False
    with write_transaction(con) as cur:  # as cdd.store.users.set_open_viewing: the screens read afresh
        set_meta(cur, OPEN_VIEWING, "yes" if on else "no")
        _record(cur, name, OPEN_VIEWING, "yes" if before else "no", "yes" if on else "no")
    return True


def _record(cur: duckdb.DuckDBPyConnection, by: str, key: str, old: str | None, new: str | None) -> None:
    cur.execute("INSERT INTO setting_changes VALUES (?, ?, ?, ?, ?)", [stamp(), by, key, old, new])


def history(con: duckdb.DuckDBPyConnection, limit: int = 200) -> list[tuple]:
    """The latest changes first: when, who, which setting (its key), old value, new value (None: default)."""
    return con.execute(
        "SELECT changed_at, changed_by, key, old_value, new_value FROM setting_changes "
        "ORDER BY changed_at DESC, rowid DESC LIMIT ?",  # stamps are to the second: then the later row first
        [limit],
    ).fetchall()
