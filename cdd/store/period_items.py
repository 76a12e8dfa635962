"""What a period's counts were made of, where a letter asks for the list behind a count (RUBRICS §12).

A count given by its breakdown (channels, heads, 5P, IT processes, databases) or by names (activities) is
kept with the items that gave it (cdd/intake/extras.py). For each district and count this reads those items
for the months whose figure made the period's (cdd.grading.rollup.deciding_months), so a gap can name what is
still missing: «TikTok: ยังไม่มีโพสต์». A month's list is named only while it still gives the month's current
figure: a count sent later as a plain number, or a list sent again in part, is said as a plain count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import duckdb

from cdd.grading.inputs import check_period, find_scheme, with_references
from cdd.grading.rollup import deciding_months, rollup_rule
from cdd.intake.breakdowns import BREAKDOWNS, NAMED_COUNTS, Counted, absent_items, entry_done
from cdd.office.calendar import Period
from cdd.office.districts import Registry
from cdd.rubrics.model import Scheme
from cdd.store.database import registry_from
from cdd.store.period_grades import Pairs, accepted_months, monthly_values, rolled_values
from cdd.store.rubric_versions import current_schemes, scheme_for_period

PeriodItems = dict[str, dict[str, tuple[Counted, ...]]]  # district → count key → the deciding months' lists
LISTED_KEYS = (*BREAKDOWNS, *NAMED_COUNTS)


def period_items(
    con: duckdb.DuckDBPyConnection,
    scheme_id: str,
    period_token: str,
    province: str | None = None,
    registry: Registry | None = None,
    accepted_only: bool = False,
) -> PeriodItems:
    """As cdd.store.period_grades.grade_period reads the figures (the same districts, and with
    `accepted_only` the same accepted months), the lists behind each district's listed counts."""
    scheme = scheme_for_period(con, scheme_id, period_token) or find_scheme(scheme_id, current_schemes(con))
    period = check_period(scheme, period_token)
    registry = registry or registry_from(con)
    provinces = [province] if province else list(scheme.provinces)
    codes = [d.code for p in provinces for d in registry.in_province(p)]
    # The lists are read, and their counts rolled up, for the period's months only: only their checks matter.
    only = accepted_months(con, codes, [m.token for m in scheme.months_of(period)]) if accepted_only else None
    return items_by(con, scheme, period, codes, only, registry)


def items_by(
    con: duckdb.DuckDBPyConnection,
    scheme: Scheme,
    period: Period,
    codes: list[str],
    only: Pairs | None = None,
    registry: Registry | None = None,
) -> PeriodItems:
    keys = [key for key in LISTED_KEYS if key in scheme.accepted_inputs]
    months = [m.token for m in scheme.months_of(period)]
    if not keys or not months or not codes:
        return {}
    figures = monthly_values(con, codes, months, keys, only)
    sent = _lists_sent(con, codes, months, keys)
    totals = _item_totals(con, scheme, period, codes, only, registry or registry_from(con), keys)
    out: PeriodItems = {}
    for code, by_month in figures.items():
        for key in keys:
            series = [by_month.get(month, {}).get(key) for month in months]
            deciding = deciding_months(key, rollup_rule(scheme, key), months, series)
            found = [sent.get((code, key, month)) for month in deciding]
            lists = [c for c in found if c is not None]
            if deciding and len(lists) == len(deciding) and all(c.count == by_month[c.month][key] for c in lists):
                absent = absent_items(key, totals.get(code, {}).get(key)) if key in BREAKDOWNS else ()
                out.setdefault(code, {})[key] = tuple(replace(c, absent=absent) for c in lists)
    return out


def _item_totals(con, scheme: Scheme, period: Period, codes: list[str], only, registry: Registry, keys: list[str]):
    """district → list key → how many of its items the district has (heads_total), as the grade reads it."""
    wanted = {key: total for key in keys if key in BREAKDOWNS and (total := BREAKDOWNS[key].total)}
    if not wanted:
        return {}
    rolled = rolled_values(con, scheme, period, codes, only)
    figures = {code: with_references(code, period, rolled.get(code, {}), registry) for code in codes}
    return {code: {key: values.get(total) for key, total in wanted.items()} for code, values in figures.items()}


def _lists_sent(
    con: duckdb.DuckDBPyConnection, codes: list[str], months: list[str], keys: list[str]
) -> dict[tuple[str, str, str], Counted]:
    """(district, key, month) → its list: each breakdown item as last sent, every name sent."""
    rows = con.execute(
        "SELECT code, month, item, kind, label, content FROM evidence WHERE kind IN ('part', 'name') "
        "AND code IN (SELECT unnest(?)) AND month IN (SELECT unnest(?)) AND item IN (SELECT unnest(?)) ORDER BY id",
        [codes, months, keys],
    ).fetchall()
    done: dict[tuple[str, str, str], dict[str, bool]] = defaultdict(dict)
    names: dict[tuple[str, str, str], dict[str, None]] = defaultdict(dict)
    for code, month, key, kind, label, content in rows:
        if kind == "part":
            done[(code, key, month)][label] = entry_done(content)  # a later row for the item replaces it
        else:
            names[(code, key, month)][content] = None
    lists = {place: Counted(place[1], place[2], done=items) for place, items in done.items()}
    return lists | {place: Counted(place[1], place[2], names=tuple(found)) for place, found in names.items()}
