"""Whether each district sent each month's figures on time, by the scheme's own deadline, or by a
mission's own where the letter sets one (Lampang: จปฐ on 18 Jun 2567, องค์กรคุณธรรม at 16.30).

- on_time: first sent by the deadline, and not changed after it;
- revised_late: first sent by the deadline, but values changed after it;
- late: first sent after the deadline;
- missing: nothing sent, and the deadline has passed;
- not_due: nothing sent yet, and the deadline is still ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from cdd.office.calendar import Month


class Timeliness(StrEnum):
    """Whether a district-month arrived by its deadline; in the order the status screen lists them."""

    ON_TIME = "on_time"
    LATE = "late"
    REVISED_LATE = "revised_late"
    MISSING = "missing"
    NOT_DUE = "not_due"

    @property
    def thai(self) -> str:
        return STATUS_TH[self]

    @property
    def short(self) -> str:
        """The word that fits a cell with twelve months across a laptop screen; legends use `thai`."""
        return STATUS_SHORT[self]


STATUS_TH: dict[str, str] = {
    Timeliness.ON_TIME: "ตรงเวลา",
    Timeliness.LATE: "ส่งช้า",
    Timeliness.REVISED_LATE: "แก้ไขหลังกำหนด",
    Timeliness.MISSING: "ยังไม่ส่ง",
    Timeliness.NOT_DUE: "ยังไม่ถึงกำหนด",
}
STATUS_SHORT: dict[str, str] = {
    Timeliness.ON_TIME: "ตรงเวลา",
    Timeliness.LATE: "ส่งช้า",
    Timeliness.REVISED_LATE: "แก้ไขช้า",
    Timeliness.MISSING: "ยังไม่ส่ง",
    Timeliness.NOT_DUE: "ยังไม่ถึง",
}


@dataclass(frozen=True)
class MonthStatus:
    code: str
    month: str
    status: Timeliness
    due: dt.date | None
    first_sent: dt.datetime | None
    last_changed: dt.datetime | None

    @property
    def thai(self) -> str:
        return STATUS_TH[self.status]


def classify(
    code: str,
    month: Month,
    due: dt.date | None,
    first: dt.datetime | None,
    last: dt.datetime | None,
    today: dt.date,
    late_from: dt.datetime | None = None,
) -> MonthStatus:
    """`late_from` is the first late moment on the office clock (a deadline at 16.30 makes 16.31 late);
    without it, the day after `due`."""
    if due is not None and late_from is None:
        late_from = dt.datetime.combine(due + dt.timedelta(days=1), dt.time())
    if first is None:
        status = Timeliness.NOT_DUE if due is None or today <= due else Timeliness.MISSING
    elif late_from is not None and first >= late_from:
        status = Timeliness.LATE
    elif late_from is not None and last is not None and last >= late_from:  # last is there whenever first is
        status = Timeliness.REVISED_LATE
    else:
        status = Timeliness.ON_TIME
    return MonthStatus(code, month.token, status, due, first, last)
