"""สถานะการส่งรายงาน, run as a person would open it (AppTest), and the view models behind it."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from conftest import figure_spec
from streamlit.testing.v1 import AppTest

from cdd.grading.inputs import registry, schemes
from cdd.grading.timeliness import STATUS_TH, MonthStatus
from cdd.intake.validate import Submission, SubmittedRow
from cdd.office.calendar import parse_period
from cdd.office.clock import now
from cdd.store import database as store
from cdd.store.queries import submission_status
from cdd.store.submissions import write
from cdd.views import status as status_view

PAGE = "screens/status.py"
OKABE_ITO = {"#009E73", "#E69F00", "#56B4E9", "#D55E00", "#D9D9D9"}


@pytest.fixture(scope="module")
def statuses(demo_db):
    """Sa Kaeo's statuses for FY2568 in the demo database, as the page should find them."""
    scheme = schemes()["sakaeo-click-2568"]
    codes = [d.code for d in registry().in_province("27")]
    with store.connect(demo_db) as con:
        return submission_status(con, scheme, codes, status_view.status_months(scheme, "2568"), now().date())


@pytest.fixture(scope="module")
def march_only_db(fresh_db):
    """Chiang Rai sent Click Q2 for March 2567 only, on time; January and February never came."""
    path = fresh_db("march", demo=False)
    districts = registry().in_province("57")
    march = parse_period("2567-03")
    values = {
        "shop_new": Fraction(1),
        "data_updated": True,
        "pr_posts": Fraction(1),
        "pr_channels": Fraction(1),
        "activities": Fraction(1),
        "downloads": Fraction(10),
    }
    rows = [SubmittedRow(i + 2, d, march, dict(values)) for i, d in enumerate(districts)]
    submission = Submission(schemes()["click-2567-q2"], rows, 0, [march])
    with store.connect(path) as con:
        write(con, submission, "march.csv", b"march", "ทดสอบ", at=dt.datetime(2024, 4, 10, 9, 0))
    return path


def heatmap(at: AppTest) -> dict:
    return figure_spec(at)["data"]


# ---- the page --------------------------------------------------------------------------------------


def test_the_grid_shows_every_district_and_month_of_the_fiscal_year_in_words(demo_db, statuses, open_page):
    cells = heatmap(open_page(demo_db, PAGE, province="27", scheme="sakaeo-click-2568", period="2568-Q2"))[0]
    assert cells["x"][0] == "ก.พ. 68" and cells["x"][-1] == "ก.ย. 68" and len(cells["x"]) == 8  # from the letter on
    assert len(cells["y"]) == len(registry().in_province("27"))
    words = [word for row in cells["text"] for word in row]
    assert words == [s.status.short for s in statuses]
    assert {colour for _, colour in cells["colorscale"]} == OKABE_ITO


def test_the_legend_names_every_status_in_full(demo_db, open_page):
    traces = heatmap(open_page(demo_db, PAGE, province="27", scheme="sakaeo-click-2568", period="2568"))
    assert [t["name"] for t in traces[1:]] == [STATUS_TH[k] for k in status_view.STATUS_ORDER]


