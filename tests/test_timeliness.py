import datetime as dt

import pytest

from cdd.grading.timeliness import classify
from cdd.office.calendar import Month

APRIL = Month(2567, 4)
DUE = dt.date(2024, 5, 15)  # April's figures: by 15 May
AT = lambda day, hour=10: dt.datetime(2024, 5, day, hour)  # noqa: E731


@pytest.mark.parametrize(
    "first, last, today, status",
    [
        (AT(15, 23), AT(15, 23), dt.date(2024, 6, 1), "on_time"),  # late in the evening of the 15th is on time
        (AT(16, 0), AT(16, 0), dt.date(2024, 6, 1), "late"),
        (AT(10), AT(20), dt.date(2024, 6, 1), "revised_late"),
        (AT(10), AT(15), dt.date(2024, 6, 1), "on_time"),  # revised, but by the deadline
        (None, None, dt.date(2024, 5, 16), "missing"),
        (None, None, dt.date(2024, 5, 15), "not_due"),
    ],
)
def test_each_status(first, last, today, status):
    assert classify("5704", APRIL, DUE, first, last, today).status == status


def test_statuses_read_in_thai():
    assert classify("5704", APRIL, DUE, None, None, dt.date(2024, 6, 1)).thai == "ยังไม่ส่ง"
    assert classify("5704", APRIL, DUE, AT(20), AT(20), dt.date(2024, 6, 1)).thai == "ส่งช้า"


# ---- deadlines as the letters print them: per mission, with a time of day -----------------------------------

MAY = Month(2567, 5)


def lampang():
    from cdd.rubrics.model import load_schemes

    return load_schemes()["lampang-2567-q3"]


@pytest.mark.parametrize(
    "sent, status",
    [
        (dt.datetime(2024, 5, 19, 16, 30), "on_time"),
        (dt.datetime(2024, 5, 19, 16, 30, 59), "on_time"),  # read to the minute, as the clock on the wall
        (dt.datetime(2024, 5, 19, 16, 31), "late"),
    ],
)
def test_moral_org_at_1630_makes_1631_late(sent, status):
    """ "๓.๒ เดือนพฤษภาคม ๒๕๖๗ ตีกรอบการรายงานผลการทำงาน ในวันที่ ๑๙ พฤษภาคม ๒๕๖๗ เวลา ๑๖.๓๐ น." """
    deadline = lampang().deadline_of("moral-org")
    assert deadline.due(MAY) == dt.date(2024, 5, 19) and deadline.has_time(MAY)
    row = classify("5201", MAY, deadline.due(MAY), sent, sent, dt.date(2024, 6, 1), deadline.late_from(MAY))
    assert row.status == status


def test_missions_keep_their_own_rounds_the_rest_the_schemes():
    scheme = lampang()
    june = Month(2567, 6)
    assert scheme.deadline_of("jpt").due(june) == dt.date(2024, 6, 18)  # "ยกเว้นภารกิจที่ ๘ จปฐ. … ๑๘ มิถุนายน"
    assert scheme.deadline_of("otop").due(june) == dt.date(2024, 6, 20)
    assert scheme.deadline_of("moral-org").due(Month(2567, 4)) == dt.date(2024, 4, 19)
    assert [m.id for m in scheme.missions_with_own_deadline] == ["jpt", "moral-org"]
    sent = dt.datetime(2024, 6, 19, 9, 0)  # 19 June: late for จปฐ, on time for the others
    assert classify("5201", june, dt.date(2024, 6, 18), sent, sent, dt.date(2024, 7, 1)).status == "late"
    assert classify("5201", june, dt.date(2024, 6, 20), sent, sent, dt.date(2024, 7, 1)).status == "on_time"


def test_timeliness_per_mission_from_the_store(tmp_path, blank_db):
    """One upload of May at 16.45 on 19 May: on time for the scheme (20 May), late for องค์กรคุณธรรม (16.30)."""
    from fractions import Fraction

    from cdd.grading.inputs import registry
    from cdd.intake.validate import Submission, SubmittedRow
    from cdd.store import database as store
    from cdd.store.queries import mission_status, submission_status
    from cdd.store.submissions import write

    scheme, district = lampang(), registry().match("5201")
    values = {"moral_plan_done": True, "moral_honours": Fraction(2), "moral_channels": Fraction(3)}
    values |= {"otop_new_products": Fraction(5)}
    with store.connect(blank_db(tmp_path / "t.duckdb")) as con:
        submission = Submission(scheme, [SubmittedRow(2, district, MAY, values)], 0, [MAY])
        write(con, submission, "may.csv", b"x", "ทดสอบ", at=dt.datetime(2024, 5, 19, 16, 45))
        today = dt.date(2024, 7, 1)
        [whole] = submission_status(con, scheme, ["5201"], [MAY], today)
        [moral] = mission_status(con, scheme, "moral-org", ["5201"], [MAY], today)
        [otop] = mission_status(con, scheme, "otop", ["5201"], [MAY], today)
    assert (whole.status, moral.status, otop.status) == ("on_time", "late", "on_time")
