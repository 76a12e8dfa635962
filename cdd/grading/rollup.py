"""From monthly figures to the figures of a quarter or a year, as each scheme says an input adds up.

- sum: the months added (sales, new products);
- every-month: the rule must hold in every month, so the worst month counts (posts "a month");
- latest: the most recent month reported (running counts, percentages of progress, yes/no states);
- mean: the monthly average ("an average of at least 10 downloads a month").

A sum, mean or every-month figure needs every month of the period: with one missing it is unknown,
never a guess from the months that came in.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from cdd.office.calendar import Period
from cdd.rubrics.indicators import CATALOGUE, NOT_APPLICABLE, NotApplicable, Value
from cdd.rubrics.model import Scheme


def rollup_rule(scheme: Scheme, key: str) -> str:
    return scheme.rollup.get(key, CATALOGUE[key].rollup)


def roll_up(scheme: Scheme, period: Period, monthly: Mapping[str, Mapping[str, Value]]) -> dict[str, Value]:
    """`monthly` maps a month token to that month's values; the result holds what the period can know.
    Only the months the letter covers count: a fiscal year of a scheme that starts mid-year is its months."""
    months = [m.token for m in scheme.months_of(period)]
    out: dict[str, Value] = {}
    for key in scheme.accepted_inputs:
        series = [monthly.get(month, {}).get(key) for month in months]
        value = roll_up_series(key, rollup_rule(scheme, key), series)
        if value is not None:
            out[key] = value
    return out


def roll_up_series(key: str, rule: str, series: list[Value | None]) -> Value | None:
    present = [v for v in series if v is not None]
    if not present:
        return None
    known = [v for v in present if not isinstance(v, NotApplicable)]
    if len(known) < len(present):
        return NOT_APPLICABLE
    if rule == "latest":
        return known[-1]
    if len(known) < len(series):
        return None
    if rule == "sum":
        return sum(known, Fraction(0))
    if rule == "mean":
        return Fraction(sum(known, Fraction(0))) / len(known)
    return _worst(key, known)


def _worst(key: str, values: list[Fraction | bool]) -> Fraction | bool:
    if isinstance(values[0], bool):
        return all(values)
    return max(values) if CATALOGUE[key].better == "lower" else min(values)


def deciding_months(key: str, rule: str, months: list[str], series: list[Value | None]) -> list[str]:
    """The months whose figures make the period's: the latest reported; for every-month the worst; for a sum
    or a mean every month. None of them when the period's figure is unknown or not applicable."""
    value = roll_up_series(key, rule, series)
    if value is None or isinstance(value, NotApplicable):
        return []
    reported = [month for month, v in zip(months, series) if v is not None]
    if rule == "latest":
        return reported[-1:]
    if rule == "every-month":
        return [month for month, v in zip(months, series) if v == value]
    return reported
