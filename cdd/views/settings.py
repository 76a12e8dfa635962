"""The settings as the admin screen and the command line's `settings` show them: each limit in force, where
its value comes from (the default, the screen, or the server's environment, which wins), and the
history of every change in words."""

from __future__ import annotations

import pandas as pd

from cdd.intake.limits import SETTINGS, written
from cdd.office.calendar import thai_datetime
from cdd.store.settings import PREFIX, LimitChange, LimitState
from cdd.store.users import OPEN_VIEWING

HISTORY_COLUMNS = ["เมื่อ", "โดย", "การตั้งค่า", "ค่าเดิม", "ค่าใหม่"]
DEFAULT_WORD = "ค่าเริ่มต้น"


def amount(field: str, value: int | float) -> str:
    """A limit with its unit: '10 MB', '5,000 แถว'."""
    return f"{value:,g} {SETTINGS[field].unit}" if isinstance(value, float) else f"{value:,} {SETTINGS[field].unit}"


def source_note(state: LimitState) -> str:
    """Where the value in force comes from, in one Thai phrase; an environment variable that overrides a
    value set on the screen says so, so no one wonders why their change does not hold."""
    if state.source == "environment":
        setting = SETTINGS[state.field]
        overridden = f" แทนค่าที่ตั้งไว้ {state.stored}" if state.stored is not None else ""
        return (
            f"ตัวแปรสภาพแวดล้อม {setting.variable} ของเครื่องแม่ข่ายมีผล{overridden}: ค่าที่ตั้งในหน้านี้จะมีผลเมื่อผู้ดูแลเครื่องลบตัวแปรนั้นออก"
        )
    if state.source == "stored":
        return "ตั้งโดยผู้ดูแลระบบ"
    return DEFAULT_WORD


def source_label(state: LimitState) -> str:
    """The short form of `source_note`, for the table's narrow column; the screen says the rest beneath."""
    if state.source == "environment":
        return f"ตัวแปร {SETTINGS[state.field].variable}"
    return source_note(state)


def limits_table(states: list[LimitState]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "การตั้งค่า": SETTINGS[s.field].label,
                "ค่าที่ใช้อยู่": amount(s.field, s.in_force),
                "ค่าเริ่มต้น": amount(s.field, s.default),
                "ที่มา": source_label(s),
            }
            for s in states
        ]
    )


def limit_line(state: LimitState) -> str:
    """One line of the command line's `settings limits`: the key to type, the Thai name, the value and its source."""
    return f"{state.field}\t{written(state.in_force)}\t{SETTINGS[state.field].label} {amount(state.field, state.in_force)} ({source_note(state)})"


def setting_name(key: str) -> str:
    field = key.removeprefix(PREFIX)
    if field in SETTINGS:
        return SETTINGS[field].label
    return "ดูแดชบอร์ดได้โดยไม่ต้องเข้าสู่ระบบ" if key == OPEN_VIEWING else key


def setting_value(key: str, value: str | None) -> str:
    field = key.removeprefix(PREFIX)
    if value is None:
        return DEFAULT_WORD
    if key == OPEN_VIEWING:
        return "เปิด" if value == "yes" else "ปิด"
    if field not in SETTINGS:
        return value
    kept = SETTINGS[field].kind(value)
    return amount(field, kept)


def history_table(rows: list[tuple]) -> pd.DataFrame:
    """cdd.store.settings.history in words; who changed it is a typed name, shown as typed by the screen."""
    return pd.DataFrame(
        [
            [thai_datetime(at), by, setting_name(key), setting_value(key, old), setting_value(key, new)]
            for at, by, key, old, new in rows
        ],
        columns=HISTORY_COLUMNS,
    )


def changes_note(changes: list[LimitChange]) -> str:
    """What a save changed, in one Thai sentence: each limit from its old value to its new one."""
    if not changes:
        return "ขีดจำกัดเท่าเดิมทุกข้อ ไม่มีอะไรต้องบันทึก"
    parts = [
        f"{SETTINGS[c.field].label} {setting_value(PREFIX + c.field, c.old)} → {setting_value(PREFIX + c.field, c.new)}"
        for c in changes
    ]
    return "บันทึกขีดจำกัดแล้ว มีผลกับไฟล์ถัดไปทันที: " + "; ".join(parts)
