"""Partial periods are not "no data" (cdd.views.partial), and the screens say so."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import Submission, SubmittedRow
from cdd.office.calendar import parse_month
from cdd.store import database as store
from cdd.store.queries import months_sent
from cdd.store.submissions import write
from cdd.views import partial

Q3 = schemes()["click-2567-q3"]
MONTHS = partial.period_months(Q3, "2567-Q3")


def test_two_of_three_months_owe_june():
    note = partial.partial_note({"2567-04", "2567-05"}, MONTHS)
    assert note == "ข้อมูลไม่ครบ: ยังไม่ส่งเดือนมิถุนายน 2567"
    assert partial.partial_note(set(), MONTHS) == ""  # nothing sent is "no data", not partial
    assert partial.partial_note({"2567-04", "2567-05", "2567-06"}, MONTHS) == ""


@pytest.fixture(scope="module")
def april_and_may_db(fresh_db):
    """แม่สาย sent April and May of Q3, not June."""
    path = fresh_db("partial", demo=False)
    district = registry().match("5709")
    values = {"heads_downloaded": Fraction(4), "data_updated": True, "pr_posts": Fraction(2)}
    values |= {"pr_channels": Fraction(2), "activities": Fraction(2), "downloads": Fraction(90)}
    with store.connect(path) as con:
        for token in ("2567-04", "2567-05"):
            month = parse_month(token)
            write(
                con, Submission(Q3, [SubmittedRow(2, district, month, values)], 0, [month]), f"{token}.csv", b"x", "ท"
            )
    return path


def test_the_store_says_which_months_came_in(april_and_may_db):
    with store.connect(april_and_may_db) as con:
        sent = months_sent(con, Q3, ["5709", "5704"], [m.token for m in MONTHS])
    assert sent == {"5709": {"2567-04", "2567-05"}}
    rows = partial.partial_gap_rows(sent, MONTHS, registry(), Q3)
    assert [(r["code"], r["criterion"]) for r in rows] == [("5709", "ข้อมูลไม่ครบ: ยังไม่ส่งเดือนมิถุนายน 2567")]
    others = [{"code": "5704", "criterion": "a"}, {"code": "5709", "criterion": "b"}]
    merged = partial.with_owed_months(others, rows)
    assert [r["code"] for r in merged] == ["5704", "5709", "5709"]
    assert merged[1]["criterion"].startswith("ข้อมูลไม่ครบ") and merged[2]["criterion"] == "b"


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_screens_show_the_partial_quarter(april_and_may_db, open_page):
    note = "ข้อมูลไม่ครบ: ยังไม่ส่งเดือนมิถุนายน 2567"
    overview = open_page(
        april_and_may_db, "screens/overview.py", province="57", scheme="click-2567-q3", period="2567-Q3"
    )
    table = next(d.value for d in overview.dataframe if "ข้อมูล" in d.value.columns)
    assert table["ข้อมูล"].tolist() == [note]
    page = open_page(
        april_and_may_db,
        "screens/district.py",
        province="57",
        scheme="click-2567-q3",
        period="2567-Q3",
        district="5709",
    )
    assert any(w.value == note for w in page.warning)
    gaps = open_page(april_and_may_db, "screens/gaps.py", province="57", scheme="click-2567-q3", period="2567-Q3")
    first = gaps.dataframe[0].value
    assert note in first.iloc[0].tolist()


def test_the_screen_says_how_months_made_the_quarter_and_which_month_decided():
    months = {
        "2567-04": {"downloads": Fraction(200), "heads_downloaded": Fraction(2)},
        "2567-05": {"downloads": Fraction(79), "heads_downloaded": Fraction(3)},
        "2567-06": {"downloads": Fraction(200), "heads_downloaded": Fraction(4)},
    }
    table = partial.months_rule_table(Q3, MONTHS, months).set_index("ตัวชี้วัด")
    downloads = table.loc["จำนวนดาวน์โหลด Click ชุมชน"]
    assert downloads["วิธีคิดจากรายเดือน"].startswith("ต้องถึงเกณฑ์ทุกเดือน")
    assert (downloads["ค่าของช่วงนี้"], downloads["เดือนที่ตัดสิน"]) == ("79", "พฤษภาคม 2567")
    heads = table.loc["หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว"]
    assert (heads["ค่าของช่วงนี้"], heads["เดือนที่ตัดสิน"]) == ("4", "มิถุนายน 2567")
    del months["2567-06"]["downloads"]
    assert (
        partial.months_rule_table(Q3, MONTHS, months).set_index("ตัวชี้วัด").loc["จำนวนดาวน์โหลด Click ชุมชน", "เดือนที่ตัดสิน"]
        == "มิถุนายน 2567"
    )


def test_the_district_page_has_the_months_rule(april_and_may_db, open_page):
    page = open_page(
        april_and_may_db,
        "screens/district.py",
        province="57",
        scheme="click-2567-q3",
        period="2567-Q3",
        district="5709",
    )
    assert any(e.label == "ช่วงนี้คิดจากรายเดือนอย่างไร" for e in page.expander)
    rule = next(d.value for d in page.dataframe if "วิธีคิดจากรายเดือน" in d.value.columns)
    assert "ยังคิดไม่ได้ (ขาดเดือน)" in set(rule["ค่าของช่วงนี้"])


# ---- the province's own targets (RUBRICS §12) ---------------------------------------------------------


def test_province_targets_as_the_letters_print_them():
    sakaeo = schemes()["sakaeo-click-2568"]
    needed = {(t.province, t.input): t.needed for t in sakaeo.province_targets}
    assert needed == {("27", "shop_new"): 9, ("27", "leaders_downloaded"): 607}  # ceil(0.8 × 758 = 606.4)
    assert [(t.province, t.input, t.needed) for t in Q3.province_targets] == [("57", "downloads", 1200)]


def test_the_province_line_adds_up_its_districts(april_and_may_db):
    from cdd.store.period_grades import grade_period
    from cdd.views import dashboard

    with store.connect(april_and_may_db) as con:
        may = grade_period(con, "click-2567-q3", "2567-05", "57")
    [(key, line)] = dashboard.province_lines(Q3, "57", may, 1)
    assert key == "downloads" and "1,200" in line and "ทั้งจังหวัดได้ 90" in line and "ขาดอีก 1,110" in line
    [(_, quarter)] = dashboard.province_lines(Q3, "57", may, 3)
    assert "เลือกช่วงเวลารายเดือน" in quarter
    assert dashboard.province_lines(Q3, "52", may, 1) == []  # Lampang's letter sets no province figure


def test_the_target_screen_and_meeting_mode_show_the_province_line(april_and_may_db, open_page):
    page = open_page(
        april_and_may_db,
        "screens/targets.py",
        province="57",
        scheme="click-2567-q3",
        period="2567-05",
        indicator="downloads",
    )
    assert any("เป้าหมายของจังหวัด" in i.value and "1,200" in i.value for i in page.info)
    meeting = (
        open_page(  # every figure: none of this database's months has been checked, and a meeting shows checked ones
            april_and_may_db,
            "screens/meeting.py",
            province="57",
            scheme="click-2567-q3",
            period="2567-05",
            figures="all",
        )
    )
    assert any("เป้าหมายของจังหวัด" in c.value for c in meeting.caption)
