"""Steps that score only when done by a date (RUBRICS §12): with running totals, a step first reported
after its month does not score, and, the steps being cumulative ("ดำเนินการตามข้อ …"), neither do the
steps above it. The criterion shows the step as late and says why it does not score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from cdd.office.calendar import parse_month
from cdd.rubrics.indicators import Value
from cdd.rubrics.model import DatedStep, Scheme


@dataclass(frozen=True)
class LateStep:
    rule: DatedStep
    first: str  # the month the step was first reported

    def thai(self) -> str:
        first, by = parse_month(self.first).thai(), parse_month(self.rule.by).thai()
        return f"ขั้นที่ {self.rule.step} รายงานครั้งแรกเดือน{first} หลังกำหนด (ภายในเดือน{by}): ไม่ได้คะแนน และนับขั้นที่สูงกว่าไม่ได้"


def late_steps(scheme: Scheme, history: Mapping[str, Mapping[str, Value]], until: str) -> list[LateStep]:
    """The dated steps reached by `until` but first reported after their month; `history` maps a month
    token to that month's values, from the scheme's first month on."""
    months = sorted(m for m in history if m <= until)
    late = []
    for rule in scheme.dated_steps:
        first = next((m for m in months if _reaches(history[m].get(rule.input), rule.step)), None)
        if first is not None and first > rule.by:
            late.append(LateStep(rule, first))
    return late


def capped(values: Mapping[str, Value], late: list[LateStep]) -> dict[str, Value]:
    """The values with each running total held below its lowest late step."""
    out = dict(values)
    for step in late:
        key = step.rule.input
        if _reaches(out.get(key), step.rule.step):
            out[key] = Fraction(step.rule.step - 1)
    return out


def late_by_input(late: list[LateStep]) -> dict[str, str]:
    """The reason each capped input does not score, in Thai, the lowest late step first."""
    out: dict[str, str] = {}
    for step in sorted(late, key=lambda s: s.rule.step):
        out.setdefault(step.rule.input, step.thai())
    return out


def _reaches(value: Value | None, step: int) -> bool:
    return isinstance(value, Fraction | int) and not isinstance(value, bool) and value >= step
