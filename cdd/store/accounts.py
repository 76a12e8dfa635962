"""What an administrator does to accounts from the dashboard: re-enable, reset a password, change the
role and district. Adding and disabling are cdd.store.users; every change here needs an admin."""

from __future__ import annotations

import duckdb

from cdd.office.thai import clean_text
from cdd.store.database import first_row, write_transaction
from cdd.store.users import (
    ROLE_NAMES,
    ROLES,
    User,
    UserError,
    _checked_district,
    authorize_manage,
    check_new_password,
    hash_password,
)


def _existing(cur: duckdb.DuckDBPyConnection, name: str) -> str:
    name = clean_text(name)
    if not first_row(cur, "SELECT 1 FROM users WHERE name = ?", [name]):
        raise UserError(f"ไม่มีผู้ใช้ชื่อ '{name}': เลือกจากรายชื่อผู้ใช้")
    return name


def enable_user(con: duckdb.DuckDBPyConnection, name: str, by: User | None) -> None:
    """Open a disabled account again."""
    authorize_manage(by)
    with write_transaction(con, figures=False) as cur:
        cur.execute("UPDATE users SET disabled_at = NULL WHERE name = ?", [_existing(cur, name)])


def reset_password(con: duckdb.DuckDBPyConnection, name: str, password: str, by: User | None) -> None:
    """A new password the administrator hands over; the old one stops working at once."""
    authorize_manage(by)
    check_new_password(password)
    stored = hash_password(password)
    with write_transaction(con, figures=False) as cur:
        cur.execute("UPDATE users SET password_hash = ? WHERE name = ?", [stored, _existing(cur, name)])


def change_role(con: duckdb.DuckDBPyConnection, name: str, role: str, district: str | None, by: User | None) -> None:
    """A new role (and, for a district officer, a district); an admin cannot take away their own right."""
    authorize_manage(by)
    if role not in ROLES:
        raise UserError(f"ไม่รู้จักบทบาท '{role}': เลือกจาก {', '.join(ROLE_NAMES.values())}")
    if by is not None and clean_text(name) == by.name and role != "admin":
        raise UserError("เปลี่ยนบทบาทของบัญชีที่ใช้อยู่เองไม่ได้: ให้ผู้ดูแลระบบอีกคนเปลี่ยนให้")
    with write_transaction(con, figures=False) as cur:
        code = _checked_district(cur, role, district)
        cur.execute("UPDATE users SET role = ?, district = ? WHERE name = ?", [role, code, _existing(cur, name)])
