"""เกณฑ์, run as a person would open it (AppTest): the letter's wording beside the machine rule, the
readings, and the notes of `cdd lint`; plus the rows the page draws."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from cdd.grading.inputs import schemes
from cdd.rubrics.conditions import Condition, rule_thai
from cdd.rubrics.lint import lint_scheme
from cdd.views.presentation import mission_rows, part_label, readings, readings_not_in

SIDEBAR = {"province": "52", "scheme": "lampang-2567-q3", "period": "2567-Q3"}


@pytest.fixture
def open_rubrics(open_page, demo_db):
    """`open_rubrics(**sidebar)`: the screen on the demo database, at Lampang's scheme unless told."""
    return lambda **sidebar: open_page(demo_db, "screens/rubrics.py", **(sidebar or SIDEBAR))


def chooser(at: AppTest, sidebar_scheme: str):
    return at.selectbox(key=f"rubric_{sidebar_scheme}")


def as_read(markdown: str) -> str:
    """Rubric text is escaped as typed (a Markdown sign shown, never read): what a person reads, no backslash."""
    return re.sub(r"\\(.)", r"\1", markdown)


def page_text(at: AppTest) -> str:
    return as_read("\n".join(e.value for e in (*at.markdown, *at.warning, *at.info, *at.caption)))


def lint_boxes(at: AppTest) -> list[str]:
    return [as_read(w.value) for w in at.warning if w.value.startswith("**ข้อสังเกต")]


def test_the_scheme_shown_follows_the_sidebar(open_rubrics):
    at = open_rubrics(province="31", scheme="buriram-digital-2568", period="2568-Q2")
    assert chooser(at, "buriram-digital-2568").value == "buriram-digital-2568"
    assert "หนังสือจังหวัดบุรีรัมย์ ที่ บร ๐๐๑๘/ว ๑๖๑" in page_text(at)


def test_every_scheme_shows_the_letters_wording_beside_the_rule_with_its_letter_and_deadline(open_rubrics):
    at = open_rubrics()
    options = chooser(at, "lampang-2567-q3").options
    assert len(options) == len(schemes()) == 5
    for scheme in schemes().values():
        chooser(at, "lampang-2567-q3").set_value(scheme.id).run()
        assert not at.exception
        missions = [m for m in scheme.missions if m.shape != "none"]
        assert len(at.table) == len(missions)
        for table in at.table:
            shown = table.value
            assert {"ข้อความตามหนังสือ", "กติกาที่ใช้"} <= set(shown.columns) and len(shown) > 0
        text = page_text(at)
        assert scheme.letter in text and scheme.deadline.printed in text


def test_lampang_missions_without_criteria_say_so(open_rubrics):
    at = open_rubrics()
    assert len(at.subheader) == 11
    assert len(at.info) == 2  # food security and the poverty centre: named, no criteria yet
    assert all("ยังไม่มีเกณฑ์" in box.value for box in at.info)


@pytest.mark.parametrize("scheme_id", ["lampang-2567-q3", "buriram-digital-2568", "click-2567-q3"])
def test_each_lint_finding_has_its_own_warning_with_the_reading(scheme_id, open_rubrics):
    at = open_rubrics()
    chooser(at, "lampang-2567-q3").set_value(scheme_id).run()
    findings = lint_scheme(schemes()[scheme_id])
    boxes = lint_boxes(at)
    assert len(boxes) == len(findings)
    for box, finding in zip(boxes, findings):
        assert finding.message in box and finding.reading in box


def test_every_reading_is_visible(open_rubrics):
    at = open_rubrics()
    text = page_text(at)
    for mission in schemes()["lampang-2567-q3"].missions:
        for _, reading in readings(mission):
            assert reading in text


# ---- the rows --------------------------------------------------------------------------------------


def test_a_ladder_shows_each_level_and_the_letters_d_row(schemes):
    rows = mission_rows(schemes["click-2567-q3"].missions[0])
    heads = [r for r in rows if r["ส่วน"]]
    assert heads[0]["ส่วน"].startswith("หัวหน้าส่วนราชการ") and heads[0]["ระดับ/คะแนน"] == "ระดับ A"
    assert [r["ระดับ/คะแนน"] for r in rows[:3]] == ["ระดับ A", "ระดับ B", "ระดับ C"]
    assert rows[1]["ส่วน"] == ""  # named once, as a merged cell
    assert rows[0]["กติกาที่ใช้"] == "หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว ไม่น้อยกว่า 80% ของหัวหน้าส่วนราชการสังกัด มท. ในอำเภอ"
    assert "heads_downloaded" not in rows[0]["กติกาที่ใช้"] and "รูปที่ระบบอ่าน" not in rows[0]
    machine = mission_rows(schemes["click-2567-q3"].missions[0], machine=True)[0]
    assert machine["รูปที่ระบบอ่าน"] == "heads_downloaded >= 80% of heads_total"
    last = rows[-1]
    assert last["ส่วน"] == "" and last["ระดับ/คะแนน"] == "ระดับ D" and "ไม่ถึงระดับ C" in last["กติกาที่ใช้"]
    assert last["ข้อความตามหนังสือ"].startswith("ระดับ D ได้ค่าคะแนนรวมน้อยกว่า")


