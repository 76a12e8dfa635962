"""A draft's structure edited in tables: missions, items and criteria, levels and steps, roll-ups and the
indicators a new letter brings. A table read back unchanged is the same rubric; adding a row and
removing it again gives the rubric back; every rule the builder makes parses and survives TOML; a scheme
with its own indicator exports, imports and publishes to the same rubric, and its template asks for it."""

from __future__ import annotations

import csv
import io
import tomllib
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdd.grading.inputs import registry
from cdd.intake import templates
from cdd.intake.validate import read_submission
from cdd.office.calendar import parse_period
from cdd.rubrics import drafts, structure
from cdd.rubrics.conditions import OPERATORS, Condition
from cdd.rubrics.indicators import CATALOGUE, SHIPPED, IndicatorConflict
from cdd.rubrics.model import GRADES, SHAPES, load_schemes, scheme_from_dict
from cdd.rubrics.toml_write import dumps_scheme
from cdd.store import database as store
from cdd.store import rubric_versions as rv
from cdd.views import workshop
from cdd.views import workshop_structure as view

SHIPPED_SCHEMES = load_schemes()
SCHEME_IDS = sorted(SHIPPED_SCHEMES)
Q3 = SHIPPED_SCHEMES["click-2567-q3"]
LETTER = drafts.Letter("จังหวัดเชียงราย", "ชร 0019.3/ว 200", "1 ตุลาคม 2569")
TIKTOK = {
    "key": "tiktok_posts",
    "label": "จำนวนโพสต์ใน TikTok",
    "unit": "โพสต์",
    "kind": "count",
    "better": "higher",
    "rollup": "sum",
}
TITLES = st.text(alphabet="กขคงจฉชซ การพัฒนาชุมชน", min_size=1, max_size=20).map(str.strip).filter(bool)


def a_scheme(draw_index: int):
    return SHIPPED_SCHEMES[SCHEME_IDS[draw_index % len(SCHEME_IDS)]]


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_every_structure_table_read_back_unchanged_is_the_same_rubric(scheme_id):
    scheme = SHIPPED_SCHEMES[scheme_id]
    assert structure.with_missions(scheme, view.missions_from_table(view.mission_table(scheme))) == scheme
    assert structure.with_parts(scheme, view.parts_from_table(scheme, view.part_table(scheme))) == scheme
    assert structure.with_levels(scheme, view.levels_from_table(scheme, view.level_table(scheme))) == scheme
    assert structure.with_rollups(scheme, view.rollups_from_table(view.rollup_table(scheme))) == scheme
    assert structure.with_indicators(scheme, view.indicators_from_table(view.indicator_table(scheme))) == scheme
    assert drafts.with_bands(scheme, workshop.bands_from_table(scheme, workshop.band_table(scheme))) == scheme


def test_the_structure_tables_speak_thai():
    missions = view.mission_table(Q3)
    assert missions.loc[0, "title"] == "Click ชุมชน" and missions.loc[0, "shape"] in view.SHAPE_TH.values()
    parts = view.part_table(Q3)
    assert set(parts["mission"]) <= {m.title for m in Q3.missions}
    rollups = view.rollup_table(Q3)
    assert set(rollups["rollup"]) <= set(view.ROLLUP_TH.values())
    assert not [key for key in rollups["indicator"] if key in CATALOGUE]  # labels, not keys


@settings(max_examples=25, deadline=None)
@given(index=st.integers(0, 100), title=TITLES, shape=st.sampled_from(SHAPES), top=st.none() | st.integers(0, 100))
def test_a_mission_added_then_removed_gives_the_rubric_back(index, title, shape, top):
    scheme = a_scheme(index)
    title = f"{title} (ใหม่)"
    added = structure.add_mission(scheme, title, shape, top)
    new = added.missions[-1]
    assert (new.title, new.shape, new.printed_max) == (title, shape, None if top is None else Fraction(top))
    assert new.id not in {m.id for m in scheme.missions}
    assert scheme_from_dict(tomllib.loads(dumps_scheme(added))) == added
    assert structure.with_missions(added, structure.mission_rows(added)[:-1]) == scheme


