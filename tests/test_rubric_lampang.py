"""The Lampang FY2567 Q3 scheme (RUBRICS §5): the worked examples, every threshold at its bound, and the readings."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F

import pytest

from cdd.grading.district import grade_district
from cdd.grading.mission import grade_mission
from cdd.rubrics.indicators import NOT_APPLICABLE
from cdd.rubrics.model import load_schemes

SCHEME = load_schemes()["lampang-2567-q3"]
YES, NO = True, False


def mission(mission_id: str):
    return SCHEME.mission(mission_id)


def grade(mission_id: str, **values):
    return grade_mission(mission(mission_id), values)


def points_of(result, item_id: str) -> F:
    return next(row.points for row in result.criteria if row.id == item_id)


# ---- the scheme --------------------------------------------------------------------------------


def test_scheme_header():
    assert SCHEME.provinces == ("52",)
    assert SCHEME.grain == "quarter"
    assert (SCHEME.first_month, SCHEME.last_month) == ("2567-04", "2567-06")
    assert SCHEME.deadline.rounds == {"2567-04": "2024-04-19", "2567-05": "2024-05-20", "2567-06": "2024-06-20"}
    for date in ("๑๘ มิถุนายน ๒๕๖๗", "๓๐ มิถุนายน ๒๕๖๗", "๑๙ พฤษภาคม ๒๕๖๗", "๑๖.๓๐ น."):
        assert date in SCHEME.deadline.printed


def test_missions_in_the_letters_order():
    assert [m.id for m in SCHEME.missions] == [
        "kok-nong-na",
        "food-security",
        "thai-fabric",
        "poverty-centre",
        "otop",
        "women-fund",
        "click",
        "jpt",
        "community-fund",
        "pracharat-company",
        "moral-org",
    ]
    shapes = {m.id: m.shape for m in SCHEME.missions}
    assert shapes == {
        "kok-nong-na": "bands",
        "food-security": "none",
        "thai-fabric": "ladder",
        "poverty-centre": "none",
        "otop": "ladder",
        "women-fund": "step-mean",
        "click": "ladder",
        "jpt": "bands",
        "community-fund": "points",
        "pracharat-company": "ladder",
        "moral-org": "ladder",
    }


def test_rollup_builds_quarter_figures_from_months():
    rollup = SCHEME.rollup
    for key in ("otop_sales", "otop_sales_base", "otop_new_products", "fabric_income", "fabric_income_base"):
        assert rollup[key] == "sum"
    for key in ("fabric_pr_posts", "pr_posts", "pr_channels", "activities", "data_updated", "company_cost_control"):
        assert rollup[key] == "every-month"
    for key in ("wf_overdue_pct", "cf_debt_pct", "jpt_verified", "company_income", "moral_honours", "kok_5p"):
        assert rollup[key] == "latest"
    assert set(rollup) <= set(SCHEME.inputs)


def test_every_rule_keeps_the_printed_wording():
    for m in SCHEME.missions:
        for level in m.levels:
            assert level.printed, (m.id, level.grade)
        for band in m.bands:
            assert band.printed and band.range, (m.id, band.grade)
        for criterion in m.criteria:
            for grade_, rule in criterion.levels.items():
                assert rule.printed, (m.id, criterion.id, grade_)
        for item in m.items:
            for step in item.steps:
                assert step.printed and step.range, (m.id, item.id, step.points)
    assert mission("community-fund").printed_max == 30


def test_readings_are_shown_with_the_grade():
    assert any("ไม่น้อยกว่าร้อยละ ๔" in r for r in grade("thai-fabric").readings)
    assert len(grade("women-fund").readings) >= 3
    assert grade("community-fund").readings
    assert grade("pracharat-company").readings


# ---- missions without criteria, missions without data ------------------------------------------


@pytest.mark.parametrize("mission_id", ["food-security", "poverty-centre"])
def test_named_without_criteria(mission_id):
    result = grade(mission_id, otop_new_products=F(5))
    assert result.status == "no criteria"
    assert result.grade is None


@pytest.mark.parametrize(
    "mission_id",
    [
        "kok-nong-na",
        "thai-fabric",
        "otop",
        "women-fund",
        "click",
        "jpt",
        "community-fund",
        "pracharat-company",
        "moral-org",
    ],
)
def test_no_inputs_is_no_data(mission_id):
    result = grade(mission_id)
    assert result.status == "no data"
    assert result.grade is None


def test_whole_district_grades_with_gaps():
    values = dict(
        kok_5p=F(4),
        fabric_database=YES,
        fabric_pr_posts=F(4),
        natural_dye=YES,
        fabric_income=F(101),
        fabric_income_base=F(100),
        otop_new_products=F(5),
        otop_sales=F(104),
        otop_sales_base=F(100),
        wf_overdue_pct=F(10),
        wf_members_pct=F(75),
        wf_groups_pct=F("89.5"),
        heads_total=F(4),
        heads_downloaded=F(3),
        data_updated=YES,
        pr_posts=F(2),
        pr_channels=F(3),
        activities=F(2),
        tambons=F(8),
        downloads=F(85),
        jpt_verified=F(999),
        jpt_target=F(1000),
        cf_groups_pct=F(95),
        cf_members_pct=F("0.80"),
        cf_debt_pct=F("65.5"),
        company_plan=NO,
        company_income=YES,
        company_cost_control=YES,
        moral_plan_done=YES,
        moral_honours=F(2),
        moral_channels=F(2),
    )
    result = grade_district(SCHEME, "5201", "2567-Q3", values)
    grades = {r.mission: r.grade for r in result.results}
    assert grades == {
        "kok-nong-na": "B",
        "food-security": None,
        "thai-fabric": "B",
        "poverty-centre": None,
        "otop": "B",
        "women-fund": "B",
        "click": "B",
        "jpt": "B",
        "community-fund": "C",
        "pracharat-company": "B",
        "moral-org": "B",
    }
    for r in result.results:
        if r.grade in ("B", "C"):
            assert r.gaps, r.mission


# ---- 1 โคก หนอง นา ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count, expected", [(0, "D"), (2, "D"), (3, "C"), (4, "B"), (5, "A")])
def test_kok_nong_na(count, expected):
    assert grade("kok-nong-na", kok_5p=F(count)).grade == expected


# ---- 3 ผ้าไทย ------------------------------------------------------------------------------------

FABRIC_C = dict(fabric_database=YES, fabric_pr_posts=F(4), natural_dye=YES, fabric_income_base=F(100000))


@pytest.mark.parametrize(
    "changes, expected",
    [
        (dict(fabric_income=F(104000)), "A"),  # exactly 4% ("ไม่น้อยกว่าร้อยละ ๔")
        (dict(fabric_income=F("103999.99")), "B"),  # just under 4%
        (dict(fabric_income=F(110000)), "A"),
        (dict(fabric_income=F("100000.01")), "B"),  # just over 0%
        (dict(fabric_income=F(100000)), "C"),  # no increase
        (dict(fabric_income=F(90000)), "C"),
        (dict(fabric_income=F(104000), natural_dye=NO), "D"),  # A's income without C's natural dyes
        (dict(fabric_income=F(104000), fabric_pr_posts=F(3)), "D"),  # one month with 3 posts
        (dict(fabric_income=F(104000), fabric_database=NO), "D"),
        (dict(fabric_income=F(100000), fabric_pr_posts=F(5)), "C"),
    ],
)
def test_thai_fabric_levels(changes, expected):
    assert grade("thai-fabric", **(FABRIC_C | changes)).grade == expected


def test_thai_fabric_a_builds_on_c_not_on_b_below_4():
    """The letter's "A on top of B" with B "< 4%" is read as C + ≥ 4%: 4% and more is A, not a contradiction."""
    result = grade("thai-fabric", **(FABRIC_C | dict(fabric_income=F(150000))))
    assert result.grade == "A"
    income = next(c for c in mission("thai-fabric").criteria if c.id == "income")
    assert "น้อยกว่าร้อยละ ๔" in income.levels["B"].printed
    assert [str(c) for c in income.levels["B"].when] == ["fabric_income > 0% over fabric_income_base"]
    assert "C" not in income.levels


