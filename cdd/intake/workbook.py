"""The first sheet of an .xlsx, read as a stream, one cell at a time, stopping at the limits as it goes.

A workbook says nothing true about its size until it is read: one cell at XFD1048576, a merged range
A5:XFD1048576 or a row of a million cells weighs a few kilobytes zipped and gigabytes once a grid is
built from it. So no grid is built from what the file declares: the sheet's XML is parsed by events,
each cell is looked at and dropped, only filled cells are kept, a filled cell beyond the row or column
limit stops the read at once, and a merged range fills only the cells that hold data already.
openpyxl (read-only mode) supplies the shared strings, styles and its own cell parser; it is pinned,
and its WorkSheetParser is used directly because the public iterators build whole rows first.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from fractions import Fraction
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from cdd.intake.reader import MAX_CELLS, Reach, SheetProblem, Stop

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW, CELL, MERGE, SHEET_DATA = f"{MAIN}row", f"{MAIN}c", f"{MAIN}mergeCell", f"{MAIN}sheetData"
MAX_MERGED = 1000  # a report merges a few header cells; thousands of ranges mean something else
MAX_MERGED_CELLS = 100_000  # and the cells they cover, within the data, stay few


def read_first_sheet(data: bytes, reach: Reach) -> list[list[object]]:
    """The first sheet as rows of cells (None for empty), each row as long as its last filled cell."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError) as error:
        raise SheetProblem(Stop.UNOPENABLE, error=error.__class__.__name__) from None
    try:
        if not book.worksheets:
            raise SheetProblem(Stop.NO_SHEET)
        sheet = book.worksheets[0]
        return _Stream(book, sheet, reach).read()
    except ParseError as error:
        raise SheetProblem(Stop.BAD_XML, error=str(error)[:80]) from None
    finally:
        book.close()


class _Stream:
    def __init__(self, book, sheet, reach: Reach):
        self.sheet, self.reach = sheet, reach
        self.parser = WorkSheetParser(
            None,
            book.shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        self.source = book._archive.open(sheet._worksheet_path)
        self.rows: dict[int, list[object]] = {}
        self.merges = self.filled_by_merges = self.rows_seen = self.cells_seen = 0
        self.over, self.last_over = 0, 0  # filled rows past the limit, counted and never held
        self.sheet_data = self.row_element = self.pending = None

    def read(self) -> list[list[object]]:
        with self.source:
            for event, element in iterparse(self.source, events=("start", "end")):
                self._see(event, element)
        if self.over:
            raise SheetProblem(Stop.TOO_MANY_ROWS, count=len(self.rows) + self.over - 1)  # less the header row
        last = max(self.rows, default=0)
        return [self.rows.get(number, []) for number in range(1, last + 1)]

    def _see(self, event: str, element) -> None:
        """Each cell and row is dropped from the tree once seen (a cleared element still holds its place in
        its parent: a row of a million cells would keep a million of them)."""
        if event == "start":
            if element.tag == ROW:
                self._start_row(element)
            elif element.tag == SHEET_DATA:
                self.sheet_data = element
            return
        if element.tag == CELL:
            self.cells_seen += 1
            if self.cells_seen > MAX_CELLS:
                raise SheetProblem(Stop.TOO_MANY_CELLS)
            reference = element.get("r")
            if len(element):  # a value (<v>) or an inline string (<is>) inside
                if reference is None:
                    self._resolve_place()
                self.pending = None
                self._keep(self.parser.parse_cell(element))
            elif reference is None:
                self._resolve_place()
                self.parser.col_counter += 1
            else:  # an empty, styled cell: its place matters only to a following cell that gives none
                self.pending = reference
            _drop(self.row_element, element)
        elif element.tag == ROW:
            _drop(self.sheet_data, element)
        elif element.tag == MERGE:
            self._merge(element.get("ref", ""))
            element.clear()

    def _start_row(self, element) -> None:
        self.row_element = element
        self.rows_seen += 1
        if self.rows_seen > self.reach.last_row:  # Excel writes a row only for data or a format
            raise SheetProblem(Stop.TOO_MANY_LINES)
        number = element.get("r")
        self.parser.row_counter = int(float(number)) if number else self.parser.row_counter + 1
        self.parser.col_counter, self.pending = 0, None

    def _resolve_place(self) -> None:
        if self.pending is not None:
            self.parser.col_counter = coordinate_to_tuple(self.pending)[1]
            self.pending = None

    def _keep(self, cell: dict) -> None:
        value = _value(ReadOnlyCell(self.sheet, **cell))
        if value is None:
            return
        row, column = cell["row"], cell["column"]
        if row > self.reach.last_row:
            raise SheetProblem(Stop.ROW_BEYOND, row=row)
        if column > self.reach.last_column:
            raise SheetProblem(Stop.COLUMN_BEYOND, row=row, column=column)
        cells = self.rows.get(row)
        if cells is None and (self.over or len(self.rows) >= self.reach.filled_rows):
            # past the limit only count, to say how many: the rows are never held
            self.over += row != self.last_over
            self.last_over = row
            return
        if cells is None:
            cells = self.rows[row] = []
        if len(cells) < column:
            cells.extend([None] * (column - len(cells)))
        cells[column - 1] = value

    def _merge(self, ref: str) -> None:
        """A merged header shows its text over every column it spans: give each filled row's cells in the
        range that text, never reaching past the data (a range to XFD1048576 costs nothing)."""
        self.merges += 1
        if self.merges > MAX_MERGED:
            raise SheetProblem(Stop.TOO_MANY_MERGED, count=self.merges)
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            return
        top_left = self.rows.get(min_row, [])
        value = top_left[min_col - 1] if len(top_left) >= min_col else None
        if value is None:
            return
        widest = max((len(cells) for cells in self.rows.values()), default=0)
        last_row, last_column = min(max_row, max(self.rows)), min(max_col, max(widest, min_col))
        self.filled_by_merges += max(0, last_row - min_row + 1) * (last_column - min_col + 1)
        if self.filled_by_merges > MAX_MERGED_CELLS:
            raise SheetProblem(Stop.TOO_MANY_MERGED, count=self.merges)
        for number in range(min_row, last_row + 1):
            cells = self.rows.setdefault(number, [])
            if len(cells) < last_column:
                cells.extend([None] * (last_column - len(cells)))
            for column in range(min_col, last_column + 1):
                cells[column - 1] = value


def _drop(parent, element) -> None:
    element.clear()
    if parent is not None and len(parent) and parent[-1] is element:
        del parent[-1]


def _value(cell) -> object:
    """A cell's value as the person sees it: a cell formatted as a percentage shows 0.8 as 80%."""
    value = cell.value
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return Fraction(Decimal(repr(value))) * 100
    return value
