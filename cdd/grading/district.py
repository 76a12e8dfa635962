"""A district's whole result for a period: every mission graded, then what each still owes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from cdd.grading.gaps import gaps_for
from cdd.grading.mission import DistrictResult, grade_mission
from cdd.rubrics.indicators import Value
from cdd.rubrics.model import Scheme

# Statuses whose result has something left to reach; "no data", "incomplete" and "no criteria" do not.
GRADED_STATUSES = ("graded", "score only", "targets")
# How much of a result to work out: the grade and score only (a grid across the year), also every
# criterion (a heatmap of criteria, target versus actual), or also the gaps (the gap list).
DETAIL = ("grades", "criteria", "gaps")


def grade_district(
    scheme: Scheme, district: str, period: str, values: Mapping[str, Value], detail: str = "gaps"
) -> DistrictResult:
    results = []
    for mission in scheme.missions:
        result = grade_mission(mission, values, criteria=detail != "grades")
        if detail == "gaps" and result.status in GRADED_STATUSES:
            result = replace(result, gaps=gaps_for(mission, values, result))
        results.append(result)
    return DistrictResult(scheme.id, district, period, tuple(results))


def grade_many(
    scheme: Scheme, period: str, values_by_district: Mapping[str, Mapping[str, Value]], detail: str = "gaps"
) -> list[DistrictResult]:
    """A whole province (or the country) for one period, in one call."""
    return [grade_district(scheme, code, period, values, detail) for code, values in values_by_district.items()]
