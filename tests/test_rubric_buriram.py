"""The Buriram Digital CD 4.0 rubric (RUBRICS §6, §8): points out of 100, no grade, rows as printed."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cdd.grading.district import grade_district
from cdd.grading.mission import grade_mission
from cdd.rubrics.model import load_schemes

SCHEME = load_schemes()["buriram-digital-2568"]
MISSION = SCHEME.mission("buriram-digital-2568")

FULL_MARKS = {
    "sec_formats": Fraction("3"),
    "sec_events": Fraction("5"),
    "trainings": Fraction("6"),
    "jpt_collected_pct": Fraction("100"),
    "central_dbs": Fraction("6"),
    "it_processes": Fraction("5"),
    "model_tambon_step": Fraction("5"),
    "click_step": Fraction("5"),
    "innov_process": True,
    "innov_new": True,
    "innov_shared": True,
    "innov_used": True,
    "innov_roadmap": True,
}


def with_values(**changes) -> dict:
    return FULL_MARKS | {key: Fraction(value) if isinstance(value, str) else value for key, value in changes.items()}


def points_of(values: dict, item_id: str) -> Fraction:
    """The points one item earned, read from the graded mission's criterion rows."""
    result = grade_mission(MISSION, values)
    row = next(c for c in result.criteria if c.id == item_id or c.id.startswith(item_id + "."))
    return row.points


def item_max(item_id: str) -> Fraction:
    return next(item for item in MISSION.items if item.id == item_id).max_points


def assert_item_scores(item_id: str, values: dict, expected: int) -> None:
    assert points_of(values, item_id) == expected
    # The rest of the district is at full marks, so the total moves by exactly this item's loss.
    assert grade_mission(MISSION, values).score == 100 - item_max(item_id) + expected


# ---- the scheme as a whole ---------------------------------------------------------------------


def test_scheme_frame():
    assert SCHEME.provinces == ("31",)
    assert SCHEME.grain == "month"
    assert (SCHEME.first_month, SCHEME.last_month) == ("2568-01", "2568-06")
    assert SCHEME.deadline.day_of_next_month == 15
    assert "ทุกวันที่ ๑๕ ของเดือน" in SCHEME.deadline.printed
    assert MISSION.shape == "points"
    assert MISSION.bands == ()
    assert MISSION.printed_max == MISSION.max_points == 100
    assert [item.id for item in MISSION.items] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "3",
        "4.1",
        "4.2",
        "5.1.1",
        "5.1.2",
        "5.2.1",
        "5.2.2",
        "5.2.3",
    ]


def test_running_counts_roll_up_as_latest():
    # Monthly figures are running results since January 2568; the catalogue sums these two by default.
    assert SCHEME.rollup["sec_events"] == "latest"
    assert SCHEME.rollup["trainings"] == "latest"
    assert set(SCHEME.rollup.values()) == {"latest"}


def test_every_row_keeps_the_letters_wording():
    for item in MISSION.items:
        assert item.printed, item.id
        for step in item.steps:
            assert step.printed, (item.id, step.points)


def test_full_marks_district_scores_100_with_no_grade():
    result = grade_mission(MISSION, FULL_MARKS)
    assert result.score == 100
    assert result.max_score == 100
    assert result.grade is None
    assert result.status == "score only"
    assert result.missing == ()


def test_full_marks_district_has_no_gaps():
    (result,) = grade_district(SCHEME, "3101", "2568-06", FULL_MARKS).results
    assert result.gaps == ()


def test_nothing_done_scores_the_printed_floors():
    nothing = {key: (False if isinstance(value, bool) else Fraction(0)) for key, value in FULL_MARKS.items()}
    # 2.1 has no zero row: below 47% still earns 12 points as printed.
    assert grade_mission(MISSION, nothing).score == 12


def test_missing_input_leaves_the_mission_incomplete():
    values = dict(FULL_MARKS)
    del values["innov_roadmap"]
    result = grade_mission(MISSION, values)
    assert result.status == "incomplete"
    assert result.missing == ("innov_roadmap",)
    assert result.score is None


def test_readings_are_shown_beside_the_score():
    readings = grade_mission(MISSION, FULL_MARKS).readings
    assert any("RUBRICS §8" in r and "๔ คะแนน" in r for r in readings)  # 1.1
    assert any("๕๘" in r and "๕๙" in r for r in readings)  # 2.1
    assert any("๑ ฐาน" in r for r in readings)  # 2.2
    assert any("๕ + ๖ = ๑๑" in r for r in readings)  # 5


# ---- each item at, just below and just above each bound -----------------------------------------


@pytest.mark.parametrize(
    "formats, events, expected",
    [
        (3, 6, 5),
        (3, 5, 5),
        (2, 5, 3),  # ≥ 3 formats and ≥ 5 times
        (3, 4, 5),
        (3, 3, 3),
        (2, 4, 3),  # ≥ 3 and ≥ 4: also 5, as printed
        (2, 3, 3),
        (2, 2, 2),
        (1, 3, 1),  # ≥ 2 and ≥ 3
        (3, 2, 2),
        (2, 1, 1),
        (1, 2, 1),  # ≥ 2 and ≥ 2
        (1, 1, 1),
        (1, 0, 0),
        (0, 1, 0),  # ≥ 1 and ≥ 1
        (0, 0, 0),
    ],
)
def test_1_1_security_awareness(formats, events, expected):
    values = with_values(sec_formats=str(formats), sec_events=str(events))
    assert_item_scores("1.1", values, expected)


@pytest.mark.parametrize("trainings, expected", [(0, 0), (1, 5), (2, 5), (5, 5), (6, 10), (7, 10)])
def test_1_2_trainings(trainings, expected):
    assert_item_scores("1.2", with_values(trainings=str(trainings)), expected)


