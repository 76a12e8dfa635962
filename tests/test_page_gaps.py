"""สิ่งที่ยังขาด, run as a person would open it (AppTest), and the view models behind it."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import Submission, SubmittedRow
from cdd.office.calendar import parse_period
from cdd.store import database as store
from cdd.store.period_grades import grade_period
from cdd.store.submissions import write
from cdd.views import exports, status

# Every Click Q2 criterion met in March 2567: far above any target.
PERFECT_Q2 = {
    "shop_new": Fraction(50),
    "data_updated": True,
    "pr_posts": Fraction(9),
    "pr_channels": Fraction(9),
    "activities": Fraction(9),
    "downloads": Fraction(5000),
}
CASES = [("57", "click-2567-q3", "2567-Q3"), ("57", "click-2567-q3", "2567-04"), ("52", "lampang-2567-q3", "2567-Q3")]


@pytest.fixture(scope="module")
def expected(demo_db):
    """The gap rows the page should show for each case, read from the demo database: first the months a
    district still owes in the period (cdd.views.partial), then every unmet criterion."""
    with store.connect(demo_db) as con:
        return {case: _expected(con, *case) for case in CASES}


def _expected(con, province: str, scheme_id: str, period: str) -> list:
    from cdd.store.queries import months_sent
    from cdd.views import partial

    results = grade_period(con, scheme_id, period, province)
    scheme, months = schemes()[scheme_id], partial.period_months(schemes()[scheme_id], period)
    sent = months_sent(con, scheme, [r.district for r in results], [m.token for m in months])
    owed = partial.partial_gap_rows(sent, months, registry(), scheme)
    return partial.with_owed_months(exports.gap_rows(results, registry()), owed)


@pytest.fixture(scope="module")
def perfect_db(fresh_db):
    """Chiang Rai meets every Click Q2 criterion in March 2567 and sent nothing else."""
    path = fresh_db("perfect", demo=False)
    with store.connect(path) as con:
        send_month(con, "click-2567-q2", "57", "2567-03", PERFECT_Q2, dt.datetime(2024, 4, 10, 9, 0))
    return path


def send_month(con, scheme_id: str, province: str, month: str, values: dict, at: dt.datetime) -> None:
    districts = registry().in_province(province)
    rows = [SubmittedRow(i + 2, d, parse_period(month), dict(values)) for i, d in enumerate(districts)]
    write(con, Submission(schemes()[scheme_id], rows, 0, [parse_period(month)]), "test.csv", b"test", "ทดสอบ", at=at)


@pytest.fixture
def open_gaps(open_page):
    """`open_gaps(database, province, scheme, period)`: the screen at that choice of the sidebar."""

    def open_(database: Path, province: str, scheme: str, period: str) -> AppTest:
        return open_page(database, "screens/gaps.py", province=province, scheme=scheme, period=period)

    return open_


def shown(at: AppTest):
    return at.dataframe[0].value


def count_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "ยังขาด" in m.value)


# ---- the page --------------------------------------------------------------------------------------


def test_every_unmet_criterion_is_listed_worst_first_with_thai_heads(demo_db, expected, open_gaps):
    rows = expected[CASES[0]]
    at = open_gaps(demo_db, *CASES[0])
    table = shown(at)
    assert set(exports.GAP_COLUMNS.values()) == set(table.columns)
    assert len(table) == len(rows) > 0
    assert list(table["รหัสอำเภอ"]) == [r["code"] for r in rows]
    assert list(table["ขาดอีก"]) == [r["shortfall"] for r in rows]
    owing = table["เกณฑ์"].str.startswith("ข้อมูลไม่ครบ")  # a district's owed months, just before its criteria
    ranks = [exports.worst_first(g) for g in table["ระดับ"][~owing]]
    assert ranks == sorted(ranks)  # D before C before B
    districts = len({r["code"] for r in rows})
    assert count_line(at) == f"**ยังขาด {len(rows)} รายการ ใน {districts} อำเภอ**"
    assert table["เพื่อขึ้นระดับถัดไป"].str.len().gt(0).all()


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_another_period_shows_its_own_gaps(demo_db, expected, open_gaps):
    quarter = shown(open_gaps(demo_db, *CASES[0]))
    month = shown(open_gaps(demo_db, *CASES[1]))
    heads = [exports.GAP_COLUMNS[key] for key in ("code", "criterion", "actual", "shortfall")]
    for table, case in ((quarter, CASES[0]), (month, CASES[1])):
        assert table[heads].values.tolist() == [
            [row[key] for key in ("code", "criterion", "actual", "shortfall")] for row in expected[case]
        ], case
    assert expected[CASES[0]] != expected[CASES[1]]  # the quarter and its first month owe different things


def test_filters_by_district_grade_and_mission(demo_db, expected, open_gaps):
    rows = expected[CASES[2]]
    at = open_gaps(demo_db, *CASES[2])
    assert [m.label for m in at.multiselect] == ["อำเภอ", "ระดับ", "ภารกิจ"]
    at.multiselect[0].set_value(["5201"]).run()
    assert set(shown(at)["รหัสอำเภอ"]) == {"5201"}
    assert len(shown(at)) == sum(r["code"] == "5201" for r in rows)
    assert f"(จากทั้งหมด {len(rows)} รายการ)" in count_line(at)
    at.multiselect[0].set_value([]).run()
    at.multiselect[1].set_value(["C"]).run()
    assert set(shown(at)["ระดับ"]) == {"C"} and len(shown(at)) == sum(r["grade"] == "C" for r in rows)
    at.multiselect[1].set_value([]).run()
    otop = next(r["mission"] for r in rows if "หนึ่งผลิตภัณฑ์" in r["mission"])
    at.multiselect[2].set_value([otop]).run()
    assert set(shown(at)["ภารกิจ"]) == {"OTOP"}  # the mission's short name in the table
    assert list(at.dataframe[0].proto.column_order)[:5] == ["อำเภอ", "ภารกิจ", "ระดับ", "การตรวจ", "เกณฑ์"]


def test_one_mission_needs_no_mission_filter(demo_db, open_gaps):
    at = open_gaps(demo_db, *CASES[0])
    assert [m.label for m in at.multiselect] == ["อำเภอ", "ระดับ"]
    assert list(at.dataframe[0].proto.column_order)[:4] == ["อำเภอ", "ระดับ", "การตรวจ", "เกณฑ์"]


def test_a_scheme_without_grades_has_no_grade_filter_or_column(demo_db, open_gaps):
    at = open_gaps(demo_db, "31", "buriram-digital-2568", "2568-06")
    assert [m.label for m in at.multiselect] == ["อำเภอ"]
    assert "ระดับ" not in at.dataframe[0].proto.column_order
    assert set(shown(at)["ระดับ"]) == {"–"}  # kept as '–' in the data, never D


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_filter_that_matches_nothing_says_so(demo_db, expected, open_gaps):
    rows = expected[CASES[2]]
    code, missing_grade = next(
        (r["code"], g)
        for r in rows
        for g in ("D", "C", "B", "A")
        if any(x["grade"] == g for x in rows) and not any(x["code"] == r["code"] and x["grade"] == g for x in rows)
    )
    at = open_gaps(demo_db, *CASES[2])
    at.multiselect[0].set_value([code]).run()
    at.multiselect[1].set_value([missing_grade]).run()
    assert not at.dataframe and "ไม่มีรายการที่ตรงกับตัวกรอง" in at.info[0].value


def test_excel_and_csv_downloads_are_offered(demo_db, open_gaps):
    at = open_gaps(demo_db, *CASES[0])
    buttons = at.get("download_button")
    assert [b.proto.url.rsplit(".", 1)[1] for b in buttons] == ["xlsx", "csv"]
    assert "Excel" in buttons[0].proto.label


def test_a_period_without_data_says_what_to_do(perfect_db, open_gaps):
    at = open_gaps(perfect_db, "57", "click-2567-q2", "2567-02")
    assert not at.dataframe
    assert "ยังไม่มีข้อมูลกุมภาพันธ์ 2567" in at.info[0].value and "นำเข้าข้อมูล" in at.info[0].value


def test_nothing_missing_is_said_positively(perfect_db, open_gaps):
    at = open_gaps(perfect_db, "57", "click-2567-q2", "2567-03")
    assert not at.dataframe and not at.get("download_button")
    assert "ทุกอำเภอผ่านทุกเกณฑ์" in at.success[0].value


# ---- the view models -------------------------------------------------------------------------------

ROWS = [
    {"code": "5702", "name": "เวียงชัย", "mission": "Click ชุมชน", "grade": "D", "criterion": "ช่องทาง"},
    {"code": "5704", "name": "เทิง", "mission": "Click ชุมชน", "grade": "C", "criterion": "ช่องทาง"},
    {"code": "5704", "name": "เทิง", "mission": "ผ้าไทย", "grade": "", "criterion": "สื่อ"},
]


def test_filters_keep_the_order_and_an_empty_filter_keeps_all():
    assert status.filter_gaps(ROWS) == ROWS
    assert status.filter_gaps(ROWS, codes=["5704"]) == ROWS[1:]
    assert status.filter_gaps(ROWS, codes=["5704"], grades=["C"]) == [ROWS[1]]
    assert status.filter_gaps(ROWS, missions=["ผ้าไทย"], grades=["D"]) == []


def test_choices_offer_what_is_there_worst_grade_first():
    districts, missions, grades = status.gap_choices(ROWS)
    assert districts == {"5702": "เวียงชัย", "5704": "เทิง"}
    assert missions == ["Click ชุมชน", "ผ้าไทย"] and grades == ["D", "C", ""]
    assert status.grade_choice_label("") == "– (ไม่มีระดับ)"


def test_no_grade_shows_a_dash_never_d():
    table = status.gap_table(ROWS, schemes()["click-2567-q3"])
    assert list(table["ระดับ"]) == ["D", "C", "–"]
    assert "background-color: #D9D9D9" in status.grade_style("–")
    assert "#D55E00" in status.grade_style("D")


def test_count_and_file_name():
    assert status.gap_count(ROWS) == "ยังขาด 3 รายการ ใน 2 อำเภอ"
    assert status.gap_file_name("click-2567-q3", "2567-Q3", "xlsx") == "สิ่งที่ยังขาด-click-2567-q3-2567-Q3.xlsx"
