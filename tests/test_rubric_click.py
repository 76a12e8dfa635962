"""Click ชุมชน Q2 and Q3: each threshold at, just below and just above its bound."""

from fractions import Fraction as F

import pytest

from cdd.grading.mission import grade_mission

Q2_FULL = {
    "shop_target": F(8),
    "tambons": F(10),
    "shop_new": F(8),
    "data_updated": True,
    "pr_posts": F(1),
    "pr_channels": F(2),
    "activities": F(1),
    "downloads": F(100),
}
Q3_FULL = {
    "heads_total": F(10),
    "tambons": F(8),
    "heads_downloaded": F(8),
    "data_updated": True,
    "pr_posts": F(2),
    "pr_channels": F(2),
    "activities": F(2),
    "downloads": F(80),
}


@pytest.mark.parametrize(
    "key, bound",
    [("shop_new", 8), ("pr_posts", 1), ("pr_channels", 2), ("activities", 1), ("downloads", 100)],
)
@pytest.mark.parametrize("offset, points", [(-1, 8), (0, 10), (1, 10)])
def test_q2_each_item_at_below_and_above_its_bound(schemes, key, bound, offset, points):
    mission = schemes["click-2567-q2"].missions[0]
    result = grade_mission(mission, Q2_FULL | {key: F(bound + offset)})
    assert result.score == points and result.grade == ("A" if points == 10 else "B")


@pytest.mark.parametrize("score, grade", [(10, "A"), (8, "B"), (6, "C"), (4, "D"), (2, "D")])
def test_q2_bands(schemes, score, grade):
    mission = schemes["click-2567-q2"].missions[0]
    failing = ["shop_new", "pr_posts", "activities", "downloads", "pr_channels"][: (10 - score) // 2]
    result = grade_mission(mission, Q2_FULL | {key: F(0) for key in failing})
    assert (result.score, result.grade) == (score, grade)


@pytest.mark.parametrize(
    "downloaded, grade", [(5, "D"), (6, "C"), (7, "B"), (8, "A"), (10, "A")]
)  # of 10 heads: 60% needs 6, 70% needs 7, 80% needs 8
def test_q3_heads_percentages(schemes, downloaded, grade):
    mission = schemes["click-2567-q3"].missions[0]
    assert grade_mission(mission, Q3_FULL | {"heads_downloaded": F(downloaded)}).grade == grade


def test_q3_eighty_percent_of_a_count_rounds_up(schemes):
    mission = schemes["click-2567-q3"].missions[0]
    three_heads = Q3_FULL | {"heads_total": F(3)}
    assert grade_mission(mission, three_heads | {"heads_downloaded": F(2)}).grade == "C"  # 66.7%: ≥ 60, < 70
    assert grade_mission(mission, three_heads | {"heads_downloaded": F(3)}).grade == "A"  # ceil(2.4) = 3


@pytest.mark.parametrize(
    "change, grade",
    [
        ({"pr_posts": F(1)}, "C"),
        ({"activities": F(1)}, "C"),
        ({"pr_posts": F(0)}, "D"),
        ({"activities": F(0)}, "D"),
        ({"pr_channels": F(1)}, "D"),
        ({"pr_channels": F(3)}, "A"),
        ({"downloads": F(79)}, "D"),
        ({"downloads": F(81)}, "A"),
        ({"data_updated": False}, "D"),
    ],
)
def test_q3_levels(schemes, change, grade):
    mission = schemes["click-2567-q3"].missions[0]
    assert grade_mission(mission, Q3_FULL | change).grade == grade


def test_q3_criterion_levels_show_where_each_part_stands(schemes):
    mission = schemes["click-2567-q3"].missions[0]
    result = grade_mission(mission, Q3_FULL | {"heads_downloaded": F(7), "pr_posts": F(1)})
    levels = {row.id: row.level for row in result.criteria}
    assert levels == {"heads": "B", "data": "A", "posts": "C", "channels": "A", "activities": "A", "downloads": "A"}
    assert result.grade == "C"