@settings(max_examples=25, deadline=None)
@given(index=st.integers(0, 100), mission=st.integers(0, 20), label=TITLES, points=st.none() | st.integers(0, 20))
def test_an_item_or_criterion_added_then_removed_gives_the_rubric_back(index, mission, label, points):
    scheme = a_scheme(index)
    target = scheme.missions[mission % len(scheme.missions)]
    label = f"{label} (ข้อใหม่)"
    added = structure.add_part(scheme, target.id, label, points)
    grown = added.mission(target.id)
    assert len(grown.parts) == len(target.parts) + 1 and grown.parts[-1].label == label
    assert scheme_from_dict(tomllib.loads(dumps_scheme(added))) == added
    rows = [r for r in structure.part_rows(added) if not (r["mission"] == target.id and r["label"] == label)]
    assert structure.with_parts(added, rows) == scheme


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(index=st.integers(0, 100), pick=st.integers(0, 500), points=st.integers(0, 100), printed=TITLES)
def test_a_level_or_step_added_then_removed_gives_the_rubric_back(index, pick, points, printed):
    scheme = a_scheme(index)
    places = [(m, p) for m in scheme.missions for p in (structure.WHOLE_MISSION, *m.parts)]
    mission, part = places[pick % len(places)]
    if part == structure.WHOLE_MISSION:
        taken = {lv.grade for lv in mission.levels}
    elif part in mission.criteria:
        taken = set(part.levels)  # type: ignore[union-attr]
    else:
        taken = set()
    free = [g for g in GRADES if g not in taken]
    if not free:
        return
    level = free[0] if part == structure.WHOLE_MISSION or part in mission.criteria else f"ขั้น {len(part.steps) + 1}"  # type: ignore[union-attr]
    part_id = part if isinstance(part, str) else part.id
    row = {"mission": mission.id, "part": part_id, "level": level, "points": points, "printed": printed}
    added = structure.with_levels(scheme, [*structure.level_rows(scheme), row])
    assert len(structure.level_rows(added)) == len(structure.level_rows(scheme)) + 1
    assert scheme_from_dict(tomllib.loads(dumps_scheme(added))) == added
    assert structure.with_levels(added, structure.level_rows(scheme)) == scheme


KEYS = sorted(SHIPPED)
CHOICES = st.fixed_dictionaries(
    {
        "indicator": st.sampled_from(KEYS),
        "operator": st.sampled_from(OPERATORS),
        "compared": st.sampled_from(list(drafts.COMPARED_WITH)),
        "number": st.none() | st.integers(-5, 1000) | st.decimals(0, 1000, places=2).map(float),
        "reference": st.none() | st.sampled_from(KEYS),
    }
)


@pytest.mark.slow  # over a second: 150 generated rules, each built, placed and read back through TOML
@settings(max_examples=150, deadline=None)
@given(choices=CHOICES, index=st.integers(0, 100), pick=st.integers(0, 500))
def test_every_rule_row_the_builder_makes_parses_and_survives_toml(choices, index, pick):
    try:
        condition = drafts.condition_from(**choices)
    except drafts.DraftError as error:
        assert str(error)  # a refusal is a sentence, never a crash
        return
    assert Condition.parse(str(condition)) == condition
    scheme = a_scheme(index)
    rows = drafts.rule_rows(scheme)
    if not rows:
        return
    place = rows[pick % len(rows)]
    new = {**place, **choices}
    added = drafts.with_rules(scheme, [*rows, new])
    assert str(condition) in [r["rule"] for r in drafts.rule_rows(added)]
    assert scheme_from_dict(tomllib.loads(dumps_scheme(added))) == added
    assert drafts.with_rules(added, rows) == scheme  # and removed again


def test_a_rule_row_added_in_the_thai_table_joins_its_level():
    table = workshop.rule_table(Q3)
    extra = table.iloc[[0]].assign(operator="มากกว่า", compared="ตัวเลข", number=3, reference="")
    changed = drafts.with_rules(Q3, workshop.rules_from_table(Q3, _concat(table, extra)))
    assert [str(c) for c in changed.missions[0].criteria[0].levels["A"].when][-1] == "heads_downloaded > 3"
    removed = drafts.with_rules(changed, workshop.rules_from_table(changed, table))
    assert removed == Q3


def test_a_rule_row_on_a_level_that_is_not_there_names_the_row():
    rows = drafts.rule_rows(Q3)
    rows.append({**rows[0], "level": "ขั้น 7"})
    with pytest.raises(drafts.DraftError, match=f"แถวที่ {len(rows)} .*ไม่มีระดับหรือขั้นนี้"):
        drafts.with_rules(Q3, rows)


