"""Rubrics as data: one TOML file a scheme under `cdd/rubrics/`, the letter's Thai wording beside each rule.

The five shapes of RUBRICS §2:

- `points`     items score points (all-or-nothing, or a step table); the sum falls in a grade band
- `step-mean`  items are step tables (100/75/50/25); their mean falls in a grade band
- `ladder`     criteria × levels; the grade is the highest level whose rules all hold
- `bands`      a ladder of one criterion: one measure against a lower bound per grade
- `targets`    monthly targets with no grade
- `none`       a mission the letter names without criteria (yet)

Bands are kept by their lower bound so every value falls in exactly one; the printed wording (and,
where the letter printed a range, that range) stays beside the rule for people and for `cdd lint`.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from pathlib import Path

from cdd.errors import CddError
from cdd.office.calendar import Month
from cdd.rubrics.conditions import Condition
from cdd.rubrics.indicators import ROLLUPS, SHIPPED, Indicator, bring, indicator_from_dict

RUBRIC_DIR = Path(__file__).resolve().parent
RUBRICS_ENV = "CDD_RUBRICS"  # another folder of rubric files: the benchmark's national copies


class Grade(StrEnum):
    """A grade of the letters, best first. A StrEnum: it is the letter wherever a letter is written."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def rank(self) -> int:
        """4 for A down to 1 for D: higher is better, for comparing and for averaging grades."""
        return 4 - GRADES.index(self)


GRADES = tuple(Grade)


def grade_rank(grade: str | None) -> int:
    """The rank of a grade written as a letter; 0 for no grade ('', None, '–'), below every grade."""
    return Grade(grade).rank if grade in GRADES else 0


class Shape(StrEnum):
    """The shapes of RUBRICS §2, and `none` for a mission the letter names without criteria."""

    POINTS = "points"
    STEP_MEAN = "step-mean"
    LADDER = "ladder"
    BANDS = "bands"
    TARGETS = "targets"
    NONE = "none"


SHAPES = tuple(Shape)


class RubricError(CddError, ValueError):
    pass


@dataclass(frozen=True)
class Step:
    """One row of a step table: the points, when they are earned, and the row as printed."""

    points: Fraction | int  # a plain int when whole (see _points)
    when: tuple[Condition, ...] = ()
    printed: str = ""
    range: str | None = None  # the printed range in interval notation, e.g. "[80, 88.99]", for lint


@dataclass(frozen=True)
class Item:
    """A scored item (points, step-mean) or a target (targets)."""

    id: str
    label: str
    printed: str = ""
    points: Fraction | int | None = None  # all-or-nothing points; None for a step table or a target
    when: tuple[Condition, ...] = ()
    steps: tuple[Step, ...] = ()
    not_applicable: bool = False  # may be reported "not applicable": the item drops out
    reading: str = ""
    short: str = ""  # a few words for a column head; the label when empty

    @property
    def name(self) -> str:
        return self.short or self.label

    @cached_property
    def max_points(self) -> Fraction | int:
        if self.steps:
            return max(step.points for step in self.steps)
        return self.points or 0

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        conditions = self.when + tuple(c for step in self.steps for c in step.when)
        return _unique(key for c in conditions for key in c.inputs)


@dataclass(frozen=True)
class LevelRule:
    when: tuple[Condition, ...]
    printed: str = ""


@dataclass(frozen=True)
class Criterion:
    """One row of a ladder: what each level asks of one thing."""

    id: str
    label: str
    levels: dict[str, LevelRule]
    reading: str = ""
    short: str = ""

    @property
    def name(self) -> str:
        return self.short or self.label

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        return _unique(key for rule in self.levels.values() for c in rule.when for key in c.inputs)


@dataclass(frozen=True)
class Band:
    grade: str
    min: Fraction
    printed: str = ""
    range: str | None = None


@dataclass(frozen=True)
class Group:
    """Items the letter prints under one heading with its own maximum (Buriram's areas)."""

    id: str
    label: str
    printed_max: Fraction
    items: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    """A level of a ladder as the letter printed it, with its nominal points if any."""

    grade: str
    printed: str = ""
    nominal_points: Fraction | None = None


