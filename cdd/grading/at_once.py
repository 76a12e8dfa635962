"""Every district of a province (or of the country) graded at once, from the period's columns.

A mission whose every input a district gave is graded for all such districts together: each condition
asked of whole columns (cdd.grading.columns), each district's grade and score read off the answers, and
one result made for each distinct outcome, shared by the districts that reached it (results are frozen).
With criteria, each such district's rows come from the same answers (cdd.grading.criteria_columns); the
gaps are searched district by district from its own values. A district that left an input out, or
reported one as not applicable, is graded by hand as before (cdd.grading.district).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from cdd.grading.columns import Conditions, Table
from cdd.grading.criteria_columns import CriteriaRows, plan, row_columns
from cdd.grading.district import GRADED_STATUSES, grade_one
from cdd.grading.gaps import Move, Parts, changes_for, gaps_for, item_moves
from cdd.grading.mission import Change, DistrictResult, MissionResult, MissionStatus, result_for
from cdd.rubrics.indicators import CATALOGUE, Value
from cdd.rubrics.model import GRADES, Item, Mission, Scheme

LADDER_GRADES = GRADES[:-1]  # A, B, C: D is what is left


def grade_table(
    scheme: Scheme,
    period: str,
    table: Table,
    detail: str = "gaps",
    late_by_district: Mapping[str, Mapping[str, str]] | None = None,
) -> list[DistrictResult]:
    """As cdd.grading.district.grade_many over the table's districts, in the table's order."""
    late = late_by_district or {}
    answers = Conditions(table)
    by_hand = _ByHand(table)
    columns: list[list[MissionResult]] = []
    for mission in scheme.missions:
        found = mission_results(mission, answers, detail, late)
        results = []
        for at, code in enumerate(table.codes):
            result = found[at]
            if result is None:
                result = grade_one(mission, by_hand.values(at), detail, late.get(code))
            elif detail == "gaps" and result.status in GRADED_STATUSES:
                values = by_hand.mission_values(at, mission)
                gaps = gaps_for(mission, values, result, by_hand.moves, by_hand.changes)
                result = MissionResult(**{**vars(result), "gaps": gaps})  # as replace(), faster
            results.append(result)
        columns.append(results)
    return [
        DistrictResult(scheme.id, code, period, tuple(results[at] for results in columns))
        for at, code in enumerate(table.codes)
    ]


class _ByHand:
    """Each district's values as the reference takes them, made once and only for the districts that need them;
    and each item's moves towards a better row, found once for each set of figures it reads: counts repeat
    from district to district (0 to 20 posts, activities, shops), so most districts find theirs made."""

    def __init__(self, table: Table):
        self.table = table
        self._values: dict[int, dict[str, Value]] = {}
        self._moves: dict[tuple, list[Move]] = {}
        self._inputs: dict[int, list[_InputParts]] = {}
        self._changes: dict[tuple, tuple[int, tuple[Change, ...]]] = {}

    def mission_values(self, at: int, mission: Mission) -> dict[str, Value]:
        """The district's values of the mission's inputs alone: all the mission's gaps read."""
        if at in self._values:
            return self._values[at]
        return {key: value for key in mission.inputs if (value := self.table[key].value(at)) is not None}

    def moves(self, item: Item, values: Mapping[str, Value]) -> list[Move]:
        """As gaps.item_moves: the moves depend on the item's own inputs only. A figure's type is part of
        the key, so a yes (True) never stands for the number 1 it equals."""
        key = (id(item), *((type(v), v) for v in map(values.get, item.inputs)))
        found = self._moves.get(key)
        if found is None:
            found = self._moves[key] = item_moves(item, values)
        return found

    def values(self, at: int) -> dict[str, Value]:
        found = self._values.get(at)
        if found is None:
            found = self._values[at] = self.table.values_at(at)
        return found

    def changes(self, parts: Parts, values: Mapping[str, Value]) -> tuple[Change, ...]:
        """As gaps.changes_for: one change per input, in the order of each input's first failing condition,
        each found from that input's own conditions and figures alone, and kept for those figures."""
        groups = self._inputs.get(id(parts))
        if groups is None:
            groups = self._inputs[id(parts)] = _by_input(parts)
        found = []
        for group in groups:
            key = (id(group), *((type(v), v) for v in map(values.get, group.reads)))
            known = self._changes.get(key)
            if known is None:
                known = self._changes[key] = group.changes(values)
            if known[1]:
                found.append(known)
        found.sort(key=lambda k: k[0])
        return tuple(change for _, changes in found for change in changes)


@dataclass(frozen=True, eq=False)
class _InputParts:
    """The conditions of a list of parts on one input, with their places in the list."""

    places: tuple[int, ...]
    parts: Parts
    reads: tuple[str, ...]  # the input and any reference its conditions compare with

    def changes(self, values: Mapping[str, Value]) -> tuple[int, tuple[Change, ...]]:
        """The place of the first failing condition, and the change (none when all hold)."""
        first = next((at for at, (_, c) in zip(self.places, self.parts, strict=True) if not c.holds(values)), -1)
        return first, (changes_for(self.parts, values) if first >= 0 else ())


def _by_input(parts: Parts) -> list[_InputParts]:
    grouped: dict[str, list[int]] = {}
    for at, (_, condition) in enumerate(parts):
        grouped.setdefault(condition.input, []).append(at)
    return [
        _InputParts(
            tuple(places),
            tuple(parts[at] for at in places),
            tuple(dict.fromkeys(key for at in places for key in parts[at][1].inputs)),
        )
        for places in grouped.values()
    ]


