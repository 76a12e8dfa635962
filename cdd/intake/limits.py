"""How much a person may send at once, and how long automatic backups are kept.

Every upload is hostile until read: a file too big, a spreadsheet of a million rows, or an Excel file
(a zip) that inflates to gigabytes would stall the one machine the office has. Each limit has a sane
default and may be changed by the administrator through an environment variable; a value that is not
a positive number is ignored (the default holds) and `limit_warnings()` says so.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

MB = 1024 * 1024
# An .xlsx holds a dozen parts; a thousand means something other than a report (and each costs memory).
MAX_ZIP_ENTRIES = 1000


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


# field → (environment variable, its type): sizes and ratios may be fractional, counts may not.
SETTINGS = {
    "max_upload_mb": ("CDD_MAX_UPLOAD_MB", float),
    "max_rows": ("CDD_MAX_ROWS", int),
    "max_unzipped_mb": ("CDD_MAX_UNZIPPED_MB", float),
    "max_zip_ratio": ("CDD_MAX_ZIP_RATIO", float),
    "backup_days": ("CDD_BACKUP_DAYS", int),
    "backup_count": ("CDD_BACKUP_COUNT", int),
    "max_backup_mb": ("CDD_BACKUP_MAX_MB", float),
}
DEFAULTS = Limits()


def limits() -> Limits:
    """The limits in force now: the environment read on every call, so a changed setting needs no restart."""
    chosen = {field: _setting(variable, kind) for field, (variable, kind) in SETTINGS.items()}
    # each field gets the kind SETTINGS names for it, which mypy cannot follow through the table
    return Limits(**{field: value for field, value in chosen.items() if value is not None})  # type: ignore[arg-type]


def limit_warnings() -> list[str]:
    """One Thai sentence for each environment variable that was set to something unusable."""
    return [
        f"ค่า {variable}='{os.environ[variable]}' ใช้ไม่ได้ จึงใช้ค่าเริ่มต้น {getattr(DEFAULTS, field):,}: "
        f"ตั้งเป็น{'จำนวนเต็ม' if kind is int else 'ตัวเลข'}ที่มากกว่า 0 หรือลบตัวแปรนี้ออก"
        for field, (variable, kind) in SETTINGS.items()
        if variable in os.environ and _setting(variable, kind) is None
    ]


def _setting(variable: str, kind: type) -> int | float | None:
    """The variable's value when it is a positive finite number of the right kind; None otherwise."""
    text = os.environ.get(variable, "").strip().replace(",", "")
    try:
        value = kind(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def megabytes(size: int) -> str:
    """A size as a person reads it: 10.5 MB, never 11010048."""
    return f"{size / MB:,.1f} MB"
