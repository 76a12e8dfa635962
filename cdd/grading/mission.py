"""Grading one mission from a district's figures for one period → a grade, a score and every criterion.

Values come in already rolled up to the period (see `cdd.grading.rollup`), merged with the district's
reference figures. Nothing here reads a file or a database; a province is graded in one call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from cdd.rubrics.conditions import Condition, MissingInput
from cdd.rubrics.indicators import CATALOGUE, NOT_APPLICABLE, Indicator, Value
from cdd.rubrics.model import GRADES, Criterion, Item, Mission


@dataclass(frozen=True)
class CriterionResult:
    """One comparison of a mission, against the best level (A, full points, or the target)."""

    id: str
    label: str
    input: str
    met: bool | None  # None: no value to compare
    actual: Value | None
    required: Fraction | bool | None
    op: str
    shortfall: Fraction | None
    printed: str = ""
    part: str = ""  # the id of the criterion or item in the rubric
    level: str | None = None  # ladders: the highest level this criterion reaches on its own
    points: Fraction | None = None  # scored items: the points the item earned
    max_points: Fraction | None = None
    late: str = ""  # why a step reported after its date does not score (cdd.grading.steps)
    bound: Fraction | bool | None = None  # the threshold itself, as the letter words it ('> 70': 70, not 70.01)


@dataclass(frozen=True)
class Change:
    criterion: str
    input: str
    label: str
    before: Value | None
    after: Fraction | bool
    unit: str = ""
    op: str = ""  # the comparison that asks for `after`, and its threshold as the letter words it
    bound: Fraction | bool | None = None


@dataclass(frozen=True)
class Option:
    """Changes that together reach a grade; `gain` is the points they add where the mission scores."""

    changes: tuple[Change, ...]
    gain: Fraction | int | None = None  # exact, also where whole points are shared by a step-mean's count


@dataclass(frozen=True)
class Gap:
    """What reaches `grade` ('next' or 'A'; for missions without grades: 'next' step or 'max'/'targets')."""

    target: str
    grade: str | None
    need: str  # all: the one option; any: any one of the options
    options: tuple[Option, ...]


class MissionStatus(StrEnum):
    """What became of a mission for one district and period, with its Thai words."""

    GRADED = "graded"
    SCORE_ONLY = "score only"  # points without grades (Buriram)
    TARGETS = "targets"  # targets met, no grade (Sa Kaeo)
    NO_DATA = "no data"  # none of the mission's inputs given
    INCOMPLETE = "incomplete"  # some given: `missing` names the rest
    NO_CRITERIA = "no criteria"  # the letter names the mission without criteria yet

    @property
    def thai(self) -> str:
        return MISSION_STATUS_TH[self]


MISSION_STATUS_TH: dict[str, str] = {
    MissionStatus.GRADED: "ให้ระดับแล้ว",
    MissionStatus.SCORE_ONLY: "คะแนนเท่านั้น (ไม่มีระดับ)",
    MissionStatus.TARGETS: "เป้าหมาย (ไม่มีระดับ)",
    MissionStatus.NO_DATA: "ยังไม่มีข้อมูล",
    MissionStatus.INCOMPLETE: "ข้อมูลไม่ครบ",
    MissionStatus.NO_CRITERIA: "ยังไม่มีเกณฑ์",
}


# A result of these statuses was given no figures: shown as "–", never as a D.
WITHOUT_FIGURES = (MissionStatus.NO_DATA, MissionStatus.NO_CRITERIA)


@dataclass(frozen=True)
class MissionResult:
    mission: str
    title: str
    shape: str
    grade: str | None
    score: Fraction | None
    max_score: Fraction | None
    status: MissionStatus
    criteria: tuple[CriterionResult, ...] = ()
    gaps: tuple[Gap, ...] = ()
    missing: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()
    targets_met: int | None = None
    targets_total: int | None = None  # how many targets there are: known without the criteria rows


@dataclass(frozen=True)
class DistrictResult:
    scheme: str
    district: str
    period: str
    results: tuple[MissionResult, ...] = field(default_factory=tuple)


def grade_mission(mission: Mission, values: Mapping[str, Value], criteria: bool = True) -> MissionResult:
    """The mission's grade and score; with `criteria`, also every criterion against the best level."""
    if mission.shape == "none":
        return result_for(mission, MissionStatus.NO_CRITERIA)
    missing = missing_inputs(mission, values)
    reported = [k for k in mission.inputs if not CATALOGUE[k].reference and k in values]
    if not reported:
        return result_for(mission, MissionStatus.NO_DATA, missing=missing)
    if missing:
        rows = criteria_results(mission, values) if criteria else ()
        return result_for(mission, MissionStatus.INCOMPLETE, missing=missing, criteria=rows)
    return _grade_complete(mission, values, criteria)


