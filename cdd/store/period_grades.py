"""Reading figures back out of the store for grading: one query for a whole province and period."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

import duckdb
import numpy as np

from cdd.grading.at_once import grade_table
from cdd.grading.columns import MISSING, NA, NUMBER, Column, Table, add_derived, add_references, cap_late, column
from cdd.grading.inputs import InputError, check_period, find_scheme
from cdd.grading.mission import DistrictResult
from cdd.grading.rollup import rollup_rule
from cdd.grading.steps import LateStep, late_by_input
from cdd.office.calendar import Period
from cdd.office.districts import Registry
from cdd.rubrics.indicators import CATALOGUE, NOT_APPLICABLE, Value, decode_value
from cdd.rubrics.model import Scheme
from cdd.store.database import NUMBER_OF_VALUE, NUMBER_SCALE, registry_from
from cdd.store.review import ACCEPTED, month_reviews
from cdd.store.rubric_versions import current_schemes, scheme_for_period
from cdd.store.submissions import CURRENT

MonthlyValues = dict[str, dict[str, dict[str, Value]]]  # district → month → input → value


Pairs = list[tuple[str, str]]  # (district code, month)
# Only the (code, month) pairs given as two parallel lists: the months the province accepted.
ONLY_PAIRS = "AND EXISTS (SELECT 1 FROM (SELECT unnest(?) AS c, unnest(?) AS m) WHERE c = code AND m = month)"


def accepted_months(con: duckdb.DuckDBPyConnection, codes: list[str], months: list[str]) -> Pairs:
    """The district-months among these whose check stands at accepted (cdd.store.review decides the state)."""
    return sorted(pair for pair, r in month_reviews(con, months=months, codes=codes).items() if r.state == ACCEPTED)


def months_graded(scheme: Scheme, period: Period) -> list[str]:
    """The months whose figures a period's grades read, so the only ones whose check matters: the period's
    own (rolled_values), and, where the letter dates a step, every month from the scheme's first to the
    period's end (dated_steps_late)."""
    covered = scheme.months_of(period)
    if not covered:
        return []
    if _dated_rules(scheme):
        return [m.token for m in scheme.months if m <= covered[-1]]
    return [m.token for m in covered]


def _dated_rules(scheme: Scheme) -> list:
    """The dated steps a figure reaches: a number's (a yes/no or 'n/a' never reaches a step)."""
    return [rule for rule in scheme.dated_steps if CATALOGUE[rule.input].kind != "yesno"]


def _only(pairs: Pairs | None) -> tuple[str, list]:
    """The SQL condition and its parameters keeping only `pairs`; nothing when every month counts (None)."""
    if pairs is None:
        return "", []
    return ONLY_PAIRS, [[c for c, _ in pairs], [m for _, m in pairs]]


def monthly_values(
    con: duckdb.DuckDBPyConnection, codes: list[str], months: list[str], keys: list[str], only: Pairs | None = None
) -> MonthlyValues:
    """Each district's values by month; with `only`, just those district-months (the others as not sent)."""
    condition, parameters = _only(only)
    rows = con.execute(
        f"SELECT code, month, key, value FROM submitted_values WHERE {CURRENT} "
        f"AND code IN (SELECT unnest(?)) AND month IN (SELECT unnest(?)) AND key IN (SELECT unnest(?)) {condition}",
        [codes, months, keys, *parameters],
    ).fetchall()
    out: MonthlyValues = defaultdict(lambda: defaultdict(dict))
    for code, month, key, value in rows:
        out[code][month][key] = decode_value(CATALOGUE[key], value)
    return out


def rolled_values(
    con: duckdb.DuckDBPyConnection, scheme: Scheme, period: Period, codes: list[str], only: Pairs | None = None
) -> dict[str, dict[str, Value]]:
    """Each district's figures for the period, rolled up from its months by the database in one query.

    The same rules as cdd.grading.rollup (which stays the reference, and a test holds the two equal): a sum,
    mean or every-month figure needs every month of the period; 'latest' takes the last month reported.
    Sums are exact: whole millionths (the typed `number` column), the sum checked against overflow by the
    database; the columns come back as numpy arrays, never as Decimals or text to parse. With `only`, just
    those district-months count; the others are as if not sent.
    """
    months = [m.token for m in scheme.months_of(period)]
    if not months:
        return {}
    condition, parameters = _only(only)
    # coalesce: a row written without its number (an older writer) is still read exactly, only slower.
    columns = con.execute(
        "SELECT code, key, count(*), bool_or(value = 'n/a'), arg_max(value, month), sum(n)::BIGINT, min(n), max(n), "
        f"bool_and(value = 'yes') FROM (SELECT code, key, month, value, coalesce(number, {NUMBER_OF_VALUE}) AS n "
        f"FROM submitted_values WHERE {CURRENT} AND month >= ? AND month <= ? AND key IN (SELECT unnest(?)) "
        f"AND code IN (SELECT unnest(?)) {condition}) GROUP BY code, key",
        [months[0], months[-1], list(scheme.accepted_inputs), codes, *parameters],
    ).fetchnumpy()
    rules = {key: (CATALOGUE[key], rollup_rule(scheme, key)) for key in scheme.accepted_inputs}
    out: dict[str, dict[str, Value]] = defaultdict(dict)
    for code, key, count, na, latest, total, low, high, all_yes in zip(*(c.tolist() for c in columns.values())):
        indicator, rule = rules[key]
        value = _rolled(indicator, rule, len(months), count, na, latest, total, low, high, all_yes)
        if value is not None:
            out[code][key] = value
    return out


