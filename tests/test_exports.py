"""Meeting lists: grades and gaps from a real grading, worst first, and never a formula in a spreadsheet."""

import csv
import io
import json
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from cdd.grading.inputs import evaluate, registry
from cdd.grading.mission import Change
from cdd.grading.report import change_text, figure
from cdd.views.exports import (
    GAP_COLUMNS,
    gap_rows,
    grade_rows,
    safe_text,
    write_gaps_csv,
    write_gaps_xlsx,
    write_grades_csv,
    write_grades_json,
)

THOENG = "5704"
THOENG_D = {"shop_new": 8, "data_updated": "no", "pr_posts": 2, "pr_channels": 1, "activities": 1, "downloads": 99}
THOENG_B = {"shop_new": 7, "data_updated": "yes", "pr_posts": 1, "pr_channels": 2, "activities": 1, "downloads": 120}
FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "  =1+1", "\t=1", "\r=1"]
OKABE_ITO = {"A": "009E73", "B": "56B4E9", "C": "E69F00", "D": "D55E00"}


@pytest.fixture(scope="module")
def results():
    """The B grading first, so the sort (not the input order) must put D on top."""
    return [evaluate("click-2567-q2", THOENG, "2567-02", values) for values in (THOENG_B, THOENG_D)]


@pytest.fixture(scope="module")
def gaps(results):
    return gap_rows(results, registry())


def formula_rows() -> list[dict]:
    """One gap row per formula-like text, the text in every text column."""
    return [{key: text for key in GAP_COLUMNS} | {"grade": "D"} for text in FORMULAS]


# ---- safe_text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", FORMULAS + ["=", "-", " +x", "@"])
def test_formula_starts_get_a_quote(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["\uff1d1+1", "\uff20SUM(A1)", "\uff0bcmd", "x;=1+1", "เทิง; =HYPERLINK(1)", "a,@x", "a;-cmd|' /C calc'!A0"]
)
def test_full_width_signs_and_formulas_after_a_separator_get_a_quote(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["", "เทิง", "5704", "–", "1 → 2 (+1 ร้าน)", "a=b", "'=x ถูกกันไว้แล้ว", "2, -1", "1; +2", "A; B"]
)
def test_ordinary_text_is_unchanged(text):
    assert safe_text(text) == text


# ---- rows --------------------------------------------------------------------------------------


def test_grade_rows_one_per_district_and_mission(results):
    rows = grade_rows(results, registry())
    assert [list(row) for row in rows] == [["code", "name", "mission", "grade", "score", "status"]] * 2
    assert [(r["code"], r["name"], r["grade"], r["score"], r["status"]) for r in rows] == [
        (THOENG, "เทิง", "B", 8, "graded"),
        (THOENG, "เทิง", "D", 4, "graded"),
    ]


def test_gap_rows_worst_first_with_the_changes_in_words(gaps):
    assert [row["grade"] for row in gaps] == ["D", "D", "D", "B"]
    assert all(list(row) == list(GAP_COLUMNS) for row in gaps)
    first = gaps[0]
    assert (first["code"], first["name"], first["mission"]) == (THOENG, "เทิง", "Click ชุมชน")
    assert (first["actual"], first["required"], first["shortfall"]) == ("ไม่ใช่", "ใช่", "")
    assert first["next"] == (
        "อย่างใดอย่างหนึ่ง: บันทึกข้อมูลบริการ Click ชุมชน ครบถ้วน เป็นปัจจุบัน: ไม่ใช่ → ใช่; "
        "จำนวนช่องทางที่เผยแพร่: 1 → 2 (+1 ช่องทาง); จำนวนดาวน์โหลด Click ชุมชน: 99 → 100 (+1 ดาวน์โหลด)"
    )
    assert first["to_a"].startswith("บันทึกข้อมูลบริการ Click ชุมชน ครบถ้วน เป็นปัจจุบัน: ไม่ใช่ → ใช่; ")
    numbers = [(row["actual"], row["required"], row["shortfall"]) for row in gaps[1:3]]
    assert numbers == [("1", "2", "1"), ("99", "100", "1")]


def test_gap_rows_of_a_b_district_need_one_more_shop_and_no_separate_gap_to_a(gaps):
    b_row = gaps[-1]
    assert (b_row["actual"], b_row["required"], b_row["shortfall"]) == ("7", "8", "1")
    assert b_row["next"] == "อย่างใดอย่างหนึ่ง: ร้านค้า OTOP สมัครใหม่ใน Shop ชุมชน: 7 → 8 (+1 ร้าน)"
    assert b_row["to_a"] == ""


