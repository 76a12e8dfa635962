"""What a file carries besides the graded figures: remarks, evidence links, breakdowns and lists.

Columns of the first sheet: หมายเหตุ (a remark, allowed in every template), ลิงก์ (links for the month)
or "ลิงก์: <indicator>" (links for one item), "<prefix>: <item>" breakdown columns (cdd/intake/breakdowns.py)
and ชื่อกิจกรรม (activities by name). An Excel file may add a sheet named รายการ: one row per activity,
link or note, with รหัสอำเภอ, เดือน, หัวข้อ (the indicator), ชื่อ, ลิงก์, หมายเหตุ.

A count given by its breakdown is derived from it; a count written beside a breakdown that disagrees
is a problem naming the row and the fix. Every link is checked (cdd/intake/attachments.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from cdd.intake.attachments import AttachmentProblem, check_link, split_links
from cdd.intake.breakdowns import (
    NAMED_COUNTS,
    EntryProblem,
    entry_done,
    entry_text,
    named_count,
    part_header,
    split_names,
)
from cdd.office.calendar import Month, PeriodError, be_year, parse_month
from cdd.office.districts import District, Registry, UnknownDistrict
from cdd.office.thai import clean_text
from cdd.rubrics.indicators import CATALOGUE, LABEL_KEYS
from cdd.rubrics.reasons import Reason

LIST_SHEET = "รายการ"
REMARK_NAMES = {"หมายเหตุ", "remark", "remarks", "note", "notes"}
LINK_NAMES = {"ลิงก์", "ลิงค์", "link", "links", "หลักฐาน", "ลิงก์หลักฐาน"}
LIST_COLUMNS = {
    "code": {"รหัสอำเภอ", "code", "รหัส"},
    "district": {"อำเภอ", "district"},
    "month": {"เดือน", "month"},
    "item": {"หัวข้อ", "ตัวชี้วัด", "item"},
    "name": {"ชื่อ", "ชื่อกิจกรรม", "รายการ", "name"},
    "link": LINK_NAMES,
    "note": REMARK_NAMES,
}
# The items whose evidence is a list of links (each post, each activity): the templates print a link column
# for each of them that a scheme reports; any other item's links go in the month's ลิงก์ column or the list.
LINKED_ITEMS = ("pr_posts", "fabric_pr_posts", "activities")
REMARK_COLUMN, LINK_COLUMN = "หมายเหตุ", "ลิงก์"


def template_extras(scheme) -> list[tuple[str, str]]:
    """(key row, label row) of the optional columns a template prints after the figures: the month's links,
    the links of each listed item the scheme reports, then the remark. Both rows read back as these columns."""
    items = [key for key in LINKED_ITEMS if key in scheme.form_inputs]
    links = [(f"{LINK_COLUMN}: {key}", f"{LINK_COLUMN}: {CATALOGUE[key].label}") for key in items]
    return [(LINK_COLUMN, LINK_COLUMN), *links, (REMARK_COLUMN, REMARK_COLUMN)]


@dataclass(frozen=True)
class EvidenceEntry:
    """One thing sent beside the figures. kind: remark | link | note | name (an activity) | part (a
    breakdown item, content 'yes'/'no' or its count); item is an indicator key, '' for the month."""

    code: str
    month: str
    item: str
    kind: str
    label: str | None
    content: str
    source_row: int | None


@dataclass(frozen=True)
class _Named:
    name: str


def indicator_key(text: str) -> str | None:
    name = clean_text(text)
    return name.lower() if name.lower() in CATALOGUE else LABEL_KEYS.get(name)


def extra_key(text: str) -> str | None:
    """The key of a column beside the figures: +remark, +link, +link:<key>, +names:<key>, +part:<key>:<item>."""
    name = clean_text(text)
    lowered = name.lower()
    if lowered in REMARK_NAMES:
        return "+remark"
    if lowered in LINK_NAMES:
        return "+link"
    head, colon, tail = name.partition(":")
    if colon and head.strip().lower() in LINK_NAMES:
        key = indicator_key(tail.strip())
        return f"+link:{key}" if key else None
    if named := named_count(name):
        return f"+names:{named}"
    if part := part_header(name):
        return f"+part:{part[0]}:{part[1]}"
    return None


def counted_keys(columns: list) -> set[str]:
    """The graded counts that breakdown and name columns give: they, too, say which scheme a file is for."""
    return {c.key.split(":")[1] for c in columns if c.key.startswith(("+part:", "+names:"))}


def extra_inputs(key: str) -> str | None:
    """The indicator an extra column belongs to ('' for the month)."""
    return key.split(":")[1] if key.count(":") else ""


AddProblem = Callable[..., None]


class Extras:
    """Checks the extra columns of each row and gathers what they carry."""

    def __init__(self, columns: list, scheme, registry: Registry, add: AddProblem, list_rows: list[list[object]]):
        self.add, self.registry = add, registry
        self.columns = [c for c in columns if c.key.startswith("+")]
        self.counted = {c.key: c for c in columns}
        self.entries: list[EvidenceEntry] = []
        self.listed: dict[tuple[str, str], list[EvidenceEntry]] = {}
        for column in self.columns:
            key = extra_inputs(column.key)
            if key and key not in scheme.inputs:
                add(
                    None,
                    column,
                    column.written,
                    Reason.UNKNOWN_COLUMN,
                    f"คอลัมน์ '{column.written}' เป็นของ '{CATALOGUE[key].label}' ซึ่งไม่ได้ใช้ในเกณฑ์ {scheme.id}: "
                    "ลบคอลัมน์นี้ หรือเลือกเกณฑ์ให้ถูก",
                )
        self._read_list(list_rows, scheme)

    # -- the first sheet ----------------------------------------------------------------------------

    def derive(self, number: int, cells: list, district: District | None, month: Month | None, values: dict) -> None:
        """Check the row's extra cells; add the counts its breakdowns give to `values`."""
        here = (district.code, month.token) if district and month else None
        parts: dict[str, dict[str, bool]] = {}
        names: dict[str, list[str]] = {}
        for column in self.columns:
            written = cells[column.index] if column.index < len(cells) else None
            if written is None:
                continue
            kind, *rest = column.key[1:].split(":")
            if kind == "remark":
                self._keep(here, "", "remark", None, clean_text(str(written)), number)
            elif kind == "link":
                for link in self._links(number, column, written):
                    self._keep(here, rest[0] if rest else "", "link", None, link, number)
            elif kind == "names":
                names.setdefault(rest[0], []).extend(split_names(written))
            elif kind == "part":
                self._part(number, column, written, here, rest[0], rest[1], parts)
        if here:
            for entry in self.listed.get(here, []):
                if entry.kind == "name":
                    names.setdefault(entry.item, []).append(entry.content)
            for key, found in names.items():
                for name in found:
                    self._keep(here, key, "name", None, name, number)
        counts = {key: sum(done.values()) for key, done in parts.items()}
        counts.update({key: len(found) for key, found in names.items() if found})
        for key, count in counts.items():
            self._settle(number, key, Fraction(count), values, parts.get(key), names.get(key))

    def _part(self, number, column, written, here, key: str, item: str, parts: dict) -> None:
        try:
            done = entry_done(written)
        except EntryProblem as problem:
            self.add(number, column, written, Reason.BAD_BREAKDOWN, f"'{column.written}' {problem}")
            return
        parts.setdefault(key, {})[item] = done
        self._keep(here, key, "part", item, entry_text(written), number)

    def _settle(self, number: int, key: str, derived: Fraction, values: dict, done, names) -> None:
        """The breakdown's count stands; a count written beside it must agree."""
        written = values.get(key)
        if written is None or written == derived:
            values[key] = derived
            return
        listed = ", ".join(names or [item for item, ok in (done or {}).items() if ok]) or "ไม่มี"
        self.add(
            number,
            self.counted.get(key) or _Named(key),
            written,
            Reason.BREAKDOWN_MISMATCH,
            f"'{CATALOGUE[key].label}' เขียนไว้ {written} แต่รายการย่อยนับได้ {derived} ({listed}): "
            "แก้ตัวเลขให้ตรงกับรายการ หรือเว้นช่องจำนวนว่างไว้ให้ระบบนับจากรายการ",
        )

    def _links(self, number: int | str, column, written: object) -> list[str]:
        good = []
        for link in split_links(written):
            try:
                good.append(check_link(link))
            except AttachmentProblem as problem:
                self.add(number, column, link, problem.code, str(problem))
        return good

    def _keep(self, here, item: str, kind: str, label: str | None, content: str, number) -> None:
        if here and content:
            self.entries.append(EvidenceEntry(here[0], here[1], item, kind, label, content, number))

    # -- the รายการ sheet ---------------------------------------------------------------------------

    def _read_list(self, rows: list[list[object]], scheme) -> None:
        if not rows:
            return
        header = {_list_key(cell): i for i, cell in enumerate(rows[0]) if _list_key(cell)}
        for number, cells in enumerate(rows[1:], start=2):
            if all(cell is None for cell in cells):
                continue
            at = {key: (cells[i] if i < len(cells) else None) for key, i in header.items()}
            here = self._list_place(number, at)
            item, label = self._list_item(number, at.get("item"), scheme)
            name = clean_text(str(at["name"])) if at.get("name") is not None else None
            found = []
            if name and item in NAMED_COUNTS:  # an activity by name: it counts
                found.append(EvidenceEntry(*here, item, "name", None, name, number) if here else None)
            for link in self._links(number, _Named(f"ลิงก์ (แผ่นงาน {LIST_SHEET})"), at.get("link")):
                found.append(EvidenceEntry(*here, item or "", "link", label or name, link, number) if here else None)
            if at.get("note") is not None and here:
                found.append(
                    EvidenceEntry(*here, item or "", "note", label or name, clean_text(str(at["note"])), number)
                )
            if here:
                self.listed.setdefault(here, []).extend(e for e in found if e)

    def _list_place(self, number: int, at: dict) -> tuple[str, str] | None:
        where = number
        written = at.get("code") if at.get("code") is not None else at.get("district")
        try:
            district = self.registry.match(str(written)) if written is not None else None
        except UnknownDistrict:
            district = None
        if district is None:
            self.add(
                where,
                _Named(f"รหัสอำเภอ (แผ่นงาน {LIST_SHEET})"),
                written,
                Reason.UNKNOWN_DISTRICT,
                "แถวนี้ไม่มีรหัสอำเภอที่รู้จัก: กรอกรหัสอำเภอ 4 หลัก เช่น 5704",
            )
            return None
        raw = at.get("month")
        try:
            month = Month(be_year(raw.year), raw.month) if isinstance(raw, dt.date) else parse_month(str(raw))
        except (PeriodError, TypeError, ValueError):
            self.add(
                where,
                _Named(f"เดือน (แผ่นงาน {LIST_SHEET})"),
                raw,
                Reason.BAD_MONTH,
                "เดือนอ่านไม่ได้: กรอกเดือน เช่น เม.ย. 2567",
            )
            return None
        return district.code, month.token

    def _list_item(self, number: int, written: object, scheme) -> tuple[str | None, str | None]:
        """(indicator key or '' for the month, the breakdown item it names)."""
        if written is None:
            return "", None
        part = part_header(str(written))
        if part:
            return part
        key = indicator_key(str(written))
        if key and key in scheme.inputs:
            return key, None
        self.add(
            number,
            _Named(f"หัวข้อ (แผ่นงาน {LIST_SHEET})"),
            written,
            Reason.UNKNOWN_COLUMN,
            f"ไม่รู้จักหัวข้อ '{written}' ในเกณฑ์ {scheme.id}: ใช้ชื่อตัวชี้วัดตามหัวคอลัมน์แผ่นงานแรก "
            "เช่น 'activities' หรือเว้นว่างถ้าเป็นของทั้งเดือน",
        )
        return None, None

    def finish(self, placed: set[tuple[str, str]]) -> list[EvidenceEntry]:
        """Everything gathered; a list row whose district and month the first sheet does not report is refused."""
        for (code, month), entries in self.listed.items():
            if (code, month) not in placed:
                row = entries[0].source_row if entries else None
                self.add(
                    row,
                    _Named(f"รหัสอำเภอ (แผ่นงาน {LIST_SHEET})"),
                    f"{code} {month}",
                    Reason.LIST_WITHOUT_REPORT,
                    f"อำเภอ {code} เดือน {month} ไม่มีแถวในแผ่นงานแรก: เพิ่มแถวของเดือนนั้น หรือลบแถวนี้",
                )
                continue
            self.entries.extend(e for e in entries if e.kind != "name")
        return [e for e in self.entries if (e.code, e.month) in placed]


def _list_key(cell: object) -> str | None:
    if cell is None:
        return None
    lowered = clean_text(str(cell)).lower()
    return next((key for key, names in LIST_COLUMNS.items() if lowered in names), None)


def read_list_rows(kind: str, data: bytes) -> list[list[object]]:
    """The cells of the รายการ sheet of an Excel file (already checked whole by the reader), or none."""
    if kind != "xlsx":
        return []
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    if LIST_SHEET not in book.sheetnames:
        return []
    rows = [list(row) for row in book[LIST_SHEET].iter_rows(values_only=True)]
    return [[None if isinstance(c, str) and not c.strip() else c for c in row] for row in rows]
