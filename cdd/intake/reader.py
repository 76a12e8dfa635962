"""A submitted file → a grid of cells with their spreadsheet row numbers, whatever its encoding or format.

CSV arrives as UTF-8, UTF-8 with BOM, or Windows-874 from Thai Excel; Excel files may have a title
row or two above the header and merged header cells. What a file is, is decided by its content, not
its name: a name that says otherwise is a problem to report. Every file is hostile until read: one
larger than the upload limit, an Excel file whose zip directory says it would inflate beyond the
limits, and one with more rows than a report ever has are refused. The limits in force are given by the
caller (cdd/store/settings.py reads them; cdd/intake/limits.py says what they are).
"""

from __future__ import annotations

import csv
import hashlib
import io
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from enum import StrEnum

from cdd.errors import CddError
from cdd.intake.limits import MAX_ZIP_ENTRIES, Limits, megabytes
from cdd.rubrics.reasons import Reason

# Thai Windows "CSV" is Windows-874, which Python calls cp874 (its "tis-620" lacks the Windows extras).
CSV_ENCODINGS = ("utf-8-sig", "cp874")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode Text" export
MAX_COLUMNS = 256  # Excel 2003's width: far wider than any report, and a bound on every row's memory
MAX_LINES = 100_000  # CSV lines of any kind, blank ones too: reading stops here, whatever the file holds
MAX_CELLS = 200_000  # workbook cells of any kind, empty styled ones too: 40 columns of 5,000 rows


class FileProblem(CddError, ValueError):
    """The file as a whole cannot be read; `code` is the stable reason."""

    def __init__(self, code: Reason, message: str):
        self.code = code
        super().__init__(message)


class Stop(StrEnum):
    """Why reading a sheet (cdd/intake/workbook.py) or a CSV stopped: never shown as such, each becomes a
    FileProblem with its Reason and Thai sentence (_sheet_problem, _beyond)."""

    UNOPENABLE = "unopenable"  # openpyxl cannot open the workbook: wrong_file_type
    BAD_XML = "bad_xml"  # the sheet's XML is broken: wrong_file_type
    NO_SHEET = "no_sheet"  # the workbook has no worksheet: no_sheet
    TOO_MANY_ROWS = "too_many_rows"  # filled rows past the limit (their count in `count`): too_many_rows
    TOO_MANY_LINES = "too_many_lines"  # rows of any kind past the last one data may reach: too_many_rows
    TOO_MANY_CELLS = "too_many_cells"  # cells of any kind past MAX_CELLS: too_many_cells
    TOO_MANY_MERGED = "too_many_merged"  # merged ranges, or the cells they fill, past the limits: too_many_merged
    ROW_BEYOND = "row_beyond"  # a filled cell below the last row data may reach: data_out_of_range
    COLUMN_BEYOND = "column_beyond"  # a filled cell right of the last column: data_out_of_range


class SheetProblem(Exception):
    """What stopped reading a sheet (cdd/intake/workbook.py) or a CSV; _sheet_problem words it in Thai."""

    def __init__(self, code: Stop, **facts: object):
        self.code, self.facts = code, facts
        super().__init__(code)


@dataclass(frozen=True)
class Reach:
    """How far a sheet may hold data: filled rows (with the header), the last row and the last column."""

    filled_rows: int
    last_row: int
    last_column: int


@dataclass(frozen=True)
class Grid:
    """Rows of cells as text or numbers (None for an empty cell), with each row's number in the file."""

    rows: list[list[object]]
    row_numbers: list[int]
    kind: str  # csv | xlsx
    encoding: str | None = None


# The last few files read, and what came of each: an upload is read once, though the screen first asks
# whether it has a month column and then checks it whole. Grids are never changed by their readers.
_RECENT: OrderedDict[tuple, Grid | FileProblem] = OrderedDict()
_RECENT_GUARD = threading.Lock()
RECENT_FILES = 4


def read_grid(file_name: str, data: bytes, limit: Limits) -> Grid:
    """The file's grid, or FileProblem; a file just read (same name, bytes and limits) is not read again."""
    _check_size(file_name, len(data), limit)  # before hashing: a file too big is not even hashed
    key = (file_name, hashlib.sha256(data).digest(), limit)
    with _RECENT_GUARD:
        known = _RECENT.get(key)
    if known is None:
        try:
            known = _read(file_name, data, key[2])
        except FileProblem as problem:
            known = problem
        with _RECENT_GUARD:
            _RECENT[key] = known
            while len(_RECENT) > RECENT_FILES:
                _RECENT.popitem(last=False)
    if isinstance(known, FileProblem):
        raise known
    return known