def test_gap_rows_sort_by_district_code_within_a_grade():
    d_again = evaluate("click-2567-q2", "5701", "2567-02", THOENG_D)
    thoeng = evaluate("click-2567-q2", THOENG, "2567-02", THOENG_D)
    rows = gap_rows([thoeng, d_again], registry())
    assert [row["code"] for row in rows] == sorted(row["code"] for row in rows)


# ---- CSV and JSON ------------------------------------------------------------------------------


def test_grades_csv_has_a_bom_and_a_thai_header(results):
    data = write_grades_csv(grade_rows(results, registry()))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0] == ["รหัสอำเภอ", "อำเภอ", "ภารกิจ", "ระดับ", "คะแนน", "สถานะ"]
    assert lines[1][:5] == [THOENG, "เทิง", "click-2567-q2", "B", "8"]


def test_grades_json_keeps_thai_and_numbers(results):
    rows = grade_rows(results, registry())
    text = write_grades_json(rows)
    assert "เทิง" in text and json.loads(text) == rows


def test_gaps_csv_thai_header_and_safe_text(gaps):
    data = write_gaps_csv(gaps + formula_rows())
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert lines[0] == list(GAP_COLUMNS.values())
    assert len(lines) == 1 + len(gaps) + len(FORMULAS)
    for line, text in zip(lines[1 + len(gaps) :], FORMULAS):
        assert line[0] == "'" + text and line[1] == "'" + text


# ---- Excel -------------------------------------------------------------------------------------


def load_gaps(data: bytes):
    return load_workbook(io.BytesIO(data))["รายการที่ยังขาด"]


def test_gaps_xlsx_title_header_rows_and_print_setup(gaps):
    sheet = load_gaps(write_gaps_xlsx(gaps, "Click ชุมชน ไตรมาส 2/2567 · กุมภาพันธ์ 2567"))
    assert sheet["A1"].value == "Click ชุมชน ไตรมาส 2/2567 · กุมภาพันธ์ 2567"
    assert [c.value for c in sheet[2]] == list(GAP_COLUMNS.values())
    assert sheet.max_row == 2 + len(gaps)
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows.replace("$", "") == "2:2"
    assert sheet["E3"].alignment.wrap_text


def test_gaps_xlsx_fills_each_grade_with_its_okabe_ito_colour():
    rows = [{key: "" for key in GAP_COLUMNS} | {"grade": grade} for grade in "ABCD"]
    sheet = load_gaps(write_gaps_xlsx(rows, "สีของระดับ"))
    grade_column = list(GAP_COLUMNS).index("grade") + 1
    for row, grade in zip(range(3, 7), "ABCD"):
        cell = sheet.cell(row=row, column=grade_column)
        assert cell.value == grade
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb[-6:] == OKABE_ITO[grade]


def test_gaps_xlsx_never_writes_a_formula(gaps):
    sheet = load_gaps(write_gaps_xlsx(gaps + formula_rows(), '=HYPERLINK("http://x")'))
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["A1"].value == '\'=HYPERLINK("http://x")'
    for row, text in zip(sheet.iter_rows(min_row=3 + len(gaps)), FORMULAS):
        written = "'" + text.replace("\r", "\n")  # XML reads a carriage return back as a line feed
        assert row[0].value == written
        assert row[-1].value == written and row[-1].data_type == "s"


# ---- numbers as people write them ------------------------------------------------------------------

# Lampang's community fund (5204 เสริมงาม, 2567 Q3): savings groups 61.52%, members 0.71%, debt 64.56% of a
# rule "more than 70%" (cf_debt_pct > 70).
FUND = {"cf_groups_pct": "61.52", "cf_members_pct": "0.71", "cf_debt_pct": "64.56"}


@pytest.fixture(scope="module")
def fund_rows():
    result = evaluate("lampang-2567-q3", "5204", "2567-Q3", FUND)
    return [row for row in gap_rows([result], registry()) if row["mission"] == "กองทุนชุมชน"]


def test_a_strict_percent_bound_reads_more_than_70_percent_never_70_01(fund_rows):
    debt = next(row for row in fund_rows if row["criterion"].startswith("(3)"))
    assert (debt["actual"], debt["required"], debt["shortfall"]) == ("64.56%", "มากกว่า 70%", "มากกว่า 5.44%")
    assert debt["to_a"].endswith(
        "กองทุนชุมชน: ครัวเรือนลด/ปลดหนี้ (% ของกลุ่มเป้าหมาย) (ยอดสะสมถึงสิ้นเดือนนี้): 64.56% → มากกว่า 70% (เพิ่มอีกมากกว่า 5.44%)"
    )
    assert all("70.01" not in str(value) and "5.45" not in str(value) for row in fund_rows for value in row.values())


