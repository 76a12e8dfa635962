"""Screens that grade only the figures the province accepted (?figures=accepted), the meeting that does so by
default and counts what still waits, and the gap list saying whether each gap's figures were checked."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import figure_spec
from openpyxl import load_workbook

from cdd.cli.main import main
from cdd.grading.inputs import schemes
from cdd.grading.mission import has_figures
from cdd.store import database as store
from cdd.store import review, users
from cdd.store.period_grades import grade_period
from cdd.views import exports, status
from cdd.views import review as review_view

PROVINCE, PASSWORD = "ผู้ตรวจจังหวัด", "รหัสผ่านยาวพอ-2567"
CODE, ACCEPTED_MONTH, WAITING_MONTH, OTHER = "5709", "2567-04", "2567-05", "5702"
CHIANG_RAI = {"province": "57", "scheme": "click-2567-q3"}
NOTE = "แสดงเฉพาะตัวเลขที่ตรวจผ่านแล้ว"


@pytest.fixture(scope="module")
def database(fresh_db):
    """The demo, with แม่สาย's April accepted and its June returned, and another district's May accepted (so
    that May has checked figures to show); every other district-month waits."""
    path = fresh_db("accepted")
    with store.connect(path) as con:
        users.add_user(con, PROVINCE, "province", PASSWORD)
        checker = users.active_user(con, PROVINCE)
        review.decide(con, checker, CODE, ACCEPTED_MONTH, "", review.ACCEPTED)
        review.decide(con, checker, CODE, "2567-06", "", review.RETURNED, "แนบรูปกิจกรรม")
        review.decide(con, checker, OTHER, WAITING_MONTH, "", review.ACCEPTED)
    return path


def district(con, period: str, accepted_only: bool):
    return next(
        r for r in grade_period(con, "click-2567-q3", period, "57", accepted_only=accepted_only) if r.district == CODE
    )


def graded(result) -> list:
    return [(m.grade, m.status.value) for m in result.results]


def test_accepted_only_grades_the_accepted_month_and_counts_the_others_as_not_sent(database):
    with store.connect(database) as con:
        assert graded(district(con, ACCEPTED_MONTH, True)) == graded(district(con, ACCEPTED_MONTH, False))
        assert graded(district(con, ACCEPTED_MONTH, False)) == [("D", "graded")]
        assert graded(district(con, WAITING_MONTH, False)) == [("D", "graded")]
        assert not has_figures([district(con, WAITING_MONTH, True)])
        # Another district, nothing accepted: graded from all figures, not at all from accepted ones only.
        others = grade_period(con, "click-2567-q3", ACCEPTED_MONTH, "57", accepted_only=True)
        assert not has_figures([r for r in others if r.district != CODE])  # 5702's April waits
        assert has_figures([r for r in grade_period(con, "click-2567-q3", ACCEPTED_MONTH, "57") if r.district != CODE])


def heat_row(at, name: str) -> list:
    heat = figure_spec(at)["data"][0]
    return list(heat["text"][list(heat["y"]).index(name)])


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_overview_with_accepted_figures_only_says_so_and_grades_from_them(open_page, database):
    everything = open_page(database, "screens/overview.py", **CHIANG_RAI, period=WAITING_MONTH)
    checked = open_page(database, "screens/overview.py", **CHIANG_RAI, period=WAITING_MONTH, figures="accepted")
    assert NOTE not in captions(everything) and NOTE in captions(checked)
    assert checked.selectbox(key="choice_figures").value == "accepted"
    before, after = heat_row(everything, "แม่สาย"), heat_row(checked, "แม่สาย")
    assert before[0] == "D" and after[0] == "–"
    assert after[-1] == before[-1] == "รอตรวจ"
    april = open_page(database, "screens/overview.py", **CHIANG_RAI, period=ACCEPTED_MONTH, figures="accepted")
    assert heat_row(april, "แม่สาย")[0] == "D" and heat_row(april, "แม่สาย")[-1] == "ตรวจแล้ว"


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_meeting_shows_checked_figures_by_default_and_counts_what_waits(open_page, database):
    meeting = open_page(database, "screens/meeting.py", **CHIANG_RAI, period="2567-Q3")
    assert meeting.selectbox(key="meeting_figures").value == "accepted"
    assert review_view.NOTHING_CHECKED_YET not in [w.value for w in meeting.warning]
    texts = captions(meeting)
    assert NOTE in texts
    with store.connect(database) as con:
        reviews = review.month_reviews(con)
    quarter = ["2567-04", "2567-05", "2567-06"]
    sent = [(code, month) for code, month in reviews if code.startswith("57") and month in quarter]
    waiting = review_view.waiting_count(reviews, {code for code, _ in sent}, quarter)
    assert waiting == len(sent) - 2 > 0  # two of the months Chiang Rai sent are accepted
    assert f"ยังรอตรวจ {waiting} อำเภอ-เดือน" in texts
    everything = open_page(database, "screens/meeting.py", **CHIANG_RAI, period="2567-Q3", figures="all")
    assert NOTE not in captions(everything) and f"ยังรอตรวจ {waiting} อำเภอ-เดือน" in captions(everything)


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_every_gap_says_whether_its_figures_were_checked(open_page, database):
    april = open_page(database, "screens/gaps.py", **CHIANG_RAI, period=ACCEPTED_MONTH).dataframe[0].value
    words = dict(zip(april["รหัสอำเภอ"], april["การตรวจ"]))
    assert words[CODE] == "ตรวจแล้ว" and {w for c, w in words.items() if c != CODE} == {"รอตรวจ"}
    quarter = open_page(database, "screens/gaps.py", **CHIANG_RAI, period="2567-Q3").dataframe[0].value
    words = dict(zip(quarter["รหัสอำเภอ"], quarter["การตรวจ"]))
    assert words[CODE] == "ส่งกลับ" and {w for c, w in words.items() if c != CODE} == {"รอตรวจ"}


def test_a_period_is_checked_only_when_every_month_is_accepted():
    def month(state: str) -> review.MonthReview:
        return review.MonthReview(CODE, "", state, {}, [])

    reviews = {(CODE, "2567-04"): month("accepted"), (CODE, "2567-05"): month("accepted")}
    assert review_view.period_check_word(reviews, CODE, ["2567-04", "2567-05"]) == "ตรวจแล้ว"
    assert review_view.period_check_word(reviews, CODE, ["2567-04", "2567-05", "2567-06"]) == "รอตรวจ"
    assert review_view.period_check_word(reviews, "5701", ["2567-04"]) == "–"
    reviews[(CODE, "2567-06")] = month("returned")
    assert review_view.period_check_word(reviews, CODE, ["2567-04", "2567-05", "2567-06"]) == "ส่งกลับ"


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_meeting_on_a_period_nothing_checked_yet_shows_every_figure_and_says_so(open_page, demo_db):
    """The demo has no review decision: a meeting shows its figures rather than an empty room, and says why."""
    meeting = open_page(demo_db, "screens/meeting.py", **CHIANG_RAI, period="2567-Q3")
    assert meeting.selectbox(key="meeting_figures").value == "all"
    assert [w.value for w in meeting.warning] == [review_view.NOTHING_CHECKED_YET]
    assert NOTE not in captions(meeting) and "figures" not in meeting.query_params
    asked = open_page(demo_db, "screens/meeting.py", **CHIANG_RAI, period="2567-Q3", figures="accepted")
    assert NOTE in captions(asked) and review_view.NOTHING_CHECKED_YET not in [w.value for w in asked.warning]


def gap_file(path, period: str, extension: str, tmp_path) -> list[list]:
    """The gap list as `python -m cdd gaps` writes it, header first."""
    target = tmp_path / f"gaps.{extension}"
    args = ["gaps", "--scheme", "click-2567-q3", "--period", period, "--province", "57", "--format", extension]
    assert main([*args, "-o", str(target), "--db", str(path)]) == 0
    if extension == "csv":
        return list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    sheet = load_workbook(target).active
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=exports.HEADER_ROW)]


@pytest.mark.slow  # over a second: two command-line runs, each grading a province
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_downloaded_gap_list_says_whether_each_gap_was_checked_as_the_screen_does(database, extension, tmp_path):
    header, *rows = gap_file(database, ACCEPTED_MONTH, extension, tmp_path)
    column = header.index(exports.CHECK_HEAD)
    assert header[column - 1] == exports.GAP_COLUMNS["grade"]  # beside the grade, as on the screen
    words = {(row[0], row[column]) for row in rows}
    assert (CODE, "ตรวจแล้ว") in words and {w for c, w in words if c != CODE} == {"รอตรวจ"}
    header, *rows = gap_file(database, "2567-Q3", extension, tmp_path)
    assert {row[column] for row in rows if row[0] == CODE} == {"ส่งกลับ"}


def test_the_screen_and_the_files_read_one_check_column():
    row = {key: "" for key in exports.GAP_COLUMNS} | {"code": CODE, "grade": "D", "check": "ส่งกลับ"}
    table = status.gap_table([row], schemes()["click-2567-q3"])
    assert list(table.columns) == list(exports.GAP_COLUMNS.values())
    assert table[exports.CHECK_HEAD].tolist() == ["ส่งกลับ"] and review_view.CHECK_COLUMN == exports.CHECK_HEAD
    header, line = list(csv.reader(io.StringIO(exports.write_gaps_csv([row]).decode("utf-8-sig"))))
    assert dict(zip(header, line))[exports.CHECK_HEAD] == "ส่งกลับ"


def months_table(at):
    return next(d.value for d in at.dataframe if "วิธีคิดจากรายเดือน" in d.value.columns)


@pytest.mark.slow  # over a second: two screens
def test_the_district_page_shows_the_monthly_figures_the_grades_used_and_says_so(open_page, database):
    page = {**CHIANG_RAI, "period": "2567-Q3", "district": CODE}
    everything_page = open_page(database, "screens/district.py", **page)
    checked_page = open_page(database, "screens/district.py", **page, figures="accepted")
    everything, checked = months_table(everything_page), months_table(checked_page)
    all_months = dict(zip(everything["ตัวชี้วัด"], everything["รายเดือน"]))
    accepted = dict(zip(checked["ตัวชี้วัด"], checked["รายเดือน"]))
    assert set(accepted) == set(all_months) and accepted
    for label, series in accepted.items():
        april, may, june = series.split(" · ")
        assert april == all_months[label].split(" · ")[0] and not april.endswith(" –")  # April was accepted
        assert may.endswith(" –") and june.endswith(" –")  # May waits, June was sent back: left out
        assert not all_months[label].split(" · ")[1].endswith(" –")
    said = [c for c in captions(checked_page) if c.startswith("แสดงเฉพาะเดือนที่ตรวจผ่านแล้ว")]
    assert len(said) == 1 and "พฤษภาคม 2567" in said[0] and "มิถุนายน 2567" in said[0] and "เมษายน" not in said[0]
    assert not any(c.startswith("แสดงเฉพาะเดือนที่ตรวจผ่านแล้ว") for c in captions(everything_page))
