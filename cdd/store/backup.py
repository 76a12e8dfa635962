"""Copies of the DuckDB file: on request, and automatically before every import, so that an import can
always be undone, even without the app (`python -m cdd restore FILE`).

A copy is the database file itself, taken after a CHECKPOINT while this process's write lock for the
file is held, so no import can land halfway through the copy; it opens with DuckDB like the original.
A restore never loses the file it replaces: that file is kept beside it as
`<name>.before-restore-<time>` first, and the swap itself is one atomic rename.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cdd.grading.inputs import InputError
from cdd.intake.limits import limits, megabytes
from cdd.office import clock
from cdd.store import database as store

AUTOMATIC = "before-import"
BACKUP_FOLDER = "backups"  # next to the database: data/backups/ for data/cdd.duckdb
STAMP = "%Y%m%d-%H%M%S"
# cdd-20250115-093000[-2][-label].duckdb: -2, -3 … only when a second copy is taken within the same second.
NAME = re.compile(r"^cdd-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?(?:-(?P<label>[a-z][a-z0-9-]*))?\.duckdb$")


class BackupRefused(InputError):
    """A backup or restore that cannot be done as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    label: str | None
    size: int

    @property
    def automatic(self) -> bool:
        return self.label == AUTOMATIC


def backup(
    con_or_path: duckdb.DuckDBPyConnection | str | os.PathLike, folder: str | os.PathLike, label: str | None = None
) -> Path:
    """A consistent copy of the database in `folder`, named cdd-YYYYMMDD-HHMMSS[-label].duckdb."""
    source = _database_file(con_or_path)
    Path(folder).mkdir(parents=True, exist_ok=True)
    # The write lock keeps this process's imports out; the open connection keeps other processes out.
    with store._write_lock(source), _connection(con_or_path, source) as con:
        con.execute("CHECKPOINT")  # everything the log holds goes into the file itself
        target = _free_name(Path(folder), label)
        _copy(source, target)
    return target


def automatic_backup(
    con_or_path: duckdb.DuckDBPyConnection | str | os.PathLike,
    folder: str | os.PathLike | None = None,
    days: int | None = None,
) -> Path | None:
    """The copy taken before an import, into data/backups/ (beside the database) unless told otherwise;
    then the automatic copies older than `days` (CDD_BACKUP_DAYS) are deleted. None when there is no
    database file yet (nothing to undo). Call it before write_transaction: the write lock is not reentrant."""
    source = _database_file(con_or_path)
    if not source.exists():
        return None
    target_folder = Path(folder) if folder else source.parent / BACKUP_FOLDER
    made = backup(con_or_path, target_folder, AUTOMATIC)
    prune_automatic(target_folder, days if days is not None else limits().backup_days, keep=made)
    return made


