"""What a district may attach as evidence: links that are only http or https, and photos or PDFs
judged by their bytes, never by their name.

A link is what a reviewer will click, so nothing but a web address may pass: `javascript:`, `data:`,
`file:` and an address without its scheme are refused with the fix. A file is judged by its first
bytes (JPEG, PNG or PDF); anything else, such as a program renamed to .jpg, an SVG or an HTML page
that a browser would run, is refused, and so is a file over the size limit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cdd.errors import CddError
from cdd.intake.limits import MB, megabytes
from cdd.office.thai import clean_text
from cdd.rubrics.reasons import Reason

MAX_LINK_LENGTH = 2000
# The only types a stored file is ever given: none of them is run by a browser.
MEDIA_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
MAGIC = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"%PDF-", "pdf"))
DEFAULT_MAX_FILE_MB = 5
MAX_FILE_ENV = "CDD_MAX_EVIDENCE_MB"
_SPLIT = re.compile(r"[\s,;]+")


class AttachmentProblem(CddError, ValueError):
    """A link or file that cannot be kept as evidence; `code` is the stable reason, the text the fix."""

    def __init__(self, code: Reason, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    media_type: str
    size: int


def check_link(written: str) -> str:
    """The link as it will be kept, or AttachmentProblem saying how to write it."""
    link = clean_text(written)
    if not link:
        raise AttachmentProblem(Reason.BAD_LINK, "ลิงก์ว่าง: ใส่ลิงก์เต็ม เช่น https://www.facebook.com/...")
    if len(link) > MAX_LINK_LENGTH:
        raise AttachmentProblem(Reason.BAD_LINK, f"ลิงก์ยาวเกิน {MAX_LINK_LENGTH} ตัวอักษร: ใช้ลิงก์ที่สั้นลง")
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.netloc and not _SPLIT.search(link):
        return link
    if not scheme or "." in scheme:  # "www.facebook.com/page" or "facebook.com:80/x"
        raise AttachmentProblem(
            Reason.LINK_WITHOUT_SCHEME,
            f"ลิงก์ '{link}' ไม่มี https:// นำหน้า: แก้เป็น https://{link.lstrip('/')}",
        )
    if scheme in ("http", "https"):
        raise AttachmentProblem(Reason.BAD_LINK, f"ลิงก์ '{link}' ไม่ครบ (ไม่มีชื่อเว็บไซต์หรือมีช่องว่าง): คัดลอกลิงก์เต็มจากเบราว์เซอร์")
    raise AttachmentProblem(
        Reason.LINK_NOT_WEB,
        f"ลิงก์ '{link}' เป็นแบบ '{scheme}:' ซึ่งไม่ใช่หน้าเว็บ: ใช้เฉพาะลิงก์ที่ขึ้นต้นด้วย https:// หรือ http://",
    )


def split_links(written: object) -> list[str]:
    """Several links in one cell, one a line or separated by spaces, commas or semicolons."""
    if written is None:
        return []
    return [part for part in _SPLIT.split(clean_text(str(written))) if part]


def max_file_bytes() -> int:
    try:
        size = float(os.environ.get(MAX_FILE_ENV, DEFAULT_MAX_FILE_MB))
    except ValueError:
        size = DEFAULT_MAX_FILE_MB
    return int((size if size > 0 else DEFAULT_MAX_FILE_MB) * MB)


def check_file(file_name: str, data: bytes) -> CheckedFile:
    """A photo (JPEG, PNG) or PDF within the size limit, judged by its bytes."""
    limit = max_file_bytes()
    if len(data) > limit:
        raise AttachmentProblem(
            Reason.FILE_TOO_LARGE,
            f"ไฟล์ '{file_name}' มีขนาด {megabytes(len(data))} เกินขีดจำกัด {megabytes(limit)}: "
            "ย่อรูปหรือบีบอัด PDF แล้วแนบใหม่ หรือแนบเป็นลิงก์แทน",
        )
    extension = next((ext for magic, ext in MAGIC if data.startswith(magic)), None)
    if extension is None:
        raise AttachmentProblem(
            Reason.FILE_NOT_EVIDENCE,
            f"ไฟล์ '{file_name}' ไม่ใช่รูปภาพ JPEG/PNG หรือ PDF (ดูจากเนื้อไฟล์ ไม่ใช่ชื่อไฟล์): "
            "บันทึกเป็น .jpg .png หรือ .pdf แล้วแนบใหม่",
        )
    return CheckedFile(extension, MEDIA_TYPES[extension], len(data))
