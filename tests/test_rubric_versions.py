"""Rubrics as published versions in the store: seeded from the shipped files, never edited, each period
graded by the version in force for it, publishing never changing a grade already given."""

from __future__ import annotations

import contextlib
import datetime as dt
import tomllib
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdd.grading.inputs import registry
from cdd.intake.validate import Submission, SubmittedRow
from cdd.office.calendar import parse_period
from cdd.rubrics import drafts
from cdd.rubrics.model import load_schemes, scheme_from_dict
from cdd.rubrics.toml_write import dumps_scheme
from cdd.store import database as store
from cdd.store import rubric_versions as rv
from cdd.store.period_grades import grade_period
from cdd.store.submissions import write

SHIPPED = load_schemes()
FY2570_Q1 = ("2569-10", "2569-12")
LETTER = drafts.Letter("จังหวัดเชียงราย", "ชร 0019.3/ว 100", "1 ตุลาคม 2569")
GOOD_MONTH = {
    "heads_total": Fraction(10),
    "heads_downloaded": Fraction(8),
    "data_updated": True,
    "pr_posts": Fraction(2),
    "pr_channels": Fraction(2),
    "activities": Fraction(2),
    "downloads": Fraction(500),
}


def send(con, scheme, province: str, month: str, values: dict) -> None:
    rows = [
        SubmittedRow(i + 2, d, parse_period(month), dict(values))
        for i, d in enumerate(registry().in_province(province))
    ]
    write(
        con,
        Submission(scheme, rows, 0, [parse_period(month)]),
        "test.csv",
        b"test",
        "ทดสอบ",
        at=dt.datetime(2026, 11, 1),
    )


def raised(scheme, part: str, grade: str, number: float):
    rows = drafts.rule_rows(scheme)
    for row in rows:
        if row["part"] == part and row["level"] == grade:
            row["number"] = number
    return drafts.with_rules(scheme, rows)


def all_grades(con) -> dict:
    """Every scheme's grades for every month and quarter that has figures."""
    out = {}
    for scheme in rv.current_schemes(con).values():
        for month in scheme.months:
            for token in {month.token, f"{month.fiscal_year}-Q{month.quarter}"}:
                try:
                    results = grade_period(con, scheme.id, token, detail="grades")
                except ValueError:
                    continue
                out[(scheme.id, token)] = [
                    (r.district, [(m.mission, m.grade, m.score) for m in r.results]) for r in results
                ]
    return out


def test_a_new_database_holds_every_shipped_rubric_as_version_one(empty_db):
    with store.connect(empty_db) as con:
        found = rv.versions(con)
    assert {v.scheme_id for v in found} == set(SHIPPED) and {v.version for v in found} == {1}
    q3 = next(v for v in found if v.scheme_id == "click-2567-q3")
    assert (q3.letter_number, q3.letter_date) == ("ขร ๐๐๑๙.๓/ว๑๑๐๓๗", "๗ พฤษภาคม ๒๕๖๗")
    assert (q3.effective_from, q3.effective_to) == ("2567-04", "2567-06")
    assert q3.published_by == rv.SHIPPED_BY and not q3.retired
    assert q3.scheme == SHIPPED["click-2567-q3"]


@pytest.mark.parametrize("scheme_id", sorted(SHIPPED))
def test_every_shipped_scheme_exported_imported_and_published_again_is_the_same_rubric(fresh_db, scheme_id):
    text = dumps_scheme(SHIPPED[scheme_id])
    assert scheme_from_dict(tomllib.loads(text)) == SHIPPED[scheme_id]
    with store.connect(fresh_db(f"round-{scheme_id}", demo=False)) as con:
        again = rv.publish(con, text, "ผู้ดูแล")
        assert again.ref == f"{scheme_id}@2" and again.scheme == SHIPPED[scheme_id]
        assert rv.find_version(con, scheme_id).toml == text


def test_a_bad_file_is_refused_in_thai_and_writes_nothing(fresh_db):
    bad = dumps_scheme(SHIPPED["click-2567-q3"]).replace("heads_downloaded >=", "tiktok_posts >=", 1)
    with store.connect(fresh_db("bad", demo=False)) as con:
        before = rv.versions(con)
        with pytest.raises(rv.PublishRefused, match="tiktok_posts"):
            rv.publish(con, bad, "ผู้ดูแล")
        with pytest.raises(rv.PublishRefused, match="อ่านไฟล์ TOML ไม่ได้"):
            rv.publish(con, "id = ", "ผู้ดูแล")
        assert rv.versions(con) == before


