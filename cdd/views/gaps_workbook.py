"""The gap list as an Excel workbook for print: a title row, a wrapped table, grades in colour, A4 landscape.

Apart from cdd/views/exports.py so that openpyxl is loaded only when someone asks for the workbook.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from cdd.views.exports import GAP_COLUMNS, GRADE_FILLS, HEADER_ROW, Figure, Row, safe_text

GAP_SHEET_TITLE = "รายการที่ยังขาด"
GAP_WIDTHS = {
    "code": 10,
    "name": 14,
    "mission": 28,
    "grade": 7,
    "check": 10,
    "criterion": 40,
    "actual": 11,
    "required": 12,
    "shortfall": 9,
    "items": 30,
    "next": 45,
    "to_a": 45,
}
WRAP = Alignment(wrap_text=True, vertical="top")


def gaps_workbook(rows: list[Row], title: str) -> bytes:
    """The gap list on one sheet: a title row, the header, a row a criterion, grades in colour, A4 landscape."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = GAP_SHEET_TITLE
    _write_title(sheet, title, len(GAP_COLUMNS))
    _write_table(sheet, GAP_COLUMNS, rows)
    _colour_grades(sheet, list(GAP_COLUMNS).index("grade") + 1, len(rows))
    _set_up_printing(sheet, len(GAP_COLUMNS), len(rows))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write_title(sheet: Worksheet, title: str, width: int) -> None:
    cell = _text_cell(sheet, 1, 1, title)
    cell.font, cell.alignment = Font(bold=True, size=14), Alignment(wrap_text=True, vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 36


def _write_table(sheet: Worksheet, columns: dict[str, str], rows: list[Row]) -> None:
    for index, (key, label) in enumerate(columns.items(), start=1):
        header = _text_cell(sheet, HEADER_ROW, index, label)
        header.font, header.alignment = Font(bold=True), WRAP
        sheet.column_dimensions[get_column_letter(index)].width = GAP_WIDTHS.get(key, 14)
        for row_number, row in enumerate(rows, start=HEADER_ROW + 1):
            value = row.get(key, "")
            if isinstance(value, Figure):
                cell = sheet.cell(row=row_number, column=index, value=value.number)
                cell.number_format = value.number_format
            elif isinstance(value, str):
                cell = _text_cell(sheet, row_number, index, value)
            else:
                cell = sheet.cell(row=row_number, column=index, value=value)
            cell.alignment = WRAP


def _text_cell(sheet: Worksheet, row: int, column: int, text: str):
    """A cell that holds text and only text: made safe, and typed as a string for openpyxl."""
    cell = sheet.cell(row=row, column=column, value=safe_text(text))
    cell.data_type = "s"
    return cell


def _colour_grades(sheet: Worksheet, column: int, row_count: int) -> None:
    """The letter stays in the cell: the colour helps, it never carries the grade alone."""
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + row_count):
        cell = sheet.cell(row=row, column=column)
        colour = GRADE_FILLS.get(str(cell.value))
        if colour:
            cell.fill = PatternFill("solid", fgColor=colour)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="top")


def _set_up_printing(sheet: Worksheet, width: int, row_count: int) -> None:
    """Landscape, one page wide, the header row repeated on every printed page."""
    last_column = get_column_letter(width)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + max(row_count, 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # 0: as many pages tall as needed
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
