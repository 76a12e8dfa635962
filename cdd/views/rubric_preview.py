"""Preview of a draft rubric: a period's figures graded under the draft beside the version in force.

Nothing is stored. A draft for months that have no figures yet (next quarter's letter) is previewed
on a period that has them (last quarter's): its months are stretched over that period for the
preview only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cdd.grading.mission import CriterionResult, DistrictResult, MissionResult
from cdd.office.calendar import parse_period
from cdd.rubrics.model import Scheme
from cdd.store.database import registry_from
from cdd.store.period_grades import grade_by, grade_period

RANK = {"A": 4, "B": 3, "C": 2, "D": 1}
NONE = "–"  # no grade: no figures, or the mission gives none
UP, DOWN, SAME, UNGRADED = "ขึ้น", "ลง", "เท่าเดิม", "ให้ระดับไม่ได้"
DIRECTIONS = (UP, DOWN, SAME, UNGRADED)  # in the order the screen and the command line count them
COUNTED_AS = {UP: "ระดับขึ้น", DOWN: "ระดับลง", SAME: "เท่าเดิม", UNGRADED: "ให้ระดับไม่ได้"}  # the screen's metrics


@dataclass(frozen=True)
class Move:
    district: str
    name: str
    mission: str
    old: str | None
    new: str | None
    criteria: tuple[str, ...]  # the criteria or items met under one and not the other

    @property
    def direction(self) -> str:
        """A grade under both, compared; a district with no grade under either of the two (figures
        missing, or a mission that gives none) neither rose nor fell: it is counted on its own."""
        if self.old not in RANK or self.new not in RANK:
            return UNGRADED
        old, new = RANK[self.old or ""], RANK[self.new or ""]
        return UP if new > old else DOWN if new < old else SAME


@dataclass(frozen=True)
class Preview:
    period: str
    against: str  # the scheme id whose version in force the draft is set beside
    moves: tuple[Move, ...]

    def count(self, direction: str) -> int:
        return sum(1 for move in self.moves if move.direction == direction)

    def counts(self) -> dict[str, int]:
        """How many moved each way, every direction named even when none did."""
        return {direction: self.count(direction) for direction in DIRECTIONS}

    def rows(self) -> list[dict]:
        """One row per district and mission, as the screen and the command line show it."""
        return [
            {
                "อำเภอ": move.name,
                "ภารกิจ": move.mission,
                "ระดับเดิม": move.old or NONE,
                "ระดับใหม่": move.new or NONE,
                "เปลี่ยน": move.direction,
                "เกณฑ์ที่ทำให้เปลี่ยน": ", ".join(move.criteria),
            }
            for move in self.moves
        ]


def preview(con, draft: Scheme, period_token: str, against: str, province: str | None = None) -> Preview:
    """Grade `period_token` under the draft and under `against`'s version in force for it (`con`: the
    store's connection)."""
    period = parse_period(period_token)
    stretched = replace(draft, first_month=period.months[0].token, last_month=period.months[-1].token)
    if draft.grain == "quarter" and len(period.months) < 3:
        stretched = replace(stretched, grain="month")
    old = grade_period(con, against, period.token, province, "criteria")
    new = grade_by(con, stretched, period.token, province, "criteria")
    registry = registry_from(con)
    before = {r.district: r for r in old}
    moves = [
        move
        for result in new
        for move in _moves(result, before.get(result.district), registry.name_of(result.district))
    ]
    return Preview(period.token, against, tuple(moves))


def _moves(new: DistrictResult, old: DistrictResult | None, name: str) -> list[Move]:
    """Missions are matched by id, else by place (a clone may rename its mission after the scheme)."""
    earlier = list(old.results) if old else []
    by_id = {m.mission: m for m in earlier}
    moves = []
    for index, mission in enumerate(new.results):
        before = by_id.get(mission.mission) or (earlier[index] if index < len(earlier) else None)
        moves.append(Move(new.district, name, mission.title, _grade(before), _grade(mission), _moved(mission, before)))
    return moves


def _grade(result: MissionResult | None) -> str | None:
    return result.grade if result else None


def _moved(new: MissionResult, old: MissionResult | None) -> tuple[str, ...]:
    if old is None:
        return ()
    was = {c.id: _standing(c) for c in old.criteria}
    return tuple(dict.fromkeys(c.label for c in new.criteria if was.get(c.id, _standing(c)) != _standing(c)))


def _standing(criterion: CriterionResult) -> tuple:
    """What a criterion gave: its level on a ladder, its points on a score, whether it was met."""
    return (criterion.level, criterion.points, criterion.met)
