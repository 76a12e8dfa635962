"""Reading figures back out of the store for grading: one query for a whole province and period."""

from __future__ import annotations

from collections import defaultdict

import duckdb

from cdd.engine import CATALOGUE, DistrictResult
from cdd.evaluate import InputError, check_period, find_scheme, with_references
from cdd.grading import grade_many
from cdd.indicators import Value, decode_value
from cdd.rollup import roll_up
from cdd.store import registry_from
from cdd.submissions import CURRENT

MonthlyValues = dict[str, dict[str, dict[str, Value]]]  # district → month → input → value


def monthly_values(con: duckdb.DuckDBPyConnection, codes: list[str], months: list[str], keys: list[str]) -> MonthlyValues:
    rows = con.execute(
        f"SELECT code, month, key, value FROM submitted_values WHERE {CURRENT} "
        "AND code IN (SELECT unnest(?)) AND month IN (SELECT unnest(?)) AND key IN (SELECT unnest(?))",
        [codes, months, keys],
    ).fetchall()
    out: MonthlyValues = defaultdict(lambda: defaultdict(dict))
    for code, month, key, value in rows:
        out[code][month][key] = decode_value(CATALOGUE[key], value)
    return out


def grade_period(
    con: duckdb.DuckDBPyConnection, scheme_id: str, period_token: str, province: str | None = None
) -> list[DistrictResult]:
    """Every district of the scheme (or of one of its provinces) for one period, from the store."""
    scheme = find_scheme(scheme_id)
    period = check_period(scheme, period_token)
    provinces = [province] if province else list(scheme.provinces)
    if province and province not in scheme.provinces:
        raise InputError(f"เกณฑ์ {scheme.id} ไม่ได้ใช้กับจังหวัดรหัส {province}: ใช้ {', '.join(scheme.provinces)}")
    registry = registry_from(con)
    districts = [d for p in provinces for d in registry.in_province(p)]
    months = [m.token for m in period.months]
    found = monthly_values(con, [d.code for d in districts], months, list(scheme.inputs))
    values = {
        d.code: with_references(d.code, period, roll_up(scheme, period, found.get(d.code, {})), registry)
        for d in districts
    }
    return grade_many(scheme, period.token, values)
