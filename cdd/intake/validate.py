"""A grid of cells → a submission, checked whole: every problem is found and reported at once.

Each problem names the row and column as the spreadsheet shows them, the value as written, a stable
reason code, and a Thai sentence saying how to fix it. One problem anywhere means nothing is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from cdd.grading.report import show
from cdd.intake.extras import EvidenceEntry, Extras, counted_keys, extra_key, read_list_rows
from cdd.intake.limits import Limits, in_force
from cdd.intake.reader import FileProblem, Grid, read_grid
from cdd.office.calendar import Month, Period, PeriodError, be_year, parse_month, parse_period
from cdd.office.districts import District, Registry, UnknownDistrict
from cdd.office.thai import clean_text
from cdd.rubrics.indicators import CATALOGUE, LABEL_KEYS, Value, ValueProblem, parse_value
from cdd.rubrics.model import Scheme
from cdd.rubrics.reasons import Reason

# The columns that say whose figures a row holds, by every name a person may give them.
ID_COLUMNS = {
    "code": {"code", "รหัสอำเภอ", "รหัส", "รหัสอำเภอ (code)"},
    "district": {"district", "อำเภอ", "ชื่ออำเภอ", "district_name"},
    "month": {"month", "เดือน", "เดือนที่รายงาน", "เดือน/ปี"},
}
# A part that cannot exceed its whole: heads who downloaded cannot outnumber the heads.
PART_OF = {"heads_downloaded": "heads_total", "leaders_downloaded": "leaders_target"}
HEADER_SCAN_ROWS = 12


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    value: str | None
    code: Reason
    message: str


@dataclass(frozen=True)
class Column:
    index: int
    key: str  # code | district | month | an indicator key
    written: str  # the header as the file wrote it

    @property
    def letter(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.index + 1)

    @property
    def name(self) -> str:
        return f"{self.written} (คอลัมน์ {self.letter})"


@dataclass
class SubmittedRow:
    row: int
    district: District
    month: Month
    values: dict[str, Value]
    echoed: int = 0  # reference figures that only repeated the record


@dataclass
class Submission:
    scheme: Scheme
    rows: list[SubmittedRow]
    blank_cells: int = 0
    months: list[Month] = field(default_factory=list)
    untouched_rows: int = 0  # template rows left as they came: nothing reported in them
    echoed_references: int = 0  # reference figures equal to the record: the template's copy, not stored
    evidence: list[EvidenceEntry] = field(default_factory=list)  # remarks, links, breakdowns (cdd/intake/extras)

    @property
    def period(self) -> str:
        first, last = self.months[0].token, self.months[-1].token
        return first if first == last else f"{first}..{last}"

    @property
    def value_count(self) -> int:
        return sum(len(row.values) for row in self.rows)


class _Problems(list):
    def add(self, row, column: Column | None, value, code: Reason, message: str) -> None:
        self.append(Problem(row, column.name if column else None, _written(value), code, message))


def read_submission(
    file_name: str,
    data: bytes,
    registry: Registry,
    schemes: dict[str, Scheme],
    scheme_id: str | None = None,
    period: str | None = None,
    own_district: str | None = None,
    limit: Limits | None = None,
) -> tuple[Submission | None, list[Problem]]:
    """Check a whole file; a Submission only when there is no problem at all. `own_district` is the one
    district a district account may send for: a row of any other is a problem of the check, so the
    person hears of it before any preview, and not as a refusal after confirming. `limit`: the limits in
    force, which the store reads with the administrator's settings (cdd.store.settings.limits); without
    it, those of the defaults and the environment alone."""
    try:
        grid = read_grid(file_name, data, limit or in_force())
    except FileProblem as problem:
        return None, [Problem(None, None, file_name, problem.code, str(problem))]
    return _Check(grid, registry, schemes, scheme_id, period, read_list_rows(grid.kind, data), own_district).run()


class _Check:
    def __init__(
        self,
        grid: Grid,
        registry: Registry,
        schemes: dict[str, Scheme],
        scheme_id,
        period,
        lists=(),
        own_district=None,
    ):
        self.grid, self.registry, self.schemes, self.lists = grid, registry, schemes, list(lists)
        self.scheme_id, self.period_token, self.own_district = scheme_id, period, own_district
        self.problems = _Problems()
        self._known_readers: list[_ColumnReader] | None = None
        self._reference_keys = {key for key, indicator in CATALOGUE.items() if indicator.reference}
        # A national month writes the same month on each of its 878 rows: each distinct one is read once.
        self._months: dict[tuple[type, object], Month | str] = {}
        self._covered: dict[Month, bool] = {}

    def run(self) -> tuple[Submission | None, list[Problem]]:
        header = find_header(self.grid)
        if header is None:
            return None, [_no_header()]
        columns, first_data = header
        self._check_unknown_columns(columns)
        ids = self._id_rows(columns, first_data, self._period())
        self._check_own_district(ids, columns)
        placed = [entry for entry in ids if entry[2] and entry[3]]
        if not placed:  # no row says whose month it is: nothing more can be judged
            return None, list(self.problems) or [_empty()]
        scheme = self._scheme(columns, placed)
        if scheme is None:
            return None, list(self.problems)
        value_columns = self._value_columns(columns, scheme)
        self.extras = Extras(columns, scheme, self.registry, self.problems.add, self.lists)
        rows = [row for entry in ids if (row := self._row(scheme, value_columns, *entry))]
        self._check_duplicates(rows)
        evidence = self.extras.finish(
            {(r.district.code, r.month.token) for r in rows if r.values and r.district and r.month}
        )
        if self.problems:
            return None, list(self.problems)
        filled = [row for row in rows if row.values]
        if not filled:
            return None, [_empty()]
        # A count given by its breakdown (activities by name) is a value without a column of its own: it fills none.
        keys = {c.key for c in value_columns}
        blanks = sum(len(keys) - len(keys & r.values.keys()) - r.echoed for r in filled)
        months = sorted({r.month for r in filled})
        echoed = sum(r.echoed for r in rows)
        return Submission(scheme, filled, blanks, months, len(rows) - len(filled), echoed, evidence), []

    def _check_unknown_columns(self, columns: list[Column]) -> None:
        names = list(ID_COLUMNS) + list(CATALOGUE) + list(LABEL_KEYS)
        for column in columns:
            if column.key:
                continue
            close = difflib.get_close_matches(column.written, names, n=1, cutoff=0.6)
            hint = f" (หมายถึง '{close[0]}' หรือไม่?)" if close else ""
            self.problems.add(
                None,
                column,
                column.written,
                Reason.UNKNOWN_COLUMN,
                f"ไม่รู้จักคอลัมน์ '{column.written}'{hint}: ใช้หัวคอลัมน์ตามแบบฟอร์ม หรือลบคอลัมน์นี้",
            )

    def _check_own_district(self, ids: list[tuple], columns: list[Column]) -> None:
        if self.own_district is None:
            return
        own = self.registry.districts[self.own_district].name
        column = next((c for c in columns if c.key == "district"), None) or next(c for c in columns if c.key == "code")
        for _, number, district, _ in ids:
            if district is not None and district.code != self.own_district:
                self.problems.add(
                    number,
                    column,
                    district.name,
                    Reason.OTHER_DISTRICT,
                    f"ไฟล์นี้มีแถวของอำเภอ{district.name}: บัญชีนี้ส่งได้เฉพาะอำเภอ{own} ลบแถวนี้ออกแล้วส่งใหม่ "
                    "(ข้อมูลของอำเภออื่นให้อำเภอนั้นหรือเจ้าหน้าที่จังหวัดส่ง)",
                )

    # -- period, district and month of each row ---------------------------------------------------

    def _period(self) -> Period | None:
        if not self.period_token:
            return None
        try:
            return parse_period(self.period_token)
        except PeriodError as error:
            self.problems.add(None, None, self.period_token, Reason.BAD_MONTH, f"{error}")
            return None

    def _id_rows(self, columns: list[Column], first_data: int, period: Period | None) -> list[tuple]:
        by_key = {c.key: c for c in columns}
        if "code" not in by_key and "district" not in by_key:
            self.problems.add(
                None,
                None,
                None,
                Reason.MISSING_COLUMN,
                "ไม่มีคอลัมน์ 'รหัสอำเภอ' หรือ 'อำเภอ': เพิ่มคอลัมน์ใดคอลัมน์หนึ่ง (ดูแบบฟอร์มที่ดาวน์โหลดได้จากหน้า 'นำเข้าข้อมูล')",
            )
            return []
        if "month" not in by_key and not isinstance(period, Month):
            self.problems.add(
                None,
                None,
                self.period_token,
                Reason.MISSING_COLUMN,
                "ไม่มีคอลัมน์ 'เดือน' และไม่ได้ระบุเดือนของทั้งไฟล์: เพิ่มคอลัมน์เดือน หรือระบุเดือนของไฟล์ "
                "(ช่อง 'เดือนของทั้งไฟล์' ในหน้านำเข้าข้อมูล)",
            )
            return []
        ids = []
        for cells, number in zip(self.grid.rows[first_data:], self.grid.row_numbers[first_data:]):
            if all(cell is None for cell in cells):
                continue
            district = self._district(cells, number, by_key)
            month = self._month(cells, number, by_key.get("month"), period)
            ids.append((cells, number, district, month))
        return ids

    def _district(self, cells, number: int, by_key: dict[str, Column]) -> District | None:
        """The row's district from its code and/or name; when both are given they must name the same one."""
        found = {}
        for key in ("code", "district"):
            written = _at(cells, by_key.get(key))
            if written is not None:
                found[key] = self._match(str(written), number, by_key[key])
        if not found:
            self.problems.add(
                number,
                by_key.get("district") or by_key.get("code"),
                None,
                Reason.MISSING_DISTRICT,
                "แถวนี้ไม่มีรหัสอำเภอหรือชื่ออำเภอ: กรอกให้ครบ หรือลบแถวนี้ถ้าไม่ใช้",
            )
            return None
        if None in found.values():
            return None
        by_code, by_name = found.get("code"), found.get("district")
        if by_code and by_name and by_code != by_name:
            self.problems.add(
                number,
                by_key["code"],
                _at(cells, by_key["code"]),
                Reason.DISTRICT_MISMATCH,
                f"รหัส {by_code.code} คืออำเภอ{by_code.name} แต่ชื่อในแถวคือ '{by_name.name}': แก้รหัสหรือชื่อให้ตรงกัน",
            )
            return None
        return by_code or by_name

    def _match(self, written: str, number: int, column: Column) -> District | None:
        try:
            return self.registry.match(written)
        except UnknownDistrict as error:
            hint = f" (หมายถึง '{error.suggestion.name}' รหัส {error.suggestion.code} หรือไม่?)" if error.suggestion else ""
            self.problems.add(
                number,
                column,
                written,
                Reason.UNKNOWN_DISTRICT,
                f"ไม่รู้จักอำเภอ '{clean_text(written)}'{hint}: แก้เป็นชื่อหรือรหัสอำเภอที่ถูกต้อง",
            )
            return None

    def _month(self, cells, number: int, column: Column | None, period: Period | None) -> Month | None:
        written = _at(cells, column)
        if written is None:
            if isinstance(period, Month):
                return period
            self.problems.add(number, column, None, Reason.MISSING_MONTH, "แถวนี้ไม่มีเดือน: กรอกเดือน เช่น เม.ย. 2567")
            return None
        try:
            month = self._as_month(written)
        except PeriodError as error:
            self.problems.add(number, column, written, Reason.BAD_MONTH, f"{error}")
            return None
        if period is not None and month not in period.months:
            self.problems.add(
                number,
                column,
                written,
                Reason.MONTH_OUTSIDE_PERIOD,
                f"เดือน {month.thai()} อยู่นอกช่วงที่ระบุ ({period.token}): แก้เดือน หรือระบุช่วงให้ถูก",
            )
            return None
        return month

    # -- scheme -------------------------------------------------------------------------------------

    def _scheme(self, columns: list[Column], ids: list[tuple]) -> Scheme | None:
        keys = {c.key for c in columns if c.key in CATALOGUE} | counted_keys(columns)
        if self.scheme_id:
            if self.scheme_id not in self.schemes:
                self.problems.add(
                    None,
                    None,
                    self.scheme_id,
                    Reason.UNKNOWN_SCHEME,
                    f"ไม่รู้จักเกณฑ์ '{self.scheme_id}': เลือกจาก {', '.join(self.schemes)}",
                )
                return None
            return self.schemes[self.scheme_id]
        fitting = [s for s in self.schemes.values() if keys and keys <= set(s.inputs) and _covers(s, ids)]
        if len(fitting) == 1:
            return fitting[0]
        names = ", ".join(s.id for s in fitting) or "ไม่มีเกณฑ์ใดตรงกับคอลัมน์และเดือนในไฟล์"
        self.problems.add(
            None,
            None,
            None,
            Reason.UNKNOWN_SCHEME,
            f"ระบุเกณฑ์ของไฟล์นี้ไม่ได้ ({names}): เลือกเกณฑ์ให้ชัด (ในหน้านำเข้าข้อมูล หรือ --scheme ทางบรรทัดคำสั่ง)",
        )
        return None

    def _value_columns(self, columns: list[Column], scheme: Scheme) -> list[Column]:
        used = set(scheme.accepted_inputs)
        for column in columns:
            if column.key in CATALOGUE and column.key not in used:
                self.problems.add(
                    None,
                    column,
                    column.written,
                    Reason.UNKNOWN_COLUMN,
                    f"คอลัมน์ '{column.written}' ไม่ได้ใช้ในเกณฑ์ {scheme.id}: ลบคอลัมน์นี้ หรือเลือกเกณฑ์ให้ถูก",
                )
        return [c for c in columns if c.key in used]

    # -- values ---------------------------------------------------------------------------------------

    def _row(
        self, scheme: Scheme, columns: list[Column], cells, number: int, district: District | None, month: Month | None
    ) -> SubmittedRow | None:
        """Every value of a row is checked, even where its district or month could not be read (then None:
        that row already has its problem, so the file gives no submission)."""
        if district and district.province_code not in scheme.provinces:
            self.problems.add(
                number,
                None,
                district.name,
                Reason.DISTRICT_OUTSIDE_SCHEME,
                f"อำเภอ{district.name} ไม่อยู่ในจังหวัดของเกณฑ์ {scheme.id}: ลบแถวนี้ หรือเลือกเกณฑ์ให้ถูก",
            )
        if month and not self._covers_month(scheme, month):
            self.problems.add(
                number,
                None,
                month.thai(),
                Reason.MONTH_OUTSIDE_PERIOD,
                f"เดือน {month.thai()} อยู่นอกช่วงของเกณฑ์ {scheme.id} ({scheme.first_month} ถึง {scheme.last_month}): แก้เดือน",
            )
        width = len(cells)
        read = [
            (reader, written, reader.read(written))
            for reader in self._readers(scheme, columns)
            if reader.index < width and (written := cells[reader.index]) is not None
        ]
        values = {reader.key: found for reader, _, found in read if not isinstance(found, _Refused)}
        for reader, written, found in read:
            if isinstance(found, _Refused):
                self.problems.add(number, reader.column, written, found.code, found.message)
        self.extras.derive(number, cells, district, month, values)
        if district and month:
            self._check_parts(number, columns, district, month, values)
            reported = self._without_reference_echoes(district, month, values)
            return SubmittedRow(number, district, month, reported, len(values) - len(reported))
        return None

    def _as_month(self, written: object) -> Month:
        """_as_month, each distinct cell read once; its error is kept as its sentence, raised anew for each
        row that has it (an error kept whole would keep the frames it was raised through)."""
        key = (type(written), written)
        if key not in self._months:
            try:
                self._months[key] = _as_month(written)
            except PeriodError as error:
                self._months[key] = str(error)
        found = self._months[key]
        if isinstance(found, str):
            raise PeriodError(found)
        return found

    def _covers_month(self, scheme: Scheme, month: Month) -> bool:
        if month not in self._covered:
            self._covered[month] = scheme.covers(month)
        return self._covered[month]

    def _readers(self, scheme: Scheme, columns: list[Column]) -> list[_ColumnReader]:
        if self._known_readers is None:
            self._known_readers = [_ColumnReader(column, scheme) for column in columns]
        return self._known_readers

    def _without_reference_echoes(self, district: District, month: Month, values: dict[str, Value]) -> dict:
        """A reference figure equal to the one on record is the template's pre-filled copy, not a report:
        storing it would pin the figure for that month against later corrections of the reference data."""

        def echo(key: str) -> bool:
            figure = self.registry.reference(district.code, key, month)
            return figure is not None and figure.value == values[key]

        echoed = {key for key in self._reference_keys.intersection(values) if echo(key)}
        return {key: value for key, value in values.items() if key not in echoed} if echoed else values

    def _check_parts(self, number: int, columns: list[Column], district: District, month: Month, values) -> None:
        for part, whole in PART_OF.items():
            if part not in values:
                continue
            figure = self.registry.reference(district.code, whole, month)
            total = values.get(whole, figure.value if figure else None)
            if total is not None and values[part] > total:
                column = next(c for c in columns if c.key == part)
                self.problems.add(
                    number,
                    column,
                    values[part],
                    Reason.PART_EXCEEDS_WHOLE,
                    f"'{CATALOGUE[part].label}' ({_written(values[part])}) มากกว่า '{CATALOGUE[whole].label}' "
                    f"({_written(total)}): ตรวจตัวเลขทั้งสองให้ถูก",
                )

    def _check_duplicates(self, rows: list[SubmittedRow]) -> None:
        seen: dict[tuple[str, Month], int] = {}
        for row in rows:
            if not (row.district and row.month):
                continue
            key = (row.district.code, row.month)
            if key in seen:
                self.problems.add(
                    row.row,
                    None,
                    f"{row.district.name} {row.month.thai()}",
                    Reason.DUPLICATE_ROW,
                    f"อำเภอ{row.district.name} เดือน {row.month.thai()} ซ้ำกับแถว {seen[key]}: รวมเป็นแถวเดียว",
                )
            else:
                seen[key] = row.row


