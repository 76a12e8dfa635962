"""Whether each district sent each month's figures on time, by the scheme's own deadline.

- on_time: first sent by the deadline, and not changed after it;
- revised_late: first sent by the deadline, but values changed after it;
- late: first sent after the deadline;
- missing: nothing sent, and the deadline has passed;
- not_due: nothing sent yet, and the deadline is still ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cdd.office.calendar import Month

STATUS_TH = {
    "on_time": "ตรงเวลา",
    "late": "ส่งช้า",
    "revised_late": "แก้ไขหลังกำหนด",
    "missing": "ยังไม่ส่ง",
    "not_due": "ยังไม่ถึงกำหนด",
}


@dataclass(frozen=True)
class MonthStatus:
    code: str
    month: str
    status: str
    due: dt.date | None
    first_sent: dt.datetime | None
    last_changed: dt.datetime | None

    @property
    def thai(self) -> str:
        return STATUS_TH[self.status]


def classify(
    code: str, month: Month, due: dt.date | None, first: dt.datetime | None, last: dt.datetime | None, today: dt.date
) -> MonthStatus:
    if first is None:
        status = "not_due" if due is None or today <= due else "missing"
    elif due is not None and first.date() > due:
        status = "late"
    elif due is not None and last is not None and last.date() > due:  # last is there whenever first is
        status = "revised_late"
    else:
        status = "on_time"
    return MonthStatus(code, month.token, status, due, first, last)
