"""What a district still owes: the smallest change that reaches the next grade, and the change that reaches A.

Changes are in real units: an input and the value it must reach ("heads who downloaded: 3 → 4").
For ladders every failing rule of the level must change. For scored missions the fewest items that
add enough points are chosen; where any one item is enough, each such item is offered as an option.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from cdd.grading.mission import Change, Gap, MissionResult, Option, applicable_items, band_scale, item_points
from cdd.rubrics.conditions import Condition
from cdd.rubrics.indicators import CATALOGUE, Value
from cdd.rubrics.model import GRADES, Item, Mission


def gaps_for(
    mission: Mission,
    values: Mapping[str, Value],
    result: MissionResult,
    moves: Moves | None = None,
    changes: Changes | None = None,
) -> tuple[Gap, ...]:
    """`moves` finds an item's moves and `changes` the changes a list of parts asks (item_moves and
    changes_for, or the same kept for figures seen before: cdd.grading.at_once)."""
    if mission.shape in ("ladder", "bands"):
        return _ladder_gaps(mission, values, result.grade, changes or changes_for)
    if mission.shape == "targets":
        return _target_gaps(mission, values, changes or changes_for)
    if mission.bands:
        return _band_gaps(mission, values, result, moves or item_moves)
    return _score_only_gaps(mission, values, moves or item_moves)


def targets_above(grade: str | None) -> list[tuple[str, str]]:
    """('next', grade above) and ('A', 'A'), without repeating A."""
    if grade not in GRADES or grade == "A":
        return []
    above = GRADES[GRADES.index(grade) - 1]
    return [("next", above)] + ([("A", "A")] if above != "A" else [])


# ---- ladders -----------------------------------------------------------------------------------


def _ladder_gaps(mission: Mission, values: Mapping[str, Value], grade: str | None, find: Changes) -> tuple[Gap, ...]:
    gaps = []
    for target, goal in targets_above(grade):
        gaps.append(Gap(target, goal, "all", (Option(find(level_parts(mission, goal), values)),)))
    return tuple(gaps)


Parts = Sequence[tuple[str, Condition]]  # (the criterion's or item's id, one of its conditions)


def level_parts(mission: Mission, goal: str) -> Parts:
    """Every condition the level `goal` asks across the mission's criteria; the same tuple each time for the
    same mission and level, so that what was found for it can be kept."""
    return _kept(("level", id(mission), goal), mission, lambda: _level_parts(mission, goal))


def _level_parts(mission: Mission, goal: str) -> Parts:
    return tuple(
        (criterion.id, condition)
        for criterion in mission.criteria
        for grade_rule in [criterion.levels.get(goal)]
        if grade_rule
        for condition in grade_rule.when
    )


def target_parts(mission: Mission) -> Parts:
    """Every target's conditions, as level_parts keeps them."""
    return _kept(("targets", id(mission)), mission, lambda: tuple((i.id, c) for i in mission.items for c in i.when))


# Parts by mission, made once; the mission is kept with them, so its id is not reused.
_PARTS: dict[tuple, tuple[Mission, Parts]] = {}


def _kept(key: tuple, mission: Mission, make: Callable[[], Parts]) -> Parts:
    known = _PARTS.get(key)
    if known is not None and known[0] is mission:
        return known[1]
    if len(_PARTS) > 4096:  # drafts being edited make new missions: forget the old ones now and then
        _PARTS.clear()
    parts = make()
    _PARTS[key] = (mission, parts)
    return parts


def changes_for(parts: Parts, values: Mapping[str, Value]) -> tuple[Change, ...]:
    """One change per input for the failing conditions, each to the most demanding value asked of it,
    with the comparison that asks it (a strict bound is said as the letter says it: 'มากกว่า 70%')."""
    wanted: dict[str, tuple[str, Fraction | bool, Condition]] = {}
    for part_id, condition in parts:
        if condition.holds(values):
            continue
        indicator = CATALOGUE[condition.input]
        after = condition.needed(values, indicator.step)
        if condition.input in wanted:
            _, before, asked_by = wanted[condition.input]
            if _stricter(condition, before, after) == before:
                after, condition = before, asked_by
        wanted[condition.input] = (part_id, after, condition)
    return tuple(_change(part_id, after, condition, values) for part_id, after, condition in wanted.values())


def _stricter(condition: Condition, one: Fraction | bool, other: Fraction | bool) -> Fraction | bool:
    if isinstance(one, bool):
        return one or other
    return min(one, other) if condition.lower_is_better else max(one, other)