@dataclass(frozen=True)
class _Refused:
    """Why a cell's text cannot be a value: the ValueProblem's code and sentence, without the frames it was
    raised through (kept for the whole check, they would keep its callers' objects alive)."""

    code: Reason
    message: str


class _ColumnReader:
    """How one value column's cells become values. Its indicator, and whether the scheme lets it be 'not
    applicable', are found once per file; and each distinct text is read once: a month's counts and yes/no
    answers repeat on most of its 878 rows. Values are immutable, so rows may share one; a problem is
    reported again on every row that has it."""

    def __init__(self, column: Column, scheme: Scheme):
        self.column, self.key, self.index = column, column.key, column.index
        self.indicator = CATALOGUE[column.key]
        self.allows_not_applicable = scheme.allows_not_applicable(column.key)
        self.seen: dict[str, Value | _Refused] = {}

    def read(self, written: object) -> Value | _Refused:
        if type(written) is not str:  # an Excel cell: 1, 1.0 and True are equal as keys, yet read apart
            return self._parse(written)
        found = self.seen.get(written)
        if found is None:
            found = self.seen[written] = self._parse(written)
        return found

    def _parse(self, written: object) -> Value | _Refused:
        try:
            return parse_value(self.indicator, written, self.allows_not_applicable)
        except ValueProblem as problem:
            return _Refused(problem.code, str(problem))


