"""A letter's deadlines as an administrator sets them in the workshop: a day of the next month with an
optional time of day, or dated report rounds, each covering the months the letter names; and a mission's
own day and time where the letter sets one. Every problem is one Thai sentence naming the row, the value
and the fix; times are the office clock's (Asia/Bangkok wall-clock time, as stamps are kept)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cdd.errors import CddError
from cdd.office.calendar import Month, PeriodError, format_thai_date, parse_date, parse_month
from cdd.office.thai import clean_text, to_arabic_digits
from cdd.rubrics.model import LAST_DAY_EVERY_MONTH, Deadline

_TIME = re.compile(r"^(\d{1,2})\s*[:.]\s*(\d{2})(?:\s*น\.?)?$")
_MONTH_SEPARATORS = re.compile(r"[,;\n]+")


class DeadlineError(CddError, ValueError):
    """A deadline the form cannot make: the message names where, the value and the fix."""


@dataclass(frozen=True)
class Round:
    """One report round as typed: the date it is due, a time or '', and the months it covers."""

    due: str  # '19 พ.ย. 2569', '19/11/2569' or '2026-11-19', as the letter prints it
    time: str
    months: str  # 'ต.ค. 2569, พ.ย. 2569' or '2569-10; 2569-11': any month form of RUBRICS §9


def time_of_day(text: object, where: str) -> str:
    """'15:30', '15.30', '๑๕.๓๐ น.' → '15:30'; '' when nothing is typed (then the end of the day)."""
    typed = "" if text is None or text != text else to_arabic_digits(clean_text(str(text)))  # NaN: an empty cell
    if not typed:
        return ""
    found = _TIME.match(typed)
    if found and int(found[1]) < 24 and int(found[2]) < 60:
        return f"{int(found[1]):02d}:{found[2]}"
    raise DeadlineError(f"{where}: อ่านเวลา '{text}' ไม่ได้: เขียนเป็นชั่วโมง:นาที เช่น 15:30 หรือ 16.30 (ว่างไว้ = ภายในวันนั้น)")


def monthly(day: object, time: object = "", where: str = "กำหนดส่ง") -> Deadline:
    """Due on `day` of the month after each month, at `time` if one is given."""
    number = _day(day, where)
    clock = time_of_day(time, where)
    return Deadline(day_of_next_month=number, time=clock, printed=f"ภายในวันที่ {number} ของเดือนถัดไป{_at(clock)}")


def _day(day: object, where: str) -> int:
    """A whole day, as a number input or a table's cell gives it (15 or 15.0) or as typed ('๑๕')."""
    number = None
    if isinstance(day, int | float) and not isinstance(day, bool) and float(day).is_integer():
        number = int(day)
    elif isinstance(day, str) and (digits := to_arabic_digits(day.strip())).isdigit():
        number = int(digits)
    if number is None or not 1 <= number <= LAST_DAY_EVERY_MONTH:
        raise DeadlineError(
            f"{where}: วันที่ '{'' if day is None or day != day else day}' ใช้ไม่ได้: "
            f"ใส่วันที่ 1 ถึง {LAST_DAY_EVERY_MONTH} ของเดือนถัดไป (ทุกเดือนมีวันนั้น)"
        )
    return number


def _at(clock: str) -> str:
    return f" เวลา {clock.replace(':', '.')} น." if clock else ""


