"""The office clock: every deadline and stamp is read in Thai time (Asia/Bangkok), never the server's.

A server in another zone (or in UTC, as most are) would otherwise call a report sent at 06:30 on the
16th Thai time "sent on the 15th". Stamps are stored as naive Thai wall-clock times to the second.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

OFFICE_ZONE = ZoneInfo("Asia/Bangkok")


def now() -> dt.datetime:
    """Thai wall-clock time now, without a zone (as the database keeps it)."""
    return dt.datetime.now(OFFICE_ZONE).replace(tzinfo=None)


def stamp() -> dt.datetime:
    """Thai wall-clock time to the second: when a batch was sent, an account made, a decision taken."""
    return now().replace(microsecond=0)


def today() -> dt.date:
    """The office's date: between 00:00 and 07:00 Thai time the server's UTC date is still yesterday."""
    return now().date()
