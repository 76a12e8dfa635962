"""Invariants of every rubric, checked on generated figures (Hypothesis).

- A better value of one input never gives a worse grade, a lower score or fewer targets met
  (better is higher, or lower for overdue debt).
- Every option of every gap, once applied, reaches the grade (or score, or targets) it promises.
- A rubric file read, written and read again gives the same rubric.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdd.grading.district import grade_district
from cdd.grading.mission import grade_mission
from cdd.rubrics.indicators import CATALOGUE, NOT_APPLICABLE
from cdd.rubrics.model import load_schemes, scheme_from_dict
from cdd.rubrics.toml_write import dumps_scheme

SCHEMES = load_schemes()
MISSIONS = [(s.id, m.id) for s in SCHEMES.values() for m in s.missions if m.shape != "none"]
RANK = {"D": 0, "C": 1, "B": 2, "A": 3}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def value_of(key: str) -> st.SearchStrategy:
    indicator = CATALOGUE[key]
    if indicator.kind == "yesno":
        return st.booleans()
    if indicator.better == "none":  # references and bases: fixed, positive
        return st.integers(1, 30).map(Fraction) if indicator.kind == "count" else money(1)
    if indicator.kind == "level":
        return st.integers(0, indicator.max).map(Fraction)
    if indicator.kind == "count":
        return st.integers(0, 400).map(Fraction)
    if indicator.kind == "percent":
        return st.integers(0, 100 * (indicator.max or 150)).map(lambda n: Fraction(n, 100))
    return money(0)


def money(low: int) -> st.SearchStrategy:
    return st.integers(low * 100, 10**9).map(lambda n: Fraction(n, 100))


@st.composite
def figures(draw, mission):
    values = {key: draw(value_of(key)) for key in mission.inputs}
    for item in mission.items:
        if item.not_applicable and draw(st.booleans()):
            values.update({key: NOT_APPLICABLE for key in item.inputs})
    return values


def standing(result):
    """Comparable standing of a result: grade rank, then score, then targets met."""
    return (RANK.get(result.grade, 0), result.score or 0, result.targets_met or 0)


def improve(key: str, value, draw):
    indicator = CATALOGUE[key]
    if isinstance(value, bool):
        return True
    step = draw(st.integers(1, 5000)) * indicator.step
    if indicator.better == "lower":
        return max(Fraction(0), value - step)
    better = value + step
    return min(better, Fraction(indicator.max)) if indicator.max is not None else better


@pytest.mark.parametrize("scheme_id, mission_id", MISSIONS)
@FAST
@given(data=st.data())
def test_a_better_value_never_gives_a_worse_result(scheme_id, mission_id, data):
    mission = SCHEMES[scheme_id].mission(mission_id)
    values = data.draw(figures(mission))
    movable = [k for k in mission.inputs if CATALOGUE[k].better != "none" and values[k] is not NOT_APPLICABLE]
    key = data.draw(st.sampled_from(movable))
    better = dict(values, **{key: improve(key, values[key], data.draw)})
    assert standing(grade_mission(mission, better)) >= standing(grade_mission(mission, values))


@pytest.mark.parametrize("scheme_id, mission_id", MISSIONS)
@FAST
@given(data=st.data())
def test_every_gap_reaches_what_it_promises(scheme_id, mission_id, data):
    scheme = SCHEMES[scheme_id]
    scheme = replace(scheme, missions=(scheme.mission(mission_id),))
    values = data.draw(figures(scheme.missions[0]))
    result = grade_district(scheme, "0000", "2567", values).results[0]
    for gap in result.gaps:
        for option in gap.options:
            after = grade_mission(scheme.missions[0], dict(values, **{c.input: c.after for c in option.changes}))
            if gap.grade is not None:
                assert RANK[after.grade] >= RANK[gap.grade], (gap, option)
            elif gap.target == "targets":
                assert after.targets_met == len(scheme.missions[0].items)
            else:
                assert after.score >= result.score + option.gain


@pytest.mark.parametrize("scheme_id", sorted(SCHEMES))
def test_rubric_file_read_and_written_back_is_equal(scheme_id):
    scheme = SCHEMES[scheme_id]
    text = dumps_scheme(scheme)
    again = scheme_from_dict(tomllib.loads(text), scheme.path)
    assert again == scheme
    assert dumps_scheme(again) == text