def forget_recent_files() -> None:
    """Forget the files just read: a measurement of an upload reads its file as the first time."""
    with _RECENT_GUARD:
        _RECENT.clear()


def _read(file_name: str, data: bytes, limit: Limits) -> Grid:
    _check_size(file_name, len(data), limit)
    if not data.strip(b"\xef\xbb\xbf \r\n\t,;"):
        raise FileProblem(Reason.EMPTY_FILE, f"ไฟล์ '{file_name}' ว่างเปล่า: กรอกข้อมูลในแบบฟอร์มแล้วบันทึกใหม่")
    kind = sniff(data)
    claimed = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    if kind not in ("csv", "xlsx") or (claimed in ("csv", "xlsx") and claimed != kind):
        raise FileProblem(Reason.WRONG_FILE_TYPE, _wrong_type_message(file_name, claimed, kind))
    if kind == "xlsx":
        _check_zip(file_name, data, limit)
        return _read_xlsx(file_name, data, limit.max_rows)
    return _read_csv(file_name, data, limit.max_rows)


def reach(max_rows: int) -> Reach:
    """Where a report's data may be: its rows with the header, up to three blank rows after each (and a
    title block), and MAX_COLUMNS columns. A filled cell past these stops the read: nothing is dropped."""
    return Reach(filled_rows=max_rows + 1, last_row=4 * max_rows + 100, last_column=MAX_COLUMNS)


