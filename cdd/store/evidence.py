"""What a district sent beside its figures: links, notes, remarks, breakdown items, photos and PDFs.

Rows of `evidence` are only ever added, never changed. A file is kept outside the database, under
data/evidence/ (or $CDD_EVIDENCE_DIR) named by its sha256, and only after its bytes show it is a JPEG,
PNG or PDF within the size limit (cdd/intake/attachments.py); it is given back with that type only.

Rights: a district account adds to and reads only its own district; province and admin accounts read
and add for every district; a viewer reads.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cdd.errors import CddError
from cdd.intake.attachments import AttachmentProblem, check_file, check_link
from cdd.intake.extras import EvidenceEntry
from cdd.office.calendar import PeriodError, parse_month
from cdd.office.clock import stamp
from cdd.office.districts import DATA_DIR, normalise_code
from cdd.office.thai import clean_text
from cdd.store.database import first_row, insert_columns, one_row, write_transaction
from cdd.store.users import NotAllowed, User

EVIDENCE_DIR_ENV = "CDD_EVIDENCE_DIR"
MAX_NOTE_LENGTH = 2000
KIND_NAMES = {
    "link": "ลิงก์",
    "file": "ไฟล์",
    "note": "บันทึก",
    "remark": "หมายเหตุ",
    "part": "รายการย่อย",
    "name": "ชื่อกิจกรรม",
}


class EvidenceRefused(CddError):
    """Evidence that cannot be added as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Evidence:
    id: int
    code: str
    month: str
    item: str
    kind: str
    label: str | None
    content: str  # the link, the note, the breakdown value, or the file's name
    sha256: str | None
    media_type: str | None
    size: int | None
    batch_id: int | None
    added_by: str
    added_at: object


def evidence_dir(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get(EVIDENCE_DIR_ENV) or DATA_DIR / "evidence")


# ---- rights -------------------------------------------------------------------------------------


def authorize_read(user: User | None, code: str) -> None:
    """A district account sees only its own district's evidence and review."""
    if user is None:
        raise NotAllowed("ยังไม่ได้เข้าสู่ระบบ: เข้าสู่ระบบก่อนดูหลักฐาน")
    if user.role == "district" and user.district != code:
        raise NotAllowed(f"บัญชี '{user.name}' ดูหลักฐานได้เฉพาะอำเภอ {user.district} ไม่ใช่อำเภอ {code}")


def authorize_add(user: User | None, code: str) -> None:
    if user is None:
        raise NotAllowed("ยังไม่ได้เข้าสู่ระบบ: เข้าสู่ระบบก่อนแนบหลักฐาน")
    if not user.can_write(code):
        raise NotAllowed(f"บัญชี '{user.name}' ({user.role_name}) แนบหลักฐานของอำเภอ {code} ไม่ได้")


# ---- written with a batch -----------------------------------------------------------------------


def record_batch(cur: duckdb.DuckDBPyConnection, batch: int, months: set[tuple[str, str]], entries, who: str) -> None:
    """Inside the batch's transaction: which months it sent, and what it carried beside the figures."""
    at = stamp()
    if months:
        codes, tokens = zip(*sorted(months))
        cur.execute("INSERT INTO sent_months SELECT ?, unnest(?), unnest(?)", [batch, list(codes), list(tokens)])
    rows = [
        [e.code, e.month, e.item, e.kind, e.label, e.content, batch, e.source_row, who, at]
        for e in fresh_entries(cur, months, entries)
    ]
    insert_columns(
        cur,
        "INSERT INTO evidence (code, month, item, kind, label, content, batch_id, source_row, added_by, added_at)",
        rows,
    )


def fresh_entries(cur, months: set[tuple[str, str]], entries) -> list[EvidenceEntry]:
    """The entries these months do not hold yet: what a file adds beside its figures, even when they are unchanged."""
    if not entries:  # most files carry figures only: nothing to look up
        return []
    kept = _already_kept(cur, months)
    return [e for e in entries if (e.code, e.month, e.item, e.kind, e.label, e.content) not in kept]


def _already_kept(cur, months: set[tuple[str, str]]) -> set[tuple]:
    """What these months already hold: a file sent again repeats it, and a repeat is not new evidence."""
    if not months:
        return set()
    codes, tokens = zip(*sorted(months))
    return set(
        cur.execute(
            "SELECT e.code, e.month, e.item, e.kind, e.label, e.content FROM evidence e "
            "JOIN (SELECT unnest(?) AS code, unnest(?) AS month) w USING (code, month)",
            [list(codes), list(tokens)],
        ).fetchall()
    )


# ---- added afterwards, from the upload screen or the command line ---------------------------------


def add_link(con, user: User, code: str, month: str, item: str, link: str, note: str | None = None) -> int:
    try:
        checked = check_link(link)
    except AttachmentProblem as problem:
        raise EvidenceRefused(str(problem)) from None
    return _add(con, user, code, month, item, "link", _note(note), checked)


