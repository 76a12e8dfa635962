"""The DuckDB file: the one trusted home of every monthly figure, with its history.

Tables: `districts` and `reference_figures` (copied from data/*.csv), `batches` (one per file
written), `submitted_values` (every value ever written; `replaced_by` names the batch that
superseded it, `retracted` marks a value whose batch was rolled back) and `supersessions` (what each
batch superseded, kept for good). A value is current when it is neither replaced nor retracted. The schema is created and upgraded here, by version number.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import duckdb

from cdd.errors import CddError
from cdd.office.calendar import parse_month
from cdd.office.districts import DATA_DIR, District, ReferenceFigure, Registry
from cdd.office.numbers import format_number

DEFAULT_DB = DATA_DIR / "cdd.duckdb"
DB_ENV = "CDD_DB"

MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE districts (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL,
               province_code VARCHAR NOT NULL, province VARCHAR NOT NULL)""",
            """CREATE TABLE reference_figures (code VARCHAR NOT NULL, key VARCHAR NOT NULL, value VARCHAR NOT NULL,
               valid_from VARCHAR NOT NULL, valid_to VARCHAR, source VARCHAR,
               PRIMARY KEY (code, key, valid_from))""",
            "CREATE SEQUENCE batch_ids START 1",
            """CREATE TABLE batches (id INTEGER PRIMARY KEY DEFAULT nextval('batch_ids'), file_name VARCHAR NOT NULL,
               sha256 VARCHAR NOT NULL, submitted_by VARCHAR NOT NULL, submitted_at TIMESTAMP NOT NULL,
               scheme VARCHAR NOT NULL, period VARCHAR NOT NULL, row_count INTEGER NOT NULL,
               value_count INTEGER NOT NULL, is_demo BOOLEAN NOT NULL DEFAULT FALSE,
               rolled_back_at TIMESTAMP, rolled_back_by VARCHAR)""",
            """CREATE TABLE submitted_values (batch_id INTEGER NOT NULL, code VARCHAR NOT NULL, month VARCHAR NOT NULL,
               key VARCHAR NOT NULL, value VARCHAR NOT NULL, replaced_by INTEGER,
               retracted BOOLEAN NOT NULL DEFAULT FALSE, PRIMARY KEY (batch_id, code, month, key))""",
            # What each batch superseded, written once and never changed, even by a rollback.
            """CREATE TABLE supersessions (batch_id INTEGER NOT NULL, code VARCHAR NOT NULL, month VARCHAR NOT NULL,
               key VARCHAR NOT NULL, old_batch_id INTEGER NOT NULL, old_value VARCHAR NOT NULL)""",
        ],
    ),
    # Version 2: where each value came from in its file, so a question about a figure finds its row.
    (2, ["ALTER TABLE submitted_values ADD COLUMN source_row INTEGER"]),
    # Version 3: accounts (only salted scrypt hashes, see cdd/users.py) and every sign-in attempt, which
    # slows guessing down; 'open_viewing' lets viewers read without signing in, off until an admin says so.
    # (The attempt time is `attempted_at`: AT is a reserved word in DuckDB.)
    (
        3,
        [
            """CREATE TABLE users (name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, district VARCHAR,
               password_hash VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, disabled_at TIMESTAMP)""",
            "CREATE TABLE sign_in_attempts (name VARCHAR NOT NULL, attempted_at TIMESTAMP NOT NULL, ok BOOLEAN NOT NULL)",
            "INSERT INTO meta VALUES ('open_viewing', 'no') ON CONFLICT (key) DO NOTHING",
        ],
    ),
    # Version 7: what districts send beside the figures (cdd/store/evidence.py: links, notes, remarks,
    # breakdown items, files kept outside the database by their sha256), which months each batch sent,
    # and the province's review decisions, every one kept (cdd/store/review.py).
    (
        7,
        [
            "CREATE SEQUENCE evidence_ids START 1",
            """CREATE TABLE evidence (id INTEGER PRIMARY KEY DEFAULT nextval('evidence_ids'), code VARCHAR NOT NULL,
               month VARCHAR NOT NULL, item VARCHAR NOT NULL, kind VARCHAR NOT NULL, label VARCHAR,
               content VARCHAR NOT NULL, sha256 VARCHAR, media_type VARCHAR, size BIGINT, batch_id INTEGER,
               source_row INTEGER, added_by VARCHAR NOT NULL, added_at TIMESTAMP NOT NULL)""",
            "CREATE TABLE sent_months (batch_id INTEGER NOT NULL, code VARCHAR NOT NULL, month VARCHAR NOT NULL)",
            "CREATE SEQUENCE review_ids START 1",
            """CREATE TABLE review_decisions (id INTEGER PRIMARY KEY DEFAULT nextval('review_ids'),
               code VARCHAR NOT NULL, month VARCHAR NOT NULL, item VARCHAR NOT NULL, state VARCHAR NOT NULL,
               comment VARCHAR, decided_by VARCHAR NOT NULL, decided_at TIMESTAMP NOT NULL,
               seen_batch INTEGER NOT NULL, seen_evidence INTEGER NOT NULL)""",
        ],
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

# One writer at a time per file within this process; DuckDB itself keeps other processes out.
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


class StoreError(CddError, RuntimeError):
    """A database problem a person must act on; the message says what to do."""

    exit_status = 3  # the database is unavailable: busy, damaged or unreadable


class DatabaseBusy(StoreError):
    pass


class DatabaseDamaged(StoreError):
    pass


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """--db, then the CDD_DB environment variable, then data/cdd.duckdb."""
    return Path(explicit or os.environ.get(DB_ENV) or DEFAULT_DB)


def connect(path: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating and upgrading if needed) the database; never overwrite one that cannot be read."""
    target = database_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(target))
    except duckdb.IOException as error:
        raise _open_error(target, error) from None
    except duckdb.Error as error:
        raise DatabaseDamaged(_damaged_message(target, error)) from None
    try:
        _check_whole(con, target)
        migrate(con)
    except (duckdb.Error, DatabaseDamaged) as error:  # a file cut short opens, then fails at its first read
        con.close()
        raise DatabaseDamaged(_damaged_message(target, error)) from None
    return con


# DuckDB's file starts with three 4 KiB header blocks, then its data blocks.
FILE_HEADER_BYTES = 3 * 4096


def _check_whole(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """A file cut short (a copy that stopped, a full disk) can open and read wrong or fail later;
    refuse it before anything reads it, and before an upgrade would write to it."""
    row = first_row(con, "SELECT block_size, total_blocks FROM pragma_database_size()")
    if row and target.exists() and target.stat().st_size < FILE_HEADER_BYTES + row[0] * row[1]:
        raise DatabaseDamaged(f"the file is shorter than its {row[1]} blocks")


def _open_error(target: Path, error: Exception) -> StoreError:
    if "lock" in str(error).lower():
        return DatabaseBusy(
            f"แดชบอร์ดหรือโปรแกรมอื่นกำลังใช้ฐานข้อมูล {target} อยู่ (the dashboard is using the database): "
            "ปิดโปรแกรมนั้น หรือนำเข้าผ่านหน้า 'นำเข้าข้อมูล' ของแดชบอร์ด แล้วลองใหม่"
        )
    return DatabaseDamaged(_damaged_message(target, error))


def _damaged_message(target: Path, error: Exception) -> str:
    return (
        f"เปิดฐานข้อมูล {target} ไม่ได้ ({error.__class__.__name__}): ไฟล์อาจเสียหาย ระบบจะไม่เขียนทับ "
        "ให้กู้จากสำเนาสำรอง หรือย้ายไฟล์ออกแล้วสร้างใหม่ด้วย python -m cdd init"
    )


def first_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query, with the result read to its end (DuckDB refuses new work on a half-read one)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def one_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple:
    """The row of a query that always gives one: an aggregate, an INSERT … RETURNING."""
    row = first_row(con, sql, params)
    if row is None:  # a fault of the query, not of anything a person did
        raise LookupError(f"no row from: {sql}")
    return row


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    row = first_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, upto: int = SCHEMA_VERSION) -> None:
    """Apply every migration above the file's version, each in its own transaction."""
    current = schema_version(con)
    for version, statements in MIGRATIONS:
        if current < version <= upto:
            con.begin()
            for statement in statements:
                con.execute(statement)
            set_meta(con, "schema_version", str(version))
            con.commit()


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes with every write: the cache key of the pages."""
    row = first_row(con, "SELECT value FROM meta WHERE key = 'data_version'")
    return int(row[0]) if row else 0


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    set_meta(con, "data_version", str(data_version(con) + 1))


@contextmanager
def write_transaction(
    con: duckdb.DuckDBPyConnection, path: Path | None = None, figures: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction, one writer: everything inside is written, or nothing is. `figures=False` for
    writes that change no figure (a sign-in attempt): the screens' caches then stay as they are."""
    with _write_lock(path or _path_of(con)):
        cursor = con.cursor()
        cursor.begin()
        try:
            yield cursor
            if figures:
                bump_data_version(cursor)
            cursor.commit()
        except BaseException:
            cursor.rollback()
            raise
        finally:
            cursor.close()


def _path_of(con: duckdb.DuckDBPyConnection) -> Path:
    row = one_row(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    return Path(row[0] or ":memory:")


def _write_lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(str(Path(path).resolve()), threading.Lock())


# ---- districts and reference figures ------------------------------------------------------------


def load_registry_into(con: duckdb.DuckDBPyConnection, registry: Registry) -> None:
    """Copy the editable CSV reference data into the database (replacing the copy, never the history)."""
    with write_transaction(con) as cur:
        cur.execute("DELETE FROM districts")
        cur.execute("DELETE FROM reference_figures")
        cur.executemany(
            "INSERT INTO districts VALUES (?, ?, ?, ?)",
            [[d.code, d.name, d.province_code, d.province] for d in registry.districts.values()],
        )
        figures = registry.figures()
        if figures:
            cur.executemany(
                "INSERT INTO reference_figures VALUES (?, ?, ?, ?, ?, ?)", [_figure_row(f) for f in figures]
            )


def _figure_row(figure: ReferenceFigure) -> list:
    valid_to = figure.valid_to.token if figure.valid_to else None
    return [figure.code, figure.key, format_number(figure.value), figure.valid_from.token, valid_to, figure.source]


def registry_from(con: duckdb.DuckDBPyConnection) -> Registry:
    """The districts and reference figures as the database holds them."""
    rows = con.execute("SELECT code, name, province_code, province FROM districts").fetchall()
    districts = [District(*row) for row in rows]
    figures = [
        ReferenceFigure(code, key, Fraction(value), parse_month(start), parse_month(end) if end else None, source)
        for code, key, value, start, end, source in con.execute("SELECT * FROM reference_figures").fetchall()
    ]
    return Registry(districts, figures)