# ---- 5 OTOP --------------------------------------------------------------------------------------


def test_otop_worked_examples():
    assert grade("otop", otop_new_products=F(5), otop_sales=F("104.0"), otop_sales_base=F(100)).grade == "B"
    assert grade("otop", otop_new_products=F(6), otop_sales=F("102.0"), otop_sales_base=F(100)).grade == "D"


@pytest.mark.parametrize(
    "products, sales, expected",
    [
        (5, "104.01", "A"),
        (5, "104", "B"),
        (4, "104.01", "B"),
        (4, "103.01", "B"),
        (4, "103", "C"),
        (3, "103.01", "C"),
        (3, "102.01", "C"),
        (3, "102", "D"),
        (2, "102.01", "D"),
        (2, "110", "D"),
        (6, "100", "D"),
    ],
)
def test_otop_bounds(products, sales, expected):
    result = grade("otop", otop_new_products=F(products), otop_sales=F(sales), otop_sales_base=F(100))
    assert result.grade == expected


# ---- 6 กองทุนพัฒนาบทบาทสตรี ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "debt, members, groups, expected_points, mean, expected",
    [
        ("10.00", "75", "89.5", (75, 75, 75), F(75), "B"),
        ("9.99", "75.01", "90", (100, 100, 100), F(100), "A"),
        ("14.00", "64.9", "70", (50, 25, 50), F(125, 3), "D"),
    ],
)
def test_women_fund_worked_examples(debt, members, groups, expected_points, mean, expected):
    result = grade("women-fund", wf_overdue_pct=F(debt), wf_members_pct=F(members), wf_groups_pct=F(groups))
    assert tuple(points_of(result, i) for i in ("overdue", "members", "groups")) == expected_points
    assert result.score == mean
    assert result.grade == expected
    assert result.max_score == 100