def _grade_complete(mission: Mission, values: Mapping[str, Value], with_criteria: bool) -> MissionResult:
    criteria = criteria_results(mission, values) if with_criteria else ()
    if mission.shape in ("ladder", "bands"):
        return result_for(mission, MissionStatus.GRADED, grade=ladder_grade(mission, values), criteria=criteria)
    if mission.shape == "targets":
        met = sum(1 for item in mission.items if all(c.holds(values) for c in item.when))
        total = len(mission.items)
        return result_for(mission, MissionStatus.TARGETS, criteria=criteria, targets_met=met, targets_total=total)
    score, max_score = item_score(mission, values)
    grade = band_grade(mission, values, score)
    status = MissionStatus.GRADED if grade else MissionStatus.SCORE_ONLY
    return result_for(mission, status, grade=grade, score=score, max_score=max_score, criteria=criteria)


def result_for(
    mission: Mission,
    status: MissionStatus,
    grade: str | None = None,
    score: Fraction | None = None,
    max_score: Fraction | None = None,
    **found,
) -> MissionResult:
    """Made whole in one call: a country's grading makes tens of thousands of these."""
    readings = readings_of(mission)
    return MissionResult(
        mission.id, mission.title, mission.shape, grade, score, max_score, status, readings=readings, **found
    )


# ---- shapes ------------------------------------------------------------------------------------


def level_holds(mission: Mission, grade: str, values: Mapping[str, Value]) -> bool:
    rules = [c.levels[grade] for c in mission.criteria if grade in c.levels]
    return bool(rules) and all(cond.holds(values) for rule in rules for cond in rule.when)


def ladder_grade(mission: Mission, values: Mapping[str, Value]) -> str:
    return next((g for g in GRADES[:-1] if level_holds(mission, g, values)), "D")


def criterion_level(criterion: Criterion, values: Mapping[str, Value]) -> str:
    for grade in GRADES[:-1]:
        rule = criterion.levels.get(grade)
        if rule and all(c.holds(values) for c in rule.when):
            return grade
    return "D"


def applicable_items(mission: Mission, values: Mapping[str, Value]) -> list[Item]:
    return [item for item in mission.items if not is_not_applicable(item, values)]


def is_not_applicable(item: Item, values: Mapping[str, Value]) -> bool:
    return item.not_applicable and any(values.get(k) is NOT_APPLICABLE for k in item.inputs)


def item_points(item: Item, values: Mapping[str, Value]) -> Fraction | int:
    if not item.steps:
        assert item.points is not None  # an item without a step table is all-or-nothing: it has its points
        return item.points if all(c.holds(values) for c in item.when) else 0
    return next((s.points for s in item.steps if all(c.holds(values) for c in s.when)), 0)


def item_score(mission: Mission, values: Mapping[str, Value]) -> tuple[Fraction, Fraction]:
    """The score and the most it could be; a mean for step-mean missions."""
    items = applicable_items(mission, values)
    total = sum(item_points(i, values) for i in items)  # ints where the points are whole: exact, and fast
    most = sum(i.max_points for i in items)
    if mission.shape == "step-mean":
        count = len(items) or 1
        return Fraction(total, 1) / count, Fraction(most, 1) / count
    return Fraction(total), Fraction(most)


def band_scale(mission: Mission, values: Mapping[str, Value]) -> Fraction:
    """Bands shrink with the points left when items drop out as not applicable (RUBRICS §5, กองทุนชุมชน)."""
    if mission.shape == "step-mean" or not mission.max_points:
        return Fraction(1)
    remaining = sum(i.max_points for i in applicable_items(mission, values))
    return Fraction(remaining) / mission.max_points


def band_grade(mission: Mission, values: Mapping[str, Value], score: Fraction) -> str | None:
    if not mission.bands:
        return None
    scale = band_scale(mission, values)
    return next((b.grade for b in mission.bands if score >= b.min * scale), "D")


# ---- inputs and criteria -----------------------------------------------------------------------