@dataclass(frozen=True)
class Mission:
    id: str
    title: str
    shape: str
    printed: str = ""
    reading: str = ""
    items: tuple[Item, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    bands: tuple[Band, ...] = ()
    levels: tuple[Level, ...] = ()
    groups: tuple[Group, ...] = ()
    printed_max: Fraction | None = None
    short: str = ""
    deadline: Deadline | None = None  # the mission's own dates where the letter sets them (Lampang จปฐ)

    @property
    def name(self) -> str:
        return self.short or self.title

    @property
    def parts(self) -> tuple[Criterion | Item, ...]:
        """The criteria, then the items (a mission has one or the other)."""
        return (*self.criteria, *self.items)

    def part_names(self) -> dict[str, str]:
        """Each criterion's or item's short name, by id."""
        return {part.id: part.name for part in self.parts}

    @cached_property
    def max_points(self) -> Fraction:
        return Fraction(sum(item.max_points for item in self.items))

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        parts = self.items or self.criteria
        return _unique(key for part in parts for key in part.inputs)


@dataclass(frozen=True)
class Deadline:
    """When a month's figures are due: a day of the following month, or the letter's own report rounds.

    Every moment is Thai wall-clock time (the office clock, Asia/Bangkok), as stamps are kept. A day of the
    next month may carry a time of day (`time = "15:30"`: due at 15.30 on that day); without one it is due
    by the end of the day. A round is a date, or a date and the time the letter prints ("๑๙ พฤษภาคม ๒๕๖๗
    เวลา ๑๖.๓๐ น." is "2024-05-19 16:30"). A deadline that cannot be read is refused with a Thai sentence."""

    day_of_next_month: int | None = None
    rounds: dict[str, str] = field(default_factory=dict)  # month token → ISO date (CE), with a time if printed
    printed: str = ""
    time: str = ""  # "HH:MM", the time of day of `day_of_next_month`; "" for the end of the day

    def __post_init__(self) -> None:
        if self.day_of_next_month is not None and not 1 <= self.day_of_next_month <= LAST_DAY_EVERY_MONTH:
            raise RubricError(
                f"วันส่งรายงาน {self.day_of_next_month} ใช้ไม่ได้: ใช้วันที่ 1 ถึง {LAST_DAY_EVERY_MONTH} "
                "ของเดือนถัดไป (ทุกเดือนมีวันนั้น)"
            )
        if self.time:
            clock_time(self.time)
        for token, text in self.rounds.items():
            try:
                dt.datetime.fromisoformat(text)
            except ValueError:
                raise RubricError(
                    f"รอบส่งของเดือน {token} '{text}' อ่านไม่ได้: เขียนวันที่แบบ 2024-05-19 หรือ 2024-05-19 16:30"
                ) from None

    def due(self, month: Month) -> dt.date | None:
        """'By the 15th of every month' means a month's figures are due on the 15th of the next (RUBRICS §8)."""
        moment = self.due_at(month)
        return moment.date() if moment else None

    def due_at(self, month: Month) -> dt.datetime | None:
        """The deadline as a wall-clock moment: the printed time, or the end of the day when none is printed."""
        if month.token in self.rounds:
            text = self.rounds[month.token]
            moment = dt.datetime.fromisoformat(text)
            return moment if _has_clock_time(text) else _end_of_day(moment.date())
        if self.day_of_next_month is None:
            return None
        day = month.next().first_day.replace(day=self.day_of_next_month)
        return dt.datetime.combine(day, clock_time(self.time)) if self.time else _end_of_day(day)

    def late_from(self, month: Month) -> dt.datetime | None:
        """The first moment that is late. A time is read to the minute: at 16.30, 16:30:59 is still 16.30."""
        moment = self.due_at(month)
        return moment + dt.timedelta(minutes=1) if moment else None

    def has_time(self, month: Month) -> bool:
        if month.token in self.rounds:
            return _has_clock_time(self.rounds[month.token])
        return bool(self.time) and self.day_of_next_month is not None


# The last day every month has: a deadline on the 29th to the 31st would not exist in some months.
LAST_DAY_EVERY_MONTH = 28


def clock_time(text: str) -> dt.time:
    """'15:30' → 15.30 on the office clock; a RubricError in Thai for anything else."""
    try:
        hour, minute = (int(part) for part in text.split(":"))
        return dt.time(hour, minute)
    except ValueError:
        raise RubricError(f"เวลา '{text}' อ่านไม่ได้: เขียนเป็นชั่วโมง:นาที เช่น 15:30") from None


def _has_clock_time(text: str) -> bool:
    return "T" in text or " " in text


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59))