def dated_rounds(rounds: Iterable[Round], months: tuple[str, str]) -> Deadline:
    """Report rounds: each month of the letter (`months`, first and last) due on its round's date and time."""
    covered = _letter_months(months)
    due: dict[Month, tuple[int, str]] = {}  # month → (round number, ISO moment)
    printed = []
    for number, round_ in enumerate(rounds, 1):
        where = f"รอบที่ {number}"
        day = _round_date(round_.due, where)
        clock = time_of_day(round_.time, where)
        named = _round_months(round_.months, where)
        for month in named:
            _check_round_month(month, number, day, covered, due, where)
            due[month] = (number, day.isoformat() + (f" {clock}" if clock else ""))
        listed = ", ".join(m.thai() for m in named)
        printed.append(f"ครั้งที่ {number} วันที่ {format_thai_date(day)}{_at(clock)} (เดือน{listed})")
    if not printed:
        raise DeadlineError("ยังไม่มีรอบส่งรายงาน: เพิ่มอย่างน้อยหนึ่งรอบ พร้อมวันที่และเดือนที่รายงาน")
    if missing := [m for m in covered if m not in due]:
        raise DeadlineError(
            f"เดือน{', '.join(m.thai() for m in missing)} ยังไม่อยู่ในรอบใด: ใส่เดือนนั้นในช่อง 'เดือนที่รายงาน' ของรอบที่ส่ง"
        )
    return Deadline(rounds={m.token: moment for m, (_, moment) in sorted(due.items())}, printed=" ".join(printed))


def _round_date(text: str, where: str) -> dt.date:
    if not str(text or "").strip():
        raise DeadlineError(f"{where}: ยังไม่ได้ใส่วันที่ส่ง: ใส่วันที่ที่หนังสือกำหนด เช่น 19 พ.ย. 2569")
    try:
        return parse_date(str(text))
    except PeriodError as error:
        raise DeadlineError(f"{where}: {error}") from None


def _letter_months(months: tuple[str, str]) -> list[Month]:
    try:
        first, last = (parse_month(token) for token in months)
    except PeriodError as error:
        raise DeadlineError(f"ใส่เดือนแรกและเดือนสุดท้ายของหนังสือให้ถูกก่อน: {error}") from None
    out = [first]
    while out[-1] < last:
        out.append(out[-1].next())
    return out


def _round_months(text: str, where: str) -> list[Month]:
    parts = [part.strip() for part in _MONTH_SEPARATORS.split(str(text or "")) if part.strip()]
    if not parts:
        raise DeadlineError(f"{where}: ยังไม่ได้ใส่เดือนที่รายงาน: เช่น 'ต.ค. 2569' หรือหลายเดือนคั่นด้วย ,")
    try:
        return [parse_month(part) for part in parts]
    except PeriodError as error:
        raise DeadlineError(f"{where}: {error}") from None


def _check_round_month(
    month: Month, number: int, due: dt.date, covered: list[Month], taken: dict[Month, tuple[int, str]], where: str
) -> None:
    if month not in covered:
        raise DeadlineError(
            f"{where}: เดือน{month.thai()} อยู่นอกเดือนของหนังสือ ({covered[0].thai()} ถึง {covered[-1].thai()}): "
            "แก้เดือนที่รายงาน หรือแก้เดือนแรก/เดือนสุดท้าย"
        )
    if month in taken:
        raise DeadlineError(f"{where}: เดือน{month.thai()} อยู่ในรอบที่ {taken[month][0]} แล้ว: ใส่แต่ละเดือนในรอบเดียว")
    if due < month.first_day:
        raise DeadlineError(
            f"{where}: วันส่ง {format_thai_date(due)} มาก่อนเดือน{month.thai()} จะเริ่ม: แก้วันที่ หรือเดือนที่รายงาน"
        )


def mission_deadlines(rows: Iterable[tuple[str, str, object, object]]) -> dict[str, Deadline]:
    """(mission id, its title, a day of the next month or nothing, a time or nothing) → each mission's own
    deadline; a row left empty follows the scheme's."""
    out = {}
    for mission_id, title, day, time in rows:
        where = f"ภารกิจ {title}"
        if _blank(day):
            if not _blank(time):
                raise DeadlineError(f"{where}: มีเวลาแต่ยังไม่มีวันที่: ใส่วันที่ของเดือนถัดไปด้วย หรือลบเวลาออก")
            continue
        out[mission_id] = monthly(day, time, where)
    return out


def _blank(value: object) -> bool:
    return value is None or value != value or str(value).strip() == ""