@pytest.mark.parametrize(
    "row, fix",
    [
        ({"title": "", "shape": "points"}, "ยังไม่ได้ใส่ชื่อภารกิจ"),
        ({"title": "Click ชุมชน", "shape": "points"}, "ซ้ำ"),
        ({"title": "ใหม่", "shape": "กลม"}, "เลือกรูปแบบ"),
    ],
)
def test_a_bad_mission_row_is_refused_naming_the_row(row, fix):
    with pytest.raises(drafts.DraftError, match=fix):
        structure.with_missions(Q3, [*structure.mission_rows(Q3), row])


@pytest.mark.parametrize(
    "change, fix",
    [
        ({"key": "TikTok posts"}, "อักษรอังกฤษตัวเล็ก"),
        ({"key": "pr_posts"}, "มีตัวชี้วัด 'pr_posts' อยู่แล้ว"),
        ({"label": ""}, "ยังไม่ได้ใส่ชื่อ"),
        ({"kind": "ดาว"}, "เลือก kind"),
    ],
)
def test_a_bad_indicator_row_is_refused_naming_the_fix(change, fix):
    with pytest.raises(drafts.DraftError, match=fix):
        structure.add_indicator(Q3, **(TIKTOK | change))


def test_a_changed_rollup_is_written_and_the_catalogues_own_is_not():
    rows = structure.rollup_rows(Q3)
    rows[0]["rollup"] = "mean"
    changed = structure.with_rollups(Q3, rows)
    assert changed.rollup[rows[0]["indicator"]] == "mean"
    assert set(changed.rollup) - set(Q3.rollup) == {rows[0]["indicator"]} - set(Q3.rollup)


def tiktok_scheme():
    """A letter's new mission: TikTok posts, 10 points for at least 4 posts in the quarter."""
    scheme = drafts.clone(Q3, "click-2570-tiktok", "ภารกิจ TikTok ไตรมาสที่ 1/2570", LETTER, ("2569-10", "2569-12"))
    scheme = structure.add_indicator(scheme, **TIKTOK)
    scheme = structure.add_mission(scheme, "การประชาสัมพันธ์ผ่าน TikTok", "points", 10)
    mission = scheme.missions[-1].id
    scheme = structure.add_part(scheme, mission, "โพสต์ผ่าน TikTok อย่างน้อย 4 โพสต์", 10)
    part = scheme.missions[-1].items[0].id
    rule = {"mission": mission, "part": part, "level": drafts.WHOLE_ITEM, "indicator": "tiktok_posts"}
    rule |= {"operator": ">=", "compared": "value", "number": 4, "reference": None}
    scheme = drafts.with_rules(scheme, [*drafts.rule_rows(scheme), rule])
    bands = [{"mission": mission, "grade": g, "min": m, "printed": ""} for g, m in (("A", 10), ("D", 0))]
    return drafts.with_bands(scheme, [*drafts.band_rows(scheme), *bands])


def test_a_scheme_with_its_own_indicator_round_trips_through_toml():
    scheme = tiktok_scheme()
    assert "tiktok_posts" in scheme.inputs and CATALOGUE["tiktok_posts"].label == TIKTOK["label"]
    text = dumps_scheme(scheme)
    assert "[indicators.tiktok_posts]" in text
    assert scheme_from_dict(tomllib.loads(text)) == scheme
    assert rv.problems_of(text) == (scheme, [])


@pytest.mark.slow  # over a second: a database made, a version published and a template read back
def test_a_scheme_with_a_new_indicator_publishes_and_its_template_asks_for_it(fresh_db):
    scheme = tiktok_scheme()
    text = dumps_scheme(scheme)
    with store.connect(fresh_db("tiktok", demo=False)) as con:
        published = rv.publish(con, text, "ผู้ดูแล")
        assert published.scheme == scheme and rv.find_version(con, published.ref).toml == text
        otherwise = text.replace('unit = "โพสต์"', 'unit = "คลิป"')
        with pytest.raises(rv.PublishRefused, match="tiktok_posts"):
            rv.publish(con, otherwise.replace("click-2570-tiktok", "click-2570-tiktok-b"), "ผู้ดูแล")
    assert ("tiktok_posts", TIKTOK["label"]) in templates.template_columns(scheme)
    form = templates.write_template_csv(scheme, registry(), parse_period("2569-10"), "5701")
    lines = list(csv.reader(io.StringIO(form.decode("utf-8-sig"))))
    column = lines[1].index("tiktok_posts")
    lines[2][column] = "5"
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    submission, problems = read_submission("tiktok.csv", out.getvalue().encode(), registry(), {scheme.id: scheme})
    assert not problems and submission is not None
    assert submission.rows[0].values["tiktok_posts"] == 5


