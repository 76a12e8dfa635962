"""What the upload screen shows, as plain values and tables: the staff guide, template names, the
problems of a file, the preview of what a file would change, and the batch history.

No streamlit here: the page only chooses, draws and calls cdd.store.submissions to write or roll back.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from cdd.grading.report import show
from cdd.intake.limits import Limits
from cdd.intake.reader import FileProblem, read_grid
from cdd.intake.validate import Problem, Submission, find_header
from cdd.office.calendar import Month, Period, PeriodError, parse_period, thai_datetime
from cdd.office.districts import Registry
from cdd.office.thai import plain_text, without_bidi_controls
from cdd.rubrics.indicators import CATALOGUE, decode_value
from cdd.rubrics.model import Scheme
from cdd.store.submissions import Plan, PlannedValue

# The same steps as README.md «วิธีส่งรายงานประจำเดือน (สำหรับเจ้าหน้าที่อำเภอ)»: a test keeps them equal.
STAFF_GUIDE = """\
1. เข้าสู่ระบบด้วยบัญชีของอำเภอ เปิดหน้า "นำเข้าข้อมูล" แล้วดาวน์โหลดแบบฟอร์ม Excel ของเดือนที่ต้องส่ง
   แบบฟอร์มมีเฉพาะแถวของอำเภอตน แถวแรกเป็นชื่อตัวชี้วัดภาษาไทย ห้ามลบหรือแก้แถวนี้
2. กรอกตัวเลขของเดือนนั้นในแถวของอำเภอตน ช่องใช่/ไม่ใช่ เลือกจากรายการ ช่องที่ยังไม่มีข้อมูลให้เว้นว่าง (ไม่ใส่ 0 แทน)
3. บันทึกเป็น Excel (.xlsx) หรือ CSV (Excel บันทึกแบบ "CSV UTF-8" หรือ CSV ธรรมดาก็ได้)
4. ส่งภายในวันที่ 15 ของเดือนถัดไป (ลำปาง: ตามรอบรายงานในหนังสือ) ถ้าระบบแจ้งปัญหา ระบบจะบอกแถว คอลัมน์ ค่า และวิธีแก้
   แก้ทุกข้อแล้วส่งใหม่ ไฟล์ที่มีปัญหาจะไม่ถูกบันทึกเลยแม้แต่แถวเดียว
5. ถ้าส่งตัวเลขผิด ส่งไฟล์ใหม่ได้ ค่าใหม่จะแทนค่าเดิม และค่าเดิมยังเก็บไว้ในประวัติ
"""

GUIDE_HEADING = "วิธีส่งรายงานประจำเดือน (สำหรับเจ้าหน้าที่อำเภอ)"
PREVIEW_LIMIT = 200
PROBLEM_COLUMNS = ["แถว", "คอลัมน์", "ค่าที่พบ", "วิธีแก้"]  # the reason codes are for programs, not for people
VALUE_COLUMNS = ["อำเภอ", "เดือน", "ตัวชี้วัด", "ค่าเดิม", "ค่าใหม่", "แถวในไฟล์"]
BATCH_COLUMNS = {
    "id": "หมายเลข",
    "submitted_at": "เวลา",
    "submitted_by": "ผู้ส่ง",
    "file_name": "ไฟล์",
    "scheme": "เกณฑ์",
    "period": "ช่วง",
    "row_count": "แถว",
    "value_count": "ค่า",
    "superseded": "แทนที่",
    "is_demo": "ข้อมูลตัวอย่าง",
    "rolled_back_at": "ยกเลิกแล้ว",
}
WHOLE_FILE = "ทั้งไฟล์"


# ---- the guide --------------------------------------------------------------------------------------


def guide_steps(markdown: str) -> list[str]:
    """The numbered steps of a markdown list, each joined onto one line: what the guide says, not its wrapping."""
    steps: list[str] = []
    for line in markdown.splitlines():
        if match := re.match(r"^\s*\d+\.\s+(.*)$", line):
            steps.append(match[1].strip())
        elif steps and line.strip():
            steps[-1] += " " + line.strip()
    return steps


def readme_section(readme: str, heading: str = GUIDE_HEADING) -> str:
    """The text under a markdown heading, up to the next heading."""
    lines = readme.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip() == heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return "\n".join(lines[start + 1 : end])


# ---- the template -----------------------------------------------------------------------------------


def template_period(token: str) -> Period | None:
    """The period a template is pre-filled for: a month or a quarter's months; a year is left to fill."""
    period = parse_period(token)
    return None if len(period.months) > 3 else period


def template_file_name(scheme: Scheme, period: Period | None, extension: str) -> str:
    """'แบบรายงาน-click-2567-q3-2567-04.xlsx'"""
    suffix = f"-{period.token.lower()}" if period is not None else ""
    return f"แบบรายงาน-{scheme.id}{suffix}.{extension}"


def template_note(period: Period | None, district: str | None = None) -> str:
    """What the template holds; `district` names a district account's own district, its only rows."""
    rows = f"แถวของอำเภอ{district}" if district else "หนึ่งแถวต่ออำเภอ"
    if period is None:
        return f"แบบฟอร์มมี{rows} กรอกเดือนในคอลัมน์ 'เดือน' เอง (เช่น 2567-04)"
    if isinstance(period, Month):
        return f"แบบฟอร์มกรอกเดือน{period.thai()} ไว้ให้แล้ว มี{rows}"
    return f"แบบฟอร์มมี{rows}ต่อเดือนของ{period.thai()} กรอกเดือนไว้ให้แล้ว"


