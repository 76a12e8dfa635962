from fractions import Fraction as F

import pytest

from cdd.conditions import Condition, ConditionSyntaxError, MissingInput, format_number

RULES = [
    "data_updated == yes",
    "pr_posts >= 2",
    "wf_overdue_pct < 10",
    "wf_overdue_pct <= 12",
    "shop_new >= shop_target",
    "downloads >= 10 * tambons",
    "heads_downloaded >= 80% of heads_total",
    "otop_sales > 4% over otop_sales_base",
    "cf_members_pct >= 0.75",
]


@pytest.mark.parametrize("text", RULES)
def test_rule_text_reads_and_writes_back(text):
    assert str(Condition.parse(text)) == text
    assert Condition.parse(str(Condition.parse(text))) == Condition.parse(text)


@pytest.mark.parametrize("bad", ["pr_posts => 2", "data_updated > yes", "pr_posts >= 2 times", "10 <= pr_posts", ""])
def test_unreadable_rules_are_refused(bad):
    with pytest.raises(ConditionSyntaxError):
        Condition.parse(bad)


def test_growth_of_exactly_four_percent_is_not_more_than_four():
    rule = Condition.parse("otop_sales > 4% over otop_sales_base")
    assert not rule.holds({"otop_sales": F("1040000"), "otop_sales_base": F("1000000")})
    assert rule.holds({"otop_sales": F("1040000.01"), "otop_sales_base": F("1000000")})
    assert rule.needed({"otop_sales_base": F(1000000), "otop_sales": F(0)}, F(1, 100)) == F("1040000.01")


def test_at_least_a_percentage_of_a_count_needs_the_ceiling():
    rule = Condition.parse("leaders_downloaded >= 80% of leaders_target")
    assert rule.needed({"leaders_target": F(126)}, F(1)) == 101  # ceil(0.8 × 126) = ceil(100.8)
    assert not rule.holds({"leaders_target": F(126), "leaders_downloaded": F(100)})
    assert rule.holds({"leaders_target": F(126), "leaders_downloaded": F(101)})
    assert Condition.parse("heads_downloaded >= 80% of heads_total").needed({"heads_total": F(4)}, F(1)) == 4


def test_strict_below_moves_one_reporting_step():
    assert Condition.parse("wf_overdue_pct < 10").needed({}, F(1, 100)) == F("9.99")
    assert Condition.parse("pr_posts > 2").needed({}, F(1)) == 3


def test_a_missing_value_is_reported_not_guessed():
    with pytest.raises(MissingInput) as error:
        Condition.parse("downloads >= 10 * tambons").holds({"downloads": F(100)})
    assert error.value.key == "tambons"


def test_format_number_is_exact():
    assert [format_number(F(x)) for x in ("88.99", "4", "0.75", "-1.5")] == ["88.99", "4", "0.75", "-1.5"]