def test_women_fund_mean_41_7_is_d():
    result = grade("women-fund", wf_overdue_pct=F("14.00"), wf_members_pct=F("64.9"), wf_groups_pct=F(70))
    assert round(float(result.score), 1) == 41.7
    assert result.grade == "D"


WF_NEUTRAL = dict(wf_overdue_pct=F(5), wf_members_pct=F(80), wf_groups_pct=F(95))


@pytest.mark.parametrize(
    "item, key, value, expected",
    [
        # overdue debt, lower is better: < 10 → 100; ≤ 12 → 75; ≤ 14 → 50; else 25
        ("overdue", "wf_overdue_pct", "9.99", 100),
        ("overdue", "wf_overdue_pct", "10", 75),
        ("overdue", "wf_overdue_pct", "10.01", 75),
        ("overdue", "wf_overdue_pct", "11.99", 75),
        ("overdue", "wf_overdue_pct", "12", 75),
        ("overdue", "wf_overdue_pct", "12.005", 50),  # in the printed gap 12.00–12.01
        ("overdue", "wf_overdue_pct", "12.01", 50),
        ("overdue", "wf_overdue_pct", "13.99", 50),
        ("overdue", "wf_overdue_pct", "14", 50),
        ("overdue", "wf_overdue_pct", "14.01", 25),
        ("overdue", "wf_overdue_pct", "0", 100),
        # members: > 75 → 100; ≥ 70 → 75; ≥ 65 → 50; else 25
        ("members", "wf_members_pct", "75.01", 100),
        ("members", "wf_members_pct", "75", 75),
        ("members", "wf_members_pct", "74.99", 75),
        ("members", "wf_members_pct", "70.01", 75),
        ("members", "wf_members_pct", "70", 75),
        ("members", "wf_members_pct", "69.99", 50),  # in the printed gap 69–70
        ("members", "wf_members_pct", "69.5", 50),
        ("members", "wf_members_pct", "65.01", 50),
        ("members", "wf_members_pct", "65", 50),
        ("members", "wf_members_pct", "64.99", 25),
        # groups: ≥ 90 → 100; ≥ 80 → 75; ≥ 70 → 50; else 25
        ("groups", "wf_groups_pct", "90.01", 100),
        ("groups", "wf_groups_pct", "90", 100),
        ("groups", "wf_groups_pct", "89.99", 75),  # in the printed gap 88.99–90
        ("groups", "wf_groups_pct", "88.99", 75),
        ("groups", "wf_groups_pct", "80.01", 75),
        ("groups", "wf_groups_pct", "80", 75),
        ("groups", "wf_groups_pct", "79.99", 50),
        ("groups", "wf_groups_pct", "70.01", 50),
        ("groups", "wf_groups_pct", "70", 50),
        ("groups", "wf_groups_pct", "69.99", 25),
    ],
)
def test_women_fund_step_bounds(item, key, value, expected):
    result = grade("women-fund", **(WF_NEUTRAL | {key: F(value)}))
    assert points_of(result, item) == expected


