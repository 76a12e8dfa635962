"""Writing a checked submission into the store, seeing what it would change, and undoing a batch.

A value that differs from the current one supersedes it (the old row keeps its place in history,
marked `replaced_by`); an equal value is left alone. Rolling a batch back retracts its values and
restores exactly the ones it superseded; a batch whose values were since superseded by a later
batch cannot be rolled back before that later one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import duckdb
import pandas as pd

from cdd.intake.validate import Submission
from cdd.office import clock
from cdd.rubrics.indicators import CATALOGUE, encode_value
from cdd.store.database import NUMBER_OF_VALUE, StoreError, first_row, one_row, write_transaction
from cdd.store.evidence import fresh_entries, record_batch
from cdd.store.users import NotAllowed, User, active_user, authorize_references, authorize_rollback, authorize_write

CURRENT = "replaced_by IS NULL AND NOT retracted"


@dataclass(frozen=True)
class PlannedValue:
    code: str
    month: str
    key: str
    value: str
    before: str | None  # None: a new value
    source_row: int

    @property
    def change(self) -> str:
        if self.before is None:
            return "new"
        return "unchanged" if self.before == self.value else "changed"


@dataclass(frozen=True)
class Plan:
    values: list[PlannedValue]
    new_evidence: int = 0  # links, notes, remarks and breakdown items the store does not hold yet

    def count(self, change: str) -> int:
        return sum(1 for v in self.values if v.change == change)

    @property
    def writes(self) -> list[PlannedValue]:
        return [v for v in self.values if v.change != "unchanged"]

    @property
    def anything_new(self) -> bool:
        """A file whose figures are all unchanged still has something to write when it carries new evidence."""
        return bool(self.writes) or self.new_evidence > 0


class RollbackRefused(StoreError):
    pass


def plan(con: duckdb.DuckDBPyConnection, submission: Submission) -> Plan:
    """What writing the submission would do to each value (new, changed or unchanged), and how much of what it
    carries beside the figures is new."""
    incoming = _incoming(submission)
    befores = _befores(con, submission, incoming)
    fresh = fresh_entries(con, _sent(submission), submission.evidence)
    values = zip(incoming.codes, incoming.months, incoming.keys, incoming.texts, befores, incoming.rows, strict=True)
    return Plan([PlannedValue(*value) for value in values], len(fresh))


@dataclass(frozen=True)
class _Values:
    """A submission's values as columns, each value as the text the store keeps: a national month holds
    26,000 of them, and they reach the store as one frame, not one object or parameter each."""

    codes: list[str]
    months: list[str]
    keys: list[str]
    texts: list[str]
    rows: list[int]  # the row of the file each value came from

    def where(self, keep: list[bool]) -> _Values:
        """The values whose flag is set, in their order."""

        def kept(column: list) -> list:
            return [item for item, flag in zip(column, keep, strict=True) if flag]

        return _Values(kept(self.codes), kept(self.months), kept(self.keys), kept(self.texts), kept(self.rows))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {"code": self.codes, "month": self.months, "key": self.keys, "value": self.texts, "source_row": self.rows}
        )


def _incoming(submission: Submission) -> _Values:
    codes: list[str] = []
    months: list[str] = []
    keys: list[str] = []
    texts: list[str] = []
    rows: list[int] = []
    for row in submission.rows:
        count = len(row.values)
        codes += [row.district.code] * count
        months += [row.month.token] * count
        keys += row.values
        texts += map(encode_value, row.values.values())
        rows += [row.row] * count
    return _Values(codes, months, keys, texts, rows)


def _befores(con: duckdb.DuckDBPyConnection, submission: Submission, incoming: _Values) -> list[str | None]:
    """The current text of each incoming value, None where there is none."""
    current = current_values(con, _sent(submission))
    if not current:  # a month's first file: nothing to compare
        return [None] * len(incoming.texts)
    return [current.get(where) for where in zip(incoming.codes, incoming.months, incoming.keys, strict=True)]


def _changes(cur: duckdb.DuckDBPyConnection, submission: Submission) -> tuple[_Values, _Values]:
    """The values to write (new or changed), and among them those that replace a current one."""
    incoming = _incoming(submission)
    befores = _befores(cur, submission, incoming)
    if not any(before is not None for before in befores):
        return incoming, _Values([], [], [], [], [])
    changed = [before != text for before, text in zip(befores, incoming.texts, strict=True)]
    replacing = [flag and before is not None for flag, before in zip(changed, befores, strict=True)]
    return incoming.where(changed), incoming.where(replacing)


def _sent(submission: Submission) -> set[tuple[str, str]]:
    return {(row.district.code, row.month.token) for row in submission.rows}


def current_values(con: duckdb.DuckDBPyConnection, pairs: set[tuple[str, str]]) -> dict[tuple[str, str, str], str]:
    """The current value of every input of the given (district, month) pairs, in one query."""
    if not pairs:
        return {}
    codes, months = zip(*sorted(pairs))
    # The pairs go in as parameters, not as a registered view: a view is shared by every thread that
    # uses the same connection, and two plans at once would read each other's list.
    rows = con.execute(
        f"SELECT v.code, v.month, v.key, v.value FROM submitted_values v "
        f"JOIN (SELECT unnest(?) AS code, unnest(?) AS month) w ON v.code = w.code AND v.month = w.month "
        f"WHERE {CURRENT}",
        [list(codes), list(months)],
    ).fetchall()
    return {(code, month, key): value for code, month, key, value in rows}


def write(
    con: duckdb.DuckDBPyConnection,
    submission: Submission,
    file_name: str,
    data: bytes,
    who: str | User,
    at: dt.datetime | None = None,
    is_demo: bool = False,
) -> int:
    """Write the submission in one transaction; returns the new batch id.

    `who` is the signed-in User (the app), whose rights are checked here for every district of the
    file; or, as a plain name, the operator at this machine's command line, who holds the file anyway.
    """
    with write_transaction(con) as cur:
        return write_batch(cur, submission, file_name, data, who, at, is_demo)


def write_batch(
    cur: duckdb.DuckDBPyConnection,
    submission: Submission,
    file_name: str,
    data: bytes,
    who: str | User,
    at: dt.datetime | None = None,
    is_demo: bool = False,
) -> int:
    """Write one batch inside a transaction the caller holds: the values that differ from the current ones
    (as `plan` sees them; an equal value is left alone)."""
    writer = acting_user(cur, who)
    authorize_write(writer, (row.district.code for row in submission.rows))
    authorize_references(writer, reference_figures(submission))
    changes, replaced = _changes(cur, submission)
    batch = one_row(
        cur,
        "INSERT INTO batches (file_name, sha256, submitted_by, submitted_at, scheme, period, row_count, value_count, "
        "is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            file_name,
            hashlib.sha256(data).hexdigest(),
            writer.name,
            at or clock.stamp(),
            submission.scheme.id,
            submission.period,
            len(submission.rows),
            len(changes.texts),
            is_demo,
        ],
    )[0]
    _supersede(cur, batch, replaced)
    _insert(cur, batch, changes)
    record_batch(cur, batch, _sent(submission), submission.evidence, writer.name)
    return batch


def reference_figures(submission: Submission) -> list[tuple[int, str, str, str]]:
    """(row, district, key, value as stored) of every reference figure the file would write: the ones that
    only repeated the record were dropped when the file was checked."""
    references = {key for key, indicator in CATALOGUE.items() if indicator.reference}
    return [
        (row.row, row.district.code, key, encode_value(value))
        for row in submission.rows
        if not references.isdisjoint(row.values)  # most rows hold none: their values are not gone through
        for key, value in row.values.items()
        if key in references
    ]


def _supersede(cur: duckdb.DuckDBPyConnection, batch: int, replaced: _Values) -> None:
    """The current values the batch replaces kept in `supersessions`, then marked `replaced_by` it; each set
    is sent as one list parameter per column. Only values the plan saw replacing one are looked up: most of
    a month's first file is new, and the look-up would scan every value held."""
    if not replaced.texts:
        return
    keys = [replaced.codes, replaced.months, replaced.keys]
    cur.execute(
        f"INSERT INTO supersessions SELECT ?, v.code, v.month, v.key, v.batch_id, v.value FROM submitted_values v "
        f"JOIN {_KEYS} i ON v.code = i.code AND v.month = i.month AND v.key = i.key WHERE {CURRENT}",
        [batch, *keys],
    )
    cur.execute(
        f"UPDATE submitted_values SET replaced_by = ? FROM {_KEYS} i WHERE submitted_values.code = i.code "
        f"AND submitted_values.month = i.month AND submitted_values.key = i.key AND {CURRENT}",
        [batch, *keys],
    )