def _change(part_id: str, after: Fraction | bool, condition: Condition, values: Mapping[str, Value]) -> Change:
    key = condition.input
    indicator = CATALOGUE[key]
    bound = condition.threshold(values)
    return Change(part_id, key, indicator.label, values.get(key), after, indicator.unit, condition.op, bound)


# ---- scored missions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """Raising one item to one of its better rows."""

    item: Item
    gain: Fraction | int
    changes: tuple[Change, ...]


def item_moves(item: Item, values: Mapping[str, Value]) -> list[Move]:
    """Every better row of an item with the changes it takes, nearest first."""
    now = item_points(item, values)
    rows = [(s.points, s.when) for s in reversed(item.steps)] if item.steps else [(item.max_points, item.when)]
    moves = []
    for points, when in rows:
        if points > now:
            changes = changes_for([(item.id, c) for c in when], values)
            moves.append(Move(item, points - now, changes))
    return moves


Moves = Callable[[Item, Mapping[str, Value]], list[Move]]


def fewest_moves(moves_by_item: list[list[Move]], gain_needed: Fraction) -> list[Move] | None:
    """The fewest items (then the fewest changes) whose moves add at least `gain_needed` points.

    The points are counted in whole units of their common denominator: the same choices as with the
    fractions themselves (a positive scale keeps every order and equality), without making a Fraction
    for every sum the search tries."""
    unit = math.lcm(
        Fraction(gain_needed).denominator, *(Fraction(m.gain).denominator for ms in moves_by_item for m in ms)
    )
    needed = int(gain_needed * unit)
    gains = [[(int(move.gain * unit), move) for move in moves] for moves in moves_by_item]
    best: dict[int, tuple[tuple[int, int], list[Move]]] = {0: ((0, 0), [])}
    for moves in gains:
        for reached, (cost, chosen) in list(best.items()):
            for gain, move in moves:
                total = min(reached + gain, needed)
                new_cost = (cost[0] + 1, cost[1] + len(move.changes))
                if total not in best or new_cost < best[total][0]:
                    best[total] = (new_cost, chosen + [move])
    return best[needed][1] if needed in best else None


def _band_gaps(mission: Mission, values: Mapping[str, Value], result: MissionResult, find: Moves) -> tuple[Gap, ...]:
    items = applicable_items(mission, values)
    moves = [find(item, values) for item in items]
    count = len(items) if mission.shape == "step-mean" else 1
    scale = band_scale(mission, values)
    gaps = []
    for target, goal in targets_above(result.grade):
        band = next(b for b in mission.bands if b.grade == goal)
        assert result.score is not None  # a scored mission with a grade has its score
        needed = band.min * scale * count - result.score * count
        gaps.append(_gap_for_points(target, goal, moves, needed, count))
    return tuple(gaps)


def _gap_for_points(target: str, goal: str | None, moves: list[list[Move]], needed: Fraction, count: int) -> Gap:
    chosen = fewest_moves(moves, needed)
    if chosen is None:
        return Gap(target, goal, "all", ())
    if len(chosen) == 1:
        singles = [_single_best(item_moves_, needed) for item_moves_ in moves]
        options = tuple(Option(m.changes, Fraction(m.gain) / count) for m in singles if m is not None)
        return Gap(target, goal, "any", options)
    changes = tuple(change for move in chosen for change in move.changes)
    return Gap(target, goal, "all", (Option(changes, Fraction(sum((m.gain for m in chosen), Fraction(0))) / count),))


def _single_best(moves: list[Move], needed: Fraction) -> Move | None:
    enough = [m for m in moves if m.gain >= needed]
    return min(enough, key=lambda m: (len(m.changes), m.gain), default=None)


def _score_only_gaps(mission: Mission, values: Mapping[str, Value], find: Moves) -> tuple[Gap, ...]:
    """No grades: each item's next row ('next', any one), and every item at its best ('max')."""
    moves = [find(item, values) for item in applicable_items(mission, values)]
    nearest = tuple(Option(m[0].changes, m[0].gain) for m in moves if m)
    if not nearest:
        return ()
    best = [m[-1] for m in moves if m]
    full = Option(tuple(c for m in best for c in m.changes), sum((m.gain for m in best), Fraction(0)))
    return (Gap("next", None, "any", nearest), Gap("max", None, "all", (full,)))


def _target_gaps(mission: Mission, values: Mapping[str, Value], find: Changes) -> tuple[Gap, ...]:
    changes = find(target_parts(mission), values)
    return (Gap("targets", None, "all", (Option(changes),)),) if changes else ()


Changes = Callable[[Parts, Mapping[str, Value]], tuple[Change, ...]]
