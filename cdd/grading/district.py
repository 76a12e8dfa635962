"""A district's whole result for a period: every mission graded, then what each still owes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from cdd.grading.gaps import gaps_for
from cdd.grading.mission import DistrictResult, MissionResult, grade_mission
from cdd.rubrics.indicators import Value
from cdd.rubrics.model import Mission, Scheme

# Statuses whose result has something left to reach; "no data", "incomplete" and "no criteria" do not.
GRADED_STATUSES = ("graded", "score only", "targets")
# How much of a result to work out: the grade and score only (a grid across the year), also every
# criterion (a heatmap of criteria, target versus actual), or also the gaps (the gap list).
DETAIL = ("grades", "criteria", "gaps")


def grade_district(
    scheme: Scheme,
    district: str,
    period: str,
    values: Mapping[str, Value],
    detail: str = "gaps",
    late: Mapping[str, str] | None = None,
) -> DistrictResult:
    """`late` maps an input to why its latest step does not score (reported after its date): the
    values are already held below that step (cdd.grading.steps); the criterion says why."""
    results = [grade_one(mission, values, detail, late) for mission in scheme.missions]
    return DistrictResult(scheme.id, district, period, tuple(results))


def grade_one(
    mission: Mission, values: Mapping[str, Value], detail: str = "gaps", late: Mapping[str, str] | None = None
) -> MissionResult:
    """One mission of one district, worked out to `detail`."""
    result = grade_mission(mission, values, criteria=detail != "grades")
    if late and result.criteria:
        rows = tuple(replace(row, late=late.get(row.input, "")) for row in result.criteria)
        result = replace(result, criteria=rows)
    if detail == "gaps" and result.status in GRADED_STATUSES:
        result = MissionResult(**{**vars(result), "gaps": gaps_for(mission, values, result)})  # as replace(), faster
    return result


def grade_many(
    scheme: Scheme,
    period: str,
    values_by_district: Mapping[str, Mapping[str, Value]],
    detail: str = "gaps",
    late_by_district: Mapping[str, Mapping[str, str]] | None = None,
) -> list[DistrictResult]:
    """A whole province (or the country) for one period, in one call."""
    late = late_by_district or {}
    return [
        grade_district(scheme, code, period, values, detail, late.get(code))
        for code, values in values_by_district.items()
    ]