def test_score_bands_are_kept_with_their_printed_wording(schemes):
    fund = schemes["lampang-2567-q3"].mission("community-fund")
    bands = [r for r in mission_rows(fund) if r["กติกาที่ใช้"].startswith("คะแนนไม่น้อยกว่า")]
    assert [r["กติกาที่ใช้"] for r in bands] == ["คะแนนไม่น้อยกว่า 30", "คะแนนไม่น้อยกว่า 27", "คะแนนไม่น้อยกว่า 24"]
    assert bands[1]["ข้อความตามหนังสือ"] == "๒๗ - ๒๙ คะแนน = ระดับ B"


@pytest.mark.parametrize(
    ("rule", "wording"),
    [
        ("cf_debt_pct > 70", "กองทุนชุมชน: ครัวเรือนลด/ปลดหนี้ (% ของกลุ่มเป้าหมาย) (ยอดสะสมถึงสิ้นเดือนนี้) มากกว่า 70%"),
        ("wf_overdue_pct < 10", "กองทุนสตรี: หนี้เกินกำหนดชำระ (%) (ยอดสะสมถึงสิ้นเดือนนี้) น้อยกว่า 10%"),
        ("wf_groups_pct >= 90", "กองทุนสตรี: กลุ่มอาชีพที่ส่งเสริม (% ของเป้าหมาย) (ยอดสะสมถึงสิ้นเดือนนี้) ไม่น้อยกว่า 90%"),
        (
            "otop_sales > 4% over otop_sales_base",
            "OTOP: ยอดจำหน่ายในเดือนนี้ (บาท) เพิ่มขึ้นจาก OTOP: ยอดจำหน่ายเดือนเดียวกันของปี 2566 (บาท) มากกว่า 4%",
        ),
        ("pr_posts > 1", "จำนวนครั้งที่เผยแพร่ประชาสัมพันธ์ มากกว่า 1 ครั้ง"),
    ],
)
def test_a_rule_reads_as_the_letter_words_it_with_its_percent_sign(rule, wording):
    """A strict bound is 'มากกว่า 70%' (never 70.01), ≥ is 'ไม่น้อยกว่า', and a percentage carries '%'."""
    said = rule_thai(Condition.parse(rule))
    assert said == wording
    assert "70.01" not in said and "9.99" not in said and "ร้อยละ" not in said.removeprefix("OTOP")


def test_the_strict_rules_of_lampang_read_more_than_and_less_than(schemes):
    scheme = schemes["lampang-2567-q3"]
    rules = " | ".join(row["กติกาที่ใช้"] for mission in scheme.missions for row in mission_rows(mission))
    assert "มากกว่า 75%" in rules and "มากกว่า 70%" in rules and "น้อยกว่า 10%" in rules
    assert "75.01" not in rules and "70.01" not in rules and "9.99" not in rules


def test_readings_already_beside_a_finding_are_not_repeated(schemes):
    women = schemes["lampang-2567-q3"].mission("women-fund")
    shown = {f.reading for f in lint_scheme(schemes["lampang-2567-q3"]) if f.mission == "women-fund"}
    rest = readings_not_in(women, shown)
    assert rest == [(w, r) for w, r in readings(women) if r not in shown]
    assert part_label(women, "bands") == "ช่วงคะแนนของระดับ"
    assert part_label(women, "overdue").startswith("กิจกรรมการบริหารจัดการ")


def test_a_scheme_published_after_the_screen_was_opened_is_listed_when_it_is_opened_again(open_page, fresh_db):
    from cdd.rubrics import drafts
    from cdd.rubrics.toml_write import dumps_scheme
    from cdd.store import database as store
    from cdd.store import rubric_versions as rv

    path = fresh_db("rubrics-published")
    assert len(chooser(open_page(path, "screens/rubrics.py", **SIDEBAR), "lampang-2567-q3").options) == 5
    letter = drafts.Letter("จังหวัดเชียงราย", "ชร 0019.3/ว 100", "1 ตุลาคม 2569")
    draft = drafts.clone(
        schemes()["click-2567-q3"], "click-2570-q1", "Click ชุมชน ไตรมาส 1/2570", letter, ("2569-10", "2569-12")
    )
    with store.connect(path) as con:
        rv.publish(con, dumps_scheme(draft), "ผู้ดูแล")
    options = chooser(open_page(path, "screens/rubrics.py", **SIDEBAR), "lampang-2567-q3").options
    assert "Click ชุมชน ไตรมาส 1/2570" in options and len(options) == 6