@dataclass(frozen=True)
class Derived:
    """An input worked out from others when it is not given. Either a percentage rounded half up (Click
    Q2's monthly shop target is "5% of the district's OTOP operators": 70 → 3.5 → 4, as the letter's table
    prints), or a count of yes answers (องค์กรคุณธรรม: honours for a moral organisation, for a moral unit),
    whose yes/no columns the form asks for instead of the count."""

    key: str
    sources: tuple[str, ...]
    percent: Fraction | None = None  # None: count the yes answers of `sources`
    printed: str = ""

    @property
    def counts_yes(self) -> bool:
        return self.percent is None

    def value(self, values: Mapping) -> Fraction | None:
        given = [values.get(source) for source in self.sources]
        if self.percent is None:  # a count of yeses
            answers = [v for v in given if isinstance(v, bool)]
            return Fraction(sum(answers)) if len(answers) == len(given) else None
        source = given[0]
        if not isinstance(source, Fraction | int) or isinstance(source, bool):
            return None
        return Fraction(math.floor(self.percent * source / 100 + Fraction(1, 2)))


@dataclass(frozen=True)
class DatedStep:
    """A step of a running total that scores only when first reported in a month no later than `by`
    (Buriram: 4.1's lessons learned by 31 Mar 2568, 4.2's committee in January 2568, RUBRICS §12)."""

    input: str
    step: int
    by: str  # the last month (token) in which the step may first be reported
    printed: str = ""


@dataclass(frozen=True)
class ProvinceTarget:
    """A target of the province itself, beside its districts' (RUBRICS §12): Chiang Rai's 1,200 downloads a
    month; Sa Kaeo's 9 new shops a month and leaders' downloads ≥ 80% of the department's 758."""

    province: str
    input: str
    needed: Fraction  # a month's need, or for a running count the need of the year
    printed: str = ""


@dataclass(frozen=True)
class Scheme:
    id: str
    title: str
    letter: str
    provinces: tuple[str, ...]
    grain: str  # month | quarter | year: the period a grade is given for
    first_month: str
    last_month: str
    deadline: Deadline
    rollup: dict[str, str]
    missions: tuple[Mission, ...]
    note: str = ""
    derived: tuple[Derived, ...] = ()
    dated_steps: tuple[DatedStep, ...] = ()
    province_targets: tuple[ProvinceTarget, ...] = ()
    running_totals: tuple[str, ...] = ()  # inputs reported as a running total to the end of the month
    running_from: str = ""  # where the running totals start, as a clerk reads it
    indicators: tuple[Indicator, ...] = ()  # the scheme's own indicators, beyond the shipped catalogue
    path: Path | None = field(default=None, compare=False)

    @cached_property
    def accepted_inputs(self) -> tuple[str, ...]:
        """What a person may give: the inputs, and the figures a derived input is worked out from."""
        return _unique((*self.inputs, *(s for d in self.derived for s in d.sources)))

    @cached_property
    def form_inputs(self) -> tuple[str, ...]:
        """The columns of the form: a count of yes answers is asked as its yes/no columns."""
        counted = {d.key: d.sources for d in self.derived if d.counts_yes}
        return _unique(k for key in self.inputs for k in counted.get(key, (key,)))

    def with_derived(self, given: Mapping) -> dict:
        """The given values and any input derived from them; a given value always wins over a derived one."""
        out = dict(given)
        for rule in self.derived:
            if rule.key not in out and (value := rule.value(out)) is not None:
                out[rule.key] = value
        return out

    def deadline_of(self, mission_id: str) -> Deadline:
        """The mission's own deadline where the letter sets one, else the scheme's."""
        return self.mission(mission_id).deadline or self.deadline

    @property
    def missions_with_own_deadline(self) -> tuple[Mission, ...]:
        return tuple(m for m in self.missions if m.deadline is not None)

    def mission(self, mission_id: str) -> Mission:
        for mission in self.missions:
            if mission.id == mission_id:
                return mission
        raise KeyError(mission_id)

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        return _unique(key for mission in self.missions for key in mission.inputs)

    @property
    def months(self) -> list[Month]:
        """Every month the letter covers, first to last."""
        return list(self._months)

    @cached_property
    def _months(self) -> tuple[Month, ...]:
        """Worked out once a scheme: the screens ask for them on every run."""
        months = [_month(self.first_month)]
        while months[-1] < _month(self.last_month):
            months.append(months[-1].next())
        return tuple(months)

    def covers(self, month: Month) -> bool:
        return _month(self.first_month) <= month <= _month(self.last_month)

    def months_in(self, fiscal_year: int) -> list[Month]:
        return [m for m in self.months if m.fiscal_year == fiscal_year]

    def months_of(self, period) -> list[Month]:
        """The period's months that the letter covers: a fiscal year of Buriram is January to June 2568."""
        return [m for m in period.months if self.covers(m)]

    def allows_not_applicable(self, key: str) -> bool:
        """Whether a province may report this input as 'not applicable' (no target there)."""
        return any(item.not_applicable and key in item.inputs for m in self.missions for item in m.items)


