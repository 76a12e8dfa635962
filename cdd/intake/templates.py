"""Upload templates for each scheme: the columns a district office fills in, as CSV or Excel.

Row 1 is the Thai label a person reads, row 2 the key the reader matches on, then one row per
district (and month), with the district and any reference figure already filled in. After the figures
come the optional columns: links (for the month, and for each listed item) and the remark. In Excel the key
row is hidden: the clerk reads Thai, the reader still finds the keys. A district's own template holds
its own row only.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cdd.grading.report import NO, YES
from cdd.grading.rollup import rollup_rule
from cdd.intake.extras import LINK_COLUMN, template_extras
from cdd.intake.list_template import add_list_sheet
from cdd.office.calendar import Month, Period, parse_month
from cdd.office.districts import Registry
from cdd.office.numbers import format_number
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.model import Scheme

TEMPLATE_ID_COLUMNS = [("code", "รหัสอำเภอ"), ("district", "อำเภอ"), ("month", "เดือน")]
SHEET_TITLE = "แบบรายงาน"
GUIDE_TITLE = "คำอธิบาย"
FIRST_DATA_ROW = 3  # below the Thai labels and the keys
NO_PERIOD = "ไม่ระบุ (กรอกเดือนในคอลัมน์ เดือน เช่น 2567-04)"

KIND_TH = {
    "count": "จำนวนนับ (จำนวนเต็ม 0 ขึ้นไป)",
    "level": "ระดับ (จำนวนเต็ม)",
    "percent": "ร้อยละ",
    "money": "จำนวนเงิน (บาท)",
    "yesno": f"{YES}/{NO}",
}


def template_columns(scheme: Scheme) -> list[tuple[str, str]]:
    """Id columns, then reference figures (kept together, already filled in), then what is reported, then
    the optional links and remark (empty is fine)."""
    references = [key for key in scheme.form_inputs if CATALOGUE[key].reference]
    reported = [key for key in scheme.form_inputs if not CATALOGUE[key].reference]
    figures = [(key, CATALOGUE[key].label) for key in references + reported]
    return TEMPLATE_ID_COLUMNS + figures + template_extras(scheme)


def template_rows(
    scheme: Scheme, registry: Registry, period: Period | None = None, district_code: str | None = None
) -> list[dict[str, str]]:
    """One row per district (per month of a quarter or year), district and reference figures filled in;
    only `district_code`'s rows when given (a district account's own template)."""
    keys = [key for key, _ in template_columns(scheme)]
    months = template_months(scheme, period)
    rows = []
    for province in scheme.provinces:
        for district in registry.in_province(province):
            if district_code is not None and district.code != district_code:
                continue
            for month in months:
                row = dict.fromkeys(keys, "") | {"code": district.code, "district": district.name}
                rows.append(row | _month_cells(scheme, registry, district.code, month))
    return sorted(rows, key=lambda row: (row["code"], row["month"]))


def template_months(scheme: Scheme, period: Period | None) -> list[Month | None]:
    """The months a template has rows for; [None] when no period is chosen (the month is left to fill)."""
    if period is None:
        return [None]
    if isinstance(period, Month):
        return [period]
    first, last = parse_month(scheme.first_month), parse_month(scheme.last_month)
    return [month for month in period.months if first <= month <= last]


def _month_cells(scheme: Scheme, registry: Registry, code: str, month: Month | None) -> dict[str, str]:
    if month is None:
        return {}
    cells = {"month": month.token}
    for key in scheme.inputs:
        figure = registry.reference(code, key, month) if CATALOGUE[key].reference else None
        if figure is not None:
            cells[key] = format_number(figure.value)  # "10", never "10.0" or "10/1"
    return cells


# ---- CSV ---------------------------------------------------------------------------------------


def write_template_csv(
    scheme: Scheme, registry: Registry, period: Period | None = None, district_code: str | None = None
) -> bytes:
    """UTF-8 with a BOM, so Excel opens the Thai labels as Thai and not as mojibake."""
    columns = template_columns(scheme)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in columns])
    writer.writerow([key for key, _ in columns])
    for row in template_rows(scheme, registry, period, district_code):
        writer.writerow([row[key] for key, _ in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---- Excel -------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
KEY_FONT = Font(color="808080", size=9)
KEY_FILL = PatternFill("solid", fgColor="F2F2F2")
TEXT_FORMAT = "@"  # code and month stay text: Excel would otherwise turn "2567-04" into a date


def write_template_xlsx(
    scheme: Scheme, registry: Registry, period: Period | None = None, district_code: str | None = None
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    columns = template_columns(scheme)
    rows = template_rows(scheme, registry, period, district_code)
    _write_headers(sheet, columns)
    _write_data(sheet, columns, rows)
    _add_validations(sheet, columns, len(rows))
    guide = workbook.create_sheet(GUIDE_TITLE)
    _write_guide(guide, scheme, columns, period)
    add_list_sheet(workbook, scheme, guide)
    return _save(workbook)


def _write_headers(sheet: Worksheet, columns: list[tuple[str, str]]) -> None:
    for index, (key, label) in enumerate(columns, start=1):
        title = sheet.cell(row=1, column=index, value=label)
        title.font, title.alignment = HEADER_FONT, Alignment(wrap_text=True, vertical="top")
        key_cell = sheet.cell(row=2, column=index, value=key)
        key_cell.font, key_cell.fill = KEY_FONT, KEY_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column_width(key, label)
    sheet.row_dimensions[1].height = 48  # room for a wrapped label of two or three lines
    sheet.row_dimensions[2].hidden = True  # the keys are for the reader, not for the person filling in
    sheet.freeze_panes = "C3"  # labels and district stay in view while scrolling


def column_width(key: str, label: str) -> float:
    """Wide enough for the key, and for the label over about two wrapped lines."""
    return max(10, min(32, max(len(key) + 2, len(label) / 2 + 2)))


def _write_data(sheet: Worksheet, columns: list[tuple[str, str]], rows: list[dict[str, str]]) -> None:
    for row_number, row in enumerate(rows, start=FIRST_DATA_ROW):
        for index, (key, _) in enumerate(columns, start=1):
            cell = sheet.cell(row=row_number, column=index, value=_cell_value(key, row[key]))
            if key in ("code", "month"):
                cell.number_format = TEXT_FORMAT


def _cell_value(key: str, text: str) -> str | int | float | None:
    """Reference figures go in as numbers (no 'number stored as text' warning); empty cells stay empty."""
    if not text:
        return None
    if key in CATALOGUE:
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else float(number)
    return text


def _add_validations(sheet: Worksheet, columns: list[tuple[str, str]], row_count: int) -> None:
    if not row_count:
        return
    last_row = FIRST_DATA_ROW + row_count - 1
    for index, (key, _) in enumerate(columns, start=1):
        validation = input_validation(key)
        if validation is not None:
            letter = get_column_letter(index)
            sheet.add_data_validation(validation)
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")


def input_validation(key: str) -> DataValidation | None:
    """A drop-down for yes/no, whole numbers 0..max for levels; nothing for the other columns."""
    indicator = CATALOGUE.get(key)
    if indicator is None:
        return None
    if indicator.kind == "yesno":
        return DataValidation(
            type="list",
            formula1=f'"{YES},{NO}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="ค่าไม่ถูกต้อง",
            error=f"เลือก {YES} หรือ {NO}",
        )
    if indicator.kind == "level" and indicator.max is not None:
        return DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2=str(indicator.max),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="ค่าไม่ถูกต้อง",
            error=f"ใส่จำนวนเต็มตั้งแต่ 0 ถึง {indicator.max}",
        )
    return None


def _write_guide(sheet: Worksheet, scheme: Scheme, columns: list[tuple[str, str]], period: Period | None) -> None:
    """The second sheet: which scheme and letter the template is for, and what each column means."""
    about = [
        ("เกณฑ์", scheme.title),
        ("หนังสือ", scheme.letter),
        ("รหัสเกณฑ์", scheme.id),
        ("ช่วงเวลา", period.thai() if period is not None else NO_PERIOD),
    ]
    for name, value in about:
        sheet.append([name, value])
        sheet.cell(row=sheet.max_row, column=1).font = HEADER_FONT
    sheet.append([])
    sheet.append(["รหัสคอลัมน์ (แถวที่ 2 ซึ่งซ่อนไว้)", "ชื่อ (แถวที่ 1)", "ชนิดข้อมูล", "หน่วย", "หมายเหตุ"])
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
    for key, label in columns:
        sheet.append(guide_row(key, label, scheme))
    for letter, width in zip("ABCDE", (22, 60, 30, 12, 40)):
        sheet.column_dimensions[letter].width = width


def guide_row(key: str, label: str, scheme: Scheme | None = None) -> list[str]:
    indicator = CATALOGUE.get(key)
    if key.startswith(LINK_COLUMN):
        whose = "ของทั้งเดือน" if key == LINK_COLUMN else f"ของตัวชี้วัด {key.partition(':')[2].strip()}"
        note = f"ไม่บังคับ: ลิงก์หลักฐาน{whose} ขึ้นต้นด้วย https:// หลายลิงก์ในช่องเดียวคั่นด้วยการขึ้นบรรทัดใหม่"
        return [key, label, "ลิงก์ (ข้อความ)", "", note]
    if indicator is None and key not in ("code", "district", "month"):
        return [key, label, "ข้อความ", "", "ไม่บังคับ: ข้อความถึงจังหวัด เว้นว่างได้"]
    if indicator is None:
        return [key, label, "ข้อความ", "", "กรอกไว้ให้แล้ว" if key != "month" else "เช่น 2567-04"]
    kind = KIND_TH[indicator.kind]
    if indicator.kind == "level" and indicator.max is not None:
        kind = f"จำนวน 0–{indicator.max}"  # "ระดับ" reads as a grade here
    return [key, label, f"{kind} ({indicator.kind})", indicator.unit, _guide_note(key, scheme)]


def _guide_note(key: str, scheme: Scheme | None) -> str:
    """What a clerk must type: a reference figure, a running total, or the month's own figure."""
    if CATALOGUE[key].reference:
        return "ข้อมูลอ้างอิง: กรอกไว้ให้แล้วถ้ามี แก้ได้เมื่อตัวเลขเปลี่ยน"
    if scheme is not None and key in scheme.running_totals:
        return f"ยอดสะสมตั้งแต่ {scheme.running_from} ถึงสิ้นเดือนนี้ (ไม่ใช่ตัวเลขของเดือนนี้เดือนเดียว)"
    if scheme is not None and CATALOGUE[key].kind != "yesno":
        # A period reads the last month of a "latest" figure: it is the state at the month's end (heads who
        # have downloaded so far), and a clerk who sent only the month's new ones would lose the grade.
        if rollup_rule(scheme, key) == "latest":
            return "ค่า ณ สิ้นเดือนนี้: นับทั้งหมดที่ทำแล้ว ไม่ใช่เฉพาะที่เพิ่มในเดือนนี้"
        return "ตัวเลขในเดือนนี้เท่านั้น (ไม่ใช่ยอดสะสม และไม่ใช่ยอดทั้งไตรมาส)"
    return ""


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
