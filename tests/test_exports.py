"""Meeting lists: grades and gaps from a real grading, worst first, and never a formula in a spreadsheet."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from cdd.grading.inputs import evaluate, registry
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
