"""Writing a rubric back to TOML, so an edited rubric is saved in the same shape it was read in."""

from __future__ import annotations

from fractions import Fraction

import tomli_w

from cdd.rubrics.indicators import indicator_to_dict
from cdd.rubrics.model import GRADES, Criterion, Item, Mission, Scheme, Step


def dumps_scheme(scheme: Scheme) -> str:
    return tomli_w.dumps(scheme_to_dict(scheme))


def scheme_to_dict(scheme: Scheme) -> dict:
    return _drop_empty(
        {
            "id": scheme.id,
            "title": scheme.title,
            "letter": scheme.letter,
            "note": scheme.note,
            "provinces": list(scheme.provinces),
            "grain": scheme.grain,
            "months": [scheme.first_month, scheme.last_month],
            "deadline": _deadline(scheme.deadline),
            "rollup": scheme.rollup,
            "derived": {d.key: _derived(d) for d in scheme.derived},
            "province_targets": [
                _drop_empty(
                    {"province": p.province, "input": p.input, "per_month": _number(p.needed), "printed": p.printed}
                )
                for p in scheme.province_targets
            ],
            "running_totals": list(scheme.running_totals),
            "running_from": scheme.running_from,
            "dated_steps": [
                _drop_empty({"input": d.input, "step": d.step, "by": d.by, "printed": d.printed})
                for d in scheme.dated_steps
            ],
            "indicators": {i.key: indicator_to_dict(i) for i in scheme.indicators},
            "missions": [_mission(m) for m in scheme.missions],
        }
    )


def _derived(rule) -> dict:
    if rule.counts_yes:
        return _drop_empty({"count_yes": list(rule.sources), "printed": rule.printed})
    return _drop_empty({"from": rule.sources[0], "percent": _number(rule.percent), "printed": rule.printed})


def _deadline(deadline) -> dict | None:
    if deadline is None:
        return None
    return _drop_empty(
        {
            "day_of_next_month": deadline.day_of_next_month,
            "time": deadline.time,
            "rounds": deadline.rounds,
            "printed": deadline.printed,
        }
    )


def _mission(mission: Mission) -> dict:
    return _drop_empty(
        {
            "id": mission.id,
            "deadline": _deadline(mission.deadline),
            "title": mission.title,
            "short": mission.short,
            "shape": mission.shape,
            "printed": mission.printed,
            "reading": mission.reading,
            "printed_max": _number(mission.printed_max),
            "levels": [
                _drop_empty({"grade": lv.grade, "printed": lv.printed, "nominal_points": _number(lv.nominal_points)})
                for lv in mission.levels
            ],
            "bands": [
                _drop_empty({"grade": b.grade, "min": _number(b.min), "printed": b.printed, "range": b.range})
                for b in mission.bands
            ],
            "groups": [
                {"id": g.id, "label": g.label, "printed_max": _number(g.printed_max), "items": list(g.items)}
                for g in mission.groups
            ],
            "criteria": [_criterion(c) for c in mission.criteria],
            "items": [_item(i) for i in mission.items],
        }
    )


def _criterion(criterion: Criterion) -> dict:
    out: dict = {"id": criterion.id, "label": criterion.label, "short": criterion.short, "reading": criterion.reading}
    for grade in GRADES:
        if rule := criterion.levels.get(grade):
            out[grade] = _drop_empty({"when": [str(c) for c in rule.when], "printed": rule.printed})
    return _drop_empty(out)


def _item(item: Item) -> dict:
    return _drop_empty(
        {
            "id": item.id,
            "label": item.label,
            "short": item.short,
            "printed": item.printed,
            "points": _number(item.points),
            "when": [str(c) for c in item.when],
            "not_applicable": item.not_applicable or None,
            "reading": item.reading,
            "steps": [_step(s) for s in item.steps],
        }
    )


def _step(step: Step) -> dict:
    return _drop_empty(
        {
            "points": _number(step.points),
            "when": [str(c) for c in step.when],
            "printed": step.printed,
            "range": step.range,
        }
    ) | {"points": _number(step.points)}


def _number(value: Fraction | int | None) -> int | float | None:
    if value is None:
        return None
    return value.numerator if value.denominator == 1 else float(value)


def _drop_empty(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}