def _month(token: str) -> Month:
    year, month = token.split("-")
    return Month(int(year), int(month))


def _unique(keys) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))


# ---- reading and writing the files -------------------------------------------------------------


def load_scheme(path: Path) -> Scheme:
    with path.open("rb") as f:
        raw = tomllib.load(f)
    try:
        return scheme_from_dict(raw, path)
    except (KeyError, TypeError, ValueError) as error:
        raise RubricError(f"{path.name}: {error}") from error


def load_schemes(directory: Path | None = None) -> dict[str, Scheme]:
    directory = directory or Path(os.environ.get(RUBRICS_ENV) or RUBRIC_DIR)
    schemes = [load_scheme(p) for p in sorted(directory.glob("*.toml")) if p.name != "indicators.toml"]
    for scheme in schemes:
        problems = check_scheme(scheme, known_inputs(scheme))
        if problems:
            raise RubricError(f"{scheme.path.name if scheme.path else scheme.id}: " + "; ".join(problems))
    return {scheme.id: scheme for scheme in schemes}


def known_inputs(scheme: Scheme) -> set[str]:
    """The inputs a scheme may use: the shipped catalogue's and its own, so that its file stands alone."""
    return set(SHIPPED) | {indicator.key for indicator in scheme.indicators}


def check_scheme(scheme: Scheme, known_inputs: set[str]) -> list[str]:
    """What makes a rubric unusable (not what makes it odd: that is `cdd lint`)."""
    problems = [f"unknown input '{key}'" for key in scheme.inputs if key not in known_inputs]
    problems += [f"rollup of unknown input '{key}'" for key in scheme.rollup if key not in known_inputs]
    problems += [f"rollup '{rule}' for {key}" for key, rule in scheme.rollup.items() if rule not in ROLLUPS]
    for mission in scheme.missions:
        item_ids = {item.id for item in mission.items}
        problems += [
            f"{mission.id}: group {g.id} names unknown items" for g in mission.groups if not set(g.items) <= item_ids
        ]
        minima = [band.min for band in mission.bands]
        if minima != sorted(minima, reverse=True) or len(set(minima)) != len(minima):
            problems.append(f"{mission.id}: bands must go from A down with falling lower bounds")
        if mission.shape in ("ladder", "bands") and not mission.criteria:
            problems.append(f"{mission.id}: a {mission.shape} needs criteria")
        if mission.shape == "bands" and len(mission.criteria) != 1:
            problems.append(f"{mission.id}: bands grade one measure: exactly one criterion")
    return problems


def scheme_from_dict(raw: dict, path: Path | None = None, draft: bool = False) -> Scheme:
    """The scheme of a TOML table. Its own indicators join the catalogue (see `indicators.bring`): for good
    when it is stored or shipped, for now when it is a draft being edited."""
    own = tuple(indicator_from_dict(key, fields) for key, fields in raw.get("indicators", {}).items())
    bring(own, draft=draft)
    return Scheme(
        id=raw["id"],
        title=raw["title"],
        letter=raw.get("letter", ""),
        provinces=tuple(raw["provinces"]),
        grain=raw["grain"],
        first_month=raw["months"][0],
        last_month=raw["months"][1],
        deadline=Deadline(**raw.get("deadline", {})),
        rollup=dict(raw.get("rollup", {})),
        missions=tuple(_mission(m) for m in raw["missions"]),
        note=raw.get("note", ""),
        derived=tuple(_derived(key, rule) for key, rule in raw.get("derived", {}).items()),
        dated_steps=tuple(
            DatedStep(d["input"], int(d["step"]), d["by"], d.get("printed", "")) for d in raw.get("dated_steps", [])
        ),
        province_targets=tuple(_province_target(r) for r in raw.get("province_targets", [])),
        running_totals=tuple(raw.get("running_totals", [])),
        running_from=raw.get("running_from", ""),
        indicators=own,
        path=path,
    )


