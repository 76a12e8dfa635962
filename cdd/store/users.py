"""Accounts, what each role may do, and signing in.

Four roles: a viewer reads the dashboards; a district account sends figures for its own district only;
a province account sends for every district and rolls batches back; an admin also manages accounts,
reference figures and rubrics. The rights are checked here, where the data is written (authorize_*),
so a hidden screen is never the only guard and a crafted file cannot reach another district's rows.

Passwords are kept only as salted scrypt hashes and compared in constant time. A name that fails to
sign in three times within 15 minutes waits before each further try, 1, 2, 4 … up to 300 seconds, and
an unknown name, a disabled account and a wrong password get the very same answer. A client (the address
the server sees) that fails ten times within 15 minutes, whatever the names, waits the same way: one
office address often stands for several people, each allowed a typo or two.

A name locked by failures from elsewhere does not lock out its owner: from a place this account signed in
from within the last 30 days, only that place's own failures count against the name. The trade-off: a
guesser who shares such a place (the same office address) is let through the lockout too, yet is still
held by its own failures there, three per name and ten across names; a guesser from anywhere else locks
the name for everyone but the places its owner already uses. Without an address (a connection from the
server itself, the command line) only the name's throttle applies. No address is kept, only a digest
keyed by a secret of this database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TypeGuard

import duckdb

from cdd.errors import CddError
from cdd.office import clock
from cdd.office.districts import normalise_code
from cdd.office.thai import clean_text
from cdd.rubrics.indicators import CATALOGUE
from cdd.store.database import first_row, one_row, set_meta, write_transaction

ROLES = ("viewer", "district", "province", "admin")
ROLE_NAMES = {"viewer": "ผู้ชม", "district": "เจ้าหน้าที่อำเภอ", "province": "เจ้าหน้าที่จังหวัด", "admin": "ผู้ดูแลระบบ"}
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 64
_SIGN_IN_GUARD = threading.Lock()  # the wait checked and the attempt recorded as one step (one app process)
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, HASH_BYTES = 2**14, 8, 1, 16, 32
FREE_FAILURES = 3
FAILURE_WINDOW = dt.timedelta(minutes=15)
LONGEST_WAIT = 300  # seconds
CLIENT_FREE_FAILURES = 10  # failures from one client, across every name typed, before it waits
KNOWN_PLACE_FOR = dt.timedelta(days=30)  # a client counts as the account's own place this long after a sign-in
OPEN_VIEWING = "open_viewing"
# One answer for an unknown name, a disabled account and a wrong password: no one learns which names exist.
REFUSED = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง หรือบัญชีถูกปิดใช้งาน"


class UserError(CddError, ValueError):
    """An account cannot be added or changed as asked; the message says why, in Thai."""


class NotAllowed(CddError, PermissionError):
    """The account (or no account) may not do this; the message names what and why."""


class SignInRefused(CddError):
    """Signing in failed; `wait_seconds` > 0 when too many recent failures ask for a pause first."""

    def __init__(self, message: str, wait_seconds: int = 0):
        super().__init__(message)
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class User:
    name: str
    role: str
    district: str | None = None

    def can_write(self, code: str) -> bool:
        """Whether this account may send figures of district `code`."""
        if self.role == "district":
            return code == self.district
        return self.role in ("province", "admin")

    # Properties, not methods: `if user.can_roll_back()` on a bool fails loudly, while a forgotten
    # call on a method (`if user.can_roll_back:`) would silently grant the right.
    @property
    def can_roll_back(self) -> bool:
        return self.role in ("province", "admin")

    @property
    def can_manage(self) -> bool:
        return self.role == "admin"

    @property
    def role_name(self) -> str:
        return ROLE_NAMES[self.role]


@dataclass(frozen=True)
class Account:
    """An account as listed: never its password hash."""

    name: str
    role: str
    district: str | None
    created_at: dt.datetime
    disabled_at: dt.datetime | None

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None


# ---- passwords ----------------------------------------------------------------------------------


def check_new_password(password: str) -> None:
    if len(_as_typed(password)) < MIN_PASSWORD_LENGTH:
        raise UserError(f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร: ตั้งรหัสผ่านที่ยาวขึ้น")


def hash_password(password: str) -> str:
    """'scrypt$n$r$p$salt_hex$hash_hex': a fresh random salt each time, so equal passwords hash apart."""
    check_new_password(password)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one hashed in `stored`; a malformed `stored` matches nothing."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        digest = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p), len(expected) // 2)
        wanted = bytes.fromhex(expected)
    except ValueError:
        return False
    # Constant time: how long the comparison takes says nothing about how much of the hash matched.
    return hmac.compare_digest(digest, wanted) and scheme == "scrypt"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    secret = _as_typed(password).encode("utf-8")
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=length, maxmem=64 * 1024 * 1024)


def _as_typed(password: str) -> str:
    # As a person meant it (cdd.office.thai.clean_text): ำ typed as ํ + า on one keyboard and as one key on
    # another, NFC, no invisible characters, no stray spaces, so the same password always matches.
    return clean_text(password)


@cache
def _decoy_hash() -> str:
    """A hash no password matches: an unknown name costs the same scrypt time as a known one."""
    return hash_password(secrets.token_hex(16))


# ---- accounts -----------------------------------------------------------------------------------


def add_user(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str, district: str | None = None) -> User:
    """Add an account; the password is kept only as its salted hash."""
    user = check_new_user(con, name, role, district)
    stored = hash_password(password)
    try:
        with write_transaction(con) as cur:
            cur.execute(
                "INSERT INTO users VALUES (?, ?, ?, ?, ?, NULL)",
                [user.name, user.role, user.district, stored, clock.stamp()],
            )
    except duckdb.ConstraintException:  # taken since the check, by another writer
        raise UserError(_taken(user.name)) from None
    return user


def check_new_user(con: duckdb.DuckDBPyConnection, name: str, role: str, district: str | None = None) -> User:
    """The account `add_user` would add, or UserError: asked before a password is typed for nothing."""
    name = clean_text(name)
    if not name or len(name) > MAX_NAME_LENGTH:
        raise UserError(f"ชื่อผู้ใช้ต้องไม่ว่าง และยาวไม่เกิน {MAX_NAME_LENGTH} ตัวอักษร")
    if role not in ROLES:
        known = ", ".join(f"{r} ({ROLE_NAMES[r]})" for r in ROLES)
        raise UserError(f"ไม่รู้จักบทบาท '{role}': เลือกจาก {known}")
    if first_row(con, "SELECT 1 FROM users WHERE name = ?", [name]):
        raise UserError(_taken(name))
    return User(name, role, _checked_district(con, role, district))


def _taken(name: str) -> str:
    return f"มีผู้ใช้ชื่อ '{name}' อยู่แล้ว (รวมบัญชีที่ปิดใช้งาน): เลือกชื่ออื่น"


def _checked_district(con: duckdb.DuckDBPyConnection, role: str, district: str | None) -> str | None:
    code = normalise_code(district) if district else None
    if role != "district":
        if code:
            raise UserError(f"บทบาท {role} ({ROLE_NAMES[role]}) ไม่ผูกกับอำเภอ: ไม่ต้องระบุ --district")
        return None
    if not code:
        raise UserError("บัญชีเจ้าหน้าที่อำเภอต้องระบุรหัสอำเภอ 4 หลัก เช่น --district 5704")
    if not first_row(con, "SELECT 1 FROM districts WHERE code = ?", [code]):
        raise UserError(f"ไม่รู้จักรหัสอำเภอ '{district}': ใช้รหัสอำเภอ 4 หลักที่มีในรายชื่อ เช่น 5704")
    return code


def list_users(con: duckdb.DuckDBPyConnection) -> list[Account]:
    rows = con.execute("SELECT name, role, district, created_at, disabled_at FROM users ORDER BY name").fetchall()
    return [Account(*row) for row in rows]


def disable_user(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Close an account for good (its history stays); disabling it again keeps the first date."""
    name = clean_text(name)
    with write_transaction(con) as cur:
        if not first_row(cur, "SELECT 1 FROM users WHERE name = ?", [name]):
            raise UserError(f"ไม่มีผู้ใช้ชื่อ '{name}': ดูรายชื่อด้วย python -m cdd user list")
        cur.execute(
            "UPDATE users SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL",
            [clock.stamp(), name],
        )