# ---- the header -----------------------------------------------------------------------------------


def column_key(text: object) -> str | None:
    """The key a header cell names: an indicator key, its Thai label, or an id column."""
    if text is None:
        return None
    name = clean_text(str(text))
    lowered = name.lower()
    for key, names in ID_COLUMNS.items():
        if lowered in names:
            return key
    if lowered in CATALOGUE:
        return lowered
    return LABEL_KEYS.get(name) or extra_key(name)


def find_header(grid: Grid) -> tuple[list[Column], int] | None:
    """The header row (and a key row beneath a label row, as the templates have) and where data starts."""
    scan = grid.rows[:HEADER_SCAN_ROWS]
    scores = [sum(column_key(cell) is not None for cell in row) for row in scan]
    if not scores or max(scores) < 2:
        return None
    top = scores.index(max(scores))
    rows = [top] + ([top + 1] if top + 1 < len(scan) and scores[top + 1] >= 2 else [])
    columns = _columns(grid, rows)
    return columns, rows[-1] + 1


def _columns(grid: Grid, header_rows: list[int]) -> list[Column]:
    width = max(len(grid.rows[r]) for r in header_rows)
    columns = []
    for index in range(width):
        cells = [grid.rows[r][index] if index < len(grid.rows[r]) else None for r in header_rows]
        keys = [column_key(cell) for cell in cells]
        written = next((str(c) for c in cells if c is not None), None)
        key = next((k for k in reversed(keys) if k), None)
        if written is not None:
            columns.append(Column(index, key or "", clean_text(written)))
    return columns


