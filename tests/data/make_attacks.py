"""Write the attack corpus that tests/test_attacks.py uploads: files made to exhaust or fool the server.

    regenerate with python tests/data/make_attacks.py and read the diff

Each file is named <reason_code>-<what-it-does>.<ext>: the reason the upload must be refused with. Files of
up to 100 KB are written to tests/data/attack/ (and checked there byte for byte, as the import corpus is);
the few that are megabytes by nature (10 MB of blank lines, a 9 MB cell, a header of a million columns,
a million empty cells) are made at test time by `attacks()` and never stored.

Every workbook starts as a real one written by openpyxl (a header and two rows of a lampang report) and then
has its sheet's XML changed by hand, as an attacker would. The script does not import cdd. Output is
byte-for-byte deterministic (fixed zip entry times and workbook dates).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
ATTACK = HERE / "attack"
FIXED_TIME = (2024, 5, 15, 9, 0, 0)
STORED_AT_MOST = 100 * 1024
SHEET = "xl/worksheets/sheet1.xml"

HEADER = ["code", "district", "month", "heads_total", "heads_downloaded", "data_updated", "pr_posts", "pr_channels"]
ROWS = [["5709", "แม่สาย", "2567-04", 4, 3, "yes", 2, 3], ["5704", "เทิง", "2567-04", 4, 4, "yes", 2, 2]]
CSV_HEAD = (",".join(HEADER) + "\r\n" + "".join(",".join(map(str, row)) + "\r\n" for row in ROWS)).encode()


def report_xlsx() -> bytes:
    """A real two-row report as openpyxl saves it, with fixed dates."""
    book = Workbook()
    sheet = book.active
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    book.properties.creator = "make_attacks.py"
    book.properties.created = book.properties.modified = dt.datetime(2024, 5, 15, 9, 0, 0)
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    source = zipfile.ZipFile(io.BytesIO(data))
    return {info.filename: source.read(info.filename) for info in source.infolist()}


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            if name == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2024-05-15T09:00:00Z\g<2>", body)
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body)
    return out.getvalue()


def changed(change: Callable[[dict[str, bytes]], None]) -> bytes:
    parts = parts_of(report_xlsx())
    change(parts)
    return zip_of(parts)


def with_rows(extra: bytes) -> Callable[[dict[str, bytes]], None]:
    """Rows added at the end of the sheet's data."""

    def change(parts: dict[str, bytes]) -> None:
        parts[SHEET] = parts[SHEET].replace(b"</sheetData>", extra + b"</sheetData>")

    return change


def with_merges(refs: list[str]) -> Callable[[dict[str, bytes]], None]:
    """mergeCells right after the sheet's data, where Excel writes them."""

    def change(parts: dict[str, bytes]) -> None:
        cells = b"".join(f'<mergeCell ref="{ref}"/>'.encode() for ref in refs)
        block = f'<mergeCells count="{len(refs)}">'.encode() + cells + b"</mergeCells>"
        parts[SHEET] = parts[SHEET].replace(b"</sheetData>", b"</sheetData>" + block)

    return change


def with_doctype(doctype: bytes, text: bytes) -> Callable[[dict[str, bytes]], None]:
    """A DOCTYPE before the sheet's root and an inline string cell that uses its entity."""

    def change(parts: dict[str, bytes]) -> None:
        xml = parts[SHEET]
        root = xml.index(b"<worksheet")
        cell = b'<row r="4"><c r="A4" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
        parts[SHEET] = (xml[:root] + doctype + xml[root:]).replace(b"</sheetData>", cell + b"</sheetData>")

    return change


def without_sheets(parts: dict[str, bytes]) -> None:
    parts["xl/workbook.xml"] = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", parts["xl/workbook.xml"], flags=re.S)


def cut_sheet(parts: dict[str, bytes]) -> None:
    parts[SHEET] = parts[SHEET][: len(parts[SHEET]) // 2]


LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY a "hahahahahahahahahaha">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
    + b"]>"
)
XXE = b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def empty_cells_row(count: int) -> bytes:
    """One row of `count` empty cells, each with a style number of its own (so the zip cannot shrink them a
    hundredfold and the zip check lets them through): nothing to read, everything to walk through."""
    return b'<row r="4">' + b"".join(f'<c s="{(n * 7919) % 99991}"/>'.encode() for n in range(count)) + b"</row>"


def attacks() -> dict[str, bytes]:
    """Every attack file by name; the large ones too."""
    return {
        # workbooks that declare a grid of gigabytes
        "data_out_of_range-one-cell-at-A1000000.xlsx": changed(
            with_rows(b'<row r="1000000"><c r="A1000000"><v>1</v></c></row>')
        ),
        "data_out_of_range-one-cell-at-XFD1048576.xlsx": changed(
            with_rows(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
        ),
        "data_out_of_range-one-cell-at-XFD3.xlsx": changed(with_rows(b'<row r="3"><c r="XFD3"><v>1</v></c></row>')),
        "bad_month-merged-A3-to-XFD1048576.xlsx": changed(with_merges(["A3:XFD1048576"])),
        "too_many_merged-5000-ranges.xlsx": changed(with_merges([f"K{n}:L{n}" for n in range(1, 5001)])),
        "too_many_cells-half-a-million-empty-cells-in-a-row.xlsx": changed(with_rows(empty_cells_row(500_000))),
        "too_many_rows-30000-empty-rows.xlsx": changed(
            with_rows(b"".join(f'<row r="{n}"/>'.encode() for n in range(10, 30_010)))
        ),
        # XML that expat must refuse, and workbooks that are not whole
        "wrong_file_type-billion-laughs.xlsx": changed(with_doctype(LAUGHS, b"&j;")),
        "wrong_file_type-external-entity.xlsx": changed(with_doctype(XXE, b"&secret;")),
        "wrong_file_type-sheet-cut-in-half.xlsx": changed(cut_sheet),
        "no_sheet-workbook-without-a-sheet.xlsx": changed(without_sheets),
        # CSV
        "too_many_rows-10-mb-of-blank-lines.csv": CSV_HEAD + b"\r\n" * (9 * 1024 * 1024 // 2),
        "bad_csv-a-9-mb-cell.csv": CSV_HEAD + b'5701,"' + b"x" * (9 * 1024 * 1024) + b'",2567-04\r\n',
        "data_out_of_range-a-header-of-a-million-columns.csv": b",".join([b"code"] * 1_000_000) + b"\r\n",
        "data_out_of_range-a-row-30000-blank-lines-below.csv": CSV_HEAD
        + b"\r\n" * 30_000
        + "5701,เมืองเชียงราย,2567-04,4,3,yes,2,3\r\n".encode(),
    }


def write_attacks(root: Path = HERE) -> None:
    folder = root / "attack"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, data in stored().items():
        (folder / name).write_bytes(data)


def stored() -> dict[str, bytes]:
    return {name: data for name, data in attacks().items() if len(data) <= STORED_AT_MOST}


if __name__ == "__main__":
    write_attacks()