def _check_size(file_name: str, size: int, limit: Limits) -> None:
    if size > limit.max_upload_bytes:
        raise FileProblem(
            Reason.TOO_LARGE,
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
        raise FileProblem(Reason.ZIP_BOMB, _zip_bomb_message(file_name, len(parts), inflated, ratio, limit))


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


def _too_many_rows(file_name: str, count: int, max_rows: int) -> FileProblem:
    return FileProblem(
        Reason.TOO_MANY_ROWS,
        (
            f"ไฟล์ '{file_name}' มีข้อมูล {count:,} แถว เกินขีดจำกัด {max_rows:,} แถวต่อไฟล์: "
            "ลบแถวที่ไม่ใช่รายงานออก หรือแบ่งส่งเป็นหลายไฟล์ (เช่น ทีละเดือน) แล้วส่งใหม่"
        ),
    )


def _beyond(file_name: str, problem: SheetProblem, limit: Reach) -> FileProblem:
    """A filled cell far below or to the right of any report: its place, so the person can find and delete it."""
    facts = problem.facts
    if problem.code == Stop.ROW_BEYOND:
        where, edge = f"แถวที่ {facts['row']:,}", f"แถวที่ {limit.last_row:,}"
    else:
        where, edge = f"คอลัมน์ที่ {facts['column']:,} ของแถวที่ {facts['row']:,}", f"คอลัมน์ที่ {limit.last_column:,}"
    return FileProblem(
        Reason.DATA_OUT_OF_RANGE,
        f"ไฟล์ '{file_name}' มีข้อมูลที่{where} ซึ่งเลย{edge} ที่รายงานใช้ได้ (ระบบหยุดอ่านที่นั่น): "
        "ลบเซลล์นั้นออก (หรือคัดลอกเฉพาะตารางรายงานไปวางในไฟล์ใหม่) แล้วส่งใหม่",
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
    raise FileProblem(Reason.BAD_ENCODING, "อ่านตัวอักษรในไฟล์ไม่ได้: บันทึกจาก Excel เป็น 'CSV UTF-8' แล้วส่งใหม่")


def _read_csv(file_name: str, data: bytes, max_rows: int) -> Grid:
    """Rows kept only up to the last filled one, the read stopped at the first row or cell past the limits."""
    text, encoding = decode_csv(data)
    rows: list[list[object]] = []
    limit, blank, seen, filled = reach(max_rows), 0, 0, 0
    reader = csv.reader(io.StringIO(text), _dialect(text))
    try:
        for row in reader:
            seen += 1
            if seen > MAX_LINES:
                raise _too_many_lines(file_name)
            cells: list[object] = _trimmed([cell if cell.strip() else None for cell in row])
            if not cells:
                blank += 1  # counted, not kept: a blank row costs nothing until a filled one follows
                continue
            filled += 1
            if filled > limit.filled_rows:
                continue  # past the limit only count, to say how many: millions of short rows are never held
            _check_reach(file_name, len(rows) + blank + 1, len(cells), limit)
            rows.extend([] for _ in range(blank))
            rows.append(cells)
            blank = 0
    except csv.Error as error:
        raise FileProblem(
            Reason.BAD_CSV,
            f"อ่านไฟล์ CSV '{file_name}' ไม่ได้ที่แถวที่ {reader.line_num:,} ({error}): "
            "เปิดไฟล์ใน Excel ตรวจเซลล์ที่ยาวผิดปกติหรือเครื่องหมายคำพูดที่ไม่ครบคู่ แล้วบันทึกเป็น 'CSV UTF-8' ใหม่",
        ) from None
    if filled > limit.filled_rows:
        raise _too_many_rows(file_name, filled - 1, max_rows)  # less the header row
    return Grid(rows, list(range(1, len(rows) + 1)), "csv", encoding)


def _check_reach(file_name: str, row: int, width: int, limit: Reach) -> None:
    if row > limit.last_row:
        raise _beyond(file_name, SheetProblem(Stop.ROW_BEYOND, row=row), limit)
    if width > limit.last_column:
        raise _beyond(file_name, SheetProblem(Stop.COLUMN_BEYOND, row=row, column=width), limit)


def _trimmed(cells: list[object]) -> list[object]:
    """A row without its empty cells at the end (Excel writes a comma for every formatted column)."""
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]


def _too_many_lines(file_name: str) -> FileProblem:
    return FileProblem(
        Reason.TOO_MANY_ROWS,
        f"ไฟล์ '{file_name}' มีเกิน {MAX_LINES:,} บรรทัด (ส่วนใหญ่ว่างเปล่า) ซึ่งไม่ใช่รายงาน: "
        "ลบแถวว่างท้ายตารางออก หรือคัดลอกเฉพาะตารางรายงานไปวางในไฟล์ใหม่ แล้วส่งใหม่",
    )


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The separator from the first filled lines: blank ones tell nothing, and cost the sniffer seconds."""
    sample = "\n".join(line for line in text[:65536].splitlines()[:200] if line.strip())[:4096]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _read_xlsx(file_name: str, data: bytes, max_rows: int) -> Grid:
    from cdd.intake.workbook import SheetProblem as Stopped  # only Excel uploads pay for importing openpyxl
    from cdd.intake.workbook import read_first_sheet

    limit = reach(max_rows)
    try:
        rows = read_first_sheet(data, limit)
    except Stopped as stopped:
        raise _sheet_problem(file_name, stopped, max_rows, limit) from None
    return Grid(rows, list(range(1, len(rows) + 1)), "xlsx")


def _sheet_problem(file_name: str, stopped: SheetProblem, max_rows: int, limit: Reach) -> FileProblem:
    if stopped.code in (Stop.ROW_BEYOND, Stop.COLUMN_BEYOND):
        return _beyond(file_name, stopped, limit)
    if stopped.code == Stop.TOO_MANY_ROWS:
        return _too_many_rows(file_name, int(str(stopped.facts["count"])), max_rows)
    if stopped.code == Stop.TOO_MANY_LINES:
        return _too_many_lines(file_name)
    if stopped.code == Stop.NO_SHEET:
        return FileProblem(Reason.NO_SHEET, f"ไฟล์ Excel '{file_name}' ไม่มีแผ่นงาน: วางตารางรายงานในแผ่นงานแรกแล้วบันทึกใหม่")
    if stopped.code == Stop.TOO_MANY_MERGED:
        return FileProblem(
            Reason.TOO_MANY_MERGED,
            f"ไฟล์ Excel '{file_name}' มีการผสานเซลล์ (merge) มากผิดปกติ: ยกเลิกการผสานเซลล์ในตาราง "
            "หรือคัดลอกเฉพาะตารางรายงานไปวางในไฟล์ใหม่ แล้วส่งใหม่",
        )
    if stopped.code == Stop.TOO_MANY_CELLS:
        return FileProblem(
            Reason.TOO_MANY_CELLS,
            f"ไฟล์ Excel '{file_name}' มีเซลล์ที่จัดรูปแบบไว้มากผิดปกติ: คัดลอกเฉพาะตารางรายงานไปวางในไฟล์ใหม่ แล้วส่งใหม่",
        )
    detail = stopped.facts.get("error", stopped.code)
    return FileProblem(
        Reason.WRONG_FILE_TYPE, f"เปิดไฟล์ Excel '{file_name}' ไม่ได้ ({detail}): เปิดใน Excel แล้วบันทึกใหม่เป็น .xlsx"
    )


def _unopenable(file_name: str, error: Exception) -> FileProblem:
    return FileProblem(
        Reason.WRONG_FILE_TYPE, f"เปิดไฟล์ Excel '{file_name}' ไม่ได้ ({error.__class__.__name__}): บันทึกใหม่เป็น .xlsx"
    )
