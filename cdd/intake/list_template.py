"""The รายการ sheet of the Excel template: one row per activity, link or note, beside the figures.

The letters ask for each activity by name with a photo, document or link (Sa Kaeo form 2), and for links
to each post (form 1); a row of the first sheet has room for a count, this sheet for the list behind it.
It is read back by cdd/intake/extras.py; the guide sheet says what each column takes.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font

from cdd.intake.breakdowns import BREAKDOWNS, NAMED_COUNTS
from cdd.intake.extras import LIST_SHEET
from cdd.rubrics.model import Scheme

LIST_HEADER = ["รหัสอำเภอ", "เดือน", "หัวข้อ", "ชื่อ", "ลิงก์", "หมายเหตุ"]
WIDTHS = [12, 12, 28, 36, 48, 36]


def add_list_sheet(workbook: Workbook, scheme: Scheme, guide) -> None:
    """The รายการ sheet as the workbook's second, and its explanation at the end of the guide sheet."""
    sheet = workbook.create_sheet(LIST_SHEET, 1)
    sheet.append(LIST_HEADER)
    for index, width in enumerate(WIDTHS):
        sheet.cell(row=1, column=index + 1).font = Font(bold=True)
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    for cell in ("A", "B"):
        for row in range(2, 501):
            sheet[f"{cell}{row}"].number_format = "@"  # codes and months stay text
    guide.append([])
    for line in list_guide(scheme):
        guide.append(line)


def list_guide(scheme: Scheme) -> list[list[str]]:
    named = [key for key in NAMED_COUNTS if key in scheme.inputs]
    parts = [b for b in BREAKDOWNS.values() if b.key in scheme.inputs]
    lines = [
        [f"แผ่นงาน {LIST_SHEET}", "หนึ่งแถวต่อหนึ่งกิจกรรม ลิงก์ หรือบันทึก ของอำเภอและเดือนที่มีแถวในแผ่นงานแรก"],
        ["ลิงก์", "ขึ้นต้นด้วย https:// หรือ http:// เท่านั้น หลายลิงก์ในช่องเดียวคั่นด้วยการขึ้นบรรทัดใหม่"],
        ["หัวข้อ", "รหัสตัวชี้วัดของแผ่นงานแรก (เช่น pr_posts) หรือเว้นว่างถ้าเป็นของทั้งเดือน"],
    ]
    for key in named:
        lines.append([f"หัวข้อ {key}", "หัวข้อนี้พร้อมชื่อในช่อง 'ชื่อ' นับเป็นหนึ่งรายการ: เว้นช่องจำนวนในแผ่นงานแรกให้ระบบนับ"])
    for breakdown in parts:
        items = ", ".join(f"{breakdown.prefix}: {item}" for item in breakdown.items)
        lines.append([f"{breakdown.key} รายการย่อย", f"คอลัมน์ในแผ่นงานแรก หรือหัวข้อในแผ่นงานนี้: {items}"])
    lines.append(["หมายเหตุ", "คอลัมน์ 'หมายเหตุ' ใส่ได้ในแผ่นงานแรกของทุกแบบฟอร์ม"])
    return lines