def _insert(cur: duckdb.DuckDBPyConnection, batch: int, changes: _Values) -> None:
    """The batch's values in one INSERT from a frame registered on the writer's own connection (no other
    thread sees it: the write lock holds while it is there), their numbers in millionths computed by the
    store itself as for every value (NUMBER_OF_VALUE)."""
    if not changes.texts:
        return
    cur.register(_INCOMING, changes.frame())
    try:
        cur.execute(
            "INSERT INTO submitted_values (batch_id, code, month, key, value, source_row, number) "
            f"SELECT ?, code, month, key, value, source_row, {NUMBER_OF_VALUE} FROM {_INCOMING}",
            [batch],
        )
    finally:
        cur.unregister(_INCOMING)


_KEYS = "(SELECT unnest(?) AS code, unnest(?) AS month, unnest(?) AS key)"
_INCOMING = "incoming_values"


def rollback(con: duckdb.DuckDBPyConnection, batch: int, who: str | User) -> int:
    """Retract a batch and restore what it superseded; returns how many values were restored."""
    with write_transaction(con) as cur:
        writer = acting_user(cur, who)
        authorize_rollback(writer)
        _check_can_roll_back(cur, batch)
        restored = one_row(cur, "SELECT count(*) FROM submitted_values WHERE replaced_by = ?", [batch])[0]
        cur.execute("UPDATE submitted_values SET retracted = TRUE WHERE batch_id = ?", [batch])
        cur.execute("UPDATE submitted_values SET replaced_by = NULL WHERE replaced_by = ?", [batch])
        cur.execute(
            "UPDATE batches SET rolled_back_at = ?, rolled_back_by = ? WHERE id = ?",
            [clock.stamp(), writer.name, batch],
        )
    return restored


