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

IN_APP = "แก้ไขในแดชบอร์ด"  # the source of a reference figure entered by an administrator in the dashboard
DEFAULT_DB = DATA_DIR / "cdd.duckdb"
DB_ENV = "CDD_DB"
PRIVATE = 0o600  # the database, its log and its copies: the office's account only

# A stored value's number in millionths, NULL for yes/no/n/a. Exact: values are written with at most six
# decimals (cdd.office.numbers.format_number). Writers of submitted_values fill `number` with this.
NUMBER_SCALE = 10**6
NUMBER_OF_VALUE = "(TRY_CAST(value AS DECIMAL(38,6)) * 1000000)::BIGINT"

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
    # Version 5: rubrics as published versions (cdd/store/rubric_versions.py), the shipped files as version 1.
    (
        5,
        [
            """CREATE TABLE rubric_versions (scheme_id VARCHAR NOT NULL, version INTEGER NOT NULL, toml VARCHAR NOT NULL,
               letter_number VARCHAR NOT NULL, letter_date VARCHAR NOT NULL, effective_from VARCHAR NOT NULL,
               effective_to VARCHAR NOT NULL, published_by VARCHAR NOT NULL, published_at TIMESTAMP NOT NULL,
               retired_by VARCHAR, retired_at TIMESTAMP, PRIMARY KEY (scheme_id, version))""",
            "seed shipped rubrics",
            # Reference figures changed in the dashboard: who, when, from what (cdd/store/reference_edits.py).
            """CREATE TABLE reference_changes (changed_at TIMESTAMP NOT NULL, changed_by VARCHAR NOT NULL,
               code VARCHAR NOT NULL, key VARCHAR NOT NULL, valid_from VARCHAR NOT NULL, old_value VARCHAR,
               new_value VARCHAR NOT NULL)""",
        ],
    ),
    # Version 6: signed-in sessions that outlive a reload. The browser keeps a random token in a cookie;
    # only its sha256 is stored here, with when it expires and when it was signed out.
    (
        6,
        [
            """CREATE TABLE sessions (token_hash VARCHAR PRIMARY KEY, name VARCHAR NOT NULL,
               started_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL, ended_at TIMESTAMP)""",
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
    # Version 8: each number also as a whole count of millionths (NUMBER_OF_VALUE), so that a period's
    # roll-up adds and compares exact integers in the database instead of parsing text on every read.
    (
        8,
        [
            "ALTER TABLE submitted_values ADD COLUMN number BIGINT",
            f"UPDATE submitted_values SET number = {NUMBER_OF_VALUE}",
        ],
    ),
    # Version 9: where each sign-in attempt came from, as a keyed digest of the client's address (never the
    # address itself), so guessing from one place is slowed across names, and a place an account signed in
    # from before is not locked out by failures from elsewhere (cdd/store/users.py). NULL: not known.
    (9, ["ALTER TABLE sign_in_attempts ADD COLUMN client VARCHAR"]),
    # Version 10: every change of a setting made in the dashboard or by command (cdd/store/settings.py):
    # who, when, which, from what to what. The values themselves stay in `meta`; NULL is the default.
    (
        10,
        [
            """CREATE TABLE setting_changes (changed_at TIMESTAMP NOT NULL, changed_by VARCHAR NOT NULL,
               key VARCHAR NOT NULL, old_value VARCHAR, new_value VARCHAR)""",
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
    new = not target.exists()
    con = _open(target)
    if new:
        make_private(target)
    try:
        _check_whole(con)
        migrate(con)
    except (duckdb.Error, DatabaseDamaged) as error:  # a file cut short opens, then fails at its first read
        con.close()
        raise DatabaseDamaged(_damaged_message(target, error)) from None
    # The check read every block of the file, and DuckDB keeps what it read until its memory limit presses:
    # opened afresh, the file's memory is only what is read from now on (ten years of history: 137 MB
    # held after the check, 77 MB after opening again).
    con.close()
    return _open(target)


def _open(target: Path) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(target))
    except duckdb.IOException as error:
        raise _open_error(target, error) from None
    except duckdb.Error as error:
        raise DatabaseDamaged(_damaged_message(target, error)) from None


def _check_whole(con: duckdb.DuckDBPyConnection) -> None:
    """A file cut short (a copy that stopped, a full disk) can open and then read wrong or fail later;
    refuse it before anything reads it, and before an upgrade would write to it.

    Every row of every table is read, so every block that holds data passes DuckDB's own checksum; a
    block DuckDB has freed is never read, so the file's length is never judged (DuckDB cuts free blocks
    off the end of the file and counts them still). Each batch must then hold the values it recorded."""
    read_every_table(con)
    if {"batches", "submitted_values"} <= set(table_names(con)):
        short = first_row(
            con,
            "SELECT b.id, b.value_count, count(v.batch_id) FROM batches b "
            "LEFT JOIN submitted_values v ON v.batch_id = b.id GROUP BY b.id, b.value_count "
            "HAVING count(v.batch_id) <> b.value_count ORDER BY b.id LIMIT 1",
        )
        if short:
            raise DatabaseDamaged(f"batch {short[0]} recorded {short[1]} values and holds {short[2]}")


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables of the open database (not of a copy attached beside it)."""
    sql = "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1"
    return [name for (name,) in con.execute(sql).fetchall()]


def read_every_table(con: duckdb.DuckDBPyConnection) -> None:
    """Read every row of every table: a damaged file opens, and fails only where its broken blocks are read."""
    for table in table_names(con):
        name = quote_identifier(table)
        con.execute(f"SELECT count(*), max(hash(whole_row)) FROM {name} AS whole_row").fetchall()


def quote_literal(text: str) -> str:
    """Text as an SQL string, for the few statements that take no parameters (ATTACH)."""
    return "'" + text.replace("'", "''") + "'"


def expected_schema(version: int) -> dict[str, list[str]]:
    """Each table's columns, in order, in a database of this product at `version`."""
    with duckdb.connect(":memory:") as con:
        migrate(con, upto=version)
        return schema_of(con)


def schema_of(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() "
        "ORDER BY table_name, column_index"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return tables


def schema_problem(con: duckdb.DuckDBPyConnection) -> str | None:
    """Why the open file is not a database of this product at a version this code knows; None when it is."""
    if "meta" not in table_names(con):
        return "no meta table"
    row = first_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    known = [version for version, _ in MIGRATIONS]
    if row is None or not row[0].isdigit() or int(row[0]) not in known:
        return f"schema version {row[0] if row else 'missing'}, known {known[0]}–{known[-1]}"
    if schema_of(con) != expected_schema(int(row[0])):
        return f"tables differ from version {row[0]}"
    return None


def quote_identifier(name: str) -> str:
    """A name as SQL reads it, whatever it holds: a table name read from a file is never SQL."""
    return '"' + name.replace('"', '""') + '"'


def make_private(path: Path) -> None:
    """Every figure and every account's hash: readable and writable by the office's account only."""
    if path.exists():
        os.chmod(path, PRIVATE)


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
                _apply(con, statement)
            set_meta(con, "schema_version", str(version))
            con.commit()


def _apply(con: duckdb.DuckDBPyConnection, statement: str) -> None:
    if statement == "seed shipped rubrics":  # data, not schema: the rubric files read by Python
        from cdd.store.rubric_versions import seed_shipped  # it writes through this module

        seed_shipped(con)
    else:
        con.execute(statement)


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A number that changes with every write: the cache key of the pages."""
    row = first_row(con, "SELECT value FROM meta WHERE key = 'data_version'")
    return int(row[0]) if row else 0


def bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    """One more than before, in one statement where the number is there (every write ends with this: an
    upsert costs several times an update); the first write of a file sets it to 1."""
    bumped = first_row(
        con,
        "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version' RETURNING value",
    )
    if bumped is None:
        set_meta(con, "data_version", "1")


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
            make_private(_log_of(path or _path_of(con)))
        except BaseException:
            cursor.rollback()
            raise
        finally:
            cursor.close()


def _path_of(con: duckdb.DuckDBPyConnection) -> Path:
    row = one_row(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    return Path(row[0] or ":memory:")


def _log_of(path: Path) -> Path:
    """DuckDB's write-ahead log beside the file, created with the process's default mode."""
    return Path(path).with_name(Path(path).name + ".wal")


def _write_lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(str(Path(path).resolve()), threading.Lock())


# ---- districts and reference figures ------------------------------------------------------------


def load_registry_into(con: duckdb.DuckDBPyConnection, registry: Registry) -> None:
    """Copy the editable CSV reference data into the database (replacing the copy, never the history)."""
    with write_transaction(con) as cur:
        cur.execute("DELETE FROM districts")
        # Figures an administrator entered in the dashboard stay: the CSV is the seed, not the master.
        cur.execute("DELETE FROM reference_figures WHERE source IS NULL OR source NOT LIKE ?", [f"{IN_APP}%"])
        insert_columns(
            cur,
            "INSERT INTO districts",
            [[d.code, d.name, d.province_code, d.province] for d in registry.districts.values()],
        )
        insert_columns(cur, "INSERT OR IGNORE INTO reference_figures", [_figure_row(f) for f in registry.figures()])


def insert_columns(cur: duckdb.DuckDBPyConnection, insert: str, rows: list[list]) -> None:
    """`insert` (e.g. "INSERT INTO districts") of every row in one statement, each column one list parameter:
    row by row, `executemany` costs a statement each (0.7 s for the 144 rows of the shipped registry)."""
    if not rows:
        return
    columns = as_columns(rows)
    cur.execute(f"{insert} SELECT {', '.join(['unnest(?)'] * len(columns))}", columns)


def as_columns(rows: list) -> list[list]:
    """Rows as one list per column: the parameters of `unnest(?)`."""
    return [list(column) for column in zip(*rows)]


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