@pytest.mark.parametrize(
    "percent, expected",
    [
        ("0", 12),
        ("46.99", 12),
        ("47", 15),
        ("47.01", 15),
        ("57.99", 15),
        ("58", 16),
        ("58.01", 16),
        ("58.99", 16),
        ("59", 18),
        ("59.01", 18),
        ("99.99", 18),
        ("100", 20),
        ("100.01", 20),
    ],
)
def test_2_1_jpt_collection(percent, expected):
    assert_item_scores("2.1", with_values(jpt_collected_pct=percent), expected)


@pytest.mark.parametrize("databases, expected", [(0, 0), (1, 0), (2, 2), (3, 4), (4, 6), (5, 8), (6, 10)])
def test_2_2_central_databases(databases, expected):
    assert_item_scores("2.2", with_values(central_dbs=str(databases)), expected)


def test_2_2_exactly_one_database_scores_zero():
    values = with_values(central_dbs="1")
    assert points_of(values, "2.2") == 0
    assert grade_mission(MISSION, values).score == 90


@pytest.mark.parametrize("processes, expected", [(0, 0), (1, 5), (2, 10), (3, 15), (4, 20), (5, 25)])
def test_3_it_processes(processes, expected):
    assert_item_scores("3", with_values(it_processes=str(processes)), expected)


@pytest.mark.parametrize("key, item_id", [("model_tambon_step", "4.1"), ("click_step", "4.2")])
@pytest.mark.parametrize("step, expected", [(0, 0), (1, 2), (2, 4), (3, 6), (4, 8), (5, 10)])
def test_4_cumulative_steps(key, item_id, step, expected):
    assert_item_scores(item_id, with_values(**{key: str(step)}), expected)


@pytest.mark.parametrize(
    "key, item_id",
    [
        ("innov_process", "5.1.1"),
        ("innov_new", "5.1.2"),
        ("innov_shared", "5.2.1"),
        ("innov_used", "5.2.2"),
        ("innov_roadmap", "5.2.3"),
    ],
)
@pytest.mark.parametrize("done, expected", [(True, 2), (False, 0)])
def test_5_innovation_parts_are_all_or_nothing(key, item_id, done, expected):
    assert_item_scores(item_id, with_values(**{key: done}), expected)


# ---- a realistic district -------------------------------------------------------------------------


MIXED = {
    "sec_formats": Fraction("2"),  # 2 formats, 4 times → 3
    "sec_events": Fraction("4"),
    "trainings": Fraction("3"),  # fewer than 6 → 5
    "jpt_collected_pct": Fraction("58.5"),  # 58% and up → 16
    "central_dbs": Fraction("4"),  # → 6
    "it_processes": Fraction("3"),  # → 15
    "model_tambon_step": Fraction("2"),  # → 4
    "click_step": Fraction("4"),  # → 8
    "innov_process": True,  # 2 + 2 + 2
    "innov_new": True,
    "innov_shared": True,
    "innov_used": False,
    "innov_roadmap": False,
}


def test_mixed_district_total():
    result = grade_mission(MISSION, MIXED)
    assert result.score == 3 + 5 + 16 + 6 + 15 + 4 + 8 + 6 == 63
    assert result.max_score == 100
    assert (result.grade, result.status) == (None, "score only")


def test_mixed_district_gaps_name_the_next_row_of_each_item():
    (result,) = grade_district(SCHEME, "3104", "2568-Q3", MIXED).results
    nearest, best = result.gaps
    assert (nearest.target, nearest.need, best.target, best.need) == ("next", "any", "max", "all")
    by_input = {change.input: (change.after, option.gain) for option in nearest.options for change in option.changes}
    assert by_input["jpt_collected_pct"] == (Fraction(59), 2)
    assert by_input["central_dbs"] == (Fraction(5), 2)
    assert by_input["innov_used"] == (True, 2)
    assert best.options[0].gain == 100 - 63


def test_one_database_gap_points_to_two():
    (result,) = grade_district(SCHEME, "3101", "2568-03", with_values(central_dbs="1")).results
    (option,) = [o for o in result.gaps[0].options if o.changes[0].input == "central_dbs"]
    assert (option.changes[0].after, option.gain) == (Fraction(2), 2)


# ---- what the file carries for `cdd lint` ---------------------------------------------------------


def test_groups_keep_the_printed_maxima():
    points = {item.id: item.max_points for item in MISSION.items}
    groups = {group.id: (group.printed_max, sum(points[i] for i in group.items)) for group in MISSION.groups}
    assert groups == {
        "1": (15, 15),
        "2": (30, 30),
        "3": (25, 25),
        "4": (20, 20),
        "5": (10, 10),
        "5.1": (5, 4),  # printed 5, its parts add to 4: the misprint lint must report
        "5.2": (6, 6),
    }


def test_misprinted_rows_are_kept_as_printed():
    steps = {item.id: item.steps for item in MISSION.items}
    assert [s.points for s in steps["1.1"][:2]] == [5, 5]
    assert [str(c) for s in steps["2.1"][1:3] for c in s.when] == ["jpt_collected_pct >= 59", "jpt_collected_pct >= 58"]
    assert [s.range for s in steps["2.2"]] == ["[6, 6]", "[5, 5]", "[4, 4]", "[3, 3]", "[2, 2]", "[0, 0]"]
    assert steps["2.2"][-1].when == ()
    assert [s.range for s in steps["1.2"]] == ["[6, 6]", "[1, 6)", "[0, 0]"]
    assert [s.range for s in steps["2.1"]] == ["[100, 100]", "[59, ]", "[58, ]", "[47, ]", "[, 47)"]