def add_note(con, user: User, code: str, month: str, item: str, note: str) -> int:
    text = _note(note)
    if not text:
        raise EvidenceRefused("บันทึกว่าง: พิมพ์ข้อความก่อนบันทึก")
    return _add(con, user, code, month, item, "note", None, text)


def add_file(
    con, user: User, code: str, month: str, item: str, file_name: str, data: bytes, note: str | None = None, root=None
) -> int:
    """Keep a photo or PDF under its sha256 (the same file sent twice is kept once) and record it."""
    try:
        checked = check_file(file_name, data)
    except AttachmentProblem as problem:
        raise EvidenceRefused(str(problem)) from None
    digest = hashlib.sha256(data).hexdigest()
    target = evidence_dir(root) / f"{digest}.{checked.extension}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)  # never a half-written file under the final name
    name = clean_text(Path(file_name).name)[:200] or f"{digest[:12]}.{checked.extension}"
    stored = (digest, checked.media_type, checked.size)
    return _add(con, user, code, month, item, "file", _note(note), name, stored)


def _note(note: str | None) -> str | None:
    text = clean_text(note or "")
    if len(text) > MAX_NOTE_LENGTH:
        raise EvidenceRefused(f"บันทึกยาวเกิน {MAX_NOTE_LENGTH} ตัวอักษร: ย่อให้สั้นลง")
    return text or None


def _add(con, user: User, code: str, month: str, item: str, kind: str, label, content: str, stored=(None,) * 3) -> int:
    code, month = _place(code, month)
    authorize_add(user, code)
    with write_transaction(con) as cur:
        _check_sent(cur, code, month, item)
        return one_row(
            cur,
            "INSERT INTO evidence (code, month, item, kind, label, content, sha256, media_type, size, added_by, "
            "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [code, month, item or "", kind, label, content, *stored, user.name, stamp()],
        )[0]


def _place(code: str, month: str) -> tuple[str, str]:
    try:
        return normalise_code(code), parse_month(month).token
    except PeriodError as error:
        raise EvidenceRefused(str(error)) from None


def _check_sent(cur, code: str, month: str, item: str) -> None:
    """Evidence belongs to something already sent: the month, or one of its current figures."""
    sql = "SELECT count(*) FROM submitted_values WHERE code = ? AND month = ? AND replaced_by IS NULL AND NOT retracted"
    params = [code, month]
    if item:
        sql, params = sql + " AND key = ?", params + [item]
    if not one_row(cur, sql, params)[0]:
        what = f"ตัวชี้วัด '{item}' ของ" if item else ""
        raise EvidenceRefused(f"ยังไม่มี{what}รายงานอำเภอ {code} เดือน {month}: ส่งตัวเลขของเดือนนั้นก่อน แล้วจึงแนบหลักฐาน")


# ---- reading ------------------------------------------------------------------------------------

_COLUMNS = "id, code, month, item, kind, label, content, sha256, media_type, size, batch_id, added_by, added_at"


def list_evidence(con, user: User | None, code: str, month: str) -> list[Evidence]:
    code, month = _place(code, month)
    authorize_read(user, code)
    rows = con.execute(
        f"SELECT {_COLUMNS} FROM evidence WHERE code = ? AND month = ? ORDER BY item, id", [code, month]
    ).fetchall()
    return [Evidence(*row) for row in rows]


def file_of(con, user: User | None, evidence_id: int, root=None) -> tuple[bytes, str, str]:
    """(bytes, media type, file name) of a stored file, checked against its sha256 before it is given back."""
    row = first_row(
        con, "SELECT code, content, sha256, media_type FROM evidence WHERE id = ? AND kind = 'file'", [evidence_id]
    )
    if row is None:
        raise EvidenceRefused(f"ไม่มีไฟล์หลักฐานหมายเลข {evidence_id}")
    code, name, digest, media_type = row
    authorize_read(user, code)
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[media_type]
    path = evidence_dir(root) / f"{digest}.{extension}"
    data = path.read_bytes() if path.exists() else b""
    if hashlib.sha256(data).hexdigest() != digest:
        raise EvidenceRefused(f"ไฟล์หลักฐาน '{name}' หายหรือถูกแก้ไขหลังส่ง: ขอให้อำเภอแนบใหม่ หรือกู้จากสำเนาสำรอง")
    return data, media_type, name


def entries_as_text(items: list[Evidence]) -> list[str]:
    """One line for each, as the command line prints them."""
    lines = []
    for e in items:
        what = KIND_NAMES.get(e.kind, e.kind)
        label = f" [{e.label}]" if e.label else ""
        extra = f" {e.media_type} {e.size:,} ไบต์ sha256 {e.sha256}" if e.kind == "file" else ""
        lines.append(f"{e.id}\t{e.item or '(ทั้งเดือน)'}\t{what}{label}\t{e.content}{extra}\t{e.added_by} {e.added_at}")
    return lines


__all__ = ["Evidence", "EvidenceEntry", "EvidenceRefused"]