def active_user(con: duckdb.DuckDBPyConnection, name: str) -> User | None:
    """The account as it stands now, or None when unknown or disabled: re-read before a write, so an
    account disabled after signing in can no longer write."""
    row = first_row(con, "SELECT role, district FROM users WHERE name = ? AND disabled_at IS NULL", [clean_text(name)])
    return User(clean_text(name), *row) if row else None


# ---- signing in ---------------------------------------------------------------------------------


def sign_in(
    con: duckdb.DuckDBPyConnection,
    name: str,
    password: str,
    now: dt.datetime | None = None,
    client: str | None = None,
) -> User:
    """The account, or SignInRefused; every attempt whose password was checked is recorded.

    `client` is the address the attempt came from (None when not known: the command line, a connection
    from the server itself). Checking the wait and recording the attempt (as failed, until the password
    proves right) are one step under a lock: ten guesses sent at once are counted as ten, and only the
    first three are looked at. A name longer than any account's is refused without a write; an attempt
    keeps the name only when it is an account's, else a keyed digest of it (a password typed into the
    name box is never kept), and of the client only a keyed digest."""
    name, at = clean_text(name), now or clock.now()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise SignInRefused(REFUSED)
    with _SIGN_IN_GUARD:
        who, place = attempt_name(con, name), client_digest(con, client)
        wait = _wait(con, who, place, at)
        if wait:  # too early: the password is not even looked at, and the wait does not grow
            raise SignInRefused(f"ลองเข้าสู่ระบบไม่สำเร็จหลายครั้ง: รออีก {wait} วินาทีแล้วลองใหม่", wait)
        with write_transaction(con, figures=False) as cur:
            cur.execute(
                "INSERT INTO sign_in_attempts (name, attempted_at, ok, client) VALUES (?, ?, FALSE, ?)",
                [who, at, place],
            )
    user = _matching_user(con, name, password)
    if user is None:
        raise SignInRefused(REFUSED)
    with write_transaction(con, figures=False) as cur:
        cur.execute(
            "UPDATE sign_in_attempts SET ok = TRUE WHERE name = ? AND attempted_at = ? AND client IS NOT DISTINCT FROM ?",
            [who, at, place],
        )
    return user