def prune_automatic(folder: str | os.PathLike, days: int, keep: Path | None = None) -> list[Path]:
    """Delete the automatic copies last written more than `days` ago; copies made by hand are never touched."""
    cutoff = time.time() - days * 86400  # file times are epoch seconds: no zone involved
    old = [b.path for b in list_backups(folder) if b.automatic and b.path != keep and b.path.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
    return old


def list_backups(folder: str | os.PathLike) -> list[Backup]:
    """Every copy in `folder` that this module named, newest first."""
    found = []
    for path in Path(folder).glob("cdd-*.duckdb"):
        match = NAME.match(path.name)
        if match and path.is_file():
            taken = dt.datetime.strptime(match["stamp"], STAMP)
            found.append(Backup(path, taken, match["label"], path.stat().st_size))
    # Within one second the name cannot order them (-2 sorts before -before-import): the file's time can.
    return sorted(found, key=lambda b: (b.taken_at, b.path.stat().st_mtime_ns), reverse=True)


def restore(backup_file: str | os.PathLike, target_path: str | os.PathLike | None = None) -> Path | None:
    """Put a backup in place of the database; the file replaced is kept, and its name returned."""
    copy, target = Path(backup_file), store.database_path(target_path)
    _check_readable(copy)
    with store._write_lock(target), _held_unless_damaged(target):
        kept = _keep_current(target)
        swap = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(copy, swap)
        os.replace(swap, target)  # atomic: the database is the old file or the backup, never half of one
    return kept


# ---- taking a copy ---------------------------------------------------------------------------------------


def _database_file(con_or_path) -> Path:
    if isinstance(con_or_path, duckdb.DuckDBPyConnection):
        sql = "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        row = store.first_row(con_or_path, sql)
        if not row or not row[0]:
            raise BackupRefused("ฐานข้อมูลนี้อยู่ในหน่วยความจำ ไม่มีไฟล์ให้สำรอง: เปิดฐานข้อมูลจากไฟล์ (--db) แล้วสำรองใหม่")
        return Path(row[0])
    return store.database_path(con_or_path)


@contextmanager
def _connection(con_or_path, source: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The connection given, or one opened on the file for the time of the copy (and closed after)."""
    if isinstance(con_or_path, duckdb.DuckDBPyConnection):
        yield con_or_path
        return
    if not source.is_file():
        raise BackupRefused(f"ไม่พบฐานข้อมูล {source}: ตรวจชื่อไฟล์ (--db หรือตัวแปร {store.DB_ENV}) แล้วสำรองใหม่")
    con = _open(source)
    try:
        yield con
    finally:
        con.close()


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to an existing file (the same database instance when this process already has it open)."""
    try:
        return duckdb.connect(str(path))
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise _busy(path) from None
        raise _damaged(path, error) from None
    except duckdb.Error as error:
        raise _damaged(path, error) from None


def _free_name(folder: Path, label: str | None) -> Path:
    """cdd-<now>[-label].duckdb, never the name of a copy already there."""
    stamp, tail = clock.now().strftime(STAMP), f"-{_label(label)}" if label else ""
    for n in range(1, 1000):
        name = f"cdd-{stamp}{'' if n == 1 else f'-{n}'}{tail}.duckdb"
        if not (folder / name).exists():
            return folder / name
    raise BackupRefused(f"มีสำเนาสำรองชื่อ cdd-{stamp} มากเกินไปใน {folder}: รอสักครู่แล้วสำรองใหม่")


def _label(label: str) -> str:
    clean = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    if not clean or not clean[0].isalpha():
        raise BackupRefused(f"ป้ายชื่อสำเนา '{label}' ใช้ไม่ได้: ใช้อักษรอังกฤษตัวเล็ก ตัวเลข และ - โดยขึ้นต้นด้วยตัวอักษร")
    return clean


def _copy(source: Path, target: Path) -> None:
    """Copy under a temporary name, open it once (which also folds in a log that a reader kept from the
    checkpoint), then rename: a backup's name is only ever on a whole copy that opens."""
    partial = target.with_name(f".{target.name}.partial")
    wal = source.with_name(source.name + ".wal")
    try:
        shutil.copyfile(source, partial)
        if wal.exists():
            shutil.copyfile(wal, partial.with_name(partial.name + ".wal"))
        with duckdb.connect(str(partial)) as con:
            con.execute("CHECKPOINT")
            _read_every_table(con)
        os.replace(partial, target)
    finally:
        for leftover in (partial, partial.with_name(partial.name + ".wal")):
            leftover.unlink(missing_ok=True)


# ---- restoring -------------------------------------------------------------------------------------------


def _check_readable(copy: Path) -> None:
    """The backup must open as a DuckDB database holding this project's tables, or nothing is touched."""
    if not copy.is_file():
        raise BackupRefused(f"ไม่พบไฟล์สำรอง '{copy}': ดูรายการสำเนาด้วย python -m cdd backups แล้วระบุชื่อไฟล์ให้ถูก")
    try:
        with duckdb.connect(str(copy), read_only=True) as con:
            store.first_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")
            _read_every_table(con)
    except duckdb.Error as error:
        raise BackupRefused(
            f"ไฟล์ '{copy}' ไม่ใช่ฐานข้อมูลสำรองที่อ่านได้ ({error.__class__.__name__}) "
            "ระบบไม่ได้แตะฐานข้อมูลปัจจุบัน: เลือกไฟล์ cdd-….duckdb จาก python -m cdd backups แทน"
        ) from None


def _read_every_table(con: duckdb.DuckDBPyConnection) -> None:
    """Read every row of every table: a file cut short opens, and fails only where its missing blocks are read."""
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
        con.execute(f'SELECT count(*), max(hash("{table}")) FROM "{table}"').fetchall()


@contextmanager
def _held_unless_damaged(target: Path) -> Iterator[None]:
    """Hold the database open for the restore, so no other program opens it midway; refuse while one has it.

    A file DuckDB cannot open at all is just what a restore is for: it is replaced without being held."""
    con = None
    if target.exists():
        try:
            con = _open(target)
            con.execute("CHECKPOINT")  # the log folded in: the file kept aside is the whole database
        except store.DatabaseDamaged:
            con = None
    try:
        yield
    finally:
        if con is not None:
            con.close()


def _keep_current(target: Path) -> Path | None:
    """Copy the current file (and any log beside it) to <name>.before-restore-<time>; the log is moved, not
    copied, since a log left beside the restored file would be replayed into it."""
    if not target.exists():
        return None
    stamp, n = clock.now().strftime(STAMP), 1
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    while kept.exists():  # two restores within one second: never write over a kept file
        n += 1
        kept = target.with_name(f"{target.name}.before-restore-{stamp}-{n}")
    shutil.copyfile(target, kept)
    wal = target.with_name(target.name + ".wal")
    if wal.exists():
        os.replace(wal, kept.with_name(kept.name + ".wal"))
    return kept


def _busy(path: Path) -> store.DatabaseBusy:
    return store.DatabaseBusy(
        f"แดชบอร์ดหรือโปรแกรมอื่นกำลังใช้ฐานข้อมูล {path} อยู่ (the database is in use): "
        "ปิดแดชบอร์ด (streamlit) หรือโปรแกรมนั้นก่อน แล้วสำรองหรือกู้คืนใหม่"
    )


def _damaged(path: Path, error: Exception) -> store.DatabaseDamaged:
    return store.DatabaseDamaged(
        f"เปิดฐานข้อมูล {path} ไม่ได้ ({error.__class__.__name__}) จึงสำรองไม่ได้: "
        "กู้คืนจากสำเนาก่อนหน้าด้วย python -m cdd restore FILE (ดูรายการด้วย python -m cdd backups)"
    )


def describe(copy: Backup) -> str:
    """One line of the listing: when, what, how big."""
    kind = "อัตโนมัติก่อนนำเข้า" if copy.automatic else (copy.label or "สำรองด้วยมือ")
    return f"{copy.taken_at:%Y-%m-%d %H:%M:%S}  {megabytes(copy.size):>10}  {kind:<20}  {copy.path}"