def test_a_scheme_without_a_letter_number_and_date_is_not_published():
    text = dumps_scheme(replace(SHIPPED["click-2567-q3"], letter="หนังสือจังหวัด"))
    scheme, problems = rv.problems_of(text)
    assert scheme is not None and any("หนังสือสั่งการ" in p for p in problems)


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_clone_for_fy2570_grades_its_own_months_and_leaves_fy2567_alone(fresh_db):
    path = fresh_db("clone")
    new = drafts.clone(SHIPPED["click-2567-q3"], "click-2570-q1", "Click ชุมชน ไตรมาส 1/2570", LETTER, FY2570_Q1)
    with store.connect(path) as con:
        before = all_grades(con)
        version = rv.publish(con, dumps_scheme(new), "ผู้ดูแล")
        assert (version.letter_number, version.effective_from) == ("ชร 0019.3/ว 100", "2569-10")
        send(con, version.scheme, "57", "2569-10", GOOD_MONTH)
        graded = grade_period(con, "click-2570-q1", "2569-10", "57")
        assert {r.results[0].grade for r in graded} == {"A"}
        after = all_grades(con)
    assert {k: v for k, v in after.items() if k[0] != "click-2570-q1"} == before


def test_each_month_is_graded_by_the_version_in_force_for_it(fresh_db):
    q3 = SHIPPED["click-2567-q3"]
    with store.connect(fresh_db("in-force", demo=False)) as con:
        rv.publish(con, dumps_scheme(raised(q3, "heads", "A", 90)), "ผู้ดูแล", effective_from="2567-05")
        for month in ("2567-04", "2567-05"):
            send(con, q3, "57", month, GOOD_MONTH | {"heads_downloaded": Fraction(8)})
        april = grade_period(con, q3.id, "2567-04", "57")
        may = grade_period(con, q3.id, "2567-05", "57")
    # 8 of 10 heads is 80%: A under the letter, B once A asks for 90%
    assert {r.results[0].grade for r in april if r.district == "5701"} == {"A"}
    assert {r.results[0].grade for r in may if r.district == "5701"} == {"B"}


def test_the_version_in_force_is_read_again_once_a_new_one_is_published(fresh_db):
    """The scheme of a version already read is kept: a new version in force is never hidden behind it."""
    q3 = SHIPPED["click-2567-q3"]
    with store.connect(fresh_db("kept-version", demo=False)) as con:
        first = rv.scheme_for_period(con, q3.id, "2567-05")
        rv.publish(con, dumps_scheme(raised(q3, "heads", "A", 90)), "ผู้ดูแล", effective_from="2567-05")
        may, april = rv.scheme_for_period(con, q3.id, "2567-05"), rv.scheme_for_period(con, q3.id, "2567-04")
        assert first == april == rv.in_force(con, q3.id, "2567-04").scheme
        assert may == rv.in_force(con, q3.id, "2567-05").scheme and may != first


def test_a_new_version_may_not_take_effect_where_figures_are_already_graded(fresh_db):
    q3 = SHIPPED["click-2567-q3"]
    with store.connect(fresh_db("refuse-past", demo=False)) as con:
        send(con, q3, "57", "2567-04", GOOD_MONTH)
        with pytest.raises(rv.PublishRefused, match="2567-04"):
            rv.publish(con, dumps_scheme(raised(q3, "heads", "A", 90)), "ผู้ดูแล")
        later = rv.publish(con, dumps_scheme(raised(q3, "heads", "A", 90)), "ผู้ดูแล", effective_from="2567-05")
        assert later.ref == "click-2567-q3@2"


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_retired_version_still_grades_its_own_periods_and_takes_no_new_figures(fresh_db):
    path = fresh_db("retire")
    with store.connect(path) as con:
        before = all_grades(con)
        retired = rv.retire(con, "click-2567-q3", "ผู้ดูแล")
        assert retired.retired and retired.retired_by == "ผู้ดูแล"
        assert all_grades(con) == before
        assert "click-2567-q3" not in rv.current_schemes(con, open_only=True)
        assert "click-2567-q3" in rv.current_schemes(con)
        with pytest.raises(rv.PublishRefused, match="เลิกใช้แล้ว"):
            rv.retire(con, "click-2567-q3@1", "ผู้ดูแล")