def attempt_name(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """What an attempt records of the name typed: an account's name as it is, anything else as '#' and a
    digest keyed by a secret of this database (enough to slow a name down, useless to read)."""
    if first_row(con, "SELECT 1 FROM users WHERE name = ?", [name]):
        return name
    return "#" + hmac.new(_attempt_secret(con), name.encode(), hashlib.sha256).hexdigest()[:24]


def client_digest(con: duckdb.DuckDBPyConnection, address: str | None) -> str | None:
    """What an attempt records of where it came from: '@' and a digest of the address keyed by the same
    secret as the names (one place is recognised again, the address cannot be read back); None when the
    address is not known."""
    address = address.strip().lower() if isinstance(address, str) else ""  # anything else: not known
    if not address:
        return None
    keyed = hmac.new(_attempt_secret(con), b"client:" + address.encode(), hashlib.sha256)
    return "@" + keyed.hexdigest()[:24]


def _attempt_secret(con: duckdb.DuckDBPyConnection) -> bytes:
    row = first_row(con, "SELECT value FROM meta WHERE key = 'attempt_secret'")
    if row:
        return bytes.fromhex(row[0])
    secret = secrets.token_hex(32)
    with write_transaction(con, figures=False) as cur:
        cur.execute("INSERT INTO meta VALUES ('attempt_secret', ?) ON CONFLICT (key) DO NOTHING", [secret])
    return bytes.fromhex(one_row(con, "SELECT value FROM meta WHERE key = 'attempt_secret'")[0])


def _matching_user(con: duckdb.DuckDBPyConnection, name: str, password: str) -> User | None:
    row = first_row(con, "SELECT role, district, password_hash, disabled_at FROM users WHERE name = ?", [name])
    # The password is checked even for an unknown or disabled name: the time taken tells nothing.
    matches = verify_password(password, row[2] if row else _decoy_hash())
    return User(name, row[0], row[1]) if row and matches and row[3] is None else None


_FAILURES = "SELECT count(*), max(attempted_at) FROM sign_in_attempts WHERE NOT ok AND attempted_at > ? "
_NAME_FAILURES = _FAILURES + "AND name = ?"
_NAME_FAILURES_HERE = _FAILURES + "AND name = ? AND client = ?"
_CLIENT_FAILURES = _FAILURES + "AND client = ?"
_SIGNED_IN_HERE = """SELECT 1 FROM sign_in_attempts
                      WHERE ok AND name = ? AND client = ? AND attempted_at > ? AND attempted_at <= ? LIMIT 1"""


def seconds_to_wait(con: duckdb.DuckDBPyConnection, name: str, at: dt.datetime, client: str | None = None) -> int:
    """0, or how long `name` (typed from `client`) must still wait: 2**(failures - 3) seconds after the
    last failure, at most 300, once 3 attempts at the name have failed in the last 15 minutes (only those
    from `client`, when the account signed in from there within 30 days); or 2**(failures - 10) seconds,
    at most 300, once 10 attempts from `client` have failed in the last 15 minutes, whatever the names.
    The longer of the two."""
    return _wait(con, attempt_name(con, clean_text(name)), client_digest(con, client), at)


def _wait(con: duckdb.DuckDBPyConnection, who: str, place: str | None, at: dt.datetime) -> int:
    since = at - FAILURE_WINDOW
    if place is not None and first_row(con, _SIGNED_IN_HERE, [who, place, at - KNOWN_PLACE_FOR, at]):
        by_name = one_row(con, _NAME_FAILURES_HERE, [since, who, place])  # a lockout made elsewhere does not count
    else:
        by_name = one_row(con, _NAME_FAILURES, [since, who])
    wait = _delay(by_name, FREE_FAILURES, at)
    if place is not None:
        wait = max(wait, _delay(one_row(con, _CLIENT_FAILURES, [since, place]), CLIENT_FREE_FAILURES, at))
    return wait


def _delay(recent: tuple, free: int, at: dt.datetime) -> int:
    """The seconds still to wait after `recent` (failures, the last one's time), once `free` have failed."""
    failures, last = recent
    if failures < free or last is None:
        return 0
    ready = last + dt.timedelta(seconds=min(2 ** min(failures - free, 16), LONGEST_WAIT))
    return max(0, math.ceil((ready - at).total_seconds()))


# ---- open viewing -------------------------------------------------------------------------------


def open_viewing(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether anyone may read the dashboards without signing in (a trusted office network)."""
    row = first_row(con, "SELECT value FROM meta WHERE key = ?", [OPEN_VIEWING])
    return row is not None and row[0] == "yes"


def set_open_viewing(con: duckdb.DuckDBPyConnection, on: bool) -> None:
    with write_transaction(con) as cur:
        set_meta(cur, OPEN_VIEWING, "yes" if on else "no")


def may_read(con: duckdb.DuckDBPyConnection, user: User | None) -> bool:
    """Any signed-in account reads; no account reads only while open viewing is on."""
    return user is not None or open_viewing(con)


# ---- rights, checked where the data is written -------------------------------------------------


def authorize_write(user: User | None, codes: Iterable[str]) -> None:
    """Raise NotAllowed naming the first district in `codes` that `user` may not send figures for."""
    user = _signed_in(user)
    for code in codes:
        if not user.can_write(code):
            raise NotAllowed(_write_refusal(user, code))


def reference_refusals(user: User | None, figures: Iterable[tuple[int, str, str, str]]) -> list[tuple[int, str, str]]:
    """(row, key, Thai sentence) for each reference figure (row, district, key, value as written) that `user`
    may not write: the targets and counts a district is graded against are the admins' to set, so a district
    (or province) file that changes one is refused, whatever the district. Rights per key, not only per row."""
    user = _signed_in(user)
    if user.can_manage:
        return []
    return [
        (
            row,
            key,
            f"แถวที่ {row}: '{CATALOGUE[key].label}' ({key}) ของอำเภอ {code} = {value} เป็นค่าอ้างอิงที่ผู้ดูแลระบบกำหนด "
            f"บัญชี '{user.name}' ({user.role_name}) แก้ไม่ได้: ลบคอลัมน์นี้ออก หรือใส่ค่าเดิมตามแบบฟอร์ม "
            "แล้วส่งใหม่ (ถ้าค่าอ้างอิงผิด แจ้งผู้ดูแลระบบ)",
        )
        for row, code, key, value in figures
    ]


def authorize_references(user: User | None, figures: Iterable[tuple[int, str, str, str]]) -> None:
    """Raise NotAllowed naming the first reference figure `user` may not write (see reference_refusals)."""
    refused = reference_refusals(user, figures)
    if refused:
        raise NotAllowed(refused[0][2])


def _write_refusal(user: User, code: str) -> str:
    if user.role == "district":
        return (
            f"บัญชี '{user.name}' ส่งข้อมูลได้เฉพาะอำเภอ {user.district} แต่มีข้อมูลของอำเภอ {code}: "
            "ลบแถวของอำเภออื่นออกแล้วส่งใหม่ หรือให้เจ้าหน้าที่จังหวัดนำเข้า"
        )
    return f"บัญชี '{user.name}' เป็น{user.role_name} ดูข้อมูลได้อย่างเดียว ส่งข้อมูลไม่ได้ (อำเภอ {code})"


def authorize_rollback(user: User | None) -> None:
    user = _signed_in(user)
    if not user.can_roll_back:
        raise NotAllowed(f"บัญชี '{user.name}' เป็น{user.role_name}: ยกเลิกชุดข้อมูลได้เฉพาะเจ้าหน้าที่จังหวัดหรือผู้ดูแลระบบ")


def may_manage(user: User | None) -> TypeGuard[User]:
    """Whether this visitor (None: no account) is offered the administration: accounts, reference figures
    and rubrics. The writes themselves check again (`authorize_manage`)."""
    return user is not None and user.can_manage


def authorize_manage(user: User | None) -> User:
    user = _signed_in(user)
    if not user.can_manage:
        raise NotAllowed(f"บัญชี '{user.name}' เป็น{user.role_name}: จัดการผู้ใช้ ข้อมูลอ้างอิงและเกณฑ์ได้เฉพาะผู้ดูแลระบบ")
    return user


def _signed_in(user: User | None) -> User:
    if user is None:
        raise NotAllowed("ยังไม่ได้เข้าสู่ระบบ: เข้าสู่ระบบด้วยบัญชีที่มีสิทธิ์ก่อน")
    return user