def mission_results(
    mission: Mission, answers: Conditions, detail: str, late: Mapping[str, Mapping[str, str]]
) -> list[MissionResult | None]:
    """The mission's result for every district that gave all its inputs (None for the others): its grade
    and score, and beyond `grades` its criterion rows (cdd.grading.criteria_columns)."""
    table = answers.table
    if mission.shape == "none":
        return [result_for(mission, MissionStatus.NO_CRITERIA)] * table.size
    ready = _complete(mission, table)
    rows = plan(mission) if detail != "grades" else []
    if rows is None or not ready.any():
        return [None] * table.size
    grade, measure, make = _outcomes(mission, answers)
    outcomes = np.stack([grade, measure])[:, ready]
    if outcomes.dtype == object:
        distinct, which = _unique_objects(outcomes)
    else:
        distinct, which = np.unique(outcomes, axis=1, return_inverse=True)
    made = [make(int(g), m) for g, m in zip(distinct[0], distinct[1], strict=True)]
    out: list[MissionResult | None] = [None] * table.size
    places = np.flatnonzero(ready).tolist()
    if detail == "grades":
        for at, index in zip(places, np.asarray(which).ravel().tolist(), strict=True):
            out[at] = made[index]
        return out
    row_figures = row_columns(rows, answers)
    for at, index in zip(places, np.asarray(which).ravel().tolist(), strict=True):
        criteria = CriteriaRows(row_figures, at, late.get(table.codes[at]))
        out[at] = MissionResult(**{**vars(made[index]), "criteria": criteria})
    return out


def _unique_objects(outcomes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique for Python integers (a score beyond int64)."""
    seen: dict[tuple, int] = {}
    which = [seen.setdefault((g, m), len(seen)) for g, m in zip(outcomes[0], outcomes[1], strict=True)]
    distinct = np.array(list(seen), dtype=object).T.reshape(2, len(seen))
    return distinct, np.array(which)


def _complete(mission: Mission, table: Table) -> np.ndarray:
    """Districts with a usable value for every input of the mission, one of them their own (not a reference):
    no input missing and none not applicable, so no item drops out."""
    if not any(not CATALOGUE[key].reference for key in mission.inputs):
        return np.zeros(table.size, bool)
    ready = np.ones(table.size, bool)
    for key in mission.inputs:
        ready &= table[key].known
    return ready


def _outcomes(mission: Mission, answers: Conditions):
    """Per district: the grade's index (3 for D, -1 for none) and the mission's measure (points in whole
    units, or targets met), with a maker of the result for one outcome."""
    size = answers.table.size
    if mission.shape in ("ladder", "bands"):
        grade = np.full(size, len(LADDER_GRADES), np.int64)
        for index in reversed(range(len(LADDER_GRADES))):
            grade[_level_holds(mission, LADDER_GRADES[index], answers)] = index
        return grade, np.zeros(size, np.int64), lambda g, _: result_for(mission, MissionStatus.GRADED, grade=GRADES[g])
    if mission.shape == "targets":
        met = sum((answers.all_hold(item.when).astype(np.int64) for item in mission.items), np.zeros(size, np.int64))
        total = len(mission.items)
        return (
            np.full(size, -1, np.int64),
            met,
            lambda _, m: result_for(mission, MissionStatus.TARGETS, targets_met=int(m), targets_total=total),
        )
    return _scored(mission, answers)


def _level_holds(mission: Mission, grade: str, answers: Conditions) -> np.ndarray:
    rules = [c.levels[grade] for c in mission.criteria if grade in c.levels]
    if not rules:
        return np.zeros(answers.table.size, bool)
    return answers.all_hold([cond for rule in rules for cond in rule.when])


def _scored(mission: Mission, answers: Conditions):
    """Points and step-mean missions: every item applies (none reported not applicable)."""
    unit = math.lcm(*(Fraction(p).denominator for item in mission.items for p in _points_of(item)))
    units = sum((_item_units(item, unit, answers) for item in mission.items), np.zeros(answers.table.size, np.int64))
    count = (len(mission.items) or 1) if mission.shape == "step-mean" else 1
    most = sum((item.max_points for item in mission.items), Fraction(0))
    max_score = Fraction(most) / count
    grade = np.full(answers.table.size, -1, np.int64)
    if mission.bands:
        grade[:] = GRADES.index("D")
        for band in reversed(mission.bands):  # the first band reached wins, as band_grade reads them
            reached = units * band.min.denominator >= band.min.numerator * unit * count
            grade[np.asarray(reached, dtype=bool)] = GRADES.index(band.grade)

    def make(g: int, m) -> MissionResult:
        score = Fraction(int(m), unit * count)
        status = MissionStatus.GRADED if g >= 0 else MissionStatus.SCORE_ONLY
        return result_for(mission, status, grade=GRADES[g] if g >= 0 else None, score=score, max_score=max_score)

    return grade, units, make


def _points_of(item: Item) -> Sequence[Fraction | int]:
    return [step.points for step in item.steps] if item.steps else [item.points or 0]


def _item_units(item: Item, unit: int, answers: Conditions) -> np.ndarray:
    """The item's points in whole units: the first step that holds, as item_points reads the table."""
    if not item.steps:
        return np.where(answers.all_hold(item.when), int((item.points or 0) * unit), 0)
    earned = np.zeros(answers.table.size, np.int64)
    for step in reversed(item.steps):
        earned = np.where(answers.all_hold(step.when), int(step.points * unit), earned)
    return earned