def _rolled(indicator, rule, month_count, count, na, latest, total, low, high, all_yes) -> Value | None:
    if na:
        return NOT_APPLICABLE
    if rule == "latest":
        return decode_value(indicator, latest)
    if count < month_count:
        return None  # a month is missing: unknown, never a guess from the months that came in
    if indicator.kind == "yesno":
        return bool(all_yes)
    if rule == "sum":
        return _number(total)
    if rule == "mean":
        return Fraction(total, NUMBER_SCALE * count)
    return _number(high if indicator.better == "lower" else low)


def _number(millionths: int) -> Fraction:
    whole, rest = divmod(millionths, NUMBER_SCALE)
    return Fraction(whole) if rest == 0 else Fraction(millionths, NUMBER_SCALE)  # Fraction(int): no gcd


def grade_period(
    con: duckdb.DuckDBPyConnection,
    scheme_id: str,
    period_token: str,
    province: str | None = None,
    detail: str = "gaps",
    registry: Registry | None = None,
    accepted_only: bool = False,
) -> list[DistrictResult]:
    """Every district of the scheme (or of one of its provinces) for one period, from the store;
    `detail` says how much of each result to work out (cdd.grading.DETAIL). The registry is read from
    the store unless given (the dashboard keeps it for as long as the data does not change).
    `accepted_only` grades only the district-months the province accepted; the others count as not sent."""
    scheme = scheme_for_period(con, scheme_id, period_token) or find_scheme(scheme_id, current_schemes(con))
    return grade_by(con, scheme, period_token, province, detail, registry, accepted_only)


def grade_by(
    con: duckdb.DuckDBPyConnection,
    scheme: Scheme,
    period_token: str,
    province: str | None = None,
    detail: str = "gaps",
    registry: Registry | None = None,
    accepted_only: bool = False,
) -> list[DistrictResult]:
    """As grade_period, by a scheme given whole: a draft being previewed."""
    period = check_period(scheme, period_token)
    provinces = [province] if province else list(scheme.provinces)
    if province and province not in scheme.provinces:
        raise InputError(f"เกณฑ์ {scheme.id} ไม่ได้ใช้กับจังหวัดรหัส {province}: ใช้ {', '.join(scheme.provinces)}")
    registry = registry or registry_from(con)
    codes = [d.code for p in provinces for d in registry.in_province(p)]
    only = accepted_months(con, codes, months_graded(scheme, period)) if accepted_only else None
    table = rolled_table(con, scheme, period, codes, only)
    late = dated_steps_late(con, scheme, period, codes, only)
    cap_late(table, late)
    add_derived(table, scheme.derived)
    add_references(table, registry.reference_columns(period, tuple(codes)))
    notes = {code: late_by_input(steps) for code, steps in late.items()}
    return grade_table(scheme, period.token, table, detail, notes)


# A stored value as one whole number: a number in millionths, yes 1, no 0; NULL only for 'n/a'.
_FIGURE = "coalesce(number, CASE value WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END)"