@pytest.mark.parametrize(
    "debt, members, groups, expected",
    [
        ("5", "80", "85", "A"),  # 100, 100, 75 → 91.7
        ("11", "72", "85", "B"),  # 75, 75, 75 → 75
        ("5", "80", "60", "B"),  # 100, 100, 25 → 75
        ("11", "72", "75", "C"),  # 75, 75, 50 → 66.7
        ("13", "67", "85", "D"),  # 50, 50, 75 → 58.3
        ("20", "50", "50", "D"),  # 25, 25, 25 → 25
    ],
)
def test_women_fund_mean_bands(debt, members, groups, expected):
    result = grade("women-fund", wf_overdue_pct=F(debt), wf_members_pct=F(members), wf_groups_pct=F(groups))
    assert result.grade == expected


def test_women_fund_band_bounds():
    bands = {b.grade: (b.min, b.range) for b in mission("women-fund").bands}
    assert bands == {"A": (80, "[80, ]"), "B": (70, "[70, 79]"), "C": (60, "[60, 69]")}


# ---- 7 Click ชุมชน --------------------------------------------------------------------------------

CLICK_B = dict(
    heads_total=F(4),
    heads_downloaded=F(3),
    data_updated=YES,
    pr_posts=F(2),
    pr_channels=F(3),
    activities=F(2),
    tambons=F(8),
    downloads=F(85),
)


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, "B"),
        (dict(heads_downloaded=F(4)), "A"),
        (dict(pr_posts=F(1), activities=F(1), downloads=F(80)), "C"),
        (dict(downloads=F(79)), "D"),
        (dict(heads_downloaded=F(2)), "D"),  # 50% < 60%
        (dict(heads_total=F(5), heads_downloaded=F(3)), "C"),  # 60% exactly
        (dict(heads_total=F(10), heads_downloaded=F(7)), "B"),  # 70% exactly
        (dict(heads_total=F(10), heads_downloaded=F(8)), "A"),  # 80% exactly
        (dict(heads_total=F(10), heads_downloaded=F(5)), "D"),  # 50%
        (dict(heads_downloaded=F(4), pr_posts=F(1)), "C"),
        (dict(heads_downloaded=F(4), activities=F(1)), "C"),
        (dict(heads_downloaded=F(4), activities=F(0)), "D"),
        (dict(heads_downloaded=F(4), pr_channels=F(2)), "A"),
        (dict(heads_downloaded=F(4), pr_channels=F(1)), "D"),
        (dict(heads_downloaded=F(4), data_updated=NO), "D"),
    ],
)
def test_click_levels(changes, expected):
    assert grade("click", **(CLICK_B | changes)).grade == expected


def test_click_copies_the_click_q3_rules():
    q3 = load_schemes()["click-2567-q3"].missions[0]
    lampang = mission("click")
    rules = lambda m: {c.id: {g: [str(x) for x in r.when] for g, r in c.levels.items()} for c in m.criteria}  # noqa: E731
    assert rules(lampang) == rules(q3)
    assert [lv.nominal_points for lv in lampang.levels] == [10, 8, 6, 0]


# ---- 8 จปฐ. ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "verified, target, expected",
    [
        (1000, 1000, "A"),  # 100
        (999, 1000, "B"),  # 99.9
        (7999, 10000, "C"),  # 79.99
        (599, 1000, "D"),  # 59.9
    ],
)
def test_jpt_worked_examples(verified, target, expected):
    assert grade("jpt", jpt_verified=F(verified), jpt_target=F(target)).grade == expected


