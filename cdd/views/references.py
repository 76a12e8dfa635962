"""Where a grade waits for a reference figure (the number of tambons, of heads of offices, …) that no one
has entered: which figure, for which district, and where it is entered. The district cannot send it
(cdd.store.users.reference_refusals): an administrator enters it on «ผู้ดูแลระบบ › ข้อมูลอ้างอิง».
"""

from __future__ import annotations

from collections.abc import Iterable

from cdd.grading.mission import DistrictResult, MissionStatus
from cdd.office.districts import Registry
from cdd.rubrics.indicators import CATALOGUE

WHERE = "ผู้ดูแลระบบ › ข้อมูลอ้างอิง"
NAMED = 6  # districts named in one sentence; the rest are counted


def lacking_references(results: Iterable[DistrictResult]) -> dict[str, list[str]]:
    """Reference key → the districts (codes, in order) whose grade it holds back: a mission «ข้อมูลไม่ครบ»
    that lacks it. A mission with no figures at all waits for the district first, not for the figure."""
    out: dict[str, list[str]] = {}
    for result in results:
        for mission in result.results:
            if mission.status != MissionStatus.INCOMPLETE:
                continue
            for key in mission.missing:
                if key in CATALOGUE and CATALOGUE[key].reference and result.district not in out.get(key, []):
                    out.setdefault(key, []).append(result.district)
    return out


def figure_name(key: str) -> str:
    """'จำนวนตำบล'; a label naming people or things, not a number, is made a number of them."""
    label = CATALOGUE[key].label
    return label if label.startswith(("จำนวน", "เป้าหมาย")) else f"จำนวน{label}"


def missing_reference_notes(results: Iterable[DistrictResult], registry: Registry, manages: bool) -> list[str]:
    """One sentence a missing figure: «ยังไม่มีจำนวนตำบลของอำเภอเมืองลำปาง: ผู้ดูแลระบบกรอกได้ที่หน้า
    ผู้ดูแลระบบ › ข้อมูลอ้างอิง». `manages`: the reader is an administrator; others are told whom to ask."""
    where = f"ผู้ดูแลระบบกรอกได้ที่หน้า {WHERE}" if manages else f"ขอให้ผู้ดูแลระบบของจังหวัดกรอกที่หน้า {WHERE}"
    notes = []
    for key, codes in lacking_references(results).items():
        names = [f"อำเภอ{registry.name_of(code)}" for code in codes]
        more = f" และอีก {len(names) - NAMED} อำเภอ" if len(names) > NAMED else ""
        notes.append(f"ยังไม่มี{figure_name(key)}ของ{', '.join(names[:NAMED])}{more}: {where}")
    return notes
