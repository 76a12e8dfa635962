"""Every worked example of RUBRICS.md, through the command line's JSON contract (`python -m cdd evaluate`).

Each case: scheme, district, period, the JSON on standard input, the mission, and the grade or
score RUBRICS.md prints for it.
"""

import pytest

THOENG, MAE_SAI, LAMPANG = "5704", "5709", "5201"
THOENG_A = {"shop_new": 9, "data_updated": "yes", "pr_posts": 1, "pr_channels": 2, "activities": 1, "downloads": 120}
MAE_SAI_B = {
    "heads_total": 4,
    "heads_downloaded": 3,
    "data_updated": "yes",
    "pr_posts": 2,
    "pr_channels": 3,
    "activities": 2,
    "downloads": 85,
}

CASES = [
    # RUBRICS §3, เทิง (target 8 shops, 100 downloads from the registry)
    ("click-2567-q2", THOENG, "2567-02", THOENG_A, "click-2567-q2", "A", 10),
    ("click-2567-q2", THOENG, "2567-02", THOENG_A | {"shop_new": 7}, "click-2567-q2", "B", 8),
    (
        "click-2567-q2",
        THOENG,
        "2567-02",
        {"shop_new": 8, "data_updated": "no", "pr_posts": 2, "pr_channels": 1, "activities": 1, "downloads": 99},
        "click-2567-q2",
        "D",
        4,
    ),
    # RUBRICS §4, แม่สาย (4 heads, 8 tambons → 80 downloads)
    ("click-2567-q3", MAE_SAI, "2567-04", MAE_SAI_B, "click-2567-q3", "B", None),
    (
        "click-2567-q3",
        MAE_SAI,
        "2567-04",
        MAE_SAI_B | {"pr_posts": 1, "pr_channels": 2, "activities": 1, "downloads": 80},
        "click-2567-q3",
        "C",
        None,
    ),
    ("click-2567-q3", MAE_SAI, "2567-04", MAE_SAI_B | {"downloads": 79}, "click-2567-q3", "D", None),
    # RUBRICS §5, Lampang, FY2567 Q3 (sales as raw figures: growth = sales / base − 1)
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"otop_new_products": 5, "otop_sales": 1040000, "otop_sales_base": 1000000},
        "otop",
        "B",
        None,
    ),  # exactly 4.0% is not "more than 4%"
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"otop_new_products": 6, "otop_sales": 1020000, "otop_sales_base": 1000000},
        "otop",
        "D",
        None,
    ),
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"wf_overdue_pct": 10.00, "wf_members_pct": 75, "wf_groups_pct": 89.5},
        "women-fund",
        "B",
        75,
    ),
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"wf_overdue_pct": 9.99, "wf_members_pct": 75.01, "wf_groups_pct": 90},
        "women-fund",
        "A",
        100,
    ),
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"wf_overdue_pct": 14.00, "wf_members_pct": 64.9, "wf_groups_pct": 70},
        "women-fund",
        "D",
        41.67,
    ),
    ("lampang-2567-q3", LAMPANG, "2567-Q3", {"jpt_verified": 1000, "jpt_target": 1000}, "jpt", "A", None),
    ("lampang-2567-q3", LAMPANG, "2567-Q3", {"jpt_verified": 999, "jpt_target": 1000}, "jpt", "B", None),
    ("lampang-2567-q3", LAMPANG, "2567-Q3", {"jpt_verified": 7999, "jpt_target": 10000}, "jpt", "C", None),
    ("lampang-2567-q3", LAMPANG, "2567-Q3", {"jpt_verified": 599, "jpt_target": 1000}, "jpt", "D", None),
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"cf_groups_pct": 95, "cf_members_pct": 0.80, "cf_debt_pct": 65.5},
        "community-fund",
        "C",
        26,
    ),
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"cf_groups_pct": 100, "cf_members_pct": 1.00, "cf_debt_pct": 70.0},
        "community-fund",
        "B",
        29,
    ),
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"company_plan": "no", "company_income": "yes", "company_cost_control": "yes"},
        "pracharat-company",
        "B",
        None,
    ),
    (
        "lampang-2567-q3",
        LAMPANG,
        "2567-Q3",
        {"company_plan": "yes", "company_income": "yes", "company_cost_control": "no"},
        "pracharat-company",
        "C",
        None,
    ),
]


@pytest.mark.parametrize("scheme, district, period, values, mission, grade, score", CASES)
def test_worked_example(cli, scheme, district, period, values, mission, grade, score):
    run = cli("evaluate", scheme, "--district", district, "--period", period, stdin=values)
    assert run.code == 0, run.err
    result = next(r for r in run.json()["results"] if r["mission"] == mission)
    assert (result["grade"], result["score"]) == (grade, score)