@pytest.mark.parametrize(
    "verified, expected",
    [
        (10001, "A"),
        (10000, "A"),
        (9999, "B"),
        (8001, "B"),
        (8000, "B"),
        (7999, "C"),
        (6001, "C"),
        (6000, "C"),
        (5999, "D"),
        (0, "D"),
    ],
)
def test_jpt_bounds(verified, expected):
    assert grade("jpt", jpt_verified=F(verified), jpt_target=F(10000)).grade == expected


# ---- 9 กองทุนชุมชน --------------------------------------------------------------------------------


def test_community_fund_worked_examples():
    result = grade("community-fund", cf_groups_pct=F(95), cf_members_pct=F("0.80"), cf_debt_pct=F("65.5"))
    assert [points_of(result, i) for i in ("groups", "members", "debt")] == [9, 9, 8]
    assert (result.score, result.max_score, result.grade) == (26, 30, "C")
    result = grade("community-fund", cf_groups_pct=F(100), cf_members_pct=F("1.00"), cf_debt_pct=F("70.0"))
    assert [points_of(result, i) for i in ("groups", "members", "debt")] == [10, 10, 9]
    assert (result.score, result.grade) == (29, "B")


CF_NEUTRAL = dict(cf_groups_pct=F(100), cf_members_pct=F(1), cf_debt_pct=F(80))


@pytest.mark.parametrize(
    "item, key, value, expected",
    [
        ("groups", "cf_groups_pct", "100.01", 10),
        ("groups", "cf_groups_pct", "100", 10),
        ("groups", "cf_groups_pct", "99.99", 9),  # in the printed gap 99–100
        ("groups", "cf_groups_pct", "99.5", 9),
        ("groups", "cf_groups_pct", "90.01", 9),
        ("groups", "cf_groups_pct", "90", 9),
        ("groups", "cf_groups_pct", "89.99", 8),  # in the printed gap 89–90
        ("groups", "cf_groups_pct", "80.01", 8),
        ("groups", "cf_groups_pct", "80", 8),
        ("groups", "cf_groups_pct", "79.99", 7),
        ("members", "cf_members_pct", "1.01", 10),
        ("members", "cf_members_pct", "1", 10),
        ("members", "cf_members_pct", "0.99", 9),
        ("members", "cf_members_pct", "0.995", 9),  # in the printed gap 0.99–1
        ("members", "cf_members_pct", "0.76", 9),
        ("members", "cf_members_pct", "0.75", 9),  # the summary table's "0.50–0.75" is not used
        ("members", "cf_members_pct", "0.74", 8),
        ("members", "cf_members_pct", "0.51", 8),
        ("members", "cf_members_pct", "0.5", 8),
        ("members", "cf_members_pct", "0.49", 7),
        ("debt", "cf_debt_pct", "70.01", 10),
        ("debt", "cf_debt_pct", "70", 9),  # "more than 70" is strict
        ("debt", "cf_debt_pct", "69.99", 9),
        ("debt", "cf_debt_pct", "66.01", 9),
        ("debt", "cf_debt_pct", "66", 9),
        ("debt", "cf_debt_pct", "65.99", 8),  # in the printed gap 65–66
        ("debt", "cf_debt_pct", "60.01", 8),
        ("debt", "cf_debt_pct", "60", 8),
        ("debt", "cf_debt_pct", "59.99", 7),
    ],
)
def test_community_fund_step_bounds(item, key, value, expected):
    result = grade("community-fund", **(CF_NEUTRAL | {key: F(value)}))
    assert points_of(result, item) == expected


@pytest.mark.parametrize(
    "groups, members, debt, total, expected",
    [
        ("100", "1", "71", 30, "A"),
        ("95", "1", "71", 29, "B"),
        ("95", "0.8", "71", 28, "B"),
        ("95", "0.8", "67", 27, "B"),
        ("85", "0.8", "67", 26, "C"),
        ("85", "0.6", "67", 25, "C"),
        ("85", "0.6", "61", 24, "C"),
        ("70", "0.6", "61", 23, "D"),
        ("70", "0.1", "10", 21, "D"),
    ],
)
def test_community_fund_bands(groups, members, debt, total, expected):
    result = grade("community-fund", cf_groups_pct=F(groups), cf_members_pct=F(members), cf_debt_pct=F(debt))
    assert (result.score, result.grade) == (total, expected)