@pytest.fixture(scope="module")
def graded_demo(fresh_db):
    """The demo database with its figures from 2568-05 on taken out, so later versions can be published."""
    path = fresh_db("property")
    con = store.connect(path)
    con.execute("DELETE FROM submitted_values WHERE month >= '2568-05'")
    yield con, all_grades(con)
    con.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    scheme_id=st.sampled_from(["click-2567-q3", "sakaeo-click-2568", "buriram-digital-2568"]),
    month_index=st.integers(0, 11),
    factor=st.sampled_from([Fraction(1, 2), Fraction(3, 2), Fraction(2)]),
)
@pytest.mark.slow  # over a second: several steps, screens or processes
def test_publishing_never_changes_a_grade_already_given(graded_demo, scheme_id, month_index, factor):
    con, before = graded_demo
    scheme = SHIPPED[scheme_id]
    rows = drafts.rule_rows(scheme)
    for row in rows:
        if row["number"]:
            row["number"] = float(Fraction(str(row["number"])) * factor)
    months = scheme.months
    start = months[month_index % len(months)].token
    with contextlib.suppress(rv.PublishRefused):
        rv.publish(con, dumps_scheme(drafts.with_rules(scheme, rows)), "ผู้ดูแล", effective_from=start)
    assert all_grades(con) == before


def test_every_rule_the_builder_makes_reads_back_as_the_same_choices():
    for scheme in SHIPPED.values():
        for row in drafts.rule_rows(scheme):
            built = drafts.condition_from(
                row["indicator"], row["operator"], row["compared"], row["number"], row["reference"]
            )
            assert str(built) == row["rule"] and drafts.choices_of(built) == {
                k: row[k] for k in drafts.choices_of(built)
            }


@pytest.mark.parametrize(
    "choices, fix",
    [
        (("heads_downloaded", ">=", "pct_of", 80, None), "เลือกค่าอ้างอิง"),
        (("pr_posts", ">=", "value", None, None), "ยังไม่ได้ใส่ตัวเลข"),
        (("data_updated", ">=", "yes", None, None), None),
        (("pr_posts", ">=", "value", -3, None), "ติดลบ"),
    ],
)
def test_the_builder_names_what_a_row_lacks(choices, fix):
    if fix is None:
        assert str(drafts.condition_from(*choices)) == "data_updated == yes"
        return
    with pytest.raises(drafts.DraftError, match=fix):
        drafts.condition_from(*choices)


# ---- the preview: a district that cannot be graded is neither up nor down ---------------------------------


@pytest.mark.parametrize(
    "old, new, direction",
    [
        ("B", "A", "ขึ้น"),
        ("A", "B", "ลง"),
        ("C", "C", "เท่าเดิม"),
        ("A", None, "ให้ระดับไม่ได้"),  # A, then «–»: figures missing under the draft, not a fall
        (None, "D", "ให้ระดับไม่ได้"),  # «–», then D: not a fall either, nor a rise
        (None, None, "ให้ระดับไม่ได้"),
    ],
)
def test_a_move_is_up_down_or_the_same_only_between_two_grades(old, new, direction):
    from cdd.views.rubric_preview import Move

    assert Move("5704", "เทิง", "Click ชุมชน", old, new, ()).direction == direction


def test_a_draft_asking_for_a_figure_nobody_sent_counts_every_district_as_ungraded(demo_db):
    """Under the draft every district's Click grade is «–» (its posts rule now asks for e-books nobody sent):
    none of them is counted as down, whatever its grade was."""
    from cdd.views.rubric_preview import preview

    rows = drafts.rule_rows(SHIPPED["click-2567-q3"])
    for row in rows:
        if row["indicator"] == "pr_posts":
            row["indicator"] = "ebooks"
    draft = drafts.with_rules(SHIPPED["click-2567-q3"], rows)
    with store.connect(demo_db) as con:
        result = preview(con, draft, "2567-06", "click-2567-q3", "57")
    graded_before = [move for move in result.moves if move.old is not None]
    assert graded_before and all(move.new is None for move in result.moves)
    assert result.counts() == {"ขึ้น": 0, "ลง": 0, "เท่าเดิม": 0, "ให้ระดับไม่ได้": len(result.moves)}
    assert {row["ระดับใหม่"] for row in result.rows()} == {"–"}