def test_another_scheme_shows_its_own_months(demo_db, open_page):
    q2 = heatmap(open_page(demo_db, PAGE, province="57", scheme="click-2567-q2", period="2567-Q2"))[0]
    q3 = heatmap(open_page(demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567-Q3"))[0]
    assert q2["x"] == ["ม.ค. 67", "ก.พ. 67", "มี.ค. 67"] and q3["x"] == ["เม.ย. 67", "พ.ค. 67", "มิ.ย. 67"]


def test_districts_that_did_not_send_the_latest_due_month_are_listed(demo_db, open_page):
    at = open_page(demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567")
    assert at.subheader[0].value == "อำเภอที่ยังไม่ส่งรายงานเดือนมิถุนายน 2567"
    assert any(c.value == "กำหนดส่ง 15 กรกฎาคม 2567" for c in at.caption)
    scheme, codes = schemes()["click-2567-q3"], [d.code for d in registry().in_province("57")]
    with store.connect(demo_db) as con:
        june = submission_status(con, scheme, codes, [parse_period("2567-06").months[0]], now().date())
    missing = {s.code for s in june if s.status == "missing"}
    assert missing and set(at.dataframe[0].value["รหัส"]) == missing


def test_a_month_nobody_sent_lists_every_district(march_only_db, open_page):
    at = open_page(march_only_db, PAGE, province="57", scheme="click-2567-q2", period="2567-02")
    table = at.dataframe[0].value
    assert len(table) == len(registry().in_province("57"))
    assert set(table["สถานะ"]) == {"ยังไม่ส่ง"} and set(table["กำหนดส่ง"]) == {"15 มีนาคม 2567"}
    cells = heatmap(at)[0]["text"]
    assert all(row == ["ยังไม่ส่ง", "ยังไม่ส่ง", "ตรงเวลา"] for row in cells)


def test_a_quarter_chases_its_latest_due_month(march_only_db, open_page):
    at = open_page(march_only_db, PAGE, province="57", scheme="click-2567-q2", period="2567-Q2")
    assert at.subheader[0].value == "อำเภอที่ยังไม่ส่งรายงานเดือนมีนาคม 2567"
    assert not at.dataframe and "ทุกอำเภอส่งรายงานเดือนมีนาคม 2567แล้ว" in at.success[0].value


def test_a_scheme_nobody_reported_says_what_to_do(march_only_db, open_page):
    at = open_page(march_only_db, PAGE, province="57", scheme="click-2567-q3", period="2567-Q3")
    assert "ยังไม่มีอำเภอใดส่งรายงาน" in at.info[0].value and "นำเข้าข้อมูล" in at.info[0].value


# ---- the view models -------------------------------------------------------------------------------

TODAY = dt.date(2024, 5, 20)


def status(code: str, month: str, kind: str, due: dt.date | None = None) -> MonthStatus:
    sent = dt.datetime(2024, 5, 1, 9) if kind not in ("missing", "not_due") else None
    return MonthStatus(code, month, kind, due, sent, sent)


def test_grid_puts_districts_down_and_months_across(registry):
    rows = [
        status("5701", "2567-04", "on_time"),
        status("5701", "2567-05", "not_due"),
        status("5702", "2567-04", "late"),
        status("5702", "2567-05", "missing"),
    ]
    grid = status_view.status_grid(rows, registry)
    assert list(grid.columns) == ["เม.ย. 67", "พ.ค. 67"] and list(grid.index) == ["เมืองเชียงราย", "เวียงชัย"]
    assert grid.loc["เวียงชัย"].tolist() == ["late", "missing"]
    figure = status_view.status_heatmap(grid, status_view.status_details(rows, registry), "ทดสอบ")
    assert figure.data[0].z.tolist() == [[0, 4], [1, 3]]
    assert status_view.status_counts(rows) == "ตรงเวลา 1 · ส่งช้า 1 · ยังไม่ส่ง 1 · ยังไม่ถึงกำหนด 1"


def test_the_month_to_chase_is_the_latest_past_its_deadline(schemes):
    click = schemes["click-2567-q3"]  # due the 15th of the next month
    assert status_view.month_to_chase("2567-Q3", click, TODAY).token == "2567-04"  # May's report is due 15 June
    assert status_view.month_to_chase("2567-Q3", click, dt.date(2024, 8, 1)).token == "2567-06"
    assert status_view.month_to_chase("2567-05", click, TODAY).token == "2567-05"
    assert status_view.month_to_chase("2567-Q3", click, dt.date(2024, 4, 1)).token == "2567-04"  # none due yet


def test_unsent_shows_the_deadline_in_thai_and_how_far_past_it(registry):
    rows = [
        status("5701", "2567-04", "missing", dt.date(2024, 5, 15)),
        status("5702", "2567-04", "on_time", dt.date(2024, 5, 15)),
        status("5703", "2567-04", "not_due", dt.date(2024, 5, 25)),
        status("5704", "2567-05", "missing", dt.date(2024, 6, 15)),
    ]
    table = status_view.unsent(rows, registry, parse_period("2567-04"), TODAY)
    assert table["รหัส"].tolist() == ["5701", "5703"]
    assert table["กำหนดส่ง"].tolist() == ["15 พฤษภาคม 2567", "25 พฤษภาคม 2567"]
    assert table["เลยกำหนด"].tolist() == ["5 วัน", "อีก 5 วันถึงกำหนด"]
    assert table["สถานะ"].tolist() == ["ยังไม่ส่ง", "ยังไม่ถึงกำหนด"]


def test_status_months_are_the_schemes_months_of_that_fiscal_year(schemes):
    sakaeo = schemes["sakaeo-click-2568"]
    assert [m.token for m in status_view.status_months(sakaeo, "2568-03")][:2] == ["2568-02", "2568-03"]
    assert len(status_view.status_months(sakaeo, "2568-Q4")) == 8
    assert [m.token for m in status_view.status_months(schemes["lampang-2567-q3"], "2567-Q3")] == [
        "2567-04",
        "2567-05",
        "2567-06",
    ]


def test_sakaeo_january_2568_is_not_missing(statuses):
    """The letter is dated 7 Feb 2568 and asks for "เดือน.....๒๕๖๘" from February: January was never due."""
    january = [s for s in statuses if s.month in ("2567-10", "2567-11", "2567-12", "2568-01")]
    assert january == []
    assert {s.month for s in statuses} >= {"2568-02", "2568-09"}


def test_lampang_missions_with_their_own_deadlines_are_judged_on_them(demo_db, open_page):
    at = open_page(demo_db, PAGE, province="52", scheme="lampang-2567-q3", period="2567-Q3")
    own = next(d.value for d in at.dataframe if "ภารกิจ" in d.value.columns)
    assert set(own["ภารกิจ"]) == {"จปฐ.", "องค์กรคุณธรรม"}
    moral = own[own["ภารกิจ"] == "องค์กรคุณธรรม"]
    assert set(moral["กำหนดส่ง"]) == {"20 มิถุนายน 2567 เวลา 16.30 น."}
    assert set(own[own["ภารกิจ"] == "จปฐ."]["กำหนดส่ง"]) == {"18 มิถุนายน 2567"}
    assert set(own["สถานะ"]) <= set(STATUS_TH.values())
