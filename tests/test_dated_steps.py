"""Buriram's dated steps (RUBRICS §12): a step counts only when first reported in a month no later than its date."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F

import pytest

from cdd.grading.inputs import registry, schemes
from cdd.grading.steps import capped, late_steps
from cdd.intake.validate import Submission, SubmittedRow
from cdd.office.calendar import parse_month, parse_period
from cdd.store import database as store
from cdd.store.period_grades import dated_steps_late, grade_period, monthly_values
from cdd.store.submissions import write
from cdd.views.exports import gap_rows

SCHEME = schemes()["buriram-digital-2568"]


def history(**by_month: int) -> dict:
    return {f"2568-0{m[1]}": {"model_tambon_step": F(step)} for m, step in by_month.items()}


def test_step_5_first_reported_in_april_is_late_for_march():
    """ "… ให้จังหวัด (ภายใน ๓๑ มีนาคม ๒๕๖๘)": step 5 in April does not score; step 4 still does."""
    months = history(m1=2, m2=3, m3=4, m4=5, m5=5)
    [late] = late_steps(SCHEME, months, "2568-06")
    assert (late.rule.step, late.first) == (5, "2568-04")
    assert capped({"model_tambon_step": F(5)}, [late]) == {"model_tambon_step": F(4)}
    assert "เมษายน 2568" in late.thai() and "มีนาคม 2568" in late.thai()


def test_step_5_reported_in_march_scores():
    assert late_steps(SCHEME, history(m1=2, m2=3, m3=5, m4=5), "2568-06") == []


def test_click_committee_after_january_holds_every_step_back():
    """4.2 step 1 "(ภายในเดือนมกราคม ๒๕๖๘)": first reported in February, the cumulative steps all fall away."""
    months = {"2568-01": {"click_step": F(0)}, "2568-02": {"click_step": F(3)}}
    late = late_steps(SCHEME, months, "2568-02")
    assert [s.rule.step for s in late] == [1]
    assert capped({"click_step": F(3)}, late) == {"click_step": F(0)}


@pytest.fixture
def db(tmp_path, blank_db):
    return blank_db(tmp_path / "b.duckdb")


def send(con, month: str, step: int) -> None:
    district, when = registry().match("3101"), parse_month(month)
    submission = Submission(SCHEME, [SubmittedRow(2, district, when, {"model_tambon_step": F(step)})], 0, [when])
    write(con, submission, f"{month}.csv", month.encode(), "ทดสอบ", at=dt.datetime(2025, 5, 1, 9, 0))


@pytest.mark.parametrize("fifth_in, points", [("2568-04", 8), ("2568-03", 10)])
def test_through_the_store_a_step_reported_in_april_does_not_score_for_march(db, fifth_in, points):
    con = store.connect(db)
    try:
        for month in ("2568-01", "2568-02", "2568-03", "2568-04"):
            send(con, month, 5 if month >= fifth_in else 4)
        [result] = [r for r in grade_period(con, SCHEME.id, "2568") if r.district == "3101"]
    finally:
        con.close()
    row = next(c for c in result.results[0].criteria if c.input == "model_tambon_step")
    assert row.points == points
    if points == 8:
        assert row.actual == 4 and "ขั้นที่ 5" in row.late and "หลังกำหนด" in row.late
        texts = [r["criterion"] for r in gap_rows([result], registry()) if "ตำบลต้นแบบ" in r["criterion"]]
        assert texts and "ส่งช้า" in texts[0]
    else:
        assert row.late == ""


@pytest.mark.parametrize("steps", [(2, 3, 4, 5), (1, 1, 5, 5), (0, 0, 0, 3)])
def test_the_store_finds_the_same_late_steps_as_the_months_read_one_by_one(db, steps):
    """dated_steps_late asks the database for the first month of each step; late_steps reads every month."""
    con = store.connect(db)
    try:
        for month, step in zip(("2568-01", "2568-02", "2568-03", "2568-04"), steps, strict=True):
            send(con, month, step)
        period = parse_period("2568")
        months = [m.token for m in SCHEME.months if m <= SCHEME.months_of(period)[-1]]
        keys = sorted({rule.input for rule in SCHEME.dated_steps})
        history = monthly_values(con, ["3101"], months, keys)
        by_month = late_steps(SCHEME, history["3101"], SCHEME.months_of(period)[-1].token)
        assert dated_steps_late(con, SCHEME, period, ["3101"]) == ({"3101": by_month} if by_month else {})
    finally:
        con.close()
    assert bool(by_month) == (steps[2] < 5 <= steps[3])  # step 5 is due in March: late when first reached after
