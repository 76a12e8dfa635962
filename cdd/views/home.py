"""Where a district account starts: its own province, that province's current scheme, and the latest
month it owes. No streamlit here: the sidebar takes these as its defaults, and a link's choices win.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cdd.office.calendar import Month, be_year
from cdd.office.districts import Registry
from cdd.rubrics.model import Scheme
from cdd.store.backup import BACKUP_FOLDER
from cdd.store.database import DatabaseDamaged, StoreError


@dataclass(frozen=True)
class Home:
    province: str
    scheme_id: str
    period: str


def graded(scheme: Scheme) -> bool:
    """Whether the scheme gives grades at all: a targets-only scheme counts figures against targets."""
    return any(mission.shape not in ("targets", "none") for mission in scheme.missions)


def ended_months(scheme: Scheme, today: dt.date) -> list[Month]:
    """The scheme's months that are over by `today`: the ones whose figures can be owed."""
    return [month for month in scheme.months if month.next().first_day <= today]


def owed_month(scheme: Scheme, today: dt.date) -> Month:
    """The latest month a district owes figures for: the last month that is over, or the scheme's first
    month while none is over yet."""
    ended = ended_months(scheme, today)
    return ended[-1] if ended else scheme.months[0]


def current_scheme(schemes: Iterable[Scheme], province: str, today: dt.date) -> Scheme | None:
    """The province's scheme that runs now, else the one that ended last; a started scheme before one
    still to come, and between equals a graded one before a targets-only one, then the province's own
    scheme before one shared with other provinces."""
    own = [s for s in schemes if province in s.provinces]
    if not own:
        return None
    started = [s for s in own if ended_months(s, today) or s.covers(_month_of(today))] or own
    return max(started, key=lambda s: (s.covers(_month_of(today)), s.months[-1], graded(s), -len(s.provinces)))


def _month_of(day: dt.date) -> Month:
    return Month(be_year(day.year), day.month)


def district_home(district_code: str, registry: Registry, schemes: Iterable[Scheme], today: dt.date) -> Home | None:
    """A district account's own province, its current scheme and the month it owes."""
    province = registry.districts[district_code].province_code
    scheme = current_scheme(schemes, province, today)
    if scheme is None:
        return None
    return Home(province, scheme.id, owed_month(scheme, today).token)


def open_error_text(error: StoreError, path: Path) -> str:
    """What a screen says when the database will not open. The command line's words name a command to
    run; the office's words name who acts (whoever looks after the server) and where the copies are."""
    if isinstance(error, DatabaseDamaged):
        return (
            f"ไฟล์ฐานข้อมูล {path} อาจเสียหาย ระบบจะไม่เขียนทับ: แจ้งผู้ดูแลเครื่องแม่ข่ายให้กู้คืนจากสำเนาอัตโนมัติ"
            f"ล่าสุดในโฟลเดอร์ {path.parent / BACKUP_FOLDER} ตามคู่มือหัวข้อการสำรองและกู้คืน แล้วเปิดหน้านี้อีกครั้ง"
        )
    return str(error)
