"""A province's (or the country's) figures for one period as columns: an array per input, a place per district.

Grading a country asks the same comparisons of every district. Asked of whole columns at once, in exact
integers (a numerator and a denominator array per input), the answer for 878 districts costs about what
one district's costs by hand. `cdd.grading.mission` stays the reference: a test holds the two equal.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from cdd.grading.steps import LateStep
from cdd.rubrics.conditions import Condition
from cdd.rubrics.indicators import NOT_APPLICABLE, Value
from cdd.rubrics.model import Derived

# What a place of a column holds: nothing known, a number (yes/no as 1/0), or 'not applicable'.
MISSING, NUMBER, NA = 0, 1, 2
# Products stay in int64 while both factors' bounds say they fit; beyond, Python's own integers.
SAFE = 2**62

COMPARE: dict[str, Callable] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


@dataclass
class Column:
    """One input for every district: numerator, positive denominator (reduced) and what the place holds."""

    num: np.ndarray
    den: np.ndarray
    state: np.ndarray
    yesno: bool = False  # the input is a yes/no: a number 1 or 0 read back as True or False

    @classmethod
    def missing(cls, size: int) -> Column:
        return cls(np.zeros(size, np.int64), np.ones(size, np.int64), np.zeros(size, np.int8))

    @property
    def known(self) -> np.ndarray:
        return self.state == NUMBER

    def value(self, at: int) -> Value | None:
        """The value of one place, as the reference works with it."""
        state = self.state[at]
        if state == NA:
            return NOT_APPLICABLE
        if state != NUMBER:
            return None
        if self.yesno:
            return bool(self.num[at])
        return fraction(int(self.num[at]), int(self.den[at]))


def fraction(num: int, den: int) -> Fraction:
    """A Fraction of a numerator and a positive denominator already in lowest terms (every column's are),
    made without the gcd and the checks of Fraction(): what Fraction does itself for such a pair."""
    made = object.__new__(Fraction)
    made._numerator, made._denominator = num, den  # type: ignore[attr-defined]
    return made


def column(num: np.ndarray, den: np.ndarray, state: np.ndarray, yesno: bool = False) -> Column:
    """A column in lowest terms, every unknown place 0/1, so no arithmetic on it can overflow or mislead."""
    known = state == NUMBER
    num = np.where(known, num, 0)
    den = np.where(known, den, 1)
    if num.dtype != object and den.dtype != object:
        divisor = np.gcd(num, den)
        num, den = num // divisor, den // divisor
    else:
        pairs = [_lowest(int(n), int(d)) for n, d in zip(num, den, strict=True)]
        num = _ints([n for n, _ in pairs])
        den = _ints([d for _, d in pairs])
    return Column(num, den, state.astype(np.int8), yesno)


def _lowest(num: int, den: int) -> tuple[int, int]:
    divisor = math.gcd(num, den)
    return num // divisor, den // divisor


def _ints(values: Sequence[int]) -> np.ndarray:
    """int64 where every value fits, Python integers otherwise."""
    try:
        out = np.array(values, dtype=np.int64)
    except OverflowError:
        return np.array(values, dtype=object)
    return out if _bound(out) < SAFE else np.array(values, dtype=object)


def product(a: np.ndarray | int, b: np.ndarray | int) -> np.ndarray:
    """The exact elementwise product: int64 when the factors' bounds keep it below 2**62, else Python ints."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype != object and b.dtype != object and _bound(a) * _bound(b) < SAFE:
        return a.astype(np.int64) * b.astype(np.int64)
    return a.astype(object) * b.astype(object)


def _bound(a: np.ndarray) -> int:
    return int(np.abs(a).max()) if a.size else 0


@dataclass
class Table:
    """Every input's column for the districts `codes`, in that order."""

    codes: tuple[str, ...]
    columns: dict[str, Column] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.codes)

    def __getitem__(self, key: str) -> Column:
        found = self.columns.get(key)
        if found is None:
            found = self.columns[key] = Column.missing(self.size)
        return found

    def values_at(self, at: int) -> dict[str, Value]:
        """One district's values, as the reference grades them."""
        out: dict[str, Value] = {}
        for key, col in self.columns.items():
            value = col.value(at)
            if value is not None:
                out[key] = value
        return out


