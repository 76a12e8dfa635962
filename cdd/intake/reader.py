"""A submitted file → a grid of cells with their spreadsheet row numbers, whatever its encoding or format.

CSV arrives as UTF-8, UTF-8 with BOM, or Windows-874 from Thai Excel; Excel files may have a title
row or two above the header and merged header cells. What a file is, is decided by its content, not
its name: a name that says otherwise is a problem to report. Every file is hostile until read: one
larger than the upload limit, an Excel file whose zip directory says it would inflate beyond the
limits, and one with more rows than a report ever has are refused (cdd/limits.py holds the limits).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cdd.errors import CddError
from cdd.intake.limits import MAX_ZIP_ENTRIES, Limits, limits, megabytes

# Thai Windows "CSV" is Windows-874, which Python calls cp874 (its "tis-620" lacks the Windows extras).
CSV_ENCODINGS = ("utf-8-sig", "cp874")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode Text" export


class FileProblem(CddError, ValueError):
    """The file as a whole cannot be read; `code` is the stable reason."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Grid:
    """Rows of cells as text or numbers (None for an empty cell), with each row's number in the file."""

    rows: list[list[object]]
    row_numbers: list[int]
    kind: str  # csv | xlsx
    encoding: str | None = None


def read_grid(file_name: str, data: bytes) -> Grid:
    limit = limits()
    _check_size(file_name, len(data), limit)
    if not data.strip(b"\xef\xbb\xbf \r\n\t,;"):
        raise FileProblem("empty_file", f"ไฟล์ '{file_name}' ว่างเปล่า: กรอกข้อมูลในแบบฟอร์มแล้วบันทึกใหม่")
    kind = sniff(data)
    claimed = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    if kind not in ("csv", "xlsx") or (claimed in ("csv", "xlsx") and claimed != kind):
        raise FileProblem("wrong_file_type", _wrong_type_message(file_name, claimed, kind))
    if kind == "xlsx":
        _check_zip(file_name, data, limit)
        return _read_xlsx(file_name, data, limit.max_rows)
    return _read_csv(file_name, data, limit.max_rows)


def _check_size(file_name: str, size: int, limit: Limits) -> None:
    if size > limit.max_upload_bytes:
        raise FileProblem(
            "too_large",
            (
                f"ไฟล์ '{file_name}' มีขนาด {megabytes(size)} เกินขีดจำกัด {limit.max_upload_mb:g} MB ต่อไฟล์: "
                "ลบแผ่นงาน รูปภาพ หรือแถวที่ไม่ใช่รายงานออก หรือแบ่งส่งเป็นหลายไฟล์ (เช่น ทีละเดือน) แล้วส่งใหม่"
            ),
        )