def unknown_columns(columns: list[Column]) -> list[Column]:
    return [c for c in columns if not c.key]


# ---- small helpers --------------------------------------------------------------------------------


def _at(cells: list[object], column: Column | None) -> object:
    if column is None or column.index >= len(cells):
        return None
    return cells[column.index]


def _as_month(written: object) -> Month:
    if isinstance(written, dt.datetime | dt.date):
        return Month(be_year(written.year), written.month)
    return parse_month(str(written))


def _covers(scheme: Scheme, ids: list[tuple]) -> bool:
    """Whether the scheme covers every month and province of the rows: each distinct one asked once."""
    months = {month for _, _, _, month in ids}
    provinces = {district.province_code for _, _, district, _ in ids}
    return all(scheme.covers(month) for month in months) and provinces <= set(scheme.provinces)


def _written(value: object) -> str | None:
    """A value as the file wrote it (text, or an Excel number), or as the rubric reads it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return show(value)  # type: ignore[arg-type]  # a cell of another kind (an Excel date) raises TypeError in show


def _no_header() -> Problem:
    return Problem(
        1, None, None, Reason.NO_HEADER, "ไม่พบหัวตาราง: แถวหัวต้องมีชื่อคอลัมน์ตามแบบฟอร์ม เช่น 'รหัสอำเภอ', 'เดือน' และชื่อตัวชี้วัด"
    )


def _empty() -> Problem:
    return Problem(None, None, None, Reason.EMPTY_FILE, "ไฟล์ไม่มีแถวข้อมูลใต้หัวตาราง: กรอกตัวเลขของแต่ละอำเภอแล้วส่งใหม่")
