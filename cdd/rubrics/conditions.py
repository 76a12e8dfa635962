"""One comparison of a rubric, written in the rubric file as a short sentence a person can check.

    data_updated == yes
    pr_posts >= 2
    wf_overdue_pct < 10
    shop_new >= shop_target               (the district's own target)
    downloads >= 10 * tambons             (ten a tambon)
    heads_downloaded >= 80% of heads_total
    otop_sales > 4% over otop_sales_base   (growth on the base)

The left side is the input a district can change; the right side is fixed for the period. Every
comparison is exact (`Fraction`): 4.0% growth is not "more than 4%".
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from cdd.errors import CddError
from cdd.office.numbers import format_number
from cdd.rubrics.indicators import CATALOGUE, Value

OPERATORS = (">=", ">", "<=", "<", "==")
# The letters' words for a comparison: the rule table of the workshop, the rubric page and lint say them.
OPERATOR_TH = {">=": "ไม่น้อยกว่า", ">": "มากกว่า", "<=": "ไม่เกิน", "<": "น้อยกว่า", "==": "เท่ากับ"}

_KEY = r"[a-z][a-z0-9_]*"
_NUMBER = r"\d+(?:\.\d+)?"
_PATTERN = re.compile(
    rf"^\s*(?P<input>{_KEY})\s*(?P<op>>=|<=|==|>|<)\s*(?:"
    rf"(?P<yesno>yes|no)"
    rf"|(?P<pct>{_NUMBER})%\s+(?P<pct_mode>of|over)\s+(?P<pct_ref>{_KEY})"
    rf"|(?P<times>{_NUMBER})\s*\*\s*(?P<times_ref>{_KEY})"
    rf"|(?P<value>{_NUMBER})"
    rf"|(?P<ref>{_KEY})"
    rf")\s*$"
)


class ConditionSyntaxError(CddError, ValueError):
    pass


class MissingInput(CddError, LookupError):
    """An input a condition needs has no value for this district and period."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(key)


