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


# ---- deadlines as the workshop sets them: a day and a time, dated rounds, a mission's own ---------------------

OCTOBER = Month(2569, 10)  # due in November 2569 (2026)
FY2570_Q1 = ("2569-10", "2569-12")


def test_a_mission_due_at_1530_on_the_5th_makes_1531_late():
    from cdd.rubrics import deadlines

    deadline = deadlines.monthly(5, "15.30", "ภารกิจ องค์กรคุณธรรม")
    assert (deadline.day_of_next_month, deadline.time) == (5, "15:30")
    assert deadline.printed == "ภายในวันที่ 5 ของเดือนถัดไป เวลา 15.30 น."
    assert deadline.due_at(OCTOBER) == dt.datetime(2026, 11, 5, 15, 30) and deadline.has_time(OCTOBER)
    due, late = deadline.due(OCTOBER), deadline.late_from(OCTOBER)
    status = lambda sent: classify("5201", OCTOBER, due, sent, sent, dt.date(2026, 12, 1), late).status  # noqa: E731
    assert status(dt.datetime(2026, 11, 5, 15, 30, 59)) == "on_time"  # read to the minute, on the office clock
    assert status(dt.datetime(2026, 11, 5, 15, 31)) == "late"
    assert not deadlines.monthly(15).has_time(OCTOBER)  # no time: by the end of the 15th
    assert deadlines.monthly(15).due_at(OCTOBER) == dt.datetime(2026, 11, 15, 23, 59)


def test_dated_rounds_cover_the_letters_months_each_on_its_round():
    from cdd.rubrics.deadlines import Round, dated_rounds

    rounds = [
        Round("19 พ.ย. 2569", "16:30", "ต.ค. 2569"),  # as the letter prints it, in BE
        Round("20/1/2570", "", "พฤศจิกายน 69, 2569-12"),  # two months in one round
    ]
    deadline = dated_rounds(rounds, FY2570_Q1)
    assert deadline.rounds == {"2569-10": "2026-11-19 16:30", "2569-11": "2027-01-20", "2569-12": "2027-01-20"}
    assert deadline.due_at(OCTOBER) == dt.datetime(2026, 11, 19, 16, 30) and deadline.has_time(OCTOBER)
    assert deadline.due(Month(2569, 12)) == dt.date(2027, 1, 20) and not deadline.has_time(Month(2569, 12))
    assert deadline.printed.startswith("ครั้งที่ 1 วันที่ 19 พฤศจิกายน 2569 เวลา 16.30 น. (เดือนตุลาคม 2569)")


@pytest.mark.parametrize(
    "rounds, words",
    [
        ([("2026-11-19", "", "ต.ค. 2569, พ.ย. 2569")], ["ธันวาคม 2569", "ยังไม่อยู่ในรอบใด"]),
        ([("2027-02-20", "", "2569-10, 2569-11, 2569-12, 2570-01")], ["รอบที่ 1", "มกราคม 2570", "นอกเดือนของหนังสือ"]),
        ([("2026-11-19", "", "2569-10, 2569-11"), ("2027-01-20", "", "2569-11, 2569-12")], ["รอบที่ 2", "รอบที่ 1 แล้ว"]),
        ([("2026-10-19", "", "2569-10, 2569-11, 2569-12")], ["รอบที่ 1", "มาก่อนเดือนพฤศจิกายน 2569"]),
        ([("2027-01-20", "25:00", "2569-10, 2569-11, 2569-12")], ["รอบที่ 1", "'25:00'", "15:30"]),
        ([("", "", "2569-10, 2569-11, 2569-12")], ["รอบที่ 1", "ยังไม่ได้ใส่วันที่ส่ง"]),
        ([("31 พ.ย. 2569", "", "2569-10, 2569-11, 2569-12")], ["รอบที่ 1", "'31 พ.ย. 2569'", "ไม่มีในปฏิทิน"]),
        ([("สิ้นเดือน", "", "2569-10, 2569-11, 2569-12")], ["รอบที่ 1", "'สิ้นเดือน'", "19 เม.ย. 2567"]),
        ([("2027-01-20", "", "ตุลา")], ["รอบที่ 1", "'ตุลา'"]),
        ([], ["เพิ่มอย่างน้อยหนึ่งรอบ"]),
    ],
)
def test_a_round_that_cannot_be_used_is_named_in_thai_with_its_fix(rounds, words):
    from cdd.rubrics.deadlines import DeadlineError, Round, dated_rounds

    typed = [Round(day, time, months) for day, time, months in rounds]
    with pytest.raises(DeadlineError) as refused:
        dated_rounds(typed, FY2570_Q1)
    assert all(word in str(refused.value) for word in words), str(refused.value)


