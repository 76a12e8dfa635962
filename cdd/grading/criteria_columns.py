"""Every criterion row of a mission for every district at once: what each comparison found, as columns.

The figures of a row (met or not, the level a criterion reaches, the points an item earned, the value
required, the threshold, the shortfall) are worked out for all districts together from the answers of
cdd.grading.columns; a district's rows become `CriterionResult` objects when they are first read, so a
heatmap of grades that never opens a criterion does not pay for 54,000 objects. The rows are the same
as cdd.grading.mission.criteria_results gives (the reference, held equal by a test).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from cdd.grading.columns import Column, Conditions, product
from cdd.grading.mission import CriterionResult
from cdd.rubrics.conditions import Condition
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.model import GRADES, Criterion, Item, Mission

Number = Fraction | bool


@dataclass(frozen=True)
class RowPlan:
    """One row of the mission's criteria table, the same for every district."""

    id: str
    label: str
    condition: Condition
    printed: str
    part: str
    criterion: Criterion | None = None
    item: Item | None = None
    scored: bool = False  # an item of a scored mission: it shows its points


def plan(mission: Mission) -> list[RowPlan] | None:
    """The rows, in the order of criteria_results; None where a row compares a number with yes/no or a
    yes/no with a number, which the reference reads in its own way."""
    rows = []
    for criterion in mission.criteria:
        top = criterion.levels[next(g for g in GRADES if g in criterion.levels)]
        rows += _rows(criterion.id, criterion.label, top.when, top.printed, criterion=criterion)
    for item in mission.items:
        when = item.steps[0].when if item.steps else item.when
        printed = item.steps[0].printed if item.steps else item.printed
        rows += _rows(item.id, item.label, when, printed, item=item, scored=mission.shape != "targets")
    if any((row.condition.mode in ("yes", "no")) != (CATALOGUE[row.condition.input].kind == "yesno") for row in rows):
        return None
    return rows


def _rows(part: str, label: str, when: Sequence[Condition], printed: str, **extra) -> list[RowPlan]:
    single = len(when) == 1
    return [RowPlan(part if single else f"{part}.{c.input}", label, c, printed, part, **extra) for c in when]


@dataclass
class RowColumns:
    """One row's figures for every district."""

    plan: RowPlan
    actual: Column
    met: np.ndarray
    required: Exact
    bound: Exact
    level: np.ndarray | None  # a criterion: the index in GRADES of the level it reaches on its own
    step: np.ndarray | None  # a scored item: the index of the step earned (-1: none)


@dataclass
class Exact:
    """A number the same for every district (`constant`), or one for each (numerator, denominator)."""

    constant: Number | None = None
    num: np.ndarray | None = None
    den: np.ndarray | None = None

    def at(self, place: int) -> Number:
        if self.num is None or self.den is None:
            assert self.constant is not None  # one of the two forms is always set
            return self.constant
        return Fraction(int(self.num[place]), int(self.den[place]))


def row_columns(rows: list[RowPlan], answers: Conditions) -> list[RowColumns]:
    return [_row_columns(row, answers) for row in rows]


def _row_columns(row: RowPlan, answers: Conditions) -> RowColumns:
    condition, table = row.condition, answers.table
    step = CATALOGUE[condition.input].step
    if condition.mode in ("yes", "no"):
        required = bound = Exact(constant=condition.mode == "yes")
    elif condition.ref is None:
        required = Exact(constant=condition.needed({}, step))
        bound = Exact(constant=condition.threshold({}))
    else:
        c, d = condition.factor
        ref = table[condition.ref]
        top, bottom = product(c, ref.num), product(d, ref.den)
        bound = Exact(num=top, den=bottom)
        required = _needed(condition.op, top, bottom, step)
    level = criterion_levels(row.criterion, answers) if row.criterion else None
    earned = item_steps(row.item, answers) if row.item and row.scored else None
    return RowColumns(row, table[condition.input], answers.holds(condition), required, bound, level, earned)


