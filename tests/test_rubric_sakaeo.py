"""The Sa Kaeo Click ชุมชน rubric (RUBRICS §7, §8): monthly targets per district, no grade."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cdd.grading.district import grade_district
from cdd.grading.mission import grade_mission
from cdd.rubrics.model import load_schemes

SCHEME = load_schemes()["sakaeo-click-2568"]
MISSION = SCHEME.mission("sakaeo-click-2568")

# เมืองสระแก้ว (2701): 1 shop a month, 126 heads and kamnan/village heads for the fiscal year.
ALL_MET = {
    "shop_target": Fraction("1"),
    "leaders_target": Fraction("126"),
    "shop_new": Fraction("1"),
    "shop_updated": Fraction("2"),
    "travel_places": Fraction("1"),
    "ebooks": Fraction("1"),
    "occupations": Fraction("1"),
    "sages": Fraction("1"),
    "pr_posts": Fraction("2"),
    "pr_channels": Fraction("2"),
    "activities": Fraction("2"),
    "leaders_downloaded": Fraction("101"),
}


def with_values(**changes: str) -> dict:
    return ALL_MET | {key: Fraction(value) for key, value in changes.items()}


def row(result, input_key: str):
    return next(c for c in result.criteria if c.input == input_key)


def test_scheme_frame():
    assert SCHEME.provinces == ("27",)
    assert SCHEME.grain == "month"
    assert (SCHEME.first_month, SCHEME.last_month) == (
        "2568-02",
        "2568-09",
    )  # the letter is dated 7 Feb 2568: "เดือน.....๒๕๖๘"
    assert SCHEME.deadline.day_of_next_month == 15
    assert "ทุกวันที่ ๑๕ ของทุกเดือน" in SCHEME.deadline.printed
    assert MISSION.shape == "targets"
    assert all(item.points is None and not item.steps for item in MISSION.items)
    assert all(item.printed for item in MISSION.items)
    assert len(MISSION.items) == 9


def test_rollups():
    monthly = [
        "shop_new",
        "shop_updated",
        "travel_places",
        "ebooks",
        "occupations",
        "sages",
        "pr_posts",
        "pr_channels",
        "activities",
    ]
    assert all(SCHEME.rollup[key] == "every-month" for key in monthly)
    assert SCHEME.rollup["leaders_downloaded"] == "latest"


def test_all_targets_met():
    result = grade_mission(MISSION, ALL_MET)
    assert result.status == "targets"
    assert result.targets_met == 9
    assert (result.grade, result.score) == (None, None)
    assert all(c.met for c in result.criteria)


def test_all_targets_met_has_no_gaps():
    (result,) = grade_district(SCHEME, "2701", "2568-03", ALL_MET).results
    assert result.gaps == ()


@pytest.mark.parametrize(
    "key, below, at",
    [
        ("shop_new", "0", "1"),
        ("shop_updated", "1", "2"),
        ("travel_places", "0", "1"),
        ("ebooks", "0", "1"),
        ("occupations", "0", "1"),
        ("sages", "0", "1"),
        ("pr_posts", "1", "2"),
        ("pr_channels", "1", "2"),
        ("activities", "1", "2"),
        ("leaders_downloaded", "100", "101"),
    ],
)
def test_each_target_just_below_and_at_its_bound(key, below, at):
    missed = grade_mission(MISSION, with_values(**{key: below}))
    assert missed.targets_met == 8
    assert row(missed, key).met is False
    assert row(missed, key).required == Fraction(at)
    assert row(missed, key).shortfall == Fraction(at) - Fraction(below)
    met = grade_mission(MISSION, with_values(**{key: at}))
    assert met.targets_met == 9
    assert row(met, key).met is True


def test_publicity_is_one_target_of_two_rules():
    result = grade_mission(MISSION, with_values(pr_posts="1", pr_channels="1"))
    assert result.targets_met == 8
    assert {c.id for c in result.criteria if c.met is False} == {"publicity.pr_posts", "publicity.pr_channels"}


def test_shop_target_is_the_districts_reference_figure():
    # The target table prints 1 new shop a month; form 3's "at least 2" is a second target (shop_updated).
    assert grade_mission(MISSION, with_values(shop_new="1")).targets_met == 9
    assert grade_mission(MISSION, with_values(shop_new="1", shop_target="2")).targets_met == 8


def test_leaders_80_percent_of_126_needs_101():
    not_met = grade_mission(MISSION, with_values(leaders_downloaded="100"))
    assert row(not_met, "leaders_downloaded").met is False
    assert row(not_met, "leaders_downloaded").required == 101  # ceil(0.8 × 126 = 100.8)
    met = grade_mission(MISSION, with_values(leaders_downloaded="101"))
    assert row(met, "leaders_downloaded").met is True


@pytest.mark.parametrize("target, needed", [("74", 60), ("67", 54), ("44", 36), ("51", 41)])
def test_leaders_needed_count_is_rounded_up(target, needed):
    values = with_values(leaders_target=target, leaders_downloaded=str(needed - 1))
    assert row(grade_mission(MISSION, values), "leaders_downloaded").required == needed
    assert grade_mission(MISSION, with_values(leaders_target=target, leaders_downloaded=str(needed))).targets_met == 9


def test_gaps_name_the_input_and_the_value_to_reach():
    values = with_values(ebooks="0", pr_channels="1", leaders_downloaded="90")
    (result,) = grade_district(SCHEME, "2701", "2568-03", values).results
    assert result.targets_met == 6
    (gap,) = result.gaps
    assert (gap.target, gap.grade, gap.need) == ("targets", None, "all")
    (option,) = gap.options
    changes = {c.input: (c.before, c.after) for c in option.changes}
    assert changes == {
        "ebooks": (Fraction(0), Fraction(1)),
        "pr_channels": (Fraction(1), Fraction(2)),
        "leaders_downloaded": (Fraction(90), Fraction(101)),
    }
    assert {c.criterion for c in option.changes} == {"ebooks", "publicity", "leaders"}


def test_readings_are_shown():
    readings = grade_mission(MISSION, ALL_MET).readings
    assert any("อย่างน้อย ๒ ร้านค้า/เดือน" in r for r in readings)  # form 3 vs the target table
    assert any("ประจำปีงบประมาณ" in r and "สะสม" in r for r in readings)  # leaders: running count


def test_missing_reported_figure_is_incomplete():
    values = dict(ALL_MET)
    del values["sages"]
    result = grade_mission(MISSION, values)
    assert (result.status, result.missing, result.targets_met) == ("incomplete", ("sages",), None)


def test_form_3_adds_a_second_shop_target_approved_or_updated():
    """Form 3: "Shop ชุมชน อย่างน้อย ๒ ร้านค้า/เดือน" beside the target table's 1 new registration."""
    item = next(i for i in MISSION.items if i.id == "shops-updated")
    assert "อย่างน้อย ๒ ร้านค้า/เดือน" in item.printed and "อนุมัติ" in item.printed
    one = grade_mission(MISSION, with_values(shop_updated="1"))
    assert row(one, "shop_updated").met is False and row(one, "shop_new").met is True
    assert grade_mission(MISSION, with_values(shop_new="0", shop_updated="2")).targets_met == 8


def test_months_before_the_letter_are_not_the_schemes():
    from cdd.office.calendar import parse_month

    assert not SCHEME.covers(parse_month("2568-01")) and SCHEME.covers(parse_month("2568-02"))
    assert [m.token for m in SCHEME.months_in(2568)][:1] == ["2568-02"]
