"""From what a person gives (scheme id, district code, period token, raw values) to a graded result.

Every check happens here, before grading, and fails with one `InputError` sentence that names the
thing given and the fix. The command line and, later, the pages call this; neither re-checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from cdd.errors import CddError
from cdd.grading.district import grade_district
from cdd.grading.mission import DistrictResult
from cdd.office.calendar import Period, PeriodError, parse_period
from cdd.office.districts import District, Registry, UnknownDistrict
from cdd.rubrics.indicators import CATALOGUE, Value, ValueProblem, parse_value
from cdd.rubrics.model import Scheme, load_schemes

GRAIN_MONTHS = {"month": 1, "quarter": 3, "year": 12}


class InputError(CddError, ValueError):
    """Bad input from a person: unknown scheme, district, period or key, or a value of the wrong type."""


@lru_cache(maxsize=1)
def schemes() -> dict[str, Scheme]:
    return load_schemes()


@lru_cache(maxsize=1)
def registry() -> Registry:
    return Registry.load()


def find_scheme(scheme_id: str, known: Mapping[str, Scheme] | None = None) -> Scheme:
    """The scheme of that id among `known` (the store's published versions), or among the shipped files."""
    known = schemes() if known is None else known
    if scheme_id not in known:
        raise InputError(f"ไม่รู้จักเกณฑ์ '{scheme_id}': เลือกจาก {', '.join(known)} (ดู python -m cdd schemes)")
    return known[scheme_id]


def find_district(scheme: Scheme, code: str) -> District:
    try:
        district = registry().match(code)
    except UnknownDistrict as error:
        raise InputError(f"{error}: ใช้รหัสอำเภอ 4 หลัก เช่น 5704") from None
    if district.province_code not in scheme.provinces:
        raise InputError(
            f"อำเภอ {district.name} ({district.code}) จังหวัด{district.province} ไม่อยู่ในเกณฑ์ {scheme.id} "
            f"(ใช้กับรหัสจังหวัด {', '.join(scheme.provinces)})"
        )
    return district


def check_period(scheme: Scheme, token: str) -> Period:
    try:
        period = parse_period(token)
    except PeriodError as error:
        raise InputError(str(error)) from None
    if not scheme.months_of(period):
        raise InputError(
            f"ช่วงเวลา {period.token} อยู่นอกช่วงของเกณฑ์ {scheme.id} ({scheme.first_month} ถึง {scheme.last_month}): "
            "ใช้เดือน ไตรมาส หรือปีงบประมาณที่อยู่ในช่วงนี้"
        )
    if len(period.months) < GRAIN_MONTHS[scheme.grain]:
        raise InputError(f"เกณฑ์ {scheme.id} ให้ระดับเป็นราย{_GRAIN_TH[scheme.grain]}: ช่วงเวลา {period.token} สั้นเกินไป")
    return period


_GRAIN_TH = {"month": "เดือน", "quarter": "ไตรมาส", "year": "ปี"}


def parse_values(scheme: Scheme, raw: object) -> dict[str, Value]:
    if not isinstance(raw, dict):
        raise InputError('ข้อมูลนำเข้าต้องเป็น JSON object เช่น {"shop_new": 9, "data_updated": "yes"}')
    used = set(scheme.accepted_inputs)
    values = {}
    for key, given in raw.items():
        if key not in CATALOGUE:
            raise InputError(f"ไม่รู้จักตัวชี้วัด '{key}': ใช้ชื่อตาม RUBRICS §10 เช่น {', '.join(sorted(used)[:4])}")
        if key not in used:
            raise InputError(f"ตัวชี้วัด '{key}' ไม่ได้ใช้ในเกณฑ์ {scheme.id}: ตัวที่ใช้คือ {', '.join(sorted(used))}")
        try:
            values[key] = parse_value(CATALOGUE[key], given, allow_not_applicable=scheme.allows_not_applicable(key))
        except ValueProblem as problem:
            raise InputError(f"{key} = {given!r}: {problem}") from None
    return values


def evaluate(
    scheme_id: str,
    district_code: str,
    period_token: str,
    raw_values: object,
    known: Mapping[str, Scheme] | None = None,
) -> DistrictResult:
    """Grade one district for one period from values already rolled up to that period, by the scheme of
    that id among `known` (the published versions for the period), or among the shipped files."""
    scheme = find_scheme(scheme_id, known)
    district = find_district(scheme, district_code)
    period = check_period(scheme, period_token)
    values = with_references(district.code, period, scheme.with_derived(parse_values(scheme, raw_values)))
    return grade_district(scheme, district.code, period.token, values)


def with_references(
    code: str, period: Period, values: Mapping[str, Value], source: Registry | None = None
) -> dict[str, Value]:
    """The district's reference figures for the period, overridden by any given with the values."""
    return {**(source or registry()).references(code, period), **values}
