"""The Thai fiscal calendar in the Buddhist Era, and the period tokens of RUBRICS §10.

A month is written `2567-04` (BE year, calendar month), a fiscal quarter `2567-Q3`, a fiscal year
`2567`. FY2567 runs October 2566 – September 2567 BE (1 Oct 2023 – 30 Sep 2024).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from cdd.errors import CddError
from cdd.office.thai import clean_text, to_arabic_digits

BE_OFFSET = 543
# "A year above 2400 is BE, below it CE" (RUBRICS §10).
BE_THRESHOLD = 2400

MONTH_NAMES = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTH_ABBREVIATIONS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


class PeriodError(CddError, ValueError):
    """A period or month that cannot be read; the message says what was given."""


def be_year(year: int) -> int:
    """A year as BE: 2024 → 2567, 2567 → 2567, 67 → 2567 (short BE, as Thai forms write it)."""
    if year < 100:
        return 2500 + year
    return year if year > BE_THRESHOLD else year + BE_OFFSET


@dataclass(frozen=True, order=True)
class Month:
    year: int  # BE
    month: int  # 1..12

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise PeriodError(f"เดือนต้องอยู่ระหว่าง 1 ถึง 12 ไม่ใช่ {self.month}")

    @property
    def token(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def fiscal_year(self) -> int:
        return self.year + 1 if self.month >= 10 else self.year

    @property
    def fiscal_quarter(self) -> int:
        return (self.month + 2) % 12 // 3 + 1

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.fiscal_year, self.fiscal_quarter)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year - BE_OFFSET, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    @property
    def months(self) -> tuple[Month, ...]:
        return (self,)

    def thai(self, short: bool = False) -> str:
        """'เมษายน 2567', or 'เม.ย. 67' when short."""
        if short:
            return f"{MONTH_ABBREVIATIONS[self.month - 1]} {self.year % 100:02d}"
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return self.token


@dataclass(frozen=True, order=True)
class Quarter:
    fiscal_year: int  # BE
    number: int  # 1..4

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise PeriodError(f"ไตรมาสต้องเป็น 1 ถึง 4 ไม่ใช่ {self.number}")

    @property
    def token(self) -> str:
        return f"{self.fiscal_year}-Q{self.number}"

    @cached_property
    def months(self) -> tuple[Month, ...]:
        first = _fiscal_month(self.fiscal_year, 3 * (self.number - 1))
        return (first, first.next(), first.next().next())

    def thai(self, short: bool = False) -> str:
        return (
            f"ไตรมาส {self.number}/{self.fiscal_year}"
            if short
            else (f"ไตรมาสที่ {self.number} ปีงบประมาณ {self.fiscal_year}")
        )

    def __str__(self) -> str:
        return self.token


@dataclass(frozen=True, order=True)
class FiscalYear:
    year: int  # BE

    @property
    def token(self) -> str:
        return str(self.year)

    @cached_property
    def months(self) -> tuple[Month, ...]:
        return tuple(_fiscal_month(self.year, i) for i in range(12))

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self.year, n) for n in range(1, 5))

    def thai(self, short: bool = False) -> str:
        return f"ปีงบ {self.year}" if short else f"ปีงบประมาณ {self.year}"

    def __str__(self) -> str:
        return self.token


Period = Month | Quarter | FiscalYear


def _fiscal_month(fiscal_year: int, index: int) -> Month:
    """The index-th month (0 = October) of a fiscal year."""
    calendar_month = (index + 9) % 12 + 1
    return Month(fiscal_year - 1 if calendar_month >= 10 else fiscal_year, calendar_month)


_MONTH_TOKEN = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_TOKEN = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR_TOKEN = re.compile(r"^(\d{4})$")


def parse_period(token: str) -> Period:
    """`2567-04` → Month, `2567-Q3` → Quarter, `2567` → FiscalYear; CE years are turned to BE."""
    return _naming_the_value(token, "ช่วงเวลา", _parse_period)


def _parse_period(token: str) -> Period:
    text = to_arabic_digits(clean_text(token))
    if m := _QUARTER_TOKEN.match(text):
        return Quarter(be_year(int(m[1])), int(m[2]))
    if m := _MONTH_TOKEN.match(text):
        return Month(be_year(int(m[1])), int(m[2]))
    if m := _YEAR_TOKEN.match(text):
        return FiscalYear(be_year(int(m[1])))
    raise PeriodError(f"อ่านช่วงเวลา '{token}' ไม่ได้: ใช้รูปแบบ 2567-04 (เดือน), 2567-Q3 (ไตรมาส) หรือ 2567 (ปีงบประมาณ)")


def _month_number(word: str) -> int | None:
    """'เม.ย.' / 'เมย' / 'เมษายน' / 'เม.ย' → 4."""
    bare = word.replace(".", "").replace(" ", "")
    for index, (name, abbr) in enumerate(zip(MONTH_NAMES, MONTH_ABBREVIATIONS)):
        if bare in (name, abbr.replace(".", "")):
            return index + 1
    return None


_NAMED_MONTH = re.compile(r"^([ก-๙.\s]+?)\s*(\d{2}|\d{4})$")
_NUMERIC_MONTH = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$")


def parse_month(text: str) -> Month:
    """A month in any of the forms of RUBRICS §9: 'เม.ย. 2567', 'เมษายน 67', '2567-04', '04/2567', '2024-04'."""
    return _naming_the_value(text, "เดือน", _parse_month)


def _parse_month(text: str) -> Month:
    value = to_arabic_digits(clean_text(text))
    if m := _MONTH_TOKEN.match(value):
        return Month(be_year(int(m[1])), int(m[2]))
    if m := _NUMERIC_MONTH.match(value):
        return Month(be_year(int(m[2])), int(m[1]))
    if (m := _NAMED_MONTH.match(value)) and (number := _month_number(m[1])):
        return Month(be_year(int(m[2])), number)
    raise PeriodError(f"อ่านเดือน '{text}' ไม่ได้: ใช้รูปแบบเช่น 'เม.ย. 2567', 'เมษายน 67', '2567-04' หรือ '04/2567'")


def _naming_the_value(given: str, what: str, parse):
    """Every error says what was given, even one raised deep inside (a month 13)."""
    try:
        return parse(given)
    except PeriodError as error:
        if f"'{given}'" in str(error):
            raise
        raise PeriodError(f"อ่าน{what} '{given}' ไม่ได้: {error}") from None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/ ]\s*(.+)$")


def parse_date(text: str) -> dt.date:
    """A date as a letter or a person writes it: '19 เม.ย. 2567', '19 เมษายน 67', '19/4/2567', '2024-04-19'
    (a year above 2400 is BE, as for months)."""
    return _naming_the_value(text, "วันที่", _parse_date)


def _parse_date(text: str) -> dt.date:
    value = to_arabic_digits(clean_text(text))
    if m := _ISO_DATE.match(value):
        year, month, day = be_year(int(m[1])) - BE_OFFSET, int(m[2]), int(m[3])
    elif m := _DAY_FIRST.match(value):
        found = _parse_month(m[2].strip())  # '4/2567', 'เม.ย. 2567', 'เมษายน 67'
        year, month, day = found.year - BE_OFFSET, found.month, int(m[1])
    else:
        raise PeriodError(f"อ่านวันที่ '{text}' ไม่ได้: ใช้รูปแบบเช่น '19 เม.ย. 2567', '19/4/2567' หรือ '2024-04-19'")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PeriodError(f"วันที่ '{text}' ไม่มีในปฏิทิน: ตรวจวันและเดือน") from None


def format_thai_date(day: dt.date) -> str:
    """19 April 2024 → '19 เมษายน 2567'."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year + BE_OFFSET}"


def thai_datetime(moment: dt.datetime | None) -> str:
    """'20 พฤศจิกายน 2569 เวลา 10:15 น.'; '' for no moment (None, or a table's NaT)."""
    if moment is None or moment != moment:  # NaT is the one value not equal to itself
        return ""
    return f"{format_thai_date(moment.date())} เวลา {moment:%H:%M} น."


def short_moment(moment: dt.datetime) -> str:
    """'12 เม.ย. 67 11:13 น.': a date and time that fits a table column."""
    return f"{moment.day} {Month(moment.year + BE_OFFSET, moment.month).thai(short=True)} {moment:%H:%M} น."