def missing_inputs(mission: Mission, values: Mapping[str, Value]) -> tuple[str, ...]:
    dropped = {k for item in mission.items if is_not_applicable(item, values) for k in item.inputs}
    return tuple(k for k in mission.inputs if k not in dropped and not _usable(values.get(k)))


def _usable(value: object) -> bool:
    return value is not None and value is not NOT_APPLICABLE


def criteria_results(mission: Mission, values: Mapping[str, Value]) -> tuple[CriterionResult, ...]:
    rows: list[CriterionResult] = []
    for criterion in mission.criteria:
        top = criterion.levels[next(g for g in GRADES if g in criterion.levels)]
        level = _safe(lambda: criterion_level(criterion, values))
        rows += _rows(criterion.id, criterion.label, top.when, values, top.printed, level=level)
    for item in mission.items:
        if is_not_applicable(item, values):
            continue
        when = item.steps[0].when if item.steps else item.when
        printed = item.steps[0].printed if item.steps else item.printed
        points = None if mission.shape == "targets" else _safe(lambda: item_points(item, values))
        max_points = None if mission.shape == "targets" else item.max_points
        rows += _rows(item.id, item.label, when, values, printed, points=points, max_points=max_points)
    return tuple(rows)


def _rows(
    part_id: str, label: str, when: tuple[Condition, ...], values: Mapping[str, Value], printed: str, **extra
) -> list[CriterionResult]:
    single = len(when) == 1
    return [
        _row(part_id if single else f"{part_id}.{c.input}", label, c, values, printed, part=part_id, **extra)
        for c in when
    ]


def _row(
    row_id: str, label: str, condition: Condition, values: Mapping[str, Value], printed: str, **extra
) -> CriterionResult:
    indicator = CATALOGUE[condition.input]
    actual = values.get(condition.input)
    try:  # one missing input leaves all three unknown: the threshold is the one that may need a reference
        met: bool | None = condition.holds(values)
        required: Fraction | bool | None = condition.needed(values, indicator.step)
        bound: Fraction | bool | None = condition.threshold(values)
    except MissingInput:
        met = _safe(lambda: condition.holds(values))
        required = _safe(lambda: condition.needed(values, indicator.step))
        bound = _safe(lambda: condition.threshold(values))
    return CriterionResult(
        id=row_id,
        label=label,
        input=condition.input,
        met=met,
        actual=actual,
        required=required,
        op=condition.op,
        shortfall=shortfall(indicator, actual, required, met),
        printed=printed,
        bound=bound,
        **extra,
    )


def shortfall(
    indicator: Indicator, actual: Value | None, required: Fraction | bool | None, met: bool | None
) -> Fraction | None:
    """How far the value is from what is required, in the indicator's own units (0 when met)."""
    # required is known wherever met is: a rule that compares has its threshold
    if met is None or required is None or indicator.kind == "yesno" or not isinstance(actual, Fraction | int):
        return None
    if met:
        return Fraction(0)
    (a, b), (c, d) = _terms(required), _terms(actual)
    return Fraction(abs(a * d - c * b), b * d)  # |a/b − c/d|, made from ints: no slower conversion


def _terms(number: Fraction | int) -> tuple[int, int]:
    return (number.numerator, number.denominator) if type(number) is Fraction else (int(number), 1)


def readings_of(mission: Mission) -> tuple[str, ...]:
    known = _READINGS.get(id(mission))
    if known is not None and known[0] is mission:
        return known[1]
    readings = _readings(mission)
    if len(_READINGS) > 4096:  # drafts being edited make new missions: forget the old ones now and then
        _READINGS.clear()
    _READINGS[id(mission)] = (mission, readings)  # the mission is kept, so its id is not reused
    return readings


# Each mission's readings, worked out once: the same for every district.
_READINGS: dict[int, tuple[Mission, tuple[str, ...]]] = {}


def _readings(mission: Mission) -> tuple[str, ...]:
    parts: tuple[Criterion | Item, ...] = (*mission.criteria, *mission.items)
    notes = [mission.reading] + [part.reading for part in parts]
    return tuple(note for note in notes if note)


def _safe(compute):
    try:
        return compute()
    except MissingInput:
        return None


def has_figures(results: Iterable[DistrictResult]) -> bool:
    """Whether any mission of any district was given figures for the period."""
    return any(m.status not in WITHOUT_FIGURES for r in results for m in r.results)
