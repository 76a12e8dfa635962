"""Copies of the DuckDB file: on request, and automatically before every import, so that an import can
always be undone, even without the app (`python -m cdd restore FILE`).

A copy is written by DuckDB itself (ATTACH a new file, COPY FROM DATABASE) through the connection that
holds the database, while this process's write lock for the file is held, so no import can land
halfway through it. The live file is never opened a second time: closing any handle to it would drop
the lock that keeps other programs out (POSIX locks belong to the process, not to the handle).
A restore never loses the file it replaces: that file is kept beside it as
`<name>.before-restore-<time>` first (a second name of the same file, not a copy), and the swap itself
is one atomic rename. A restore accepts only a file of this product's schema, at a version it knows.
Automatic copies are capped by count and total size; copies left half-made by a kill are removed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cdd.grading.inputs import InputError
from cdd.intake.limits import Limits, megabytes
from cdd.office import clock
from cdd.store import database as store
from cdd.store import settings

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
    _private_folder(Path(folder))
    # The write lock keeps this process's imports out; the open connection keeps other processes out.
    with store._write_lock(source), _connection(con_or_path, source) as con:
        remove_partial(Path(folder))
        _check_free_space(source, Path(folder))
        target = _free_name(Path(folder), label)
        _copy(con, target)
    return target


def automatic_backup(
    con_or_path: duckdb.DuckDBPyConnection | str | os.PathLike,
    folder: str | os.PathLike | None = None,
    days: int | None = None,
) -> Path | None:
    """The copy taken before an import, into data/backups/ (beside the database) unless told otherwise;
    then the automatic copies older than `days` (the limits in force, cdd/store/settings.py) are deleted.
    None when there is no database file yet (nothing to undo). Call it before write_transaction: the
    write lock is not reentrant."""
    source = _database_file(con_or_path)
    if not source.exists():
        return None
    target_folder = Path(folder) if folder else source.parent / BACKUP_FOLDER
    made = backup(con_or_path, target_folder, AUTOMATIC)
    with _connection(con_or_path, source) as con:
        kept = settings.limits(con)
    prune_automatic(target_folder, days if days is not None else kept.backup_days, keep=made)
    cap_automatic(target_folder, kept, keep=made)
    return made


def prune_automatic(folder: str | os.PathLike, days: int, keep: Path | None = None) -> list[Path]:
    """Delete the automatic copies last written more than `days` ago; copies made by hand are never touched."""
    cutoff = time.time() - days * 86400  # file times are epoch seconds: no zone involved
    old = [b.path for b in list_backups(folder) if b.automatic and b.path != keep and b.path.stat().st_mtime < cutoff]
    for path in old:
        _remove_copy(path)
    return old


def cap_automatic(folder: str | os.PathLike, limit: Limits, keep: Path | None = None) -> list[Path]:
    """Delete the oldest automatic copies beyond the limits' count or total size; the newest (`keep`)
    always stays. Copies made by hand are never touched, nor counted."""
    copies = [b for b in list_backups(folder) if b.automatic]  # newest first
    kept_count, kept_bytes, removed = 0, 0, []
    for copy in copies:
        fits = kept_count < limit.backup_count and kept_bytes + copy.size <= limit.max_backup_bytes
        if copy.path == keep or fits:
            kept_count, kept_bytes = kept_count + 1, kept_bytes + copy.size
        else:
            _remove_copy(copy.path)
            removed.append(copy.path)
    return removed


def remove_partial(folder: Path) -> list[Path]:
    """Copies a killed process left half-made (.cdd-….duckdb.partial and its log): never a backup, only space."""
    found = [p for p in folder.glob(".cdd-*.duckdb.partial*") if p.is_file()]
    for path in found:
        path.unlink(missing_ok=True)
    return found


def _remove_copy(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


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
        shutil.copyfile(copy, swap)  # the copy, never the live file: that is only ever renamed
        os.chmod(swap, store.PRIVATE)
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


def _copy(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """DuckDB writes the copy under a temporary name from the connection that holds the database (one
    transaction: a consistent state); it is read back whole, then renamed: a backup's name is only ever
    on a whole copy that opens."""
    partial = target.with_name(f".{target.name}.partial")
    alias = f"copy_{uuid.uuid4().hex}"
    source = store.one_row(con, "SELECT current_database()")[0]
    try:
        con.execute(f"ATTACH {store.quote_literal(str(partial))} AS {alias}")
        try:
            con.execute(f"COPY FROM DATABASE {store.quote_identifier(source)} TO {alias}")
        finally:
            con.execute(f"DETACH {alias}")
        with duckdb.connect(str(partial)) as copy:
            store.read_every_table(copy)
        os.chmod(partial, store.PRIVATE)
        os.replace(partial, target)
    finally:
        for leftover in (partial, partial.with_name(partial.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _private_folder(folder: Path) -> None:
    """The copies hold every figure and every account's hash: readable by the office's account only."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)


def _check_free_space(source: Path, folder: Path) -> None:
    """A copy is never larger than the database; refuse before writing when the disk could not hold two."""
    size = source.stat().st_size if source.exists() else 0
    free = shutil.disk_usage(folder).free
    if free < 2 * size:
        raise BackupRefused(
            f"พื้นที่ว่างใน {folder} เหลือ {megabytes(free)} ไม่พอสำหรับสำเนาฐานข้อมูลขนาด {megabytes(size)} "
            "ระบบจึงไม่สำรองและไม่นำเข้า: ลบสำเนาเก่าที่ไม่ต้องการ (ดูด้วย python -m cdd backups) "
            "หรือเพิ่มพื้นที่ดิสก์ แล้วลองใหม่"
        )


# ---- restoring -------------------------------------------------------------------------------------------


def _check_readable(copy: Path) -> None:
    """The backup must open as a DuckDB database of this product's schema, at a version this code knows,
    and read whole; or nothing is touched."""
    if not copy.is_file():
        raise BackupRefused(f"ไม่พบไฟล์สำรอง '{copy}': ดูรายการสำเนาด้วย python -m cdd backups แล้วระบุชื่อไฟล์ให้ถูก")
    try:
        with duckdb.connect(str(copy), read_only=True) as con:
            problem = store.schema_problem(con)
            if problem is None:
                store.read_every_table(con)
    except duckdb.Error as error:
        problem = error.__class__.__name__
    if problem is not None:
        raise BackupRefused(
            f"ไฟล์ '{copy}' ไม่ใช่ฐานข้อมูลสำรองที่อ่านได้ของระบบนี้ ({problem}) "
            "ระบบไม่ได้แตะฐานข้อมูลปัจจุบัน: เลือกไฟล์ cdd-….duckdb จาก python -m cdd backups แทน"
        ) from None


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
    """Keep the current file (and any log beside it) as <name>.before-restore-<time>: a hard link, so the
    file is kept without being opened; the log is moved, since one left beside the restored file would be
    replayed into it."""
    if not target.exists():
        return None
    stamp, n = clock.now().strftime(STAMP), 1
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    while kept.exists():  # two restores within one second: never write over a kept file
        n += 1
        kept = target.with_name(f"{target.name}.before-restore-{stamp}-{n}")
    os.link(target, kept)  # a second name for the same file: the live file is never opened to be copied
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
