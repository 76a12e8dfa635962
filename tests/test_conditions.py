from fractions import Fraction
from fractions import Fraction as F

import pytest

from cdd.office.numbers import format_number
from cdd.rubrics.conditions import Condition, ConditionSyntaxError, MissingInput

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


from hypothesis import given
from hypothesis import strategies as st

from cdd.rubrics.conditions import compare

NUMBERS = st.fractions(min_value=0, max_value=10**7, max_denominator=10**4)


@given(
    op=st.sampled_from([">=", ">", "<=", "<", "=="]),
    right=st.sampled_from(["7", "88.99", "ref", "10 * ref", "80% of ref", "4% over ref", "0.75"]),
    actual=NUMBERS,
    reference=NUMBERS.filter(lambda f: f > 0),
)
def test_the_fast_comparison_is_the_exact_one(op, right, actual, reference):
    condition = Condition.parse(f"downloads {op} {right.replace('ref', 'tambons')}")
    values = {"downloads": actual, "tambons": reference}
    assert condition.holds(values) == compare(actual, op, condition.threshold(values))


@given(
    op=st.sampled_from([">=", ">", "<=", "<"]),
    right=st.sampled_from(["7", "88.99", "ref", "10 * ref", "80% of ref", "4% over ref", "0.75"]),
    reference=NUMBERS.filter(lambda f: f > 0),
    step=st.sampled_from([Fraction(1), Fraction(1, 100)]),
)
def test_needed_is_the_nearest_value_that_meets_the_condition(op, right, reference, step):
    condition = Condition.parse(f"downloads {op} {right.replace('ref', 'tambons')}")
    values = {"tambons": reference}
    value = condition.needed(values, step)
    assert (value / step).denominator == 1
    assert condition.holds({**values, "downloads": value})
    beyond = value - step if op in (">=", ">") else value + step
    assert not condition.holds({**values, "downloads": beyond})
