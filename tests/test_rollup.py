from fractions import Fraction as F

import pytest

from cdd.grading.rollup import roll_up, roll_up_series, rollup_rule
from cdd.office.calendar import parse_period
from cdd.rubrics.indicators import NOT_APPLICABLE
from cdd.store import database
from cdd.store.period_grades import monthly_values, rolled_values


def test_each_scheme_says_how_its_inputs_add_up(schemes):
    q3 = schemes["click-2567-q3"]
    # "ค่าเฉลี่ยไม่น้อยกว่า 10 ดาวน์โหลด/เดือน": a mean over the tambons; every month must hold
    assert rollup_rule(q3, "downloads") == "every-month"
    assert rollup_rule(schemes["lampang-2567-q3"], "downloads") == "every-month"
    assert rollup_rule(q3, "pr_posts") == "every-month"
    assert rollup_rule(q3, "heads_downloaded") == "latest"
    assert rollup_rule(schemes["click-2567-q2"], "shop_new") == "every-month"


def test_quarter_of_click_q3_from_three_months(schemes):
    months = {
        "2567-04": {
            "heads_downloaded": F(2),
            "data_updated": True,
            "pr_posts": F(3),
            "pr_channels": F(2),
            "activities": F(2),
            "downloads": F(70),
        },
        "2567-05": {
            "heads_downloaded": F(3),
            "data_updated": True,
            "pr_posts": F(1),
            "pr_channels": F(3),
            "activities": F(4),
            "downloads": F(90),
        },
        "2567-06": {
            "heads_downloaded": F(4),
            "data_updated": False,
            "pr_posts": F(2),
            "pr_channels": F(2),
            "activities": F(2),
            "downloads": F(95),
        },
    }
    rolled = roll_up(schemes["click-2567-q3"], parse_period("2567-Q3"), months)
    assert rolled == {
        "heads_downloaded": F(4),
        "data_updated": False,
        "pr_posts": F(1),
        "pr_channels": F(2),
        "activities": F(2),
        "downloads": F(70),
    }


def test_a_missing_month_leaves_sums_unknown_never_guessed():
    assert roll_up_series("shop_new", "sum", [F(1), None, F(2)]) is None
    assert roll_up_series("shop_new", "sum", [F(1), F(0), F(2)]) == 3
    assert roll_up_series("pr_posts", "every-month", [F(3), None, F(2)]) is None
    assert roll_up_series("heads_downloaded", "latest", [F(3), F(4), None]) == 4
    assert roll_up_series("downloads", "mean", [None, None, None]) is None


def test_worst_month_for_lower_is_better_is_the_highest():
    assert roll_up_series("wf_overdue_pct", "every-month", [F(9), F(13), F(11)]) == 13
    assert roll_up_series("data_updated", "every-month", [True, False, True]) is False


def test_not_applicable_stays_not_applicable():
    assert roll_up_series("cf_groups_pct", "latest", [NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE]) is NOT_APPLICABLE


@pytest.mark.parametrize(
    "scheme_id, periods",
    [
        ("click-2567-q2", ["2567-02", "2567-Q2"]),
        ("click-2567-q3", ["2567-05", "2567-Q3"]),
        ("lampang-2567-q3", ["2567-Q3"]),
        ("buriram-digital-2568", ["2568-Q2", "2568-Q3"]),
        ("sakaeo-click-2568", ["2568-Q2", "2568", "2568-07"]),
        ("buriram-digital-2568", ["2568"]),
    ],
)
def test_the_database_rolls_up_exactly_as_the_reference_rules(demo_db, schemes, scheme_id, periods):
    """cdd.store.period_grades.rolled_values (SQL, for speed) against cdd.grading.rollup.roll_up (Python, the reference)."""
    con = database.connect(demo_db)
    try:
        scheme, registry = schemes[scheme_id], database.registry_from(con)
        codes = [d.code for p in scheme.provinces for d in registry.in_province(p)]
        for token in periods:
            period = parse_period(token)
            by_sql = rolled_values(con, scheme, period, codes)
            monthly = monthly_values(con, codes, [m.token for m in period.months], list(scheme.inputs))
            for code in codes:
                assert by_sql.get(code, {}) == roll_up(scheme, period, monthly.get(code, {})), (token, code)
    finally:
        con.close()


@pytest.mark.parametrize("scheme_id, mission_id", [("click-2567-q3", "click-2567-q3"), ("lampang-2567-q3", "click")])
def test_one_month_one_download_short_makes_the_quarter_d(schemes, scheme_id, mission_id):
    """แม่สาย: 8 tambons need 80 downloads every month; 79 in May is D for the quarter, whatever April and June did."""
    from cdd.grading.mission import grade_mission

    scheme = schemes[scheme_id]
    month = {
        "heads_downloaded": F(4),
        "data_updated": True,
        "pr_posts": F(2),
        "pr_channels": F(2),
        "activities": F(2),
    }
    months = {"2567-04": month | {"downloads": F(200)}, "2567-05": month | {"downloads": F(79)}}
    months["2567-06"] = month | {"downloads": F(200)}
    values = roll_up(scheme, parse_period("2567-Q3"), months) | {"heads_total": F(4), "tambons": F(8)}
    assert values["downloads"] == 79
    assert grade_mission(scheme.mission(mission_id), values).grade == "D"
    months["2567-05"]["downloads"] = F(80)
    values = roll_up(scheme, parse_period("2567-Q3"), months) | {"heads_total": F(4), "tambons": F(8)}
    assert grade_mission(scheme.mission(mission_id), values).grade == "A"
