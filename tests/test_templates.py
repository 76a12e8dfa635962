"""Upload templates: the columns of each scheme, one row per district (and month), references filled in."""

import csv
import io

import pytest
from openpyxl import load_workbook

from cdd.grading.inputs import registry, schemes
from cdd.intake.extras import template_extras
from cdd.intake.templates import (
    TEMPLATE_ID_COLUMNS,
    template_columns,
    template_rows,
    write_template_csv,
    write_template_xlsx,
)
from cdd.office.calendar import parse_period
from cdd.rubrics.indicators import CATALOGUE

SCHEME_IDS = sorted(schemes())
THOENG = "5704"


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read Thai"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data))


def district_count(scheme) -> int:
    return sum(len(registry().in_province(p)) for p in scheme.provinces)


def validations_by_column(sheet) -> dict[str, object]:
    """Column letter → the data validation that covers that column's data rows."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation
    return found


def column_letter(scheme, key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([k for k, _ in template_columns(scheme)].index(key) + 1)


# ---- columns -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_columns_are_ids_then_references_then_reported_inputs(scheme_id):
    scheme = schemes()[scheme_id]
    columns = template_columns(scheme)
    keys = [key for key, _ in columns]
    assert columns[:3] == TEMPLATE_ID_COLUMNS
    extras = template_extras(scheme)
    assert columns[len(columns) - len(extras) :] == extras and extras[0] == ("ลิงก์", "ลิงก์")
    assert extras[-1] == ("หมายเหตุ", "หมายเหตุ")
    columns, keys = columns[: len(columns) - len(extras)], keys[: len(keys) - len(extras)]
    assert sorted(keys[3:]) == sorted(scheme.form_inputs)
    references = [k for k in scheme.form_inputs if CATALOGUE[k].reference]
    assert keys[3 : 3 + len(references)] == references
    assert keys[3 + len(references) :] == [k for k in scheme.form_inputs if not CATALOGUE[k].reference]
    assert all(label == CATALOGUE[key].label for key, label in columns[3:])


def test_click_q2_puts_shop_target_and_tambons_right_after_the_ids():
    keys = [key for key, _ in template_columns(schemes()["click-2567-q2"])]
    assert keys[:5] == ["code", "district", "month", "shop_target", "tambons"]


# ---- rows --------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme_id, count", [("click-2567-q2", 18), ("lampang-2567-q3", 13), ("click-2567-q3", 31)])
def test_one_row_per_district_of_every_province(scheme_id, count):
    rows = template_rows(schemes()[scheme_id], registry())
    assert len(rows) == count
    assert [row["code"] for row in rows] == sorted(row["code"] for row in rows)
    assert all(row["district"] for row in rows)


def test_click_q3_covers_chiang_rai_and_lampang():
    codes = {row["code"][:2] for row in template_rows(schemes()["click-2567-q3"], registry())}
    assert codes == {"57", "52"}


def test_a_month_fills_the_month_and_the_reference_figures():
    rows = template_rows(schemes()["click-2567-q2"], registry(), parse_period("2567-02"))
    thoeng = next(row for row in rows if row["code"] == THOENG)
    assert (thoeng["district"], thoeng["month"]) == ("เทิง", "2567-02")
    assert (thoeng["tambons"], thoeng["shop_target"]) == ("10", "8")
    assert thoeng["shop_new"] == thoeng["data_updated"] == ""


def test_without_a_period_month_and_references_are_left_empty():
    rows = template_rows(schemes()["click-2567-q2"], registry())
    assert all(row["month"] == "" and row["tambons"] == "" for row in rows)


def test_a_quarter_gives_one_row_per_district_per_month():
    rows = template_rows(schemes()["click-2567-q2"], registry(), parse_period("2567-Q2"))
    assert len(rows) == 18 * 3
    assert [row["month"] for row in rows if row["code"] == THOENG] == ["2567-01", "2567-02", "2567-03"]


def test_a_fiscal_year_keeps_only_the_months_of_the_scheme():
    rows = template_rows(schemes()["click-2567-q2"], registry(), parse_period("2567"))
    assert {row["month"] for row in rows} == {"2567-01", "2567-02", "2567-03"}
    assert len(rows) == 18 * 3


# ---- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_csv_has_labels_keys_then_one_row_per_district(scheme_id):
    scheme = schemes()[scheme_id]
    lines = read_csv(write_template_csv(scheme, registry()))
    columns = template_columns(scheme)
    assert lines[0] == [label for _, label in columns]
    assert lines[1] == [key for key, _ in columns]
    assert len(lines) - 2 == district_count(scheme)


def test_csv_prefills_thoeng_tambons():
    lines = read_csv(write_template_csv(schemes()["click-2567-q2"], registry(), parse_period("2567-02")))
    rows = [dict(zip(lines[1], line)) for line in lines[2:]]
    thoeng = next(row for row in rows if row["code"] == THOENG)
    assert (thoeng["tambons"], thoeng["month"]) == ("10", "2567-02")


# ---- Excel -------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_xlsx_has_labels_keys_rows_and_frozen_panes(scheme_id):
    scheme = schemes()[scheme_id]
    book = read_xlsx(write_template_xlsx(scheme, registry()))
    assert book.sheetnames == ["แบบรายงาน", "รายการ", "คำอธิบาย"]
    sheet = book["แบบรายงาน"]
    columns = template_columns(scheme)
    assert [c.value for c in sheet[1]] == [label for _, label in columns]
    assert [c.value for c in sheet[2]] == [key for key, _ in columns]
    assert sheet.max_row - 2 == district_count(scheme)
    assert sheet.freeze_panes == "C3"
    assert sheet["A1"].font.bold and sheet["A1"].alignment.wrap_text


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_xlsx_yes_no_columns_offer_a_list_and_levels_a_whole_number(scheme_id):
    scheme = schemes()[scheme_id]
    sheet = read_xlsx(write_template_xlsx(scheme, registry()))["แบบรายงาน"]
    found = validations_by_column(sheet)
    last_row = 2 + district_count(scheme)
    for key in scheme.form_inputs:
        indicator = CATALOGUE[key]
        letter = column_letter(scheme, key)
        if indicator.kind == "yesno":
            assert found[letter].type == "list"
            assert found[letter].formula1 == '"ใช่,ไม่ใช่"'
            assert str(found[letter].sqref) == f"{letter}3:{letter}{last_row}"
        elif indicator.kind == "level":
            rule = found[letter]
            assert (rule.type, rule.formula1, rule.formula2) == ("whole", "0", str(indicator.max))
        else:
            assert letter not in found


def test_lampang_has_yes_no_validations():
    scheme = schemes()["lampang-2567-q3"]
    sheet = read_xlsx(write_template_xlsx(scheme, registry()))["แบบรายงาน"]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    # with moral_plan_done, and the honours as two yes/no columns (องค์กรคุณธรรม, หน่วยงานคุณธรรม)
    assert len(lists) == sum(1 for k in scheme.form_inputs if CATALOGUE[k].kind == "yesno") == 9
    assert "moral_honours" not in scheme.form_inputs


def test_xlsx_prefills_thoeng_tambons_as_a_number():
    scheme = schemes()["click-2567-q2"]
    sheet = read_xlsx(write_template_xlsx(scheme, registry(), parse_period("2567-02")))["แบบรายงาน"]
    keys = [c.value for c in sheet[2]]
    rows = [dict(zip(keys, (c.value for c in row))) for row in sheet.iter_rows(min_row=3)]
    thoeng = next(row for row in rows if row["code"] == THOENG)
    assert (thoeng["district"], thoeng["month"], thoeng["tambons"]) == ("เทิง", "2567-02", 10)
    assert thoeng["shop_new"] is None


def test_xlsx_quarter_rows_and_validation_span_every_row():
    scheme = schemes()["lampang-2567-q3"]
    sheet = read_xlsx(write_template_xlsx(scheme, registry(), parse_period("2567-Q3")))["แบบรายงาน"]
    assert sheet.max_row == 2 + 13 * 3
    letter = column_letter(scheme, "company_plan")
    assert str(validations_by_column(sheet)[letter].sqref) == f"{letter}3:{letter}{2 + 13 * 3}"


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_guide_sheet_names_the_scheme_the_letter_and_every_key(scheme_id):
    scheme = schemes()[scheme_id]
    guide = read_xlsx(write_template_xlsx(scheme, registry()))["คำอธิบาย"]
    values = [cell.value for row in guide.iter_rows() for cell in row if cell.value is not None]
    assert scheme.title in values and scheme.letter in values
    rows = {row[0].value: row for row in guide.iter_rows() if row[0].value in CATALOGUE}
    for key in scheme.form_inputs:
        assert rows[key][1].value == CATALOGUE[key].label
        assert CATALOGUE[key].kind in rows[key][2].value
        assert (rows[key][3].value or "") == CATALOGUE[key].unit


def guide_notes(scheme_id: str) -> dict[str, str]:
    guide = read_xlsx(write_template_xlsx(schemes()[scheme_id], registry()))["คำอธิบาย"]
    return {row[0]: row[4] or "" for row in guide.iter_rows(values_only=True) if row[0] in CATALOGUE}


def test_no_summed_row_says_quarter():
    """A clerk who types quarter-to-date figures into a summed monthly row gets three times the value."""
    from cdd.grading.rollup import rollup_rule

    for scheme in schemes().values():
        for key in scheme.form_inputs:
            if rollup_rule(scheme, key) == "sum":
                assert "ไตรมาส" not in CATALOGUE[key].label, key
    for key in ("otop_sales", "otop_new_products", "fabric_income"):
        assert "ในเดือนนี้" in CATALOGUE[key].label


@pytest.mark.parametrize(
    "scheme_id, keys",
    [
        ("buriram-digital-2568", ["sec_formats", "trainings", "model_tambon_step", "click_step", "innov_used"]),
        ("lampang-2567-q3", ["wf_overdue_pct", "cf_groups_pct", "jpt_verified", "kok_5p"]),
    ],
)
def test_running_totals_say_so_in_label_and_help_sheet(scheme_id, keys):
    notes = guide_notes(scheme_id)
    for key in keys:
        assert "สะสม" in CATALOGUE[key].label, key
        assert notes[key].startswith("ยอดสะสมตั้งแต่ ") and "ถึงสิ้นเดือนนี้" in notes[key], key
    assert "1 มกราคม 2568" in guide_notes("buriram-digital-2568")["trainings"]
    assert guide_notes("lampang-2567-q3")["otop_sales"].startswith("ตัวเลขในเดือนนี้เท่านั้น")


@pytest.mark.parametrize(
    "scheme_id, key",
    [
        ("sakaeo-click-2568", "leaders_downloaded"),
        ("click-2567-q3", "heads_downloaded"),
        ("lampang-2567-q3", "heads_downloaded"),
    ],
)
def test_a_figure_read_at_the_months_end_is_not_asked_for_as_the_month_alone(scheme_id, key):
    """The period reads the last month of a "latest" figure: a clerk told to send only the month's new
    downloads would send fewer than the heads who have downloaded, and lose the grade."""
    note = guide_notes(scheme_id)[key]
    assert note.startswith("ค่า ณ สิ้นเดือนนี้") and "ไม่ใช่เฉพาะที่เพิ่มในเดือนนี้" in note
    assert "ไม่ใช่ยอดสะสม" not in note


def test_the_thai_wording_fixes():
    assert CATALOGUE["trainings"].label.startswith("จำนวนครั้ง")
    assert "การเสริมสร้างความตระหนักด้านความมั่นคงปลอดภัยสารสนเทศ" in CATALOGUE["sec_formats"].label
    assert "สารสนเทศตำบลต้นแบบเพื่อพัฒนาคุณภาพชีวิต" in CATALOGUE["model_tambon_step"].label
    assert "หัวหน้าส่วนราชการ และกำนัน/ผู้ใหญ่บ้าน" in CATALOGUE["leaders_downloaded"].label
    assert not any("ระดับ" in row for row in guide_notes("buriram-digital-2568").values())
    guide = read_xlsx(write_template_xlsx(schemes()["buriram-digital-2568"], registry()))["คำอธิบาย"]
    kinds = {row[0]: row[2] for row in guide.iter_rows(values_only=True) if row[0] in CATALOGUE}
    assert kinds["click_step"].startswith("จำนวน 0–5")


# ---- the optional columns: links and the remark ---------------------------------------------------


def filled_click_q3(**cells: str) -> bytes:
    """The click-2567-q3 CSV template of April 2567 with Thoeng's figures (and any `cells`) typed in."""
    lines = read_csv(write_template_csv(schemes()["click-2567-q3"], registry(), parse_period("2567-04")))
    keys = lines[1]
    for line in lines[2:]:
        if line[0] == THOENG:
            typed = {"heads_downloaded": "3", "data_updated": "ใช่", "pr_posts": "2", "pr_channels": "2"}
            typed |= {"activities": "1", "downloads": "120"} | cells
            for key, value in typed.items():
                line[keys.index(key)] = value
    out = io.StringIO()
    csv.writer(out).writerows(lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def test_the_csv_template_prints_the_remark_and_the_link_columns():
    lines = read_csv(write_template_csv(schemes()["click-2567-q3"], registry(), parse_period("2567-04")))
    assert lines[1][-4:] == ["ลิงก์", "ลิงก์: pr_posts", "ลิงก์: activities", "หมายเหตุ"]
    assert lines[0][-4:] == ["ลิงก์", "ลิงก์: จำนวนครั้งที่เผยแพร่ประชาสัมพันธ์", "ลิงก์: จำนวนกิจกรรมขับเคลื่อน", "หมายเหตุ"]
    sheet = read_xlsx(write_template_xlsx(schemes()["click-2567-q3"], registry()))["แบบรายงาน"]
    assert [c.value for c in sheet[2]][-4:] == lines[1][-4:]
    guide = read_xlsx(write_template_xlsx(schemes()["click-2567-q3"], registry()))["คำอธิบาย"]
    notes: dict[str, str] = {}
    for row in guide.iter_rows(values_only=True):  # the column's own row comes before the list sheet's lines
        notes.setdefault(str(row[0]), str(row[4]) if len(row) > 4 else "")
    assert notes["ลิงก์: pr_posts"].startswith("ไม่บังคับ: ลิงก์หลักฐานของตัวชี้วัด pr_posts ขึ้นต้นด้วย https://")
    assert notes["หมายเหตุ"].startswith("ไม่บังคับ")


def test_a_template_filled_with_figures_only_imports_and_its_links_read_back():
    from cdd.intake.validate import read_submission

    submission, problems = read_submission("april.csv", filled_click_q3(), registry(), schemes())
    assert problems == [] and submission is not None
    assert [row.district.code for row in submission.rows] == [THOENG] and submission.evidence == []
    assert submission.rows[0].values["pr_posts"] == 2
    linked = filled_click_q3(**{"ลิงก์: pr_posts": "https://fb.com/a https://fb.com/b", "หมายเหตุ": "ส่งครบ"})
    submission, problems = read_submission("april.csv", linked, registry(), schemes())
    assert problems == [] and submission is not None
    assert sorted((e.item, e.kind, e.content) for e in submission.evidence) == [
        ("", "remark", "ส่งครบ"),
        ("pr_posts", "link", "https://fb.com/a"),
        ("pr_posts", "link", "https://fb.com/b"),
    ]