@pytest.mark.parametrize(
    "day, time, words",
    [
        (31, "", ["วันที่ '31'", "1 ถึง 28"]),
        (None, "", ["วันที่ ''", "1 ถึง 28"]),
        (5, "บ่ายสาม", ["'บ่ายสาม'", "15:30"]),
    ],
)
def test_a_day_or_time_that_cannot_be_used_is_named_in_thai(day, time, words):
    from cdd.rubrics.deadlines import DeadlineError, monthly

    with pytest.raises(DeadlineError) as refused:
        monthly(day, time, "ภารกิจ จปฐ.")
    assert str(refused.value).startswith("ภารกิจ จปฐ.: ") and all(w in str(refused.value) for w in words)


def test_a_time_without_a_day_for_a_mission_is_refused_and_an_empty_row_follows_the_scheme():
    from cdd.rubrics.deadlines import DeadlineError, mission_deadlines

    own = mission_deadlines(
        [("jpt", "จปฐ.", 5.0, "15:30"), ("otop", "OTOP", None, None), ("moral-org", "คุณธรรม", "", "")]
    )
    assert list(own) == ["jpt"] and own["jpt"].due_at(OCTOBER) == dt.datetime(2026, 11, 5, 15, 30)
    with pytest.raises(DeadlineError, match="ภารกิจ OTOP: มีเวลาแต่ยังไม่มีวันที่"):
        mission_deadlines([("otop", "OTOP", None, "15:30")])


def test_a_clone_with_new_deadlines_round_trips_through_toml_and_drops_the_old_rounds():
    from cdd.rubrics import deadlines, drafts
    from cdd.rubrics.toml_write import dumps_scheme
    from cdd.store.rubric_versions import problems_of

    letter = drafts.Letter("จังหวัดลำปาง", "ลป 0019.2/ว 100", "1 ตุลาคม 2569")
    kept = drafts.clone(lampang(), "lampang-2570-q1", "ไตรมาส 1/2570", letter, FY2570_Q1)
    assert kept.deadline.rounds == {} and kept.missions_with_own_deadline == ()  # 2567's rounds are not 2570's
    own = deadlines.mission_deadlines([("moral-org", "องค์กรคุณธรรม", 5, "15:30")])
    draft = drafts.clone(
        lampang(), "lampang-2570-q1", "ไตรมาส 1/2570", letter, FY2570_Q1, None, deadlines.monthly(20, "16:30"), own
    )
    read, problems = problems_of(dumps_scheme(draft))
    assert problems == [] and read == draft
    assert 'time = "15:30"' in dumps_scheme(draft) and 'time = "16:30"' in dumps_scheme(draft)
    assert read.deadline_of("moral-org").due_at(OCTOBER) == dt.datetime(2026, 11, 5, 15, 30)
    assert read.deadline_of("otop").due_at(OCTOBER) == dt.datetime(2026, 11, 20, 16, 30)


@pytest.mark.parametrize(
    "deadline, words",
    [
        ('day_of_next_month = 15\ntime = "15h30"', ["เวลา '15h30'", "15:30"]),
        ("day_of_next_month = 30", ["วันส่งรายงาน 30", "1 ถึง 28"]),
        ('rounds = { "2567-04" = "19 เม.ย." }', ["2567-04", "'19 เม.ย.'", "2024-05-19"]),
    ],
)
def test_a_rubric_file_with_a_deadline_that_cannot_be_read_is_refused_in_thai(deadline, words):
    import tomllib

    import tomli_w

    from cdd.rubrics.toml_write import scheme_to_dict
    from cdd.store.rubric_versions import problems_of

    raw = scheme_to_dict(lampang()) | {"deadline": tomllib.loads(deadline)}
    scheme, problems = problems_of(tomli_w.dumps(raw))
    assert scheme is None and len(problems) == 1 and all(word in problems[0] for word in words), problems


def test_the_status_screen_writes_a_day_and_time_deadline_as_the_letter_would():
    from cdd.rubrics import deadlines
    from cdd.views.status import deadline_text

    assert deadline_text(deadlines.monthly(5, "15:30"), OCTOBER).endswith("5 พฤศจิกายน 2569 เวลา 15.30 น.")
    assert "เวลา" not in deadline_text(deadlines.monthly(15), OCTOBER)