def test_a_strict_bound_below_reads_less_than():
    result = evaluate(
        "lampang-2567-q3", "5204", "2567-Q3", {"wf_overdue_pct": "14.12", "wf_members_pct": "80", "wf_groups_pct": "95"}
    )
    debt = next(row for row in gap_rows([result], registry()) if row["criterion"].startswith("กิจกรรมการบริหารจัดการ"))
    assert (debt["actual"], debt["required"], debt["shortfall"]) == ("14.12%", "น้อยกว่า 10%", "มากกว่า 4.12%")
    assert debt["next"] == "อย่างใดอย่างหนึ่ง: กองทุนสตรี: หนี้เกินกำหนดชำระ (%) (ยอดสะสมถึงสิ้นเดือนนี้): 14.12% → 14% (−0.12%)"
    below = Change("debt", "wf_overdue_pct", "หนี้เกินกำหนด", Fraction("14.12"), Fraction("9.99"), "%", "<", Fraction(10))
    assert change_text(below) == "หนี้เกินกำหนด: 14.12% → น้อยกว่า 10% (ลดอีกมากกว่า 4.12%)"


def test_percent_figures_carry_their_sign_in_the_gap_list_and_the_csv(fund_rows):
    groups = next(row for row in fund_rows if row["criterion"].startswith("(1)"))
    assert (groups["actual"], groups["required"], groups["shortfall"]) == ("61.52%", "100%", "38.48%")
    assert "61.52% → 100% (+38.48%)" in groups["to_a"]
    lines = list(csv.reader(io.StringIO(write_gaps_csv(fund_rows).decode("utf-8-sig"), newline="")))
    columns = list(GAP_COLUMNS)
    figures = [line[columns.index("actual") : columns.index("shortfall") + 1] for line in lines[1:]]
    assert figures == [["61.52%", "100%", "38.48%"], ["0.71%", "1%", "0.29%"], ["64.56%", "มากกว่า 70%", "มากกว่า 5.44%"]]


def test_a_count_owed_is_a_whole_number_rounded_up():
    """110⅓ more shops (a need worked out from a share) is 111, never '110.33'; the change says so too."""
    assert figure(Fraction(331, 3), "shop_new") == "111"
    assert figure(Fraction(1250), "downloads") == "1,250"
    change = Change("shops", "shop_new", "ร้านค้า", Fraction(100), Fraction(331, 3), "ร้าน", ">=", Fraction(331, 3))
    assert change_text(change) == "ร้านค้า: 100 → 111 (+11 ร้าน)"
    count = Change("posts", "pr_posts", "เผยแพร่", Fraction(70), Fraction(71), "ครั้ง", ">", Fraction(70))
    assert change_text(count) == "เผยแพร่: 70 → 71 (+1 ครั้ง)"  # a count says the next whole number


def test_gaps_xlsx_stores_numbers_as_numbers_with_their_format(fund_rows, gaps):
    sheet = load_gaps(write_gaps_xlsx(fund_rows + gaps[1:3], "ตัวเลขเป็นตัวเลข"))
    columns = {key: list(GAP_COLUMNS).index(key) + 1 for key in ("actual", "required", "shortfall")}

    def cells(row: int) -> list:
        return [sheet.cell(row=row, column=columns[key]) for key in ("actual", "required", "shortfall")]

    groups, debt, channels = cells(3), cells(5), cells(6)
    assert all(cell.data_type == "n" for cell in groups + debt + channels)
    assert [float(cell.value) for cell in groups] == [0.6152, 1.0, 0.3848]
    assert {cell.number_format for cell in groups} == {"0.00%"}
    assert [float(cell.value) for cell in debt] == [0.6456, 0.7, 0.0544]
    assert [cell.number_format for cell in debt] == ["0.00%", '"มากกว่า "0.00%', '"มากกว่า "0.00%']
    assert [cell.value for cell in channels] == [1, 2, 1] and {c.number_format for c in channels} == {"#,##0"}
    yes_no = load_gaps(write_gaps_xlsx(gaps[:1], "ใช่/ไม่ใช่")).cell(row=3, column=columns["actual"])
    assert (yes_no.value, yes_no.data_type) == ("ไม่ใช่", "s")
