"""Where a visitor starts. A district account: its own province, that province's current scheme, and the
latest month it owes. Anyone else: the province whose graded figures are the latest, on that scheme. A
province chosen in the sidebar: that province's own scheme. No streamlit here: the sidebar takes these
as its defaults, and a link's choices win.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
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
    """Whether the scheme gives grades at all: a targets-only scheme counts figures against targets, and
    points without bands (Buriram) are a score only."""
    return any(
        mission.shape in ("ladder", "bands") or (mission.shape in ("points", "step-mean") and mission.bands)
        for mission in scheme.missions
    )


def ended_months(scheme: Scheme, today: dt.date) -> list[Month]:
    """The scheme's months that are over by `today`: the ones whose figures can be owed."""
    return [month for month in scheme.months if month.next().first_day <= today]


def owed_month(scheme: Scheme, today: dt.date) -> Month:
    """The latest month a district owes figures for: the last month that is over, or the scheme's first
    month while none is over yet."""
    ended = ended_months(scheme, today)
    return ended[-1] if ended else scheme.months[0]


def current_scheme(schemes: Iterable[Scheme], province: str, today: dt.date) -> Scheme | None:
    """The province's graded scheme that runs now, else the one that ended last; a started scheme before one
    still to come, a scheme with grades before one without (targets only, a score only), then the
    province's own scheme before one shared with other provinces."""
    own = [s for s in schemes if province in s.provinces]
    if not own:
        return None
    started = [s for s in own if ended_months(s, today) or s.covers(_month_of(today))] or own
    return max(started, key=lambda s: (graded(s), s.covers(_month_of(today)), s.months[-1], -len(s.provinces)))


LatestMonth = Callable[[Scheme, str], Month | None]  # the latest month with figures of a scheme in a province


def province_scheme(schemes: Iterable[Scheme], province: str, latest: LatestMonth) -> Scheme | None:
    """The scheme a province opens on when it is chosen: one with grades before one without, then the one
    with the latest figures there, then the province's own before one shared with other provinces."""
    own = [s for s in schemes if province in s.provinces]
    if not own:
        return None
    return max(own, key=lambda s: (graded(s), _or_never(latest(s, province)), s.months[-1], -len(s.provinces)))


def open_home(schemes: Iterable[Scheme], provinces: Iterable[str], latest: LatestMonth) -> Home | None:
    """Where a visitor without a district of its own starts: the province whose graded figures are the
    latest (the first in the list between equals), on its own scheme and the latest period with figures."""
    offered = list(schemes)
    best: tuple | None = None
    for province in provinces:
        scheme = province_scheme(offered, province, latest)
        if scheme is None:
            continue
        month = latest(scheme, province)
        key = (graded(scheme), _or_never(month))
        if best is None or key > best[0]:
            best = (key, Home(province, scheme.id, _period_of(scheme, month)))
    return best[1] if best else None


def _or_never(month: Month | None) -> tuple[int, int]:
    return (month.year, month.month) if month else (0, 0)


def _period_of(scheme: Scheme, month: Month | None) -> str:
    """The period that holds `month` in the scheme's grain; the scheme's first month while nothing is sent."""
    month = month or scheme.months[0]
    return month.token if scheme.grain == "month" else month.quarter.token


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
