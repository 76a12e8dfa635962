"""Lists the letters ask for where a graded count comes from a list (RUBRICS §12).

Sa Kaeo form 1 counts publicity per channel; Chiang Rai Q3 asks which heads downloaded; Lampang which
5P dimensions had activities; Buriram which IT processes and which databases were done; Sa Kaeo form 2
names each activity. Each is a `Breakdown`: the items the letter prints, the header prefix a template
column carries ("ช่องทาง: TikTok"), and what a gap says of an item still missing. The count the rubric
grades is the number of items done, so a gap can name the missing one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from cdd.office.thai import clean_text, to_arabic_digits
from cdd.rubrics.indicators import NO_WORDS, YES_WORDS


@dataclass(frozen=True)
class Breakdown:
    key: str  # the graded count this list gives
    prefix: str  # a column "ช่องทาง: TikTok" is the item TikTok of this list
    items: tuple[str, ...]
    missing: str  # what a gap says of an item not done
    letter: str
    optional: tuple[str, ...] = ()  # items the letter asks for only where there is one ("ที่ดินอำเภอ (ถ้ามี)")
    total: str | None = None  # the reference figure that counts the items a district has

    def item(self, written: str) -> str | None:
        """The item a header names, by its printed name in any case, or by its number (1 = the first)."""
        text = clean_text(written).lower()
        for index, item in enumerate(self.items, start=1):
            if text in (item.lower(), str(index)):
                return item
        return None


BREAKDOWNS = {
    b.key: b
    for b in (
        Breakdown(
            "pr_channels",
            "ช่องทาง",
            (
                "เว็บไซต์จังหวัด",
                "เว็บไซต์อำเภอ",
                "Facebook",
                "Line",
                "สื่อสิ่งพิมพ์",
                "Instagram",
                "TikTok",
                "X",
                "อื่น ๆ",
            ),
            "ยังไม่มีโพสต์",
            "สระแก้ว แบบรายงานที่ ๑",
        ),
        Breakdown(
            "heads_downloaded",
            "ดาวน์โหลด",
            ("นายอำเภอ", "พัฒนาการอำเภอ", "ท้องถิ่นอำเภอ", "ที่ดินอำเภอ"),
            "ยังไม่ดาวน์โหลด",
            "เชียงราย ไตรมาส ๓",
            optional=("ที่ดินอำเภอ",),
            total="heads_total",
        ),
        Breakdown(
            "kok_5p",
            "5P",
            ("Place", "People", "Product", "Promotion", "Pass on"),
            "ยังไม่มีกิจกรรม",
            "ลำปาง ภารกิจที่ ๑",
        ),
        Breakdown(
            "it_processes",
            "กระบวนการ IT",
            (
                "ทบทวน/กลไกการบริหารจัดการ",
                "สำรวจเครื่องคอมพิวเตอร์และทะเบียนผู้ใช้",
                "ติดตั้งโปรแกรมป้องกันไวรัส",
                "ปรับปรุงเว็บไซต์",
                "ประชุมทางไกล",
            ),
            "ยังไม่ครบ",
            "บุรีรัมย์ ข้อ ๓",
        ),
        Breakdown(
            "central_dbs",
            "ฐานข้อมูล",
            (
                "กลุ่มออมทรัพย์เพื่อการผลิต",
                "กข.คจ.",
                "ผู้นำชุมชน",
                "กองทุนแม่ของแผ่นดิน",
                "ยอดจำหน่าย OTOP",
                "แผนตำบล",
            ),
            "ยังไม่ครบ",
            "บุรีรัมย์ ข้อ ๒.๒",
        ),
    )
}
# A count given by naming each thing counted (Sa Kaeo form 2: each activity by name).
NAMED_COUNTS = {"activities": ("ชื่อกิจกรรม", "activity_names", "รายชื่อกิจกรรม")}


class EntryProblem(ValueError):
    pass


def entry_done(written: object) -> bool:
    """Whether a breakdown cell says the item was done: a count above 0 or a yes; blank means not reported."""
    if isinstance(written, bool):
        return written
    if isinstance(written, int | float | Fraction):
        if written < 0 or written != int(written):
            raise EntryProblem(f"ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป หรือ มี/ไม่มี ไม่ใช่ '{written}'")
        return written > 0
    word = to_arabic_digits(clean_text(str(written))).lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    if word.isdigit():
        return int(word) > 0
    raise EntryProblem(f"ต้องเป็นจำนวนครั้ง (เช่น 2) หรือ มี/ไม่มี ไม่ใช่ '{clean_text(str(written))}'")


def entry_text(written: object) -> str:
    """A breakdown cell as it is kept: its count, or yes/no."""
    if isinstance(written, bool):
        return "yes" if written else "no"
    if isinstance(written, int | float | Fraction):
        return str(int(written))
    word = to_arabic_digits(clean_text(str(written))).lower()
    return word if word.isdigit() else ("yes" if entry_done(written) else "no")


def part_header(text: str) -> tuple[str, str] | None:
    """(count key, item) for a header such as "ช่องทาง: TikTok" or "pr_channels:tiktok"."""
    if ":" not in text:
        return None
    head, _, tail = clean_text(text).partition(":")
    head = head.strip().lower()
    for breakdown in BREAKDOWNS.values():
        if head in (breakdown.prefix.lower(), breakdown.key):
            item = breakdown.item(tail.strip())
            return (breakdown.key, item) if item else None
    return None


def named_count(text: str) -> str | None:
    lowered = clean_text(text).lower()
    return next((key for key, names in NAMED_COUNTS.items() if lowered in names), None)


def split_names(written: object) -> list[str]:
    """Names in one cell, one a line or separated by semicolons."""
    if written is None:
        return []
    text = str(written).replace(";", "\n")
    return [clean_text(part) for part in text.splitlines() if clean_text(part)]


def missing_items(key: str, done: Mapping[str, bool], absent: tuple[str, ...] = ()) -> list[str]:
    """«TikTok: ยังไม่มีโพสต์» for every item not reported as done (an item left blank is not counted either),
    but those the district does not have (`absent`)."""
    breakdown = BREAKDOWNS[key]
    return [f"{item}: {breakdown.missing}" for item in breakdown.items if not done.get(item) and item not in absent]


def absent_items(key: str, total: object) -> tuple[str, ...]:
    """The optional items a district does not have: where its count of items (heads_total 3 of the letter's 4)
    leaves no room for them. None are known absent without that count."""
    breakdown = BREAKDOWNS[key]
    if not breakdown.optional or not isinstance(total, int | Fraction):
        return ()
    return breakdown.optional if total <= len(breakdown.items) - len(breakdown.optional) else ()


@dataclass(frozen=True)
class Counted:
    """What one month's count of `key` was made of: each breakdown item done or not (`done`), or the names
    of what was counted (activities). Only a count its own list still gives (`count`) is worth naming."""

    key: str
    month: str
    done: Mapping[str, bool] | None = None
    names: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # items of the list this district does not have (absent_items)

    @property
    def count(self) -> int:
        return sum(self.done.values()) if self.done is not None else len(self.names)

    def words(self) -> str:
        """What a gap says of it: the items still missing, or what was counted where the items are names."""
        if self.done is not None:
            return ", ".join(missing_items(self.key, self.done, self.absent))
        return f"นับแล้ว: {', '.join(self.names)}" if self.names else ""