def rolled_table(
    con: duckdb.DuckDBPyConnection, scheme: Scheme, period: Period, codes: list[str], only: Pairs | None = None
) -> Table:
    """The districts' figures for the period as columns (cdd.grading.columns), rolled up by the database in
    one query, by the rules of rolled_values (a test holds the two equal): whole millionths summed and
    compared exactly, each district and input found by its place, never by a Python object per value.
    The typed `number` is read alone: every writer fills it, and the migration that added it filled it
    for the rows written before."""
    table = Table(tuple(codes))
    months = [m.token for m in scheme.months_of(period)]
    keys = list(scheme.accepted_inputs)
    if not months or not codes:
        return table
    condition, parameters = _only(only)
    found = con.execute(
        "SELECT c.at, k.at, count(*), count(x), coalesce(arg_max(x, month), 0), coalesce(sum(x), 0)::BIGINT, "
        f"coalesce(min(x), 0), coalesce(max(x), 0) FROM (SELECT code, key, month, {_FIGURE} AS x "
        f"FROM submitted_values WHERE {CURRENT} AND month >= ? AND month <= ? {condition}) "
        "JOIN (SELECT unnest(?) AS code, unnest(?) AS at) c USING (code) "
        "JOIN (SELECT unnest(?) AS key, unnest(?) AS at) k USING (key) GROUP BY c.at, k.at",
        [months[0], months[-1], *parameters, codes, list(range(len(codes))), keys, list(range(len(keys)))],
    ).fetchnumpy()
    code_at, key_at, *figures = (np.asarray(c) for c in found.values())
    order = np.argsort(key_at, kind="stable")  # each input's rows together, in one pass
    bounds = np.searchsorted(key_at[order], np.arange(len(keys) + 1))
    for index, key in enumerate(keys):
        rows = order[bounds[index] : bounds[index + 1]]
        if rows.size:
            num, den, state = _rolled_column(scheme, key, len(months), [f[rows] for f in figures])
            yesno = CATALOGUE[key].kind == "yesno"
            table.columns[key] = roll_column(table.size, code_at[rows], num, den, state, yesno)
    return table


def _rolled_column(scheme: Scheme, key: str, month_count: int, figures: list[np.ndarray]):
    """One input's rolled figure where it has rows, by the rules of _rolled, as arrays."""
    count, figures_count, latest, total, low, high = figures
    indicator, rule = CATALOGUE[key], rollup_rule(scheme, key)
    yesno = indicator.kind == "yesno"
    den = np.full(count.shape, 1 if yesno else NUMBER_SCALE, np.int64)
    whole = count >= month_count  # a month missing: unknown, never a guess from the months that came in
    if rule == "latest":
        whole, num = np.ones(count.shape, bool), latest
    elif yesno:
        num = low  # every month yes: the least is 1
    elif rule == "sum":
        num = total
    elif rule == "mean":
        num, den = total, den * count
    else:
        num = high if indicator.better == "lower" else low
    na = figures_count < count  # only 'n/a' has no figure
    state = np.where(na, NA, np.where(whole, NUMBER, MISSING))
    return num, den, state


def roll_column(size: int, place: np.ndarray, num, den, state, yesno: bool) -> Column:
    """A column of `size` districts with the figures found at `place`, the others missing."""
    full = Column.missing(size)
    full.num[place], full.den[place], full.state[place] = num, den, state
    return column(full.num, full.den, full.state, yesno)


def dated_steps_late(
    con: duckdb.DuckDBPyConnection, scheme: Scheme, period: Period, codes: list[str], only: Pairs | None = None
) -> dict[str, list[LateStep]]:
    """Each district's steps first reported after their dates, from the scheme's first month to the period's end.

    As cdd.grading.steps.late_steps (the reference, held equal by a test), with the first month each step
    was reached found by the database: the history of every month since the scheme began never comes
    back to Python, so a longer history costs the query alone. Only a number reaches a step (a yes/no or
    'n/a' never does), compared exactly in whole millionths."""
    covered = scheme.months_of(period)
    rules = _dated_rules(scheme)
    if not rules or not covered:
        return {}
    months = [m.token for m in scheme.months if m <= covered[-1]]
    condition, parameters = _only(only)
    found = con.execute(
        "SELECT code, r.i, min(month) FROM submitted_values JOIN (SELECT unnest(?) AS i, unnest(?) AS k, "
        f"unnest(?) AS need) r ON key = r.k WHERE {CURRENT} AND month >= ? AND month <= ? "
        f"AND code IN (SELECT unnest(?)) AND number >= r.need {condition} "
        "GROUP BY code, r.i",
        [
            list(range(len(rules))),
            [rule.input for rule in rules],
            [rule.step * NUMBER_SCALE for rule in rules],
            months[0],
            months[-1],
            codes,
            *parameters,
        ],
    ).fetchall()
    first = {(code, index): month for code, index, month in found}
    late: dict[str, list[LateStep]] = {}
    for code in sorted({code for code, _ in first}):
        for index, rule in enumerate(rules):  # in the scheme's order, as late_steps gives them
            month = first.get((code, index))
            if month is not None and month > rule.by:
                late.setdefault(code, []).append(LateStep(rule, month))
    return late
