"""Commands for accounts and settings: `user add | list | disable`, `settings open-viewing on|off`,
`settings limits [FIELD=VALUE ...]` and `settings history`, the same operations as the admin screen.

`user add` asks for the password twice and never takes it as an argument, where the shell history
and the process list would keep it. For tests and scripted set-ups only, the environment variable
CDD_NEW_PASSWORD, when set, is used instead of asking. Bad input exits with status 2 and one line.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager

from cdd.cli.store import open_store
from cdd.grading.inputs import InputError
from cdd.intake.limits import SETTINGS
from cdd.store import database, settings, users
from cdd.views import settings as shown

PASSWORD_ENV = "CDD_NEW_PASSWORD"
OPEN_VIEWING_HELP = "ให้ดูแดชบอร์ดได้โดยไม่ต้องเข้าสู่ระบบ (เฉพาะเครือข่ายสำนักงานที่ไว้ใจได้)"


def add_commands(commands: argparse._SubParsersAction) -> dict:
    """Register `user` and `settings` on the parser; returns name → function."""
    user = commands.add_parser("user", help="บัญชีผู้ใช้: เพิ่ม ดูรายชื่อ ปิดใช้งาน")
    actions = user.add_subparsers(dest="user_command", required=True)
    add = _with_db(actions.add_parser("add", help="เพิ่มผู้ใช้ (ถามรหัสผ่านสองครั้ง)"))
    add.add_argument("name", help="ชื่อผู้ใช้")
    add.add_argument("--role", required=True, help=", ".join(f"{r} ({users.ROLE_NAMES[r]})" for r in users.ROLES))
    add.add_argument("--district", help="รหัสอำเภอ 4 หลัก: เฉพาะบทบาท district")
    _with_db(actions.add_parser("list", help="รายชื่อผู้ใช้ บทบาท อำเภอ และสถานะ"))
    disable = _with_db(actions.add_parser("disable", help="ปิดใช้งานบัญชี (ประวัติยังอยู่)"))
    disable.add_argument("name")
    settings = commands.add_parser("settings", help="การตั้งค่าของระบบ")
    choices = settings.add_subparsers(dest="setting", required=True)
    viewing = _with_db(choices.add_parser("open-viewing", help=OPEN_VIEWING_HELP))
    viewing.add_argument("state", nargs="?", choices=["on", "off"], help="ไม่ระบุ: แสดงค่าปัจจุบัน")
    _with_by(viewing)
    limits = _with_db(choices.add_parser("limits", help="ขีดจำกัดการนำเข้าและการเก็บสำเนา: ดูหรือตั้งค่า"))
    limits.add_argument(
        "assignments", nargs="*", metavar="FIELD=VALUE", help=f"{', '.join(SETTINGS)}; VALUE ว่างหรือ default = ค่าเริ่มต้น"
    )
    _with_by(limits)
    _with_db(choices.add_parser("history", help="ประวัติการเปลี่ยนการตั้งค่า: ใคร เมื่อไร จากค่าใดเป็นค่าใด"))
    return {"user": cmd_user, "settings": cmd_settings}


def _with_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", help="ชื่อผู้เปลี่ยน ที่เก็บในประวัติ (ค่าเริ่มต้น: ผู้ใช้เครื่อง)")


def _with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", help=f"ไฟล์ฐานข้อมูล (ค่าเริ่มต้น ${database.DB_ENV} หรือ data/cdd.duckdb)")
    return parser


@contextmanager
def _as_input_error() -> Iterator[None]:
    """A refused account change becomes bad input: one Thai line and exit status 2."""
    try:
        yield
    except users.UserError as error:
        raise InputError(str(error)) from None


def cmd_user(args: argparse.Namespace) -> int:
    action = {"add": user_add, "list": user_list, "disable": user_disable}[args.user_command]
    with _as_input_error():
        return action(args)


def user_add(args: argparse.Namespace) -> int:
    con = open_store(args)  # loads the districts on first use: a district account is checked against them
    user = users.check_new_user(con, args.name, args.role, args.district)  # before a password is typed for nothing
    users.add_user(con, user.name, user.role, new_password(), user.district)
    where = f" อำเภอ {user.district}" if user.district else ""
    print(f"เพิ่มผู้ใช้ {user.name} ({user.role_name}{where}) แล้ว")
    return 0


def new_password() -> str:
    """CDD_NEW_PASSWORD when set (tests, scripts); otherwise asked twice, never echoed."""
    if os.environ.get(PASSWORD_ENV) is not None:
        return os.environ[PASSWORD_ENV]
    try:
        first = getpass.getpass("รหัสผ่านใหม่: ")
        again = getpass.getpass("พิมพ์รหัสผ่านอีกครั้ง: ")
    except EOFError:
        raise InputError("ไม่ได้รับรหัสผ่าน: รันคำสั่งในหน้าจอที่พิมพ์ได้ แล้วพิมพ์รหัสผ่านสองครั้ง") from None
    if first != again:
        raise InputError("รหัสผ่านสองครั้งไม่ตรงกัน: ยังไม่ได้เพิ่มผู้ใช้ ลองใหม่")
    return first


def user_list(args: argparse.Namespace) -> int:
    accounts = users.list_users(open_store(args))
    if not accounts:
        print("ยังไม่มีผู้ใช้: เพิ่มด้วย python -m cdd user add NAME --role ROLE")
    for account in accounts:
        state = f"ปิดใช้งาน {account.disabled_at:%Y-%m-%d}" if account.disabled else "ใช้งาน"
        print(f"{account.name}\t{account.role} ({users.ROLE_NAMES[account.role]})\t{account.district or '-'}\t{state}")
    return 0


def user_disable(args: argparse.Namespace) -> int:
    users.disable_user(open_store(args), args.name)
    print(f"ปิดใช้งานบัญชี {args.name} แล้ว")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    action = {"open-viewing": settings_open_viewing, "limits": settings_limits, "history": settings_history}
    return action[args.setting](args)


def settings_open_viewing(args: argparse.Namespace) -> int:
    con = open_store(args)
    if args.state:
        settings.set_open_viewing(con, args.state == "on", args.by or getpass.getuser())
    on = users.open_viewing(con)
    print(f"open-viewing: {'on' if on else 'off'} ({'ดูได้โดยไม่ต้องเข้าสู่ระบบ' if on else 'ต้องเข้าสู่ระบบก่อนดู'})")
    return 0


def settings_limits(args: argparse.Namespace) -> int:
    """Without assignments, every limit in force; with them, all are checked first and kept or none is."""
    con = open_store(args)
    typed = dict(_assignment(text) for text in args.assignments)
    for change in settings.set_limits(con, typed, args.by or getpass.getuser()) if typed else []:
        print(f"{change.field}: {change.old or 'default'} → {change.new or 'default'}")
    for state in settings.limit_states(con):
        print(shown.limit_line(state))
    return 0


def _assignment(text: str) -> tuple[str, str | None]:
    field, equals, value = text.partition("=")
    if not equals:
        raise InputError(f"'{text}' ไม่ใช่ FIELD=VALUE: เขียนเช่น max_rows=8000 (ค่าว่างหรือ default = ค่าเริ่มต้น)")
    value = value.strip()
    return field.strip(), None if value.lower() in ("", "default") else value


def settings_history(args: argparse.Namespace) -> int:
    rows = settings.history(open_store(args))
    if not rows:
        print("ยังไม่มีการเปลี่ยนการตั้งค่า")
    for at, by, key, old, new in rows:
        print(f"{at:%Y-%m-%d %H:%M}\t{by}\t{key}\t{old or 'default'} → {new or 'default'}")
    return 0
