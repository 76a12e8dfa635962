"""Grading a whole table of districts at once (cdd.grading.at_once) gives exactly what grading them one
by one gives (cdd.grading.district, the reference): on generated figures for every shipped rubric, at
every level of detail, and on the demo database through the store for every scheme and period."""

from __future__ import annotations

import pickle
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdd.grading.at_once import grade_table
from cdd.grading.columns import table_of
from cdd.grading.criteria_columns import CriteriaRows
from cdd.grading.district import DETAIL, grade_many
from cdd.grading.inputs import check_period, with_references
from cdd.grading.steps import capped, late_by_input
from cdd.office.districts import REFERENCE_KEYS
from cdd.rubrics.indicators import CATALOGUE, NOT_APPLICABLE
from cdd.rubrics.model import load_schemes
from cdd.store import database as store
from cdd.store import period_grades

SCHEMES = load_schemes()
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def thresholds(scheme) -> dict[str, list[Fraction]]:
    """The numbers each input is compared with in the scheme: the edges where a grade turns."""
    found: dict[str, list[Fraction]] = {}
    conditions = [
        c
        for m in scheme.missions
        for part in (*m.criteria, *m.items)
        for c in (
            *(c for rule in getattr(part, "levels", {}).values() for c in rule.when),
            *getattr(part, "when", ()),
            *(c for step in getattr(part, "steps", ()) for c in step.when),
        )
    ]
    for c in conditions:
        if c.number is not None:
            found.setdefault(c.input, []).append(c.number)
    return found


def value(scheme, key: str, edges: dict[str, list[Fraction]]) -> st.SearchStrategy:
    indicator = CATALOGUE[key]
    if indicator.kind == "yesno":
        plain = st.booleans()
    else:
        near = [e + d for e in edges.get(key, []) for d in (Fraction(-1, 100), 0, Fraction(1, 100), -1, 1)]
        plain = st.one_of(
            st.sampled_from(near or [Fraction(0)]),
            st.integers(0, 120).map(Fraction),
            st.fractions(0, 200, max_denominator=1000),
            st.integers(2**62, 2**70).map(Fraction),  # beyond int64: exact all the same
        )
    choices = [plain, plain, plain, st.none()]
    if scheme.allows_not_applicable(key):
        choices.append(st.just(NOT_APPLICABLE))
    return st.one_of(*choices)


@st.composite
def districts(draw, scheme):
    edges = thresholds(scheme)
    keys = [*scheme.accepted_inputs, *REFERENCE_KEYS]
    count = draw(st.integers(1, 5))
    out = {}
    for n in range(count):
        values = {key: draw(value(scheme, key, edges)) for key in dict.fromkeys(keys)}
        if draw(st.booleans()):  # most districts send every figure
            values = {k: v if v is not None else Fraction(1) for k, v in values.items()}
        out[f"{n + 1:04d}"] = {k: v for k, v in values.items() if v is not None}
    return out


@pytest.mark.parametrize("scheme_id", sorted(SCHEMES))
@pytest.mark.parametrize("detail", DETAIL)
@SETTINGS
@given(data=st.data())
def test_a_table_graded_at_once_equals_each_district_by_hand(scheme_id, detail, data):
    scheme = SCHEMES[scheme_id]
    values = data.draw(districts(scheme))
    values = {code: scheme.with_derived(v) for code, v in values.items()}
    late = {}
    if scheme.dated_steps and data.draw(st.booleans()):
        late = {next(iter(values)): {scheme.dated_steps[0].input: "ขั้นที่ 1 รายงานหลังกำหนด"}}
    period = scheme.months[-1].token
    expected = grade_many(scheme, period, values, detail, late)
    found = grade_table(scheme, period, table_of(values), detail, late)
    assert found == expected
    assert [r.results for r in found] == [r.results for r in expected]


def test_criteria_rows_stand_for_their_tuple(demo_db):
    with store.connect(demo_db) as con:
        results = period_grades.grade_period(con, "lampang-2567-q3", "2567-Q3", detail="criteria")
    rows = next(m.criteria for r in results for m in r.results if isinstance(m.criteria, CriteriaRows))
    assert rows == tuple(rows) and tuple(rows) == rows and hash(rows) == hash(tuple(rows))
    assert len(rows) == len(list(rows)) and rows[-1] == next(reversed(tuple(rows)))
    back = pickle.loads(pickle.dumps(rows))
    assert type(back) is tuple and back == rows


def by_hand(con, scheme, token, detail, accepted_only):
    """The store's figures graded district by district: the reference the table is held to."""
    period = check_period(scheme, token)
    registry = store.registry_from(con)
    codes = [d.code for p in scheme.provinces for d in registry.in_province(p)]
    only = period_grades.accepted_months(con, codes, [m.token for m in scheme.months]) if accepted_only else None
    found = period_grades.rolled_values(con, scheme, period, codes, only)
    late = period_grades.dated_steps_late(con, scheme, period, codes, only)
    found = {c: scheme.with_derived(capped(found[c], late.get(c, []))) for c in found}
    values = {c: with_references(c, period, found.get(c, {}), registry) for c in codes}
    notes = {c: late_by_input(steps) for c, steps in late.items()}
    return grade_many(scheme, period.token, values, detail, notes)


@pytest.mark.parametrize("detail", DETAIL)
@pytest.mark.parametrize("accepted_only", [False, True])
def test_the_store_grades_every_scheme_and_period_as_by_hand(demo_db, detail, accepted_only):
    with store.connect(demo_db) as con:
        checked = 0
        for scheme in SCHEMES.values():
            tokens = sorted({m.quarter.token for m in scheme.months} | {str(m.fiscal_year) for m in scheme.months})
            for token in tokens:
                try:
                    check_period(scheme, token)
                except Exception:
                    continue
                found = period_grades.grade_by(con, scheme, token, None, detail, accepted_only=accepted_only)
                assert found == by_hand(con, scheme, token, detail, accepted_only), (scheme.id, token)
                checked += 1
    assert checked >= 10