# ---- the uploaded file ------------------------------------------------------------------------------


def file_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def needs_month(file_name: str, data: bytes, limit: Limits) -> bool:
    """Whether the file has a header but no month column: then the month of the whole file must be given.
    `limit`: the limits in force (cdd.store.settings.limits); a file over them is refused by the check."""
    try:
        header = find_header(read_grid(file_name, data, limit))
    except FileProblem:
        return False
    return header is not None and all(column.key != "month" for column in header[0])


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """Every problem at once, where a person finds it in the spreadsheet; text cells, so every row draws alike."""
    rows = [
        [
            str(p.row) if p.row else WHOLE_FILE,
            plain_text(p.column or "–"),
            "–" if p.value is None else plain_text(p.value),
            plain_text(p.message),  # st.table renders Markdown: what a file holds is shown as typed
        ]
        for p in sorted(problems, key=lambda p: p.row or 0)  # whole-file problems first, then down the sheet
    ]
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def preview_counts(plan: Plan, submission: Submission) -> dict[str, int]:
    """What the file would do, in the order a person asks: what is new, what changes, what stays."""
    return {
        "ค่าใหม่": plan.count("new"),
        "ค่าที่เปลี่ยน": plan.count("changed"),
        "ค่าเท่าเดิม": plan.count("unchanged"),
        "แถวที่เว้นว่าง": submission.untouched_rows,
        "ค่าอ้างอิงเดิม": submission.echoed_references,
    }


def planned_values(plan: Plan, registry: Registry, change: str, limit: int = PREVIEW_LIMIT) -> pd.DataFrame:
    """The first `limit` values of one kind of change (new or changed), as a person reads them."""
    chosen = [v for v in plan.values if v.change == change][:limit]
    table = pd.DataFrame([_value_row(v, registry) for v in chosen], columns=VALUE_COLUMNS)
    return table.drop(columns=["ค่าเดิม"]) if change == "new" else table


def _value_row(value: PlannedValue, registry: Registry) -> list[str]:
    district = registry.districts.get(value.code)
    indicator = CATALOGUE[value.key]
    before = "–" if value.before is None else show(decode_value(indicator, value.before))
    after = show(decode_value(indicator, value.value))
    month = parse_period(value.month).thai()
    return [district.name if district else value.code, month, indicator.label, before, after, str(value.source_row)]


def saved_message(batch: int, file_name: str, values: int, evidence: int = 0) -> str:
    """The sentence after a save, for st.success (which renders Markdown): the file name shown as typed."""
    extra = f", หลักฐานใหม่ {evidence:,} รายการ" if evidence else ""
    return f"บันทึกแล้ว ชุดข้อมูลหมายเลข {batch}: {plain_text(file_name)} ({values:,} ค่า{extra})"


def evidence_note(plan: Plan) -> str | None:
    """What the file adds beside its figures, when it adds anything: figures all unchanged are said so."""
    if not plan.new_evidence:
        return None
    if not plan.writes:
        return f"ตัวเลขเหมือนเดิม · หลักฐานใหม่ {plan.new_evidence:,} รายการ (ลิงก์ หมายเหตุ หรือรายการย่อย) จะถูกบันทึกเมื่อยืนยัน"
    return f"หลักฐานใหม่ {plan.new_evidence:,} รายการ (ลิงก์ หมายเหตุ หรือรายการย่อย) จะถูกบันทึกพร้อมตัวเลข"


def submission_summary(submission: Submission) -> str:
    """'click-2567-q3 · เมษายน 2567 · 18 แถว', for st.success (Markdown): the rubric's title shown as typed."""
    return f"{plain_text(submission.scheme.title)} · {period_thai(submission.period)} · {len(submission.rows)} แถวที่กรอก"


# ---- the batch history ------------------------------------------------------------------------------


def period_thai(token: str | None) -> str:
    """'เมษายน 2567', or 'เมษายน 2567 – มิถุนายน 2567' for a batch that spans months."""
    if not token:
        return "–"
    try:
        return " – ".join(parse_period(part).thai() for part in token.split(".."))
    except PeriodError:
        return token


def batch_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The history with Thai heads, times in Thai BE, and demo and rolled-back batches marked in words."""
    table = frame.drop(columns=["sha256"], errors="ignore").copy()
    table["submitted_at"] = table["submitted_at"].map(thai_datetime)
    table["rolled_back_at"] = table["rolled_back_at"].map(thai_datetime)
    table["period"] = table["period"].map(period_thai)
    table["is_demo"] = table["is_demo"].map(lambda demo: "ตัวอย่าง" if demo else "")
    for typed in ("file_name", "submitted_by"):  # never shown backwards
        table[typed] = table[typed].map(without_bidi_controls)
    return table[list(BATCH_COLUMNS)].rename(columns=BATCH_COLUMNS)


def rollback_choices(frame: pd.DataFrame) -> dict[int, str]:
    """Batches still in force, newest first, each named so a person can tell which it is."""
    live = frame[frame["rolled_back_at"].isna()]
    return {int(row.id): _batch_label(row) for row in live.itertuples()}


def _batch_label(row) -> str:
    demo = " (ข้อมูลตัวอย่าง)" if row.is_demo else ""
    typed = without_bidi_controls(f"{row.file_name} · {row.submitted_by}")
    return f"ชุด {row.id} · {typed} · {thai_datetime(row.submitted_at)}{demo}"