def _check_can_roll_back(cur: duckdb.DuckDBPyConnection, batch: int) -> None:
    row = first_row(cur, "SELECT rolled_back_at FROM batches WHERE id = ?", [batch])
    if row is None:
        raise RollbackRefused(f"ไม่มีชุดข้อมูลหมายเลข {batch}: ดูหมายเลขด้วย python -m cdd batches")
    if row[0] is not None:
        raise RollbackRefused(f"ชุดข้อมูลหมายเลข {batch} ถูกยกเลิกไปแล้วเมื่อ {row[0]:%Y-%m-%d %H:%M}")
    later = cur.execute(
        "SELECT DISTINCT replaced_by FROM submitted_values WHERE batch_id = ? AND replaced_by IS NOT NULL "
        "ORDER BY replaced_by",
        [batch],
    ).fetchall()
    if later:
        names = ", ".join(str(b) for (b,) in later)
        raise RollbackRefused(f"ค่าของชุดข้อมูล {batch} ถูกแทนที่แล้วโดยชุด {names}: ยกเลิกชุดที่ใหม่กว่าก่อน")


def acting_user(con: duckdb.DuckDBPyConnection, who: str | User) -> User:
    """The account as it stands now (not as it was at sign-in: it may since have been disabled or
    changed), or the command-line operator for a plain name."""
    if not isinstance(who, User):
        return User(who, "admin")
    current = active_user(con, who.name)
    if current is None:
        raise NotAllowed(f"บัญชี '{who.name}' ถูกปิดหรือไม่มีแล้ว: ติดต่อผู้ดูแลระบบ")
    return current


def batches(con: duckdb.DuckDBPyConnection, limit: int = 200, district: str | None = None) -> pd.DataFrame:
    """The latest batches first, with what each superseded; only those holding `district`'s figures when given."""
    return con.execute(
        "SELECT b.id, b.submitted_at, b.submitted_by, b.file_name, b.scheme, b.period, b.row_count, b.value_count, "
        "(SELECT count(*) FROM supersessions s WHERE s.batch_id = b.id) AS superseded, b.is_demo, "
        "b.rolled_back_at, b.sha256 FROM batches b "
        "WHERE ? IS NULL OR EXISTS (SELECT 1 FROM submitted_values v WHERE v.batch_id = b.id AND v.code = ?) "
        "ORDER BY b.id DESC LIMIT ?",
        [district, district, limit],
    ).df()
