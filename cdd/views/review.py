"""What the review screens show: the province's queue, one month's figures beside their evidence, the
notice a district reads when a month was sent back, and the check word of a heatmap cell.

No streamlit here: the screens choose, draw, and call cdd.store.review and cdd.store.evidence to write.
"""

from __future__ import annotations

import pandas as pd

from cdd.grading.report import show
from cdd.intake.breakdowns import BREAKDOWNS
from cdd.office.calendar import parse_period, thai_datetime
from cdd.office.districts import Registry
from cdd.office.thai import plain_text, without_bidi_controls
from cdd.rubrics.indicators import CATALOGUE, decode_value
from cdd.store.evidence import KIND_NAMES, Evidence
from cdd.store.review import ACCEPTED, CHECK_WORDS, RETURNED, STATE_NAMES, WAITING, Decision, MonthReview
from cdd.views.exports import CHECK_HEAD, Row

QUEUE_COLUMNS = ["อำเภอ", "เดือน", "สถานะ", "รอตรวจ", "ความเห็นที่ส่งกลับ"]
SHEET_COLUMNS = ["ตัวชี้วัด", "ค่า", "สถานะ", "หลักฐาน"]
NO_EVIDENCE = "ไม่มี"


def label(key: str) -> str:
    return CATALOGUE[key].label if key in CATALOGUE else key or "ทั้งเดือน"


def month_label(code: str, month: str, registry: Registry) -> str:
    return f"อำเภอ{registry.name_of(code)} · {parse_period(month).thai()}"


def queue_table(reviews: list[MonthReview], registry: Registry) -> pd.DataFrame:
    rows = [
        [
            registry.name_of(r.code),
            parse_period(r.month).thai(),
            STATE_NAMES[r.state],
            f"{len(r.waiting_items)} จาก {len(r.items)} ตัวชี้วัด",
            without_bidi_controls(" | ".join(d.comment for d in r.returned if d.comment)),
        ]
        for r in reviews
    ]
    return pd.DataFrame(rows, columns=QUEUE_COLUMNS)


def evidence_line(item: Evidence) -> str:
    """One piece of evidence as a reviewer reads it; a link stays a plain address, never markup."""
    kind = KIND_NAMES.get(item.kind, item.kind)
    if item.kind == "part":
        done = item.content not in ("0", "no")
        return f"{item.label}: {item.content}" if done else f"{item.label}: {BREAKDOWNS[item.item].missing}"
    if item.kind == "file":
        return f"{kind} {item.content}" + (f" ({item.label})" if item.label else "")
    return f"{kind}{f' [{item.label}]' if item.label else ''}: {item.content}"


def latest_parts(items: list[Evidence]) -> list[Evidence]:
    """A breakdown item sent again counts as last sent; the earlier value stays in the history."""
    latest: dict[tuple, Evidence] = {}
    for item in items:
        key = (item.item, item.kind, item.label) if item.kind == "part" else (item.id,)
        latest[key] = item
    return sorted(latest.values(), key=lambda e: e.id)


def month_sheet(review: MonthReview, values: dict[tuple[str, str, str], str], items: list[Evidence]) -> pd.DataFrame:
    """Each figure with its state and everything sent for it; the month's own evidence first. For st.table,
    which renders Markdown: what a district sent (links, notes, file names, values) is shown as typed."""
    shown = latest_parts(items)
    rows = [["ทั้งเดือน", "", STATE_NAMES[review.state], _joined(e for e in shown if not e.item)]]
    for key, state in review.items.items():
        raw = values.get((review.code, review.month, key))
        value = show(decode_value(CATALOGUE[key], raw)) if raw is not None and key in CATALOGUE else raw or ""
        rows.append(
            [plain_text(label(key)), plain_text(value), STATE_NAMES[state], _joined(e for e in shown if e.item == key)]
        )
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


def _joined(items) -> str:
    return "\n".join(plain_text(evidence_line(e)) for e in items) or NO_EVIDENCE


def returned_notice(review: MonthReview, registry: Registry) -> str:
    """What a district reads of a month sent back: what, by whom, when, and the comment. For st.warning,
    which renders Markdown: the comment and the reviewer's name are shown as typed."""
    lines = [f"{month_label(review.code, review.month, registry)} ถูกส่งกลับแก้ไข:"]
    lines += [
        f"- {label(d.item)}: {plain_text(d.comment)} (โดย {plain_text(d.decided_by)} {thai_datetime(d.decided_at)})"
        for d in review.returned
    ]
    fix = "แก้แล้วส่งไฟล์ใหม่ หรือแนบลิงก์/ไฟล์เพิ่มที่ตัวชี้วัดนั้น ระบบจะส่งกลับเข้าคิวตรวจให้"
    return "\n".join(lines) + "\n\n" + fix  # a paragraph of its own, not part of the last item


