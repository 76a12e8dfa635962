import datetime as dt

import pytest

from cdd.grading.timeliness import classify
from cdd.office.calendar import Month

APRIL = Month(2567, 4)
DUE = dt.date(2024, 5, 15)  # April's figures: by 15 May
AT = lambda day, hour=10: dt.datetime(2024, 5, day, hour)  # noqa: E731


@pytest.mark.parametrize(
    "first, last, today, status",
    [
        (AT(15, 23), AT(15, 23), dt.date(2024, 6, 1), "on_time"),  # late in the evening of the 15th is on time
        (AT(16, 0), AT(16, 0), dt.date(2024, 6, 1), "late"),
        (AT(10), AT(20), dt.date(2024, 6, 1), "revised_late"),
        (AT(10), AT(15), dt.date(2024, 6, 1), "on_time"),  # revised, but by the deadline
        (None, None, dt.date(2024, 5, 16), "missing"),
        (None, None, dt.date(2024, 5, 15), "not_due"),
    ],
)
def test_each_status(first, last, today, status):
    assert classify("5704", APRIL, DUE, first, last, today).status == status


def test_statuses_read_in_thai():
    assert classify("5704", APRIL, DUE, None, None, dt.date(2024, 6, 1)).thai == "ยังไม่ส่ง"
    assert classify("5704", APRIL, DUE, AT(20), AT(20), dt.date(2024, 6, 1)).thai == "ส่งช้า"
