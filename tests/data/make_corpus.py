"""Write the sample-file corpus that tests/test_import.py imports: what district offices really send.

    regenerate with python tests/data/make_corpus.py and read the diff

Layout (everything below tests/data/good and tests/data/bad is written by this script; edit here, not there):

    good/<what-it-shows>.<ext>                a file that must import with no problem at all
    good/<file>.expected.json                 {"scheme", "rows", "values"}, and where worked out by hand:
                                              "grades"  {"<code> <period>": {"<mission>": "A" | "targets 6" |
                                                        "score 52" | "<status>"}} after import and grading,
                                              "stored"  {"<code> <month> <key>": "<value as stored>"}
    bad/<reason_code>[-detail].<ext>          a file that must be refused with that reason code (the test
                                              reads the code from the name: the text before the first - or .)
    bad/<file>.expected.json                  {"problems": [[row, code], ...]}: exactly the problems reported
    <file>.args.json                          {"scheme_id": ..., "period": ...}: what the person chose on upload,
                                              when the file alone cannot say

The expectations are worked out by hand from ../shared/RUBRICS.md (§3–§10), never by running cdd: this
script does not import cdd, so a change in cdd that changes a result shows up as a failing test.
Counts ("rows", "values") are the data rows and non-empty value cells as written below.

Output is byte-for-byte deterministic (fixed zip entry times and workbook dates), so the diff after a
regeneration shows only what really changed; tests/test_import.py checks that the files on disk are exactly what
this script writes. Needs openpyxl (the project's own, pinned, dependency).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
GOOD, BAD = HERE / "good", HERE / "bad"

# Thai labels of RUBRICS §10 as the upload templates print them (row 1 of a template).
LABEL = {
    "code": "รหัสอำเภอ",
    "district": "อำเภอ",
    "month": "เดือน",
    "shop_target": "เป้าหมายร้านค้า Shop ชุมชน/เดือน",
    "shop_new": "ร้านค้า OTOP สมัครใหม่ใน Shop ชุมชน",
    "data_updated": "บันทึกข้อมูลบริการ Click ชุมชน ครบถ้วน เป็นปัจจุบัน",
    "pr_posts": "จำนวนครั้งที่เผยแพร่ประชาสัมพันธ์",
    "pr_channels": "จำนวนช่องทางที่เผยแพร่",
    "activities": "จำนวนกิจกรรมขับเคลื่อน",
    "tambons": "จำนวนตำบล",
    "downloads": "จำนวนดาวน์โหลด Click ชุมชน",
    "heads_total": "หัวหน้าส่วนราชการสังกัด มท. ในอำเภอ",
    "heads_downloaded": "หัวหน้าส่วนราชการที่ดาวน์โหลดแล้ว",
    "travel_places": "CDD พาเที่ยว (แห่ง)",
    "ebooks": "ความรู้ชุมชน e-book (เรื่อง)",
}
Q2_KEYS = ["shop_new", "data_updated", "pr_posts", "pr_channels", "activities", "downloads"]
Q3_KEYS = ["heads_total", "heads_downloaded", "data_updated", "pr_posts", "pr_channels", "activities", "downloads"]
Q3_HEADER = ["code", "district", "month", *Q3_KEYS]
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ZWSP = "\u200b"
# The vowel ำ typed as NIKHAHIT + SARA AA (with the tone mark before or between them), as RUBRICS §9 warns.
AM_TWO = "\u0e4d\u0e32"  # ำ as ํ + า (อำเภอ typed as อ + ํ + า + เภอ)
AM_AFTER_TONE = "\u0e49\u0e4d\u0e32"  # น้ำ typed as น + ้ + ํ + า
AM_TONE_BETWEEN = "\u0e4d\u0e49\u0e32"  # น้ำ typed as น + ํ + ้ + า
FIXED_TIME = (2024, 5, 15, 9, 0, 0)  # zip entry time of every .xlsx (any fixed time would do)


# ---- writers -------------------------------------------------------------------------------------


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8", bom: bool = False, delimiter: str = ",") -> bytes:
    """As Excel saves it: CRLF line ends, quotes only where a cell needs them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return (("\ufeff" if bom else "") + out.getvalue()).encode(encoding)


def xlsx_bytes(build) -> bytes:
    """A workbook built by `build(sheet)`, saved with fixed dates so the bytes never change between runs."""
    workbook = Workbook()
    build(workbook.active)
    workbook.properties.creator = "make_corpus.py"
    workbook.properties.created = workbook.properties.modified = dt.datetime(2024, 5, 15, 9, 0, 0)
    raw = io.BytesIO()
    workbook.save(raw)
    return deterministic_zip(raw.getvalue())


def deterministic_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>2024-05-15T09:00:00Z\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, body)
    return out.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in files.items():
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()