def test_an_indicator_defined_otherwise_is_refused_in_thai_naming_the_key():
    raw = tomllib.loads(dumps_scheme(Q3))
    raw["indicators"] = {"pr_posts": {"label": "โพสต์", "kind": "yesno"}}
    with pytest.raises(IndicatorConflict, match="ตัวชี้วัด 'pr_posts' มีอยู่แล้ว"):
        scheme_from_dict(raw)
    raw["indicators"] = {"line_posts_kept": {"label": "โพสต์ใน LINE", "kind": "count"}}
    scheme_from_dict(raw)  # stored: its definition is fixed from now on
    raw["indicators"]["line_posts_kept"]["kind"] = "money"
    _, problems = rv.problems_of(tomllib_dumps(raw))
    assert problems and "line_posts_kept" in problems[0]


def test_a_drafts_own_indicator_may_still_change_until_published():
    raw = tomllib.loads(dumps_scheme(Q3))
    raw["indicators"] = {"draft_only_posts": {"label": "โพสต์ร่าง", "kind": "count"}}
    assert rv.problems_of(tomllib_dumps(raw))[1] == []
    raw["indicators"]["draft_only_posts"] = {"label": "โพสต์ร่าง (แก้แล้ว)", "kind": "count", "unit": "โพสต์"}
    scheme, problems = rv.problems_of(tomllib_dumps(raw))
    assert problems == [] and scheme is not None and scheme.indicators[0].unit == "โพสต์"
    assert CATALOGUE["draft_only_posts"].label == "โพสต์ร่าง (แก้แล้ว)"


def tomllib_dumps(raw: dict) -> str:
    import tomli_w

    return tomli_w.dumps(raw)


def _concat(table, extra):
    import pandas as pd

    return pd.concat([table, extra], ignore_index=True)


def test_a_mission_changed_to_a_ladder_takes_its_items_as_criteria():
    scheme = SHIPPED_SCHEMES["buriram-digital-2568"]
    rows = structure.mission_rows(scheme)
    rows[0]["shape"] = "ladder"
    changed = structure.with_missions(scheme, rows)
    first = changed.missions[0]
    assert first.shape == "ladder" and first.items == scheme.missions[0].items  # nothing lost yet
    parts = structure.with_parts(changed, structure.part_rows(changed))
    turned = parts.missions[0]
    assert not turned.items and [c.label for c in turned.criteria] == [i.label for i in scheme.missions[0].items]
    assert parts.missions[1:] == scheme.missions[1:]


def test_a_missions_own_levels_are_rows_of_the_level_table():
    levels = view.level_table(Q3)
    own = levels[levels["part"] == structure.WHOLE_MISSION]
    assert own["level"].tolist() == [lv.grade for lv in Q3.missions[0].levels]
    assert own["points"].iloc[0] == 10 and "ระดับ A" in own["printed"].iloc[0]
    rows = structure.level_rows(Q3)
    rows = [r for r in rows if not (r["part"] == structure.WHOLE_MISSION and r["level"] == "A")]
    assert [lv.grade for lv in structure.with_levels(Q3, rows).missions[0].levels] == ["B", "C", "D"]


def test_lints_finding_shows_beside_the_part_and_its_levels():
    rows = drafts.rule_rows(Q3)
    for row in rows:
        if row["part"] == "heads" and row["level"] == "C":
            row["number"] = 75  # C asks more than B (70)
    raised = drafts.with_rules(Q3, rows)
    parts, levels = view.part_table(raised), view.level_table(raised)
    heads = next(c.label for c in Q3.missions[0].criteria if c.id == "heads")
    assert "ระดับ C" in parts.set_index("label").loc[heads, "finding"]
    assert (levels[levels["part"] == heads]["finding"] != "").all()
    assert (levels[levels["part"] != heads]["finding"] == "").all()
    assert view.part_table(Q3)["finding"].eq("").all()


def test_a_new_ladder_without_criteria_is_named_by_its_title_in_the_problems():
    draft = drafts.clone(Q3, "click-2570-ladder", "ทดลอง", LETTER, ("2569-10", "2569-12"))
    draft = structure.add_mission(draft, "ภารกิจใหม่แบบขั้นบันได", "ladder")
    _, problems = rv.problems_of(dumps_scheme(draft))
    assert problems == [f"ภารกิจ {draft.missions[-1].id} (ภารกิจใหม่แบบขั้นบันได) แบบ ladder ต้องมีเกณฑ์อย่างน้อยหนึ่งข้อ"]