def _needed(op: str, c: np.ndarray, d: np.ndarray, step: Fraction) -> Exact:
    """As Condition._needed_for for every district: the nearest value in whole steps that meets the rule."""
    if op == "==":
        return Exact(num=c, den=d)
    p, q = product(c, step.denominator), product(d, step.numerator)
    whole = {">=": -(-p // q), ">": p // q + 1, "<=": p // q, "<": -(-p // q) - 1}[op]
    return Exact(num=product(whole, step.numerator), den=np.full(len(c), step.denominator, np.int64))


def criterion_levels(criterion: Criterion, answers: Conditions) -> np.ndarray:
    """As mission.criterion_level: the first of A, B, C whose rule holds; D otherwise."""
    level = np.full(answers.table.size, GRADES.index("D"), np.int64)
    for grade in reversed(GRADES[:-1]):
        rule = criterion.levels.get(grade)
        if rule:
            level[answers.all_hold(rule.when)] = GRADES.index(grade)
    return level


def item_steps(item: Item, answers: Conditions) -> np.ndarray:
    """As mission.item_points, the row earned: a step's index, 0 for an all-or-nothing item met, -1 for none."""
    if not item.steps:
        return np.where(answers.all_hold(item.when), 0, -1)
    earned = np.full(answers.table.size, -1, np.int64)
    for index in reversed(range(len(item.steps))):
        earned[answers.all_hold(item.steps[index].when)] = index
    return earned


def item_earned(item: Item, index: int) -> Fraction | int:
    """The points of the row `index` (item_steps), as the rubric writes them."""
    if index < 0:
        return 0
    if item.steps:
        return item.steps[index].points
    assert item.points is not None  # an item without steps has its points
    return item.points


class CriteriaRows(Sequence[CriterionResult]):
    """One district's criterion rows, made from the columns when first read; equal to the tuple of them."""

    __slots__ = ("_columns", "_late", "_place", "_rows")

    def __init__(self, columns: list[RowColumns], place: int, late: Mapping[str, str] | None):
        self._columns, self._place, self._late = columns, place, late
        self._rows: tuple[CriterionResult, ...] | None = None

    @property
    def rows(self) -> tuple[CriterionResult, ...]:
        if self._rows is None:
            self._rows = tuple(_made(row, self._place, self._late) for row in self._columns)
        return self._rows

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self) -> int:
        return len(self._columns)

    def __iter__(self) -> Iterator[CriterionResult]:
        return iter(self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CriteriaRows | tuple):
            return self.rows == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.rows)

    def __repr__(self) -> str:
        return repr(self.rows)

    def __reduce__(self):
        return (tuple, (self.rows,))  # stored or sent as the plain tuple it stands for


def _made(row: RowColumns, at: int, late: Mapping[str, str] | None) -> CriterionResult:
    plan, indicator = row.plan, CATALOGUE[row.plan.condition.input]
    actual = row.actual.value(at)
    met = bool(row.met[at])
    required = row.required.at(at)
    extra: dict = {}
    if row.level is not None:
        extra["level"] = GRADES[int(row.level[at])]
    if plan.item is not None and plan.scored:
        extra["points"] = item_earned(plan.item, int(row.step[at])) if row.step is not None else None
        extra["max_points"] = plan.item.max_points
    if late:
        extra["late"] = late.get(plan.condition.input, "")
    return CriterionResult(
        id=plan.id,
        label=plan.label,
        input=plan.condition.input,
        met=met,
        actual=actual,
        required=required,
        op=plan.condition.op,
        shortfall=_shortfall(indicator.kind, actual, required, met),
        printed=plan.printed,
        part=plan.part,
        bound=row.bound.at(at),
        **extra,
    )


def _shortfall(kind: str, actual, required, met: bool) -> Fraction | None:
    """As mission.shortfall, for a row whose values are all known."""
    if kind == "yesno" or isinstance(actual, bool) or isinstance(required, bool):
        return None
    if met:
        return Fraction(0)
    return abs(Fraction(required) - actual)