def with_inflated_sheet(data: bytes, padding: int) -> bytes:
    """The workbook with `padding` spaces inside its sheet's XML: still valid XML, a few kilobytes on disk
    (deflate shrinks a run of one byte about a thousandfold), and `padding` bytes once inflated."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    at = sheet.index(b"<sheetData")
    parts["xl/worksheets/sheet1.xml"] = sheet[:at] + b" " * padding + sheet[at:]
    return zip_of(parts)


def thai(text: object) -> str:
    """Arabic digits → Thai digits, as Thai Windows users often type them."""
    return str(text).translate(THAI_DIGITS)


# ---- the corpus -----------------------------------------------------------------------------------

CORPUS: list[tuple[Path, str, bytes, dict | None, dict]] = []  # folder, name, bytes, args, expected


def good(name: str, data: bytes, expected: dict, args: dict | None = None) -> None:
    CORPUS.append((GOOD, name, data, args, expected))


def bad(name: str, data: bytes, problems: list[tuple[int | None, str]], args: dict | None = None) -> None:
    CORPUS.append((BAD, name, data, args, {"problems": [list(p) for p in problems]}))


# Click Q2 (RUBRICS §3): 5 items of 2 points a month; 10 A, 8 B, 6 C, less D. Targets: shops as the
# letter's table, downloads 10 × tambons. Chiang Rai 2567-01..03.

good(
    "click-q2-utf8.csv",
    csv_bytes(
        [
            ["รหัสอำเภอ", "อำเภอ", "เดือน", *Q2_KEYS],
            ["5704", "เทิง", "2567-02", 9, "yes", 1, 2, 1, 120],  # worked example: 10 → A
            ["5705", "พาน", "2567-02", 7, "yes", 1, 2, 1, 150],  # target 11 shops missed: 8 → B
            ["5709", "แม่สาย", "2567-02", 8, "no", 2, 1, 1, 79],  # shops + activities only: 4 → D
        ]
    ),
    {
        "scheme": "click-2567-q2",
        "rows": 3,
        "values": 18,
        "grades": {
            "5704 2567-02": {"click-2567-q2": "A"},
            "5705 2567-02": {"click-2567-q2": "B"},
            "5709 2567-02": {"click-2567-q2": "D"},
        },
        "stored": {"5709 2567-02 data_updated": "no", "5704 2567-02 downloads": "120"},
    },
)

good(
    "click-q2-utf8-bom.csv",  # "CSV UTF-8" from newer Excel: a BOM, the Thai labels as the only header row
    csv_bytes(
        [
            [LABEL[k] for k in ("code", "district", "month", *Q2_KEYS)],
            ["5701", "เมืองเชียงราย", "มกราคม 2567", 27, "ใช่", 1, 2, 1, 160],  # all five → A
            ["5718", "ดอยหลวง", "มกราคม 2567", 2, "ใช่", 0, 2, 1, 30],  # no post: 8 → B
            ["5712", "พญาเม็งราย", "มกราคม 2567", 3, "ไม่มี", 1, 3, 0, 50],  # no data, no activity: 6 → C
        ],
        bom=True,
    ),
    {
        "scheme": "click-2567-q2",
        "rows": 3,
        "values": 18,
        "grades": {
            "5701 2567-01": {"click-2567-q2": "A"},
            "5718 2567-01": {"click-2567-q2": "B"},
            "5712 2567-01": {"click-2567-q2": "C"},
        },
        "stored": {"5712 2567-01 data_updated": "no", "5701 2567-01 shop_new": "27"},
    },
)

good(
    "click-q2-cp874-thai-digits.csv",  # "CSV" from Thai Windows Excel: Windows-874, Thai digits, อ., ก.พ. ๒๕๖๗
    csv_bytes(
        [
            [LABEL[k] for k in ("code", "district", "month", *Q2_KEYS)],
            [thai(5701), "อ.เมืองเชียงราย", "ก.พ. ๒๕๖๗", thai(27), "ใช่", thai(2), thai(3), thai(1), thai("1,200")],
            [thai(5704), "อ. เทิง", "ก.พ. ๒๕๖๗", thai(7), "ใช่", thai(1), thai(2), thai(1), thai(120)],
            ["5711", "อ.เวียงป่าเป้า", "ก.พ. ๒๕๖๗", thai(8), "ไม่ใช่", thai(2), thai(1), thai(1), "1,050"],
            [thai(5703), "อ.เชียงของ", "ก.พ. ๒๕๖๗", thai(4), "ไม่ใช่", thai(0), thai(0), thai(0), thai(69)],
        ],
        encoding="cp874",
    ),
    {
        "scheme": "click-2567-q2",
        "rows": 4,
        "values": 24,
        # 5701 A (1,200 ≥ 160); 5704 the worked example with 7 shops → B; 5711 shops, activity, downloads → C;
        # 5703 nothing → D
        "grades": {
            "5701 2567-02": {"click-2567-q2": "A"},
            "5704 2567-02": {"click-2567-q2": "B"},
            "5711 2567-02": {"click-2567-q2": "C"},
            "5703 2567-02": {"click-2567-q2": "D"},
        },
        "stored": {
            "5701 2567-02 downloads": "1200",
            "5711 2567-02 downloads": "1050",
            "5704 2567-02 shop_new": "7",
            "5711 2567-02 data_updated": "no",
        },
    },
)

# Click Q3 (RUBRICS §4): a ladder. A: heads ≥ 80%, data, 2 posts, 2 channels, 2 activities, downloads ≥ target;
# B: heads ≥ 70%; C: heads ≥ 60%, 1 post, 1 activity. Chiang Rai and Lampang, 2567-04..06.

good(
    "click-q3-keys-header.csv",  # the English key row only
    csv_bytes(
        [
            Q3_HEADER,
            ["5709", "แม่สาย", "2567-04", 4, 3, "yes", 2, 3, 2, 85],  # worked example → B (75% heads)
            ["5709", "แม่สาย", "2567-05", 4, 3, "yes", 1, 2, 1, 80],  # worked example → C
            ["5709", "แม่สาย", "2567-06", 4, 3, "yes", 2, 3, 2, 79],  # worked example → D (79 < 80)
            ["5701", "เมืองเชียงราย", "2567-04", 4, 4, "yes", 2, 2, 2, 160],  # → A
        ]
    ),
    {
        "scheme": "click-2567-q3",
        "rows": 4,
        "values": 28,
        "grades": {
            "5709 2567-04": {"click-2567-q3": "B"},
            "5709 2567-05": {"click-2567-q3": "C"},
            "5709 2567-06": {"click-2567-q3": "D"},
            "5701 2567-04": {"click-2567-q3": "A"},
        },
    },
)

good(
    "click-q3-template-two-rows.csv",  # as the templates: Thai label row, then key row; references first
    csv_bytes(
        [
            [
                LABEL[k]
                for k in (
                    "code",
                    "district",
                    "month",
                    "heads_total",
                    "tambons",
                    "heads_downloaded",
                    "data_updated",
                    "pr_posts",
                    "pr_channels",
                    "activities",
                    "downloads",
                )
            ],
            [
                "code",
                "district",
                "month",
                "heads_total",
                "tambons",
                "heads_downloaded",
                "data_updated",
                "pr_posts",
                "pr_channels",
                "activities",
                "downloads",
            ],
            ["5702", "เวียงชัย", "2567-05", 4, 5, 3, "ใช่", 2, 2, 2, 50],  # 75% heads → B
            ["5706", "ป่าแดด", "2567-05", 3, 5, 3, "ใช่", 3, 4, 3, 61],  # → A
            ["5713", "เวียงแก่น", "2567-05", 4, 4, 2, "ใช่", 2, 2, 2, 40],  # 50% heads, below C → D
        ],
        bom=True,
    ),
    # 24 value cells, but the three tambon counts equal the reference data (the template's pre-filled
    # copy), so they are not stored as reports: 21 values.
    {
        "scheme": "click-2567-q3",
        "rows": 3,
        "values": 21,
        "grades": {
            "5702 2567-05": {"click-2567-q3": "B"},
            "5706 2567-05": {"click-2567-q3": "A"},
            "5713 2567-05": {"click-2567-q3": "D"},
        },
        "stored": {"5706 2567-05 heads_total": "3", "5702 2567-05 data_updated": "yes"},
    },
)


def _title_rows(sheet) -> None:
    sheet["A1"] = "แบบรายงานผลการดำเนินงาน Click ชุมชน ไตรมาสที่ 3 ปีงบประมาณ 2567"
    sheet.merge_cells("A1:J1")
    sheet["A2"] = "สำนักงานพัฒนาชุมชนจังหวัดเชียงราย (ข้อมูล ณ วันที่ 15 พฤษภาคม 2567)"
    sheet.append([LABEL["code"], LABEL["district"], LABEL["month"], *Q3_KEYS])
    sheet.append([5707, "แม่จัน", "เม.ย. 2567", 4, 4, "ใช่", 2, 2, 2, 110])  # → A
    sheet.append([5708, "เชียงแสน", "เม.ย. 2567", 5, 4, "ใช่", 2, 2, 2, 59])  # 59 < 60 downloads → D
    sheet.append([5710, "แม่สรวย", "เม.ย. 2567", 3, 2, "ใช่", 1, 2, 1, 70])  # 66.7% heads, 1 post → C


good(
    "click-q3-xlsx-title-rows.xlsx",
    xlsx_bytes(_title_rows),
    {
        "scheme": "click-2567-q3",
        "rows": 3,
        "values": 21,
        "grades": {
            "5707 2567-04": {"click-2567-q3": "A"},
            "5708 2567-04": {"click-2567-q3": "D"},
            "5710 2567-04": {"click-2567-q3": "C"},
        },
        "stored": {"5707 2567-04 heads_downloaded": "4", "5710 2567-04 data_updated": "yes"},
    },
)


def _merged_header(sheet) -> None:
    """Two header rows: the id columns merged down over both, group titles merged across their columns."""
    for column, key in zip("ABC", ("code", "district", "month")):
        sheet[f"{column}1"] = LABEL[key]
        sheet.merge_cells(f"{column}1:{column}2")
    sheet["D1"] = "หัวหน้าส่วนราชการ"
    sheet.merge_cells("D1:E1")
    sheet["D2"], sheet["E2"] = LABEL["heads_total"], LABEL["heads_downloaded"]
    sheet["F1"] = LABEL["data_updated"]
    sheet.merge_cells("F1:F2")
    sheet["G1"] = "การเผยแพร่ประชาสัมพันธ์"
    sheet.merge_cells("G1:H1")
    sheet["G2"], sheet["H2"] = LABEL["pr_posts"], LABEL["pr_channels"]
    for column, key in (("I", "activities"), ("J", "downloads")):
        sheet[f"{column}1"] = LABEL[key]
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.append([5714, "ขุนตาล", "มิถุนายน 2567", 4, 4, "ใช่", 2, 2, 2, 30])  # → A
    sheet.append([5715, "แม่ฟ้าหลวง", "มิถุนายน 2567", 4, 3, "ใช่", 2, 2, 2, 40])  # 75% → B
    sheet.append([5716, "แม่ลาว", "มิถุนายน 2567", 4, 3, "ใช่", 1, 2, 1, 50])  # 1 post, 1 activity → C
    sheet.append([5717, "เวียงเชียงรุ้ง", "มิถุนายน 2567", 4, 3, "ไม่ใช่", 2, 2, 2, 30])  # no data → D


good(
    "click-q3-merged-header.xlsx",
    xlsx_bytes(_merged_header),
    {
        "scheme": "click-2567-q3",
        "rows": 4,
        "values": 28,
        "grades": {
            "5714 2567-06": {"click-2567-q3": "A"},
            "5715 2567-06": {"click-2567-q3": "B"},
            "5716 2567-06": {"click-2567-q3": "C"},
            "5717 2567-06": {"click-2567-q3": "D"},
        },
        "stored": {"5716 2567-06 pr_posts": "1", "5717 2567-06 data_updated": "no"},
    },
)

good(
    "click-q3-lampang-districts.csv",  # Lampang's mission 7 is the same table: the person names the scheme
    csv_bytes(
        [
            ["code", "district", "month", "tambons", *Q3_KEYS],  # Lampang has no tambon counts on file: given here
            ["5201", "เมืองลำปาง", "2567-04", 10, 4, 4, "yes", 2, 2, 2, 100],  # → A
            ["5202", "แม่เมาะ", "2567-04", 5, 4, 3, "yes", 2, 2, 2, 49],  # 49 < 50 → D
        ]
    ),
    {
        "scheme": "click-2567-q3",
        "rows": 2,
        "values": 16,
        "grades": {"5201 2567-04": {"click-2567-q3": "A"}, "5202 2567-04": {"click-2567-q3": "D"}},
    },
    args={"scheme_id": "click-2567-q3"},
)

good(
    "click-q3-period-chosen-no-month-column.csv",  # the month is chosen on upload, not written in the file
    csv_bytes(
        [
            ["code", "district", *Q3_KEYS],
            ["5709", "แม่สาย", 4, 4, "yes", 2, 2, 2, 80],  # → A
            ["5703", "เชียงของ", 4, 3, "yes", 2, 2, 1, 70],  # 1 activity → C
        ]
    ),
    {
        "scheme": "click-2567-q3",
        "rows": 2,
        "values": 14,
        "grades": {"5709 2567-05": {"click-2567-q3": "A"}, "5703 2567-05": {"click-2567-q3": "C"}},
    },
    args={"period": "2567-05"},
)

good(
    "click-q3-blank-rows-trailing-commas.csv",  # Excel's export of a sheet with empty rows and formatted columns
    csv_bytes(
        [
            [*Q3_HEADER, None, None, None],
            ["5705", "พาน", "2567-06", 4, 4, "yes", 2, 2, 2, 150, None, None, None],  # → A
            [None] * 13,
            ["5712", "พญาเม็งราย", "2567-06", 4, 2, "yes", 2, 2, 2, 50, None, None, None],  # 50% heads → D
            [None] * 13,
        ]
    ),
    {
        "scheme": "click-2567-q3",
        "rows": 2,
        "values": 14,
        "grades": {"5705 2567-06": {"click-2567-q3": "A"}, "5712 2567-06": {"click-2567-q3": "D"}},
    },
)

# Lampang Q3 (RUBRICS §5), graded per quarter 2567-Q3 from the months Apr–Jun.

LAMPANG_FORMS = [
    "code",
    "district",
    "month",
    "kok_5p",
    "wf_overdue_pct",
    "wf_members_pct",
    "wf_groups_pct",
    "company_plan",
    "company_income",
    "company_cost_control",
]


def _lampang_forms(sheet) -> None:
    sheet.append(LAMPANG_FORMS)
    # เมืองลำปาง: three months, code and name merged down over them, each month written another way.
    sheet.append([5201, "เมืองลำปาง", "เมษายน 67", 3, None, None, None, "มี", 1, "✓"])
    sheet.append([None, None, "2567-05", 4, None, None, None, None, None, "มี"])
    sheet.append([None, None, "06/2567", 5, "9.99%", "ร้อยละ 80", "90%", 0, "✓", 1])
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("B2:B4")
    # เกาะคา: June only, the month typed as a date (Excel turns "1/6/2024" into one).
    sheet.append([5203, "เกาะคา", dt.datetime(2024, 6, 1), 2, "ร้อยละ 14.00", "64.9%", "80%", "ใช่", "มี", "ไม่มี"])


good(
    "lampang-q3-percent-forms.xlsx",
    xlsx_bytes(_lampang_forms),
    {
        "scheme": "lampang-2567-q3",
        "rows": 4,
        "values": 20,
        "grades": {
            # kok: latest 5P count 5 → A. Women's fund (§5 worked example): 9.99 → 100, 80 → 100, 90 → 100 → A.
            # Company: plan no (June, "0"), income yes, costs under control every month → B.
            "5201 2567-Q3": {"kok-nong-na": "A", "women-fund": "A", "pracharat-company": "B"},
            # kok 2 → D. Women's fund: 14.00 → 50, 64.9 → 25, 80 → 75: mean 50 → D. Company: cost control is
            # judged every month and only June came in → incomplete, never a guess.
            "5203 2567-Q3": {"kok-nong-na": "D", "women-fund": "D", "pracharat-company": "incomplete"},
        },
        "stored": {
            "5201 2567-06 wf_members_pct": "80",
            "5201 2567-06 wf_overdue_pct": "9.99",
            "5201 2567-06 wf_groups_pct": "90",
            "5203 2567-06 wf_overdue_pct": "14",
            "5201 2567-04 company_cost_control": "yes",
            "5201 2567-04 company_income": "yes",
            "5201 2567-06 company_plan": "no",
            "5203 2567-06 company_cost_control": "no",
            "5201 2567-05 kok_5p": "4",
        },
    },
)


def _lampang_percent_cells(sheet) -> None:
    """A person types 80% into Excel: the cell holds 0.8 with the number format 0%, and shows 80%."""
    sheet.append(["code", "district", "month", "wf_overdue_pct", "wf_members_pct", "wf_groups_pct"])
    sheet.append([5201, "เมืองลำปาง", "2567-06", 0.0999, 0.8, 0.9])
    for cell in sheet[2][3:]:
        cell.number_format = "0.00%"


good(
    "lampang-q3-excel-percent-cells.xlsx",
    xlsx_bytes(_lampang_percent_cells),
    {
        "scheme": "lampang-2567-q3",
        "rows": 1,
        "values": 3,
        "grades": {"5201 2567-Q3": {"women-fund": "A"}},  # 9.99% → 100, 80% → 100, 90% → 100
        "stored": {
            "5201 2567-06 wf_overdue_pct": "9.99",
            "5201 2567-06 wf_members_pct": "80",
            "5201 2567-06 wf_groups_pct": "90",
        },
    },
)

# Sa Kaeo FY2568 (RUBRICS §7): targets only, from February 2568. 9 targets a month: shops ≥ target (1),
# shops approved/updated ≥ 2 (form 3), places, e-books, occupations, sages ≥ 1, posts ≥ 2 through
# channels ≥ 2, activities ≥ 2, leaders ≥ 80% of the district's target.

SAKAEO_KEYS = [
    "shop_new",
    "shop_updated",
    "travel_places",
    "ebooks",
    "occupations",
    "sages",
    "pr_posts",
    "pr_channels",
    "activities",
    "leaders_downloaded",
]
good(
    "sakaeo-misc-names.csv",  # names only, as people type them
    csv_bytes(
        [
            [
                "อำเภอ",
                "เดือน",
                LABEL["shop_new"],
                SAKAEO_KEYS[1],
                LABEL["travel_places"],
                LABEL["ebooks"],
                *SAKAEO_KEYS[4:],
            ],
            ["วังน" + AM_AFTER_TONE + "เย็น", "ก.พ. 2568", 1, 2, 1, 1, 1, 1, 2, 2, 2, 70],
            [ZWSP + "อำเภอ คลองหาด ", "ก.พ. 2568", 0, 2, 1, 1, 1, 1, 2, 2, 2, 59],
            ["อ.  เขาฉกรรจ์", "ก.พ. 2568", 1, 0, 0, 0, 0, 0, 1, 1, 1, 74],
            ["ตา พระยา", "ก.พ. 2568", 2, 3, 1, 1, 1, 1, 3, 3, 3, 54],
            ["อ" + AM_TWO + "เภอวังน" + AM_TONE_BETWEEN + "เย็น" + ZWSP, "มี.ค. 68", 1, 2, 1, 1, 1, 1, 2, 2, 2, 69],
        ]
    ),
    {
        "scheme": "sakaeo-click-2568",
        "rows": 5,
        "values": 50,
        "grades": {
            "2704 2568-02": {"sakaeo-click-2568": "targets 9"},  # 70 ≥ 80% of 87 = 69.6
            "2702 2568-02": {"sakaeo-click-2568": "targets 7"},  # no shop; 59 < 80% of 74 = 59.2
            "2707 2568-02": {"sakaeo-click-2568": "targets 2"},  # the shop and the 74 leaders only
            "2703 2568-02": {"sakaeo-click-2568": "targets 9"},  # 54 ≥ 80% of 67 = 53.6
            "2704 2568-03": {"sakaeo-click-2568": "targets 8"},  # 69 < 69.6
        },
    },
)

# Buriram FY2568 (RUBRICS §6): points out of 100, no grades.

BURIRAM_KEYS = [
    "sec_formats",
    "sec_events",
    "trainings",
    "jpt_collected_pct",
    "central_dbs",
    "it_processes",
    "model_tambon_step",
    "click_step",
    "innov_process",
    "innov_new",
    "innov_shared",
    "innov_used",
    "innov_roadmap",
]
good(
    "buriram-semicolon.csv",  # Excel with a European list separator saves ";"; January, so every dated step is on time
    csv_bytes(
        [
            ["รหัสอำเภอ", "อำเภอ", "เดือน", *BURIRAM_KEYS],
            # 5 + 10 + 20 + 10 + 25 + 10 + 10 + 10 = 100
            ["3101", "เมืองบุรีรัมย์", "ม.ค. 68", 3, 5, 6, 100, 6, 5, 5, 5, "ใช่", "ใช่", "ใช่", "ใช่", "ใช่"],
            # 3 + 5 + 16 + 4 + 10 + 2 + 6 + 6 (process, new, roadmap) = 52
            ["3104", "นางรอง", "ม.ค. 68", 2, 3, 2, 58, 3, 2, 1, 3, "ใช่", "ใช่", "ไม่ใช่", "ไม่ใช่", "ใช่"],
        ],
        delimiter=";",
    ),
    {
        "scheme": "buriram-digital-2568",
        "rows": 2,
        "values": 26,
        "grades": {
            "3101 2568-01": {"buriram-digital-2568": "score 100"},
            "3104 2568-01": {"buriram-digital-2568": "score 52"},
        },
    },
)

# ---- bad files: one per reason code, each with exactly the problems it must report ----------------------

Q3_OK = ["5709", "แม่สาย", "2567-04", 4, 3, "yes", 2, 3, 2, 85]
Q3_OK_2 = ["5704", "เทิง", "2567-04", 4, 4, "yes", 2, 2, 2, 100]

bad("empty_file.csv", b"", [(None, "empty_file")])
bad("empty_file-bom-and-separators.csv", "\ufeff,,,,\r\n,,,,\r\n".encode(), [(None, "empty_file")])
bad("empty_file-header-only.csv", csv_bytes([Q3_HEADER]), [(None, "empty_file")])
bad("wrong_file_type-csv-named-xlsx.xlsx", csv_bytes([Q3_HEADER, Q3_OK]), [(None, "wrong_file_type")])
bad(
    "wrong_file_type-zip-named-csv.csv",
    zip_of({"report.csv": csv_bytes([Q3_HEADER, Q3_OK])}),
    [(None, "wrong_file_type")],
)
bad(
    "wrong_file_type-zip-not-a-workbook.xlsx",
    zip_of({"report.csv": csv_bytes([Q3_HEADER, Q3_OK])}),
    [(None, "wrong_file_type")],
)
# The first bytes of an old binary Excel file (OLE compound document), as Excel 97–2003 saves .xls.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\xff" * 480
bad("wrong_file_type-legacy-xls-named-csv.csv", OLE, [(None, "wrong_file_type")])
bad("wrong_file_type-legacy-xls.xls", OLE, [(None, "wrong_file_type")])
bad(
    "wrong_file_type-utf16-named-csv.csv",  # Excel's "Unicode Text" renamed to .csv
    "\t".join(Q3_HEADER).encode("utf-16") + "\r\n".encode("utf-16-le"),
    [(None, "wrong_file_type")],
)
# Windows-1252 from a non-Thai PC: ü (0xFC) is a byte Windows-874 leaves undefined. (Most Latin-1 bytes are Thai
# letters in Windows-874 and decode without complaint: only such undefined bytes can be told apart.)
bad(
    "bad_encoding-latin1.csv",
    "code,district,month,downloads\r\n5701,Müang Chiang Rai,2567-04,3\r\n".encode("latin-1"),
    [(None, "bad_encoding")],
)
bad(
    "wrong_file_type-utf16-unicode-text.txt",  # Excel's "Unicode Text (*.txt)": UTF-16 with tabs
    "\r\n".join("\t".join(map(str, row)) for row in (Q3_HEADER, Q3_OK)).encode("utf-16"),
    [(None, "wrong_file_type")],
)
# Hostile files (cdd/limits.py; the defaults are written here, since this script never imports cdd): an .xlsx whose
# zip directory says it inflates to 60 MB (the limit is 50 MB, and 100 times its compressed size) is refused before
# it is opened, and a CSV of 5,001 data rows (the limit is 5,000 a file) after reading. A file over the 10 MB upload
# limit ("too_large") is made at test time in tests/test_limits.py rather than kept here.
bad(
    "zip_bomb-sheet-inflates-to-60-mb.xlsx",
    with_inflated_sheet(xlsx_bytes(lambda sheet: [sheet.append(Q3_HEADER), sheet.append(Q3_OK)]), 60 * 1024 * 1024),
    [(None, "zip_bomb")],
)
bad(
    "too_many_rows-5001-rows.csv",
    csv_bytes([["code", "month", "downloads"]] + [["5709", "2567-04", n] for n in range(5001)]),
    [(None, "too_many_rows")],
)
bad(
    "district_mismatch-code-and-name-disagree.csv",  # 2701 is เมืองสระแก้ว, not คลองหาด: never chosen silently
    csv_bytes(
        [["code", "district", "month", "leaders_downloaded", "travel_places"], [2701, "คลองหาด", "2568-02", 100, 1]]
    ),
    [(2, "district_mismatch")],
)
bad("no_header.csv", csv_bytes([["ชื่อ", "ค่า"], ["เทิง", 5]]), [(1, "no_header")])
bad("unknown_column-misspelled-key.csv", csv_bytes([[*Q3_HEADER[:-1], "downlods"], Q3_OK]), [(None, "unknown_column")])
bad(
    "unknown_column-key-of-another-scheme.csv",
    csv_bytes([[*Q3_HEADER, "shop_new"], [*Q3_OK, 3]]),
    [(None, "unknown_column")],
    args={"scheme_id": "click-2567-q3"},
)
bad(
    "missing_column-no-district.csv",
    csv_bytes([["month", *Q2_KEYS], ["2567-02", 9, "yes", 1, 2, 1, 120]]),
    [(None, "missing_column")],
)
bad(
    "missing_column-no-month.csv",
    csv_bytes([["code", "district", *Q3_KEYS], Q3_OK[:2] + Q3_OK[3:]]),
    [(None, "missing_column")],
)
bad(
    "unknown_district-letter-misspelling.csv",  # the Sa Kaeo letter's own misspellings of เขาฉกรรจ์
    csv_bytes(
        [
            ["อำเภอ", "เดือน", *SAKAEO_KEYS],
            ["คลองหาด", "ก.พ. 2568", 1, 2, 1, 1, 1, 1, 2, 2, 2, 60],
            ["เขาคิชฌกูฏ", "ก.พ. 2568", 1, 2, 1, 1, 1, 1, 2, 2, 2, 60],
            ["เขาคอกระเจี", "ก.พ. 2568", 1, 2, 1, 1, 1, 1, 2, 2, 2, 60],
        ]
    ),
    [(3, "unknown_district"), (4, "unknown_district")],
)
bad("missing_district.csv", csv_bytes([Q3_HEADER, Q3_OK, [None, None, *Q3_OK[2:]]]), [(3, "missing_district")])
bad("missing_month.csv", csv_bytes([Q3_HEADER, Q3_OK, [*Q3_OK_2[:2], None, *Q3_OK_2[3:]]]), [(3, "missing_month")])
bad(
    "duplicate_row.csv",  # the same district and month, written another way
    csv_bytes([Q3_HEADER, Q3_OK, Q3_OK_2, ["๕๗๐๙", "อ.แม่สาย", "เม.ย. 2567", 4, 4, "yes", 2, 3, 2, 90]]),
    [(4, "duplicate_row")],
)
bad("negative.csv", csv_bytes([Q3_HEADER, [*Q3_OK[:-1], -5], Q3_OK_2]), [(2, "negative")])
bad("not_whole.csv", csv_bytes([Q3_HEADER, Q3_OK, [*Q3_OK_2[:6], "2.5", *Q3_OK_2[7:]]]), [(3, "not_whole")])
bad("not_a_number.csv", csv_bytes([Q3_HEADER, [*Q3_OK[:-1], "ยังไม่ได้นับ"]]), [(2, "not_a_number")])
bad("not_yes_no.csv", csv_bytes([Q3_HEADER, [*Q3_OK[:5], "บางส่วน", *Q3_OK[6:]]]), [(2, "not_yes_no")])
bad(
    "part_exceeds_whole.csv",  # 5 heads downloaded of the 4 the same row says there are
    csv_bytes([Q3_HEADER, [*Q3_OK[:3], 4, 5, *Q3_OK[5:]]]),
    [(2, "part_exceeds_whole")],
)
bad(
    "part_exceeds_whole-reference-target.csv",  # 130 leaders of เมืองสระแก้ว's target of 126 on file (reference.csv)
    csv_bytes(
        [
            ["code", "district", "month", "leaders_downloaded", "travel_places"],
            ["2701", "เมืองสระแก้ว", "2568-02", 130, 1],
            ["2702", "คลองหาด", "2568-02", 74, 1],
        ]
    ),
    [(2, "part_exceeds_whole")],
)
WF = ["code", "district", "month", "wf_overdue_pct", "wf_members_pct", "wf_groups_pct"]
bad(
    "out_of_range-overdue-pct-over-100.csv",
    csv_bytes([WF, ["5201", "เมืองลำปาง", "2567-06", "120%", 80, 90]]),
    [(2, "out_of_range")],
)
bad(
    "out_of_range-level-over-max.csv",  # 6 of the 5 dimensions of 5P
    csv_bytes(
        [["code", "district", "month", "kok_5p"], ["5201", "เมืองลำปาง", "2567-06", 6], ["5202", "แม่เมาะ", "2567-06", 5]]
    ),
    [(2, "out_of_range")],
)
bad(
    "not_applicable_refused.csv",  # "not applicable" only in the six provinces the letter names: never Lampang
    csv_bytes(
        [
            ["code", "district", "month", "cf_groups_pct", "cf_members_pct", "cf_debt_pct"],
            ["5201", "เมืองลำปาง", "2567-06", "ไม่เกี่ยวข้อง", "0.8", "66"],
        ]
    ),
    [(2, "not_applicable_refused")],
)
bad(
    "month_outside_period-period-chosen.csv",
    csv_bytes([Q3_HEADER, Q3_OK, [*Q3_OK_2[:2], "2567-05", *Q3_OK_2[3:]]]),
    [(3, "month_outside_period")],
    args={"period": "2567-04"},
)
bad(
    "month_outside_period-scheme-months.csv",  # Q2 is January to March
    csv_bytes(
        [
            ["code", "district", "month", *Q2_KEYS],
            ["5704", "เทิง", "2567-03", 9, "yes", 1, 2, 1, 120],
            ["5704", "เทิง", "2567-04", 9, "yes", 1, 2, 1, 120],
        ]
    ),
    [(3, "month_outside_period")],
    args={"scheme_id": "click-2567-q2"},
)
bad(
    "bad_month.csv",
    csv_bytes(
        [
            Q3_HEADER,
            Q3_OK,
            [*Q3_OK_2[:2], "13/2567", *Q3_OK_2[3:]],
            ["5701", "เมืองเชียงราย", "เมษา 67", 4, 4, "yes", 2, 2, 2, 160],
        ]
    ),
    [(3, "bad_month"), (4, "bad_month")],
)
bad("bad_month-period-chosen.csv", csv_bytes([Q3_HEADER, Q3_OK]), [(None, "bad_month")], args={"period": "2567-13"})
bad(
    "unknown_scheme-no-scheme-fits.csv",  # Click Q3 columns, but January: neither Q3 scheme runs then
    csv_bytes([Q3_HEADER, [*Q3_OK[:2], "ม.ค. 2567", *Q3_OK[3:]]]),
    [(None, "unknown_scheme")],
)
bad(
    "unknown_scheme-named.csv",
    csv_bytes([Q3_HEADER, Q3_OK]),
    [(None, "unknown_scheme")],
    args={"scheme_id": "click-2568-q1"},
)
bad(
    "unknown_scheme-lampang-click-columns.csv",  # Lampang's Click mission or the Click scheme: the person must say
    csv_bytes(
        [
            ["code", "district", "month", "tambons", *Q3_KEYS],
            ["5201", "เมืองลำปาง", "2567-04", 10, 4, 4, "yes", 2, 2, 2, 100],
        ]
    ),
    [(None, "unknown_scheme")],
)
bad(
    "district_outside_scheme.csv",  # a Sa Kaeo district in the Chiang Rai scheme
    csv_bytes(
        [
            ["code", "district", "month", *Q2_KEYS],
            ["5704", "เทิง", "2567-02", 9, "yes", 1, 2, 1, 120],
            ["2701", "เมืองสระแก้ว", "2567-02", 1, "yes", 1, 2, 1, 120],
        ]
    ),
    [(3, "district_outside_scheme")],
    args={"scheme_id": "click-2567-q2"},
)
bad(
    "negative-several-problems.csv",  # one file, six problems, all reported at once
    csv_bytes(
        [
            Q3_HEADER,
            [*Q3_OK[:-1], -3],  # 2: negative downloads
            [*Q3_OK_2[:6], "1.5", *Q3_OK_2[7:]],  # 3: half a post
            ["5701", "เมืองเชียงราย", "2567-04", 4, 4, "maybe", 2, 2, 2, 160],  # 4: not yes/no
            ["", "แม่ริม", "2567-04", 4, 4, "yes", 2, 2, 2, 160],  # 5: a Chiang Mai district
            ["5705", "พาน", "2567-04", 4, 5, "yes", 2, 2, 2, 150],  # 6: 5 heads of 4
            ["5704", "เทิง", "เม.ย. 67", 4, 4, "yes", 2, 2, 2, 100],  # 7: row 3 again
        ]
    ),
    [
        (2, "negative"),
        (3, "not_whole"),
        (4, "not_yes_no"),
        (5, "unknown_district"),
        (6, "part_exceeds_whole"),
        (7, "duplicate_row"),
    ],
)


# ---- evidence beside the figures (RUBRICS §12) ---------------------------------------------------------
# Breakdowns give the graded count: channels with at least one post (Sa Kaeo form 1), heads who downloaded
# (Chiang Rai Q3), activities by name (Sa Kaeo form 2), 5P dimensions (Lampang), IT processes and databases
# (Buriram). Links, a remark column and a รายการ sheet ride along; every link is http or https.

HEADS = ["ดาวน์โหลด: นายอำเภอ", "ดาวน์โหลด: พัฒนาการอำเภอ", "ดาวน์โหลด: ท้องถิ่นอำเภอ", "ดาวน์โหลด: ที่ดินอำเภอ"]
CHANNELS = ["ช่องทาง: Facebook", "ช่องทาง: Line", "ช่องทาง: TikTok", "ช่องทาง: X"]
EVIDENCE_HEADER = [
    "code",
    "district",
    "month",
    "heads_total",
    *HEADS,
    "data_updated",
    "pr_posts",
    *CHANNELS,
    "ชื่อกิจกรรม",
    "downloads",
    "ลิงก์: pr_posts",
    "ลิงก์",
    "หมายเหตุ",
]
# แม่สาย: 3 of 4 heads (the land officer not yet), 3 channels, 2 activities, 85 of 80 downloads → B (RUBRICS §4).
EVIDENCE_MAE_SAI = [
    "5709",
    "แม่สาย",
    "2567-04",
    4,
    "มี",
    "มี",
    "มี",
    "ไม่มี",
    "yes",
    2,
    2,
    1,
    1,
    0,
    "ประชุมผู้นำ\nตลาดนัด Shop ชุมชน",
    85,
    "https://www.facebook.com/p/1 https://line.me/x",
    "https://cdd.go.th/maesai",
    "ที่ดินอำเภอย้ายมาใหม่",
]
# เทิง: all 4 heads, 2 channels, 2 activities, 100 of 100 downloads → A.
EVIDENCE_THOENG = [
    "5704",
    "เทิง",
    "2567-04",
    4,
    "มี",
    "มี",
    "มี",
    "มี",
    "yes",
    2,
    1,
    3,
    0,
    0,
    "อบรม; ประชุม",
    100,
    "https://www.facebook.com/p/2",
    None,
    None,
]

good(
    "click-q3-breakdowns-links-remarks.csv",
    csv_bytes([EVIDENCE_HEADER, EVIDENCE_MAE_SAI, EVIDENCE_THOENG], bom=True),
    {
        "scheme": "click-2567-q3",
        "rows": 2,
        "values": 14,  # 4 written + 3 counted from breakdowns, a row
        "grades": {"5709 2567-04": {"click-2567-q3": "B"}, "5704 2567-04": {"click-2567-q3": "A"}},
        "stored": {
            "5709 2567-04 heads_downloaded": "3",
            "5709 2567-04 pr_channels": "3",
            "5709 2567-04 activities": "2",
            "5704 2567-04 pr_channels": "2",
        },
    },
)


def _lists_sheet(sheet) -> None:
    sheet.append(
        [
            "code",
            "district",
            "month",
            "heads_total",
            "heads_downloaded",
            "data_updated",
            "pr_posts",
            *CHANNELS,
            "downloads",
            "หมายเหตุ",
        ]
    )
    sheet.append(["5709", "แม่สาย", "2567-04", 4, 3, "yes", 2, 2, 1, 1, 0, 85, "ดูแผ่นงานรายการ"])
    listing = sheet.parent.create_sheet("รายการ")
    listing.append(["รหัสอำเภอ", "เดือน", "หัวข้อ", "ชื่อ", "ลิงก์", "หมายเหตุ"])
    listing.append(["5709", "2567-04", "activities", "ประชุมผู้นำ", "https://www.facebook.com/p/3", None])
    listing.append(["5709", "2567-04", "activities", "ตลาดนัด Shop ชุมชน", None, "ภาพถ่ายส่งทางหน้านำเข้า"])
    listing.append(["5709", "2567-04", "ช่องทาง: TikTok", None, "https://www.tiktok.com/@cdd/video/1", None])


good(
    "click-q3-lists-sheet.xlsx",  # the activities by name on the second sheet, as the template's รายการ sheet
    xlsx_bytes(_lists_sheet),
    {
        "scheme": "click-2567-q3",
        "rows": 1,
        "values": 7,  # 5 written, activities and channels counted
        "grades": {"5709 2567-04": {"click-2567-q3": "B"}},
        "stored": {"5709 2567-04 activities": "2", "5709 2567-04 pr_channels": "3"},
    },
)
good(
    "lampang-5p-breakdown.csv",  # Lampang mission 1: which of the 5P dimensions had activities
    csv_bytes(
        [
            ["code", "district", "month", "5P: Place", "5P: People", "5P: Product", "5P: Promotion", "5P: Pass on"],
            ["5201", "เมืองลำปาง", "2567-06", "มี", "มี", "มี", "มี", "ไม่มี"],  # 4 → B
            ["5202", "แม่เมาะ", "2567-06", "มี", "มี", None, None, None],  # 2 → D
        ]
    ),
    {
        "scheme": "lampang-2567-q3",
        "rows": 2,
        "values": 2,
        "grades": {"5201 2567-Q3": {"kok-nong-na": "B"}, "5202 2567-Q3": {"kok-nong-na": "D"}},
        "stored": {"5201 2567-06 kok_5p": "4", "5202 2567-06 kok_5p": "2"},
    },
)
good(
    "buriram-processes-databases.csv",  # Buriram 2.2 and 3: which databases and IT processes, by number
    csv_bytes(
        [
            [
                "รหัสอำเภอ",
                "อำเภอ",
                "เดือน",
                *[f"กระบวนการ IT: {n}" for n in range(1, 6)],
                *[f"ฐานข้อมูล: {n}" for n in range(1, 7)],
                "หมายเหตุ",
            ],
            [
                "3101",
                "เมืองบุรีรัมย์",
                "มี.ค. 68",
                "✓",
                "✓",
                None,
                "✓",
                None,
                "มี",
                "มี",
                "มี",
                None,
                None,
                None,
                "กระบวนการที่ ๓ ติดตั้งภายในมิถุนายน",
            ],
        ]
    ),
    {
        "scheme": "buriram-digital-2568",
        "rows": 1,
        "values": 2,
        "stored": {"3101 2568-03 it_processes": "3", "3101 2568-03 central_dbs": "3"},
    },
)

bad(
    "link_not_web-javascript.csv",
    csv_bytes([EVIDENCE_HEADER, [*EVIDENCE_MAE_SAI[:-2], "javascript:alert(document.cookie)", None]]),
    [(2, "link_not_web")],
)
bad(
    "link_without_scheme.csv",
    csv_bytes([EVIDENCE_HEADER, EVIDENCE_MAE_SAI, [*EVIDENCE_THOENG[:-3], "www.facebook.com/p/2", None, None]]),
    [(3, "link_without_scheme")],
)
bad(
    "breakdown_mismatch.csv",  # 3 channels written, the breakdown shows only Facebook and Line
    csv_bytes(
        [
            [*Q3_HEADER, "ช่องทาง: Facebook", "ช่องทาง: Line", "ช่องทาง: TikTok"],
            [*Q3_OK, 1, 1, 0],
        ]
    ),
    [(2, "breakdown_mismatch")],
)


def _bad_link_in_lists(sheet) -> None:
    _lists_sheet(sheet)
    sheet.parent["รายการ"].append(["5709", "2567-04", "activities", "ประกวด", "javascript:void(0)", None])


bad("link_not_web-lists-sheet.xlsx", xlsx_bytes(_bad_link_in_lists), [(5, "link_not_web")])


def _list_row_without_report(sheet) -> None:
    _lists_sheet(sheet)
    sheet.parent["รายการ"].append(["5704", "2567-04", "activities", "ประชุม", None, None])  # เทิง: no row on sheet 1


bad("list_without_report.xlsx", xlsx_bytes(_list_row_without_report), [(5, "list_without_report")])
bad(
    "bad_link-no-site.csv",
    csv_bytes([EVIDENCE_HEADER, [*EVIDENCE_MAE_SAI[:-2], "https://", None]]),
    [(2, "bad_link")],
)
bad(
    "bad_breakdown.csv",  # a channel counted as "some"
    csv_bytes(
        [
            [*Q3_HEADER[:-3], "activities", "downloads", "ช่องทาง: Facebook", "ช่องทาง: Line"],
            [*Q3_OK[:-3], 2, 85, "บางครั้ง", 1],
        ]
    ),
    [(2, "bad_breakdown")],
)


# ---- writing ----------------------------------------------------------------------------------------


def write_corpus(root: Path = HERE) -> None:
    """Write good/ and bad/ under `root`, replacing whatever files were there."""
    names = [(folder.name, name) for folder, name, *_ in CORPUS]
    assert len(names) == len(set(names)), "two corpus files share a name"
    for folder in (GOOD, BAD):
        target = root / folder.name
        target.mkdir(parents=True, exist_ok=True)
        for old in target.iterdir():
            if old.is_file():
                old.unlink()
    for folder, name, data, args, expected in CORPUS:
        target = root / folder.name
        (target / name).write_bytes(data)
        (target / f"{name}.expected.json").write_text(_json(expected), encoding="utf-8", newline="\n")
        if args:
            (target / f"{name}.args.json").write_text(_json(args), encoding="utf-8", newline="\n")


def main() -> None:
    write_corpus()
    print(f"wrote {sum(f is GOOD for f, *_ in CORPUS)} good and {sum(f is BAD for f, *_ in CORPUS)} bad files")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    main()
