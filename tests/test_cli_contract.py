"""The command-line contract of RUBRICS §10 (revised), through `python -m cdd evaluate`."""

from __future__ import annotations

import pytest

PAH_DAET, THOENG, LAMPANG, BURIRAM, SAKAEO = "5706", "5704", "5201", "3101", "2701"
CLICK_Q2 = {"data_updated": "yes", "pr_posts": 1, "pr_channels": 2, "activities": 1, "downloads": 200}


def click_q2(cli, values: dict) -> dict:
    run = cli("evaluate", "click-2567-q2", "--district", PAH_DAET, "--period", "2567-02", stdin=CLICK_Q2 | values)
    assert run.code == 0, run.err
    return run.json()["results"][0]


def shop_row(result: dict) -> dict:
    return next(c for c in result["criteria"] if c["input"] == "shop_new")


@pytest.mark.parametrize("operators, needed", [(70, 4), (68, 3), (74, 4), (531, 27), (34, 2), (30, 2), (29, 1)])
def test_otop_operators_give_a_target_of_5_percent_rounded_half_up(cli, operators, needed):
    """70 × 5% = 3.5 → 4 (ป่าแดด, as the letter's table prints); 68 → 3.4 → 3; 30 → 1.5 → 2; 29 → 1.45 → 1."""
    short = shop_row(click_q2(cli, {"otop_operators": operators, "shop_new": needed - 1}))
    assert (short["required"], short["met"]) == (needed, False)
    assert shop_row(click_q2(cli, {"otop_operators": operators, "shop_new": needed}))["met"] is True


def test_a_given_shop_target_wins_over_the_operators(cli):
    row = shop_row(click_q2(cli, {"otop_operators": 70, "shop_target": 2, "shop_new": 2}))
    assert (row["required"], row["met"]) == (2, True)


def test_moral_plan_done_is_accepted_and_shown_as_the_d_criterion(cli):
    values = {"moral_plan_done": "no", "moral_honours": 0, "moral_channels": 0}
    run = cli("evaluate", "lampang-2567-q3", "--district", LAMPANG, "--period", "2567-Q3", stdin=values)
    assert run.code == 0, run.err
    moral = next(r for r in run.json()["results"] if r["mission"] == "moral-org")
    plan = next(c for c in moral["criteria"] if c["input"] == "moral_plan_done")
    assert (moral["grade"], plan["actual"], plan["met"]) == ("D", False, False)  # no grade below D
    assert "ร้อยละ 100" in plan["label"]


@pytest.mark.parametrize(
    "scheme, district, period",
    [
        ("buriram-digital-2568", BURIRAM, "2568"),
        ("buriram-digital-2568", BURIRAM, "2568-Q3"),
        ("sakaeo-click-2568", SAKAEO, "2568"),
        ("sakaeo-click-2568", SAKAEO, "2568-Q2"),
        ("lampang-2567-q3", LAMPANG, "2567"),
        ("click-2567-q3", "5709", "2567"),
        ("click-2567-q2", THOENG, "2567"),
    ],
)
def test_a_fiscal_year_or_quarter_is_accepted_where_the_schemes_months_fall_in_it(cli, scheme, district, period):
    run = cli("evaluate", scheme, "--district", district, "--period", period, stdin={})
    assert run.code == 0, run.err
    assert run.json()["period"] == period


def test_buriram_2568_grades_the_running_totals_at_june(demo_db, schemes):
    """The fiscal year 2568 of Buriram is its months January to June: June's running totals are the year's."""
    from cdd.store import database
    from cdd.store.period_grades import grade_period, monthly_values

    con = database.connect(demo_db)
    try:
        year = {r.district: r.results[0].score for r in grade_period(con, "buriram-digital-2568", "2568")}
        june = {r.district: r.results[0].score for r in grade_period(con, "buriram-digital-2568", "2568-06")}
        monthly = monthly_values(con, list(year), ["2568-06"], list(schemes["buriram-digital-2568"].inputs))
    finally:
        con.close()
    sent_june = [code for code in year if monthly.get(code, {}).get("2568-06")]
    assert sent_june and all(year[code] == june[code] for code in sent_june)
    assert any(score is not None for score in year.values())


def test_outside_every_month_of_the_scheme_is_still_refused(cli):
    run = cli("evaluate", "sakaeo-click-2568", "--district", SAKAEO, "--period", "2568-Q1", stdin={})
    assert run.code == 2 and "อยู่นอกช่วง" in run.err


def test_a_key_no_rubric_uses_still_exits_2(cli):
    run = cli("evaluate", "click-2567-q2", "--district", THOENG, "--period", "2567-02", stdin={"shop_count": 1})
    assert run.code == 2 and "shop_count" in run.err


@pytest.mark.parametrize(
    "org, unit, grade", [("no", "no", "D"), ("yes", "no", "C"), ("no", "มี", "C"), ("มี", "yes", "B")]
)
def test_moral_honours_as_two_yes_no_columns(cli, org, unit, grade):
    """ "ประกาศเกียรติคุณองค์กรคุณธรรม หรือหน่วยงานคุณธรรม อย่างใดอย่างหนึ่ง" is C; both is B."""
    values = {"moral_plan_done": "yes", "moral_honour_org": org, "moral_honour_unit": unit, "moral_channels": 2}
    run = cli("evaluate", "lampang-2567-q3", "--district", LAMPANG, "--period", "2567-Q3", stdin=values)
    assert run.code == 0, run.err
    moral = next(r for r in run.json()["results"] if r["mission"] == "moral-org")
    assert moral["grade"] == grade
