"""Commands that copy the DuckDB file and put a copy back: backup, restore, backups.

Exit status: 0 done; 2 bad input (a file that is not a backup, no confirmation); 3 the database is in
use by another program, or cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from cdd.grading.inputs import InputError
from cdd.store import backup, settings
from cdd.store import database as store

CONFIRMATIONS = {"y", "yes", "ใช่"}


def add_commands(commands: argparse._SubParsersAction) -> dict:
    """Register the backup commands on the parser; returns name → function."""
    copy = _with_db(commands.add_parser("backup", help="สำรองฐานข้อมูลเป็นไฟล์ cdd-YYYYMMDD-HHMMSS.duckdb"))
    copy.add_argument("-o", "--output", required=True, help="โฟลเดอร์ที่จะเก็บสำเนา")
    copy.add_argument("--label", help="ป้ายชื่อต่อท้ายชื่อไฟล์ เช่น before-q3")
    back = _with_db(commands.add_parser("restore", help="กู้ฐานข้อมูลจากสำเนา (เก็บไฟล์ปัจจุบันไว้ก่อนเสมอ)"))
    back.add_argument("file", help="ไฟล์สำเนา cdd-….duckdb")
    back.add_argument("--yes", action="store_true", help="ไม่ต้องถามยืนยัน (จำเป็นเมื่อไม่ได้รันจากหน้าจอ)")
    _with_db(commands.add_parser("backups", help="รายการสำเนา รวมสำเนาอัตโนมัติก่อนนำเข้าทุกครั้ง"))
    return {"backup": cmd_backup, "restore": cmd_restore, "backups": cmd_backups}


def _with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", help=f"ไฟล์ฐานข้อมูล (ค่าเริ่มต้น ${store.DB_ENV} หรือ data/cdd.duckdb)")
    return parser


def cmd_backup(args: argparse.Namespace) -> int:
    made = backup.backup(store.database_path(args.db), args.output, args.label)
    print(f"สำรองฐานข้อมูลไว้ที่ {made}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    target = store.database_path(args.db)
    if not args.yes:
        _confirm(f"กู้ฐานข้อมูล {target} จากสำเนา {args.file}? ไฟล์ปัจจุบันจะถูกเก็บไว้ข้างกัน พิมพ์ 'ใช่' หรือ 'yes' เพื่อยืนยัน: ")
    kept = backup.restore(args.file, target)
    print(f"กู้ฐานข้อมูล {target} จาก {args.file} แล้ว" + (f" ไฟล์เดิมเก็บไว้ที่ {kept}" if kept else ""))
    return 0


def _confirm(question: str) -> None:
    """Ask on a terminal; a script must say --yes, since a restore replaces every figure in the database."""
    if not _is_terminal():
        raise InputError("การกู้คืนแทนที่ข้อมูลทั้งหมดในฐานข้อมูล ต้องยืนยันก่อน: รันจากหน้าจอเพื่อตอบคำถาม หรือเพิ่ม --yes")
    if input(question).strip().lower() not in CONFIRMATIONS:
        raise InputError("ยกเลิกการกู้คืน ฐานข้อมูลไม่เปลี่ยนแปลง: รันคำสั่งใหม่แล้วตอบ 'ใช่' เมื่อต้องการกู้คืน")


def _is_terminal() -> bool:
    return sys.stdin.isatty()


def _kept_days(args: argparse.Namespace) -> str:
    """How long automatic copies are kept, as set for this database; the list itself needs no database,
    so a dashboard holding it only leaves this out."""
    if not store.database_path(args.db).is_file():  # copies of a database moved away: create nothing
        return "ไม่พบฐานข้อมูลที่ตั้งระยะเวลาเก็บสำเนาไว้"
    try:
        with store.connect(args.db) as con:
            return f"สำเนาอัตโนมัติเก็บไว้ {settings.limits(con).backup_days} วัน"
    except store.StoreError:
        return "ระยะเวลาเก็บสำเนาอัตโนมัติ ดูได้ที่หน้า «ผู้ดูแลระบบ › การตั้งค่า» ของแดชบอร์ด"


def cmd_backups(args: argparse.Namespace) -> int:
    folder = store.database_path(args.db).parent / backup.BACKUP_FOLDER
    copies = backup.list_backups(folder)
    for copy in copies:
        print(backup.describe(copy))
    print(
        f"สำเนา {len(copies)} ไฟล์ใน {folder} ({_kept_days(args)})"
        if copies
        else f"ยังไม่มีสำเนาใน {folder}: สำเนาอัตโนมัติจะเกิดก่อนการนำเข้าทุกครั้ง"
    )
    return 0