def add_derived(table: Table, rules: Sequence[Derived]) -> None:
    """Each derived input where it was not given, as `Scheme.with_derived` (in the scheme's order)."""
    for rule in rules:
        given = table[rule.key]
        sources = [table[key] for key in rule.sources]
        if rule.percent is None:  # a count of yes answers: every source a yes/no
            ready = np.logical_and.reduce([s.known & s.yesno for s in sources])
            value = sum((s.num for s in sources), np.zeros(table.size, np.int64))
            den = np.ones(table.size, np.int64)
        else:  # round half up: floor(p·a/(100·q·b) + 1/2) = floor((2pa + 100qb) / (200qb))
            source = sources[0]
            ready = source.known & (not source.yesno)
            p, q = rule.percent.numerator, rule.percent.denominator
            lower = product(100 * q, source.den)
            value = (product(2 * p, source.num) + lower) // (2 * lower)
            den = np.ones(table.size, np.int64)
        fill = (given.state == MISSING) & ready
        if fill.any():
            num = np.where(fill, value, given.num)
            table.columns[rule.key] = column(num, np.where(fill, den, given.den), np.where(fill, NUMBER, given.state))


def add_references(table: Table, figures: Mapping[str, Sequence[Fraction | None]]) -> None:
    """The districts' reference figures (a value per district, or None), under any given with the values."""
    for key, values in figures.items():
        given = table.columns.get(key)
        if given is not None and bool((given.state != MISSING).all()):
            continue
        state = np.array([MISSING if v is None else NUMBER for v in values], np.int8)
        num = _ints([0 if v is None else v.numerator for v in values])
        den = _ints([1 if v is None else v.denominator for v in values])
        if given is not None:  # a figure given with the values wins over the registry's
            own = given.state != MISSING
            num, den = np.where(own, given.num, num), np.where(own, given.den, den)
            state = np.where(own, given.state, state)
        table.columns[key] = column(num, den, state)


class Conditions:
    """Each condition asked of every district once: where it can be answered, and where it holds."""

    def __init__(self, table: Table):
        self.table = table
        self._answers: dict[Condition, tuple[np.ndarray, np.ndarray]] = {}

    def known(self, condition: Condition) -> np.ndarray:
        return self._answer(condition)[0]

    def holds(self, condition: Condition) -> np.ndarray:
        """True where the condition holds; False where it fails or cannot be answered."""
        return self._answer(condition)[1]

    def all_hold(self, conditions: Sequence[Condition]) -> np.ndarray:
        out = np.ones(self.table.size, bool)
        for condition in conditions:
            out &= self.holds(condition)
        return out

    def _answer(self, condition: Condition) -> tuple[np.ndarray, np.ndarray]:
        found = self._answers.get(condition)
        if found is None:
            found = self._answers[condition] = _answer(condition, self.table)
        return found


def _answer(condition: Condition, table: Table) -> tuple[np.ndarray, np.ndarray]:
    """As Condition.holds, exact on the integers: a/b op c/d ⇔ a·d op c·b (b, d > 0)."""
    actual = table[condition.input]
    if condition.mode in ("yes", "no"):  # `actual == True`: 1 is True, 0 is False, as in Python
        wanted = 1 if condition.mode == "yes" else 0
        known = actual.known
        return known, known & (actual.den == 1) & (actual.num == wanted)
    c, d = condition.factor
    cmp = COMPARE[condition.op]
    if condition.ref is None:
        known = actual.known
        left, right = product(actual.num, d), product(c, actual.den)
    else:
        ref = table[condition.ref]
        known = actual.known & ref.known
        left = product(product(actual.num, d), ref.den)
        right = product(product(c, ref.num), actual.den)
    return known, known & np.asarray(cmp(left, right), dtype=bool)


def cap_late(table: Table, late: Mapping[str, Sequence[LateStep]]) -> None:
    """Each running total held below its lowest late step, as cdd.grading.steps.capped, district by district
    (the few with a step reported after its date)."""
    place = {code: at for at, code in enumerate(table.codes)}
    for code, steps in late.items():
        at = place.get(code)
        if at is None:
            continue
        for step in steps:
            col = table[step.rule.input]
            if col.known[at] and not col.yesno and col.num[at] >= step.rule.step * col.den[at]:
                col.num[at], col.den[at] = step.rule.step - 1, 1


def table_of(values_by_district: Mapping[str, Mapping[str, Value]]) -> Table:
    """The columns of districts' values given one by one (a value each, as the reference takes them)."""
    codes = tuple(values_by_district)
    table = Table(codes)
    keys = dict.fromkeys(key for values in values_by_district.values() for key in values)
    for key in keys:
        given = [values_by_district[code].get(key) for code in codes]
        state = np.array([_state_of(v) for v in given], np.int8)
        numbers = [Fraction(v) if isinstance(v, Fraction | int) else Fraction(0) for v in given]  # bool: 1 or 0
        yesno = any(isinstance(v, bool) for v in given)
        num = _ints([n.numerator for n in numbers])
        den = _ints([n.denominator for n in numbers])
        table.columns[key] = column(num, den, state, yesno)
    return table


def _state_of(value: Value | None) -> int:
    if value is None:
        return MISSING
    return NA if value is NOT_APPLICABLE else NUMBER