@dataclass(frozen=True)
class Condition:
    input: str
    op: str
    mode: str  # value | yes | no | ref | times | pct_of | pct_over
    number: Fraction | None = None
    ref: str | None = None
    _factor: tuple[int, int] = field(init=False, repr=False, compare=False)
    _needed: dict[Fraction, Fraction] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The constant of the right side as numerator and denominator: the value itself, or the factor
        # that multiplies the reference (1, n, n/100, 1 + n/100).
        factor = {
            "value": self.number,
            "ref": 1,
            "times": self.number,
            "pct_of": (self.number or 0) / 100,
            "pct_over": 1 + (self.number or 0) / 100,
        }.get(self.mode, 0)
        constant = Fraction(self._constant if factor is None else factor)
        object.__setattr__(self, "_factor", (constant.numerator, constant.denominator))
        # The instance's own `holds`, made for its shape: no extra call on the way (see `holds`).
        object.__setattr__(self, "holds", _compiled(self))
        object.__setattr__(self, "_needed", {})  # step → needed, for a constant threshold

    @classmethod
    def parse(cls, text: str) -> Condition:
        m = _PATTERN.match(text)
        if not m:
            raise ConditionSyntaxError(f"cannot read the rule '{text}'")
        if m["yesno"] and m["op"] != "==":
            raise ConditionSyntaxError(f"'{text}': yes/no compares with == only")
        return cls(m["input"], m["op"], *_right_side(m))

    def __str__(self) -> str:
        return f"{self.input} {self.op} {self.right_side()}"

    def right_side(self) -> str:
        n = format_number(self.number) if self.number is not None else ""
        return {
            "value": n,
            "yes": "yes",
            "no": "no",
            "ref": str(self.ref),
            "times": f"{n} * {self.ref}",
            "pct_of": f"{n}% of {self.ref}",
            "pct_over": f"{n}% over {self.ref}",
        }[self.mode]

    @property
    def _constant(self) -> Fraction:
        """The number of the right side, which every mode but ref, yes and no has."""
        if self.number is None:
            raise TypeError(f"the rule '{self.input} {self.op}' ({self.mode}) has no number")
        return self.number

    @property
    def factor(self) -> tuple[int, int]:
        """The constant of the right side as numerator and denominator (for ref modes, what multiplies it)."""
        return self._factor

    @property
    def inputs(self) -> tuple[str, ...]:
        return (self.input,) if self.ref is None else (self.input, self.ref)

    @property
    def lower_is_better(self) -> bool:
        return self.op in ("<", "<=")

    def threshold(self, values: Mapping[str, Value]) -> Fraction | bool:
        """What the input is compared with, in the input's own units."""
        if self.mode in ("yes", "no"):
            return self.mode == "yes"
        if self.mode == "value":
            return self._constant
        c, d = self._threshold_terms(values)
        return Fraction(c, d)  # from two ints: no slower conversion on the way

    def holds(self, values: Mapping[str, Value]) -> bool:
        """Exact, on the integers under the fractions: a/b ≥ c/d ⇔ a·d ≥ c·b (b, d > 0).

        Grading a country asks this hundreds of thousands of times: the common shapes (a whole number or
        a Fraction against a constant or a reference) run a comparison made once for the condition, set
        on the instance in place of this method, which is the one for the remaining shapes.
        """
        return self._holds(values)

    def _holds(self, values: Mapping[str, Value]) -> bool:
        """Every case, the reference for the compiled ones."""
        actual = _get(values, self.input)
        if self.mode in ("yes", "no"):
            return actual == (self.mode == "yes")
        a, b = _terms(actual)
        c, d = self._threshold_terms(values)
        return _INT_COMPARE[self.op](a * d, c * b)

    def _threshold_terms(self, values: Mapping[str, Value]) -> tuple[int, int]:
        """The threshold as numerator and denominator: the constant, or the factor times the reference."""
        if self.mode == "value":
            return self._factor
        ref, ref_den = _terms(_get(values, self.ref))
        return self._factor[0] * ref, self._factor[1] * ref_den

    def needed(self, values: Mapping[str, Value], step: Fraction) -> Fraction | bool:
        """The value of the input nearest to 'now' that meets the condition, in whole steps of reporting."""
        if self.mode in ("yes", "no"):
            return self.mode == "yes"
        if self.mode == "value":  # the same for every district: worked out once per step
            known = self._needed.get(step)
            if known is None:
                known = self._needed[step] = self._needed_for(self._factor, step)
            return known
        return self._needed_for(self._threshold_terms(values), step)

    def _needed_for(self, threshold: tuple[int, int], step: Fraction) -> Fraction:
        c, d = threshold
        if self.op == "==":
            return Fraction(c, d)
        p, q = c * step.denominator, d * step.numerator  # the threshold in steps: p/q
        whole = {
            ">=": -(-p // q),  # ceiling
            ">": p // q + 1,
            "<=": p // q,
            "<": -(-p // q) - 1,
        }[self.op]
        return Fraction(whole * step.numerator, step.denominator)


_INT_COMPARE: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def _compiled(condition: Condition) -> Callable[[Mapping[str, Value]], bool]:
    """`condition.holds` for a whole number or a Fraction (never a bool, which is an int too) against the
    constant or the reference; anything else (yes/no, a missing input) goes the general way."""
    general = condition._holds
    if condition.mode in ("yes", "no"):
        return general
    key, ref, (c, d), cmp = condition.input, condition.ref, condition._factor, _INT_COMPARE[condition.op]

    def against_constant(values: Mapping[str, Value]) -> bool:
        actual = values.get(key)
        kind = type(actual)
        if kind is Fraction:
            return cmp(actual.numerator * d, c * actual.denominator)  # type: ignore[union-attr]
        if kind is int:
            return cmp(actual * d, c)  # type: ignore[operator, arg-type]
        return general(values)

    def against_reference(values: Mapping[str, Value]) -> bool:
        actual, base = values.get(key), values.get(ref)  # type: ignore[arg-type]
        if type(actual) is not Fraction or type(base) is not Fraction:
            return general(values)
        return cmp(
            actual.numerator * d * base.denominator,
            c * base.numerator * actual.denominator,
        )

    return against_constant if condition.mode == "value" else against_reference


def _terms(value: Fraction | int) -> tuple[int, int]:
    """Numerator and (positive) denominator of a number."""
    if isinstance(value, Fraction):
        return value.numerator, value.denominator
    return int(value), 1


def compare(actual: Fraction | bool, op: str, threshold: Fraction | bool) -> bool:
    if op == "==":
        return actual == threshold
    return {
        ">=": actual >= threshold,
        ">": actual > threshold,
        "<=": actual <= threshold,
        "<": actual < threshold,
    }[op]


def _right_side(m: re.Match) -> tuple[str, Fraction | None, str | None]:
    if m["yesno"]:
        return m["yesno"], None, None
    if m["pct"]:
        return f"pct_{m['pct_mode']}", Fraction(m["pct"]), m["pct_ref"]
    if m["times"]:
        return "times", Fraction(m["times"]), m["times_ref"]
    if m["value"]:
        return "value", Fraction(m["value"]), None
    return "ref", None, m["ref"]


def rule_thai(condition: Condition) -> str:
    """The rule as the letter words it, with the indicators' Thai labels and a percentage with its '%':
    'cf_debt_pct > 70' → '… มากกว่า 70%' (never 70.01); 'heads_downloaded >= 80% of heads_total' →
    '… ไม่น้อยกว่า 80% ของ…'. What people read wherever a rule is named; `str(condition)` is the file's form."""
    name, op = _label(condition.input), OPERATOR_TH[condition.op]
    n = format_number(condition.number) if condition.number is not None else ""
    ref = _label(condition.ref) if condition.ref else ""
    unit = CATALOGUE[condition.input].unit if condition.input in CATALOGUE else ""
    return {
        "value": f"{name} {op} {n}%" if unit == "%" else f"{name} {op} {n} {unit}".rstrip(),
        "yes": f"{name}: ใช่",
        "no": f"{name}: ไม่ใช่",
        "ref": f"{name} {op} {ref}",
        "times": f"{name} {op} {n} เท่าของ{ref}",
        "pct_of": f"{name} {op} {n}% ของ{ref}",
        "pct_over": f"{name} เพิ่มขึ้นจาก {ref} {op} {n}%" if condition.number else f"{name} {op} {ref}",
    }[condition.mode]


def _label(key: str) -> str:
    return CATALOGUE[key].label if key in CATALOGUE else key


def _get(values: Mapping[str, Value], key: str | None) -> Fraction | bool:
    value = values.get(key) if key else None
    if type(value) in _NUMBERS or isinstance(value, Fraction | bool | int):
        return value  # type: ignore[return-value]
    raise MissingInput(key or "")


_NUMBERS = frozenset({Fraction, int, bool})