def _gap_texts(result, target):
    gap = next(g for g in result["gaps"] if g["target"] == target)
    return gap["need"], [[c["text"] for c in option["changes"]] for option in gap["options"]]


def test_thoeng_b_needs_one_more_shop_for_a(cli):
    run = cli(
        "evaluate", "click-2567-q2", "--district", THOENG, "--period", "2567-02", stdin=THOENG_A | {"shop_new": 7}
    )
    result = run.json()["results"][0]
    assert _gap_texts(result, "next") == ("any", [["ร้านค้า OTOP สมัครใหม่ใน Shop ชุมชน: 7 → 8 (+1 ร้าน)"]])
    assert [g["grade"] for g in result["gaps"]] == ["A"]


def test_thoeng_d_any_one_of_three_changes_reaches_c(cli):
    values = {"shop_new": 8, "data_updated": "no", "pr_posts": 2, "pr_channels": 1, "activities": 1, "downloads": 99}
    result = cli("evaluate", "click-2567-q2", "--district", THOENG, "--period", "2567-02", stdin=values).json()
    need, options = _gap_texts(result["results"][0], "next")
    assert need == "any"
    assert options == [
        ["บันทึกข้อมูลบริการ Click ชุมชน ครบถ้วน เป็นปัจจุบัน: ไม่ใช่ → ใช่"],
        ["จำนวนช่องทางที่เผยแพร่: 1 → 2 (+1 ช่องทาง)"],
        ["จำนวนดาวน์โหลด Click ชุมชน: 99 → 100 (+1 ดาวน์โหลด)"],
    ]
    need, options = _gap_texts(result["results"][0], "A")
    assert need == "all" and len(options) == 1 and len(options[0]) == 3


def test_mae_sai_gaps(cli):
    def gaps(values):
        run = cli("evaluate", "click-2567-q3", "--district", MAE_SAI, "--period", "2567-04", stdin=values)
        return run.json()["results"][0]

    b = gaps(MAE_SAI_B)
    assert _gap_texts(b, "next") == ("all", [["หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว: 3 → 4 (+1 คน)"]])
    c = gaps(MAE_SAI_B | {"pr_posts": 1, "pr_channels": 2, "activities": 1, "downloads": 80})
    assert _gap_texts(c, "next") == (
        "all",
        [["จำนวนครั้งที่เผยแพร่ประชาสัมพันธ์: 1 → 2 (+1 ครั้ง)", "จำนวนกิจกรรมขับเคลื่อน: 1 → 2 (+1 กิจกรรม)"]],
    )
    d = gaps(MAE_SAI_B | {"downloads": 79})
    assert _gap_texts(d, "next") == ("all", [["จำนวนดาวน์โหลด Click ชุมชน: 79 → 80 (+1 ดาวน์โหลด)"]])
    heads = next(c for c in b["criteria"] if c["id"] == "heads")
    assert (heads["actual"], heads["required"], heads["shortfall"], heads["level"]) == (3, 4, 1, "B")


def test_missions_without_criteria_and_without_figures(cli):
    results = cli("evaluate", "lampang-2567-q3", "--district", LAMPANG, "--period", "2567-Q3", stdin={}).json()
    status = {r["mission"]: (r["grade"], r["status"]) for r in results["results"]}
    assert status["food-security"] == status["poverty-centre"] == (None, "no criteria")
    assert status["otop"] == (None, "no data") and len(status) == 11


def test_lampang_community_fund_not_applicable_is_refused(cli):
    """Only the six provinces the letter names have no target for (1) and (2); Lampang must report them."""
    values = {"cf_groups_pct": "n/a", "cf_members_pct": 0.8, "cf_debt_pct": 65.5}
    run = cli("evaluate", "lampang-2567-q3", "--district", LAMPANG, "--period", "2567-Q3", stdin=values)
    assert run.code == 2
    assert "cf_groups_pct" in run.err and "ใช้ 'ไม่เกี่ยวข้อง' ไม่ได้" in run.err
    values["cf_groups_pct"] = 95
    result = cli("evaluate", "lampang-2567-q3", "--district", LAMPANG, "--period", "2567-Q3", stdin=values).json()
    fund = next(r for r in result["results"] if r["mission"] == "community-fund")
    assert (fund["grade"], fund["score"], fund["max_score"]) == (
        "C",
        26,
        30,
    )  # RUBRICS §5: 95% → 9, 0.80% → 9, 65.5% → 8


def test_readings_are_shown_beside_the_grade(cli):
    values = {"wf_overdue_pct": 10, "wf_members_pct": 75, "wf_groups_pct": 89.5}
    result = cli("evaluate", "lampang-2567-q3", "--district", LAMPANG, "--period", "2567-Q3", stdin=values).json()
    fund = next(r for r in result["results"] if r["mission"] == "women-fund")
    assert len(fund["readings"]) == 4 and all("RUBRICS §8" in reading for reading in fund["readings"])