def _check_zip(file_name: str, data: bytes, limit: Limits) -> None:
    """Refuse an Excel file by its zip directory, before a byte of it is inflated.

    zipfile never inflates a part beyond the size the directory declares, so these sizes bound what
    openpyxl could be made to read."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unopenable(file_name, error) from None
    inflated = sum(part.file_size for part in parts)
    ratio = inflated / max(1, sum(part.compress_size for part in parts))
    if len(parts) > MAX_ZIP_ENTRIES or inflated > limit.max_unzipped_bytes or ratio > limit.max_zip_ratio:
        raise FileProblem("zip_bomb", _zip_bomb_message(file_name, len(parts), inflated, ratio, limit))


def _zip_bomb_message(file_name: str, parts: int, inflated: int, ratio: float, limit: Limits) -> str:
    if parts > MAX_ZIP_ENTRIES:
        found = f"มีส่วนประกอบภายใน {parts:,} ส่วน เกินขีดจำกัด {MAX_ZIP_ENTRIES:,} ส่วน"
    else:
        found = (
            f"เมื่อคลายออกจะมีขนาด {megabytes(inflated)} (บีบอัดไว้ {ratio:,.0f} เท่า) เกินขีดจำกัด "
            f"{limit.max_unzipped_mb:g} MB หรือ {limit.max_zip_ratio:g} เท่า"
        )
    return (
        f"ไฟล์ Excel '{file_name}' {found} ระบบจึงไม่เปิดอ่าน: คัดลอกเฉพาะตารางรายงานไปวางในไฟล์ Excel ใหม่ "
        "แล้วบันทึกเป็น 'Excel Workbook (.xlsx)' ก่อนส่งใหม่"
    )


def _check_rows(file_name: str, count: int, max_rows: int) -> None:
    if count > max_rows:
        raise FileProblem(
            "too_many_rows",
            (
                f"ไฟล์ '{file_name}' มีข้อมูล {count:,} แถว เกินขีดจำกัด {max_rows:,} แถวต่อไฟล์: "
                "ลบแถวที่ไม่ใช่รายงานออก หรือแบ่งส่งเป็นหลายไฟล์ (เช่น ทีละเดือน) แล้วส่งใหม่"
            ),
        )


def sniff(data: bytes) -> str:
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        return "xls"
    if data.startswith(UTF16_BOMS):
        return "utf16"
    if b"\x00" in data[:4096]:
        return "binary"
    return "csv"


def _wrong_type_message(file_name: str, claimed: str, kind: str) -> str:
    actual = {
        "xlsx": "ไฟล์ Excel (.xlsx)",
        "csv": "ไฟล์ข้อความ CSV",
        "xls": "ไฟล์ Excel รุ่นเก่า (.xls)",
        "utf16": "ไฟล์ข้อความแบบ Unicode (UTF-16)",
        "binary": "ไฟล์ชนิดอื่นที่ไม่ใช่ตาราง",
    }[kind]
    said = f"ชื่อลงท้ายด้วย .{claimed} แต่" if claimed else ""
    return (
        f"ไฟล์ '{file_name}' {said}เนื้อในเป็น{actual} ซึ่งระบบอ่านไม่ได้: "
        "เปิดไฟล์ใน Excel แล้วบันทึกเป็น 'CSV UTF-8' หรือ 'Excel Workbook (.xlsx)'"
    )


def decode_csv(data: bytes) -> tuple[str, str]:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileProblem("bad_encoding", "อ่านตัวอักษรในไฟล์ไม่ได้: บันทึกจาก Excel เป็น 'CSV UTF-8' แล้วส่งใหม่")


def _read_csv(file_name: str, data: bytes, max_rows: int) -> Grid:
    text, encoding = decode_csv(data)
    rows, filled = [], 0
    for row in csv.reader(io.StringIO(text), _dialect(text)):
        cells: list[object] = [cell if cell.strip() else None for cell in row]
        filled += any(cell is not None for cell in cells)
        if filled <= max_rows + 1:  # past the limit only count: 10 MB of short lines is millions of lists
            rows.append(cells)
    _check_rows(file_name, max(0, filled - 1), max_rows)
    return Grid(rows, list(range(1, len(rows) + 1)), "csv", encoding)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _read_xlsx(file_name: str, data: bytes, max_rows: int) -> Grid:
    from openpyxl import load_workbook  # only Excel uploads pay for importing openpyxl

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _unopenable(file_name, error) from None
    sheet = book.worksheets[0]
    rows = [[_cell(cell) for cell in row] for row in sheet.iter_rows()]
    filled = sum(1 for row in rows if any(cell is not None for cell in row))
    _check_rows(file_name, max(0, filled - 1), max_rows)  # less the header row
    _fill_merged_cells(sheet, rows)
    return Grid(rows, list(range(1, len(rows) + 1)), "xlsx")


def _unopenable(file_name: str, error: Exception) -> FileProblem:
    return FileProblem(
        "wrong_file_type", f"เปิดไฟล์ Excel '{file_name}' ไม่ได้ ({error.__class__.__name__}): บันทึกใหม่เป็น .xlsx"
    )


def _fill_merged_cells(sheet, rows: list[list[object]]) -> None:
    """A merged header shows its text over every column it spans; give each column that text."""
    for merged in sheet.merged_cells.ranges:
        top_left = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                rows[r - 1][c - 1] = top_left


def _cell(cell) -> object:
    """A cell's value as the person sees it: a cell formatted as a percentage shows 0.8 as 80%."""
    value = cell.value
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return Fraction(Decimal(repr(value))) * 100
    return value