def in_a_province_without_target(mission_id: str):
    """The same mission as a scheme for the six provinces the letter names would ship it: items 1 and 2 may be n/a."""
    fund = mission(mission_id)
    items = tuple(replace(i, not_applicable=i.id in ("groups", "members")) for i in fund.items)
    return replace(fund, items=items)


@pytest.mark.parametrize("debt, points, expected", [("71", 10, "A"), ("68", 9, "B"), ("62", 8, "C"), ("50", 7, "D")])
def test_community_fund_not_applicable_graded_on_item_3_alone(debt, points, expected):
    values = {"cf_groups_pct": NOT_APPLICABLE, "cf_members_pct": NOT_APPLICABLE, "cf_debt_pct": F(debt)}
    result = grade_mission(in_a_province_without_target("community-fund"), values)
    assert result.status == "graded"
    assert (result.score, result.max_score) == (points, 10)
    assert result.grade == expected
    assert [row.id for row in result.criteria] == ["debt"]


def test_lampang_must_report_community_fund_items_1_and_2():
    """ "๖ จังหวัดที่ไม่มีเป้าหมาย … ได้แก่ นนทบุรี สมุทรปราการ ภูเก็ต อ่างทอง หนองคาย และสุโขทัย": Lampang is not one."""
    assert {i.id: i.not_applicable for i in mission("community-fund").items} == {
        "groups": False,
        "members": False,
        "debt": False,
    }
    assert not any(SCHEME.allows_not_applicable(key) for key in ("cf_groups_pct", "cf_members_pct", "cf_debt_pct"))
    assert "ลำปางไม่อยู่ในหกจังหวัดนี้" in " ".join(grade("community-fund").readings)
    values = {"cf_groups_pct": NOT_APPLICABLE, "cf_members_pct": F(1), "cf_debt_pct": F(71)}
    result = grade_mission(mission("community-fund"), values)
    assert result.status == "incomplete" and result.missing == ("cf_groups_pct",)


def test_item_3_is_never_not_applicable():
    values = {"cf_groups_pct": F(100), "cf_members_pct": F(1), "cf_debt_pct": NOT_APPLICABLE}
    result = grade_mission(in_a_province_without_target("community-fund"), values)
    assert result.status == "incomplete"
    assert result.missing == ("cf_debt_pct",)


# ---- 10 บริษัทประชารัฐ -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plan, income, cost, expected",
    [
        (YES, YES, YES, "A"),
        (NO, YES, YES, "B"),  # worked example
        (YES, YES, NO, "C"),  # worked example
        (NO, YES, NO, "C"),
        (NO, NO, NO, "D"),
        (YES, NO, YES, "D"),
        (NO, NO, YES, "D"),
        (YES, NO, NO, "D"),
    ],
)
def test_pracharat_company(plan, income, cost, expected):
    result = grade("pracharat-company", company_plan=plan, company_income=income, company_cost_control=cost)
    assert result.grade == expected


# ---- 11 องค์กรคุณธรรม -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "honours, channels, expected",
    [
        (0, 5, "D"),
        (1, 0, "C"),
        (1, 3, "C"),  # channels without honours for both: still C
        (2, 0, "B"),
        (2, 2, "B"),
        (2, 3, "A"),
        (2, 4, "A"),
    ],
)
def test_moral_org_levels(honours, channels, expected):
    for plan in (YES, NO):  # the D level's condition is shown, never a condition of C, B or A
        values = {"moral_plan_done": plan, "moral_honours": F(honours), "moral_channels": F(channels)}
        assert grade("moral-org", **values).grade == expected


def test_moral_org_d_condition_is_a_criterion_of_its_own():
    m = mission("moral-org")
    assert "moral_plan_done" in m.inputs
    plan = next(c for c in m.criteria if c.id == "plan")
    assert list(plan.levels) == ["D"] and "ร้อยละ ๑๐๐" in plan.levels["D"].printed
    assert [lv.grade for lv in m.levels] == ["D"]
    result = grade("moral-org", moral_plan_done=NO, moral_honours=F(0), moral_channels=F(0))
    assert result.grade == "D" and next(r for r in result.criteria if r.part == "plan").met is False