def _province_target(raw: dict) -> ProvinceTarget:
    """`per_month`, or `percent` of `of` rounded up as every "at least X% of N" (RUBRICS §2)."""
    if "per_month" in raw:
        needed = Fraction(raw["per_month"])
    else:
        needed = Fraction(math.ceil(Fraction(str(raw["percent"])) * raw["of"] / 100))
    return ProvinceTarget(raw["province"], raw["input"], needed, raw.get("printed", ""))


def _derived(key: str, raw: dict) -> Derived:
    if "count_yes" in raw:
        return Derived(key, tuple(raw["count_yes"]), None, raw.get("printed", ""))
    return Derived(key, (raw["from"],), Fraction(str(raw["percent"])), raw.get("printed", ""))


def _mission(raw: dict) -> Mission:
    shape = raw["shape"]
    if shape not in SHAPES:
        raise RubricError(f"mission {raw['id']}: shape '{shape}' is not one of {SHAPES}")
    return Mission(
        id=raw["id"],
        title=raw["title"],
        shape=Shape(shape),
        printed=raw.get("printed", ""),
        reading=raw.get("reading", ""),
        items=tuple(_item(i) for i in raw.get("items", [])),
        criteria=tuple(_criterion(c) for c in raw.get("criteria", [])),
        bands=tuple(
            Band(b["grade"], Fraction(b["min"]), b.get("printed", ""), b.get("range")) for b in raw.get("bands", [])
        ),
        levels=tuple(_level(lv) for lv in raw.get("levels", [])),
        groups=tuple(_group(g) for g in raw.get("groups", [])),
        printed_max=_fraction(raw.get("printed_max")),
        short=raw.get("short", ""),
        deadline=Deadline(**raw["deadline"]) if "deadline" in raw else None,
    )


def _item(raw: dict) -> Item:
    return Item(
        id=raw["id"],
        label=raw["label"],
        printed=raw.get("printed", ""),
        points=None if raw.get("points") is None else _points(raw["points"]),
        when=_conditions(raw.get("when", [])),
        steps=tuple(_step(s) for s in raw.get("steps", [])),
        not_applicable=raw.get("not_applicable", False),
        reading=raw.get("reading", ""),
        short=raw.get("short", ""),
    )


def _step(raw: dict) -> Step:
    return Step(_points(raw["points"]), _conditions(raw.get("when", [])), raw.get("printed", ""), raw.get("range"))


def _points(raw: object) -> Fraction | int:
    """Points as a plain int when whole (all the letters' are): summing a country's scores in ints is
    several times cheaper than in Fractions, and as exact."""
    points = Fraction(str(raw))
    return points.numerator if points.denominator == 1 else points


def _criterion(raw: dict) -> Criterion:
    levels = {
        grade: LevelRule(_conditions(rule.get("when", [])), rule.get("printed", ""))
        for grade, rule in raw.items()
        if grade in GRADES
    }
    return Criterion(raw["id"], raw["label"], levels, raw.get("reading", ""), raw.get("short", ""))


def _level(raw: dict) -> Level:
    return Level(raw["grade"], raw.get("printed", ""), _fraction(raw.get("nominal_points")))


def _group(raw: dict) -> Group:
    return Group(raw["id"], raw["label"], Fraction(raw["printed_max"]), tuple(raw["items"]))


def _conditions(raw: str | list[str]) -> tuple[Condition, ...]:
    texts = [raw] if isinstance(raw, str) else raw
    return tuple(Condition.parse(text) for text in texts)


def _fraction(raw: object) -> Fraction | None:
    return None if raw is None else Fraction(str(raw))