def landing_notice(reviews: list[MonthReview], registry: Registry) -> str | None:
    """What a district account reads first after signing in when the province sent anything back: each
    returned item with its month, the comment, who returned it and when. For st.warning, which renders
    Markdown: the comment and the reviewer's name are shown as typed. None when nothing is sent back."""
    returned = [(r, d) for r in sorted(reviews, key=lambda r: (r.month, r.code)) for d in r.returned]
    if not returned:
        return None
    lines = [f"จังหวัดส่งรายงานกลับให้แก้ไข {len(returned)} รายการ:"]
    lines += [
        f"- {month_label(r.code, r.month, registry)} · {label(d.item)}: {plain_text(d.comment or '')} "
        f"(ส่งกลับโดย {plain_text(d.decided_by)} เมื่อ {thai_datetime(d.decided_at)})"
        for r, d in returned
    ]
    fix = "แก้แล้วส่งไฟล์ใหม่ หรือแนบลิงก์/ไฟล์เพิ่มที่หน้า นำเข้าข้อมูล ระบบจะส่งกลับเข้าคิวตรวจให้"
    return "\n".join(lines) + "\n\n" + fix


def history_table(decisions: list[Decision]) -> pd.DataFrame:
    rows = [
        [
            thai_datetime(d.decided_at),
            without_bidi_controls(d.decided_by),
            label(d.item),
            STATE_NAMES[d.state],
            without_bidi_controls(d.comment or ""),
        ]
        for d in decisions
    ]
    return pd.DataFrame(rows, columns=["เมื่อ", "ผู้ตรวจ", "ตัวชี้วัด", "ผล", "ความเห็น"])


def check_word(reviews: dict[tuple[str, str], MonthReview], code: str, months: list[str]) -> str | None:
    """ตรวจแล้ว / รอตรวจ / ส่งกลับ for a district over the months of a cell; None when nothing was sent.
    A cell over several months is only checked when every month sent is."""
    states = [reviews[(code, m)].state for m in months if (code, m) in reviews]
    if not states:
        return None
    for state in (RETURNED, WAITING):
        if state in states:
            return CHECK_WORDS[state]
    return CHECK_WORDS[ACCEPTED]


def period_check_word(reviews: dict[tuple[str, str], MonthReview], code: str, months: list[str]) -> str:
    """A district's check over a whole period, as a gap states it: ตรวจแล้ว only when every month of the
    period was accepted, ส่งกลับ when any was returned, else รอตรวจ; '–' when nothing was sent."""
    states = [reviews[(code, m)].state for m in months if (code, m) in reviews]
    if not states:
        return "–"
    if RETURNED in states:
        return CHECK_WORDS[RETURNED]
    return CHECK_WORDS[ACCEPTED] if states == [ACCEPTED] * len(months) else CHECK_WORDS[WAITING]


def with_checks(rows: list[Row], reviews: dict[tuple[str, str], MonthReview], months: list[str]) -> list[Row]:
    """The gap rows, each with its district's check over the period under "check" (the column การตรวจ)."""
    return [{**row, "check": period_check_word(reviews, str(row["code"]), months)} for row in rows]


def waiting_count(reviews: dict[tuple[str, str], MonthReview], codes: set[str], months: list[str]) -> int:
    """How many district-months of the view still wait for (or were sent back from) the province's check."""
    return sum(1 for state in _states(reviews, codes, months) if state != ACCEPTED)


def meeting_accepted_only(
    asked: str | None, reviews: dict[tuple[str, str], MonthReview], codes: set[str], months: list[str]
) -> bool:
    """Whether a meeting grades only the figures the province accepted: so it does unless the URL asks for
    all figures (`asked` "all"); a period in which nothing is accepted yet shows all, and the screen says so."""
    if asked is not None:
        return asked != "all"
    return ACCEPTED in _states(reviews, codes, months)


def _states(reviews: dict[tuple[str, str], MonthReview], codes: set[str], months: list[str]) -> list[str]:
    """The review state of every district-month of the view that was sent."""
    return [r.state for (code, month), r in reviews.items() if code in codes and month in months]


NOTHING_CHECKED_YET = "ยังไม่มีตัวเลขที่ตรวจผ่านแล้วในช่วงนี้: แสดงตัวเลขทั้งหมด"


def returned_not_resent(
    reviews: dict[tuple[str, str], MonthReview], registry: Registry, codes: set[str]
) -> pd.DataFrame:
    """Months sent back to a district and not yet sent again, for the status screen."""
    rows = [
        [
            registry.name_of(r.code),
            parse_period(r.month).thai(),
            without_bidi_controls(" | ".join(d.comment or "" for d in r.returned)),
        ]
        for (code, _), r in sorted(reviews.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        if code in codes and r.state == RETURNED
    ]
    return pd.DataFrame(rows, columns=["อำเภอ", "เดือน", "ความเห็นที่ส่งกลับ"])


CHECK_COLUMN = CHECK_HEAD  # the gap list's head: one word for one meaning


def with_check_column(frame: pd.DataFrame, reviews: dict, labels: dict[str, str], months: list[str]) -> pd.DataFrame:
    """The heatmap with a column saying, for each district's row, whether its figures were checked:
    ตรวจแล้ว, รอตรวจ or ส่งกลับ ('–' where nothing was sent). `labels` maps a district code to its row label."""
    words = {label: check_word(reviews, code, months) or "–" for code, label in labels.items()}
    checked = frame.copy()
    checked[CHECK_COLUMN] = [words.get(name, "–") for name in checked.index]
    return checked
