"""How much a person may send at once, and how long automatic backups are kept.

Every upload is hostile until read: a file too big, a spreadsheet of a million rows, or an Excel file
(a zip) that inflates to gigabytes would stall the one machine the office has. Each limit has a sane
default. An administrator changes it on the «ผู้ดูแลระบบ › การตั้งค่า» screen or with `python -m cdd
settings limit` (cdd/store/settings.py keeps the value and its history); the server's operator may pin
it with an environment variable, which then wins. So the limits in force are, field by field: the
default, overridden by the stored setting, overridden by the environment (`in_force`, the one place
that rule lives). An environment value that is not a positive number is ignored and
`limit_warnings()` says so; a stored one is checked before it is kept (`check_limit`).

Nothing here reads the database: the store reads the stored settings and passes the Limits in force
to the readers below (cdd/intake/reader.py).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass

from cdd.errors import CddError
from cdd.office.thai import to_arabic_digits

MB = 1024 * 1024
# An .xlsx holds a dozen parts; a thousand means something other than a report (and each costs memory).
MAX_ZIP_ENTRIES = 1000
# The web server never takes a larger request (server.maxUploadSize in .streamlit/config.toml): a larger
# upload limit could not be honoured, so none is accepted.
UPLOAD_CEILING_MB = 100


@dataclass(frozen=True)
class Limits:
    max_upload_mb: float = 10
    max_rows: int = 5000
    max_unzipped_mb: float = 50  # the total uncompressed size of every part of an .xlsx
    max_zip_ratio: float = 100  # uncompressed ÷ compressed; real workbooks stay far below
    backup_days: int = 30  # automatic copies before an import are kept this many days
    backup_count: int = 20  # and never more than this many of them
    max_backup_mb: float = 1000  # nor more than this much disk in all (the newest copy always stays)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * MB)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * MB)

    @property
    def max_backup_bytes(self) -> int:
        return int(self.max_backup_mb * MB)


@dataclass(frozen=True)
class Setting:
    """One limit as a person sets it: its field of Limits, its environment variable, its kind (sizes and
    ratios may be fractional, counts may not), its Thai name and unit, and the most it may be."""

    field: str
    variable: str
    kind: type
    label: str
    unit: str
    ceiling: float | None = None

    @property
    def whole(self) -> bool:
        return self.kind is int


SETTINGS = {
    s.field: s
    for s in (
        Setting("max_upload_mb", "CDD_MAX_UPLOAD_MB", float, "ขนาดไฟล์นำเข้าสูงสุดต่อไฟล์", "MB", UPLOAD_CEILING_MB),
        Setting("max_rows", "CDD_MAX_ROWS", int, "จำนวนแถวข้อมูลสูงสุดต่อไฟล์", "แถว"),
        Setting("max_unzipped_mb", "CDD_MAX_UNZIPPED_MB", float, "ขนาดไฟล์ Excel เมื่อคลายออกสูงสุด", "MB"),
        Setting("max_zip_ratio", "CDD_MAX_ZIP_RATIO", float, "อัตราการบีบอัดของไฟล์ Excel สูงสุด", "เท่า"),
        Setting("backup_days", "CDD_BACKUP_DAYS", int, "เก็บสำเนาอัตโนมัติก่อนนำเข้าไว้", "วัน"),
        Setting("backup_count", "CDD_BACKUP_COUNT", int, "จำนวนสำเนาอัตโนมัติสูงสุด", "ชุด"),
        Setting("max_backup_mb", "CDD_BACKUP_MAX_MB", float, "พื้นที่ของสำเนาอัตโนมัติรวมสูงสุด", "MB"),
    )
}
DEFAULTS = Limits()


class LimitRefused(CddError, ValueError):
    """A limit typed by an administrator that cannot be kept; the message names it, the value and the fix."""


def in_force(stored: Mapping[str, str] | None = None) -> Limits:
    """The limits in force: the defaults, overridden by the settings an administrator stored (field → the
    text kept), overridden by the environment, read on every call, so no change needs a restart."""
    chosen: dict[str, int | float] = {}
    for field, setting in SETTINGS.items():
        for text in ((stored or {}).get(field), os.environ.get(setting.variable)):
            value = _positive(text, setting.kind)
            if value is not None:
                chosen[field] = value
    return Limits(**chosen)  # type: ignore[arg-type]  # each field gets the kind SETTINGS names for it


def environment_value(field: str) -> int | float | None:
    """The value the server's operator pinned for `field` with its environment variable, when usable."""
    setting = SETTINGS[field]
    return _positive(os.environ.get(setting.variable), setting.kind)


def check_limit(field: str, typed: str) -> int | float:
    """The value an administrator typed for a limit, or LimitRefused naming the limit, the value and the fix."""
    setting = SETTINGS[field]
    value = _positive(typed, setting.kind)
    default = getattr(DEFAULTS, field)
    if value is None:
        kind = "จำนวนเต็ม" if setting.whole else "ตัวเลข"
        raise LimitRefused(
            f"{setting.label} = '{typed}' ใช้ไม่ได้: ใส่{kind}ที่มากกว่า 0 เป็น{setting.unit} "
            f"(ค่าเริ่มต้น {default:,} {setting.unit}) หรือเว้นว่างเพื่อใช้ค่าเริ่มต้น"
        )
    if setting.ceiling is not None and value > setting.ceiling:
        raise LimitRefused(
            f"{setting.label} = '{typed}' มากเกินไป: เครื่องแม่ข่ายรับไฟล์ได้ไม่เกิน {setting.ceiling:g} {setting.unit} "
            f"ต่อครั้ง ใส่ค่าไม่เกิน {setting.ceiling:g}"
        )
    return value


def limit_warnings() -> list[str]:
    """One Thai sentence for each environment variable that was set to something unusable."""
    return [
        f"ค่า {s.variable}='{os.environ[s.variable]}' ใช้ไม่ได้ จึงไม่ใช้ค่านี้ ({s.label} ค่าเริ่มต้น "
        f"{getattr(DEFAULTS, field):,}): ตั้งเป็น{'จำนวนเต็ม' if s.whole else 'ตัวเลข'}ที่มากกว่า 0 หรือลบตัวแปรนี้ออก"
        for field, s in SETTINGS.items()
        if s.variable in os.environ and environment_value(field) is None
    ]


def written(value: int | float) -> str:
    """A limit as it is kept and shown: 2.5, 5000, never 5000.0."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _positive(text: str | None, kind: type) -> int | float | None:
    """The text as a positive finite number of the right kind; None for blank or anything else."""
    cleaned = to_arabic_digits(text or "").strip().replace(",", "")
    try:
        value = kind(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def megabytes(size: int) -> str:
    """A size as a person reads it: 10.5 MB, never 11010048."""
    return f"{size / MB:,.1f} MB"
