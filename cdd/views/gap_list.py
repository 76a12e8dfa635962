"""The gap list to read and print: one section per district, its missions with their grades, and each unmet
criterion in full sentences that wrap, with what this criterion itself must become for the next grade and A.

The rows are the gap list's own (cdd.views.exports.gap_rows, with the owed months and the check); this
module only groups and lays them out. Every text that people or letters wrote is escaped: a district's
name or a label is shown, never run as HTML. No streamlit here: the screen draws the HTML it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from cdd.grading.mission import CriterionResult, DistrictResult, Gap, MissionResult
from cdd.grading.report import change_text
from cdd.office.thai import without_bidi_controls
from cdd.views.exports import GAP_COLUMNS, ITEMS_HEAD, Row, criterion_text
from cdd.views.palette import GRADE_COLOURS, INK, NO_DATA

RowKey = tuple[str, str, str]  # district code, mission title, criterion text: one row of the gap list
OWN_HEADS = {"next": "ข้อนี้ เพื่อขึ้นระดับถัดไป", "to_a": "ข้อนี้ เพื่อให้ได้ระดับ A"}
NOT_THIS_ONE = "ข้อนี้ไม่ต้องเปลี่ยนเพื่อไปถึงระดับนี้ (ดูทั้งภารกิจด้านบน)"
NONE_LEFT = {"next": "ไม่มี (อยู่ในระดับสูงสุดแล้วหรือไม่มีระดับ)", "to_a": "ไม่มี (ภารกิจนี้ไม่มีระดับ A)"}


@dataclass(frozen=True)
class MissionSection:
    """One mission of one district: its grade, the changes of the whole mission, and its unmet rows."""

    title: str
    grade: str  # the letter, or '' where the mission has none
    next: str
    to_a: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class DistrictSection:
    code: str
    name: str
    check: str  # the district's check over the period (การตรวจ), '' where not known
    missions: tuple[MissionSection, ...]

    @property
    def count(self) -> int:
        return sum(len(m.rows) for m in self.missions)

    @property
    def worst(self) -> str:
        """The district's lowest grade among its missions, '' where none has a grade."""
        grades = [m.grade for m in self.missions if m.grade]
        return max(grades) if grades else ""  # 'D' > 'C' > 'B' > 'A' as letters


def by_district(rows: list[Row]) -> list[DistrictSection]:
    """The rows grouped by district in the list's own order (worst first), each district's missions in
    the order they first appear; no row is left out or repeated."""
    order: dict[str, list[Row]] = {}
    for row in rows:
        order.setdefault(str(row["code"]), []).append(row)
    return [_district(code, own) for code, own in order.items()]


def _district(code: str, rows: list[Row]) -> DistrictSection:
    missions: dict[str, list[Row]] = {}
    for row in rows:
        missions.setdefault(str(row["mission"]), []).append(row)
    sections = tuple(_mission(title, own) for title, own in missions.items())
    return DistrictSection(code, str(rows[0]["name"]), str(rows[0].get("check", "")), sections)


def _mission(title: str, rows: list[Row]) -> MissionSection:
    # A district's owed months come first and carry no grade: the mission's grade and changes are its criteria's.
    graded = [r for r in rows if r["grade"]] or rows
    first = next((r for r in rows if r["to_a"]), graded[0])
    return MissionSection(title, str(graded[0]["grade"]), str(first["next"]), str(first["to_a"]), tuple(rows))


# ---- what one criterion itself must become -----------------------------------------------------------


def own_changes(results: Iterable[DistrictResult]) -> dict[RowKey, tuple[str, str]]:
    """For each unmet criterion, the changes of the gap to the next grade and to A that are this criterion's
    own, in the words of the gap list; NOT_THIS_ONE where the gap asks nothing of it, '' where there is no gap."""
    return {
        (result.district, mission.title, criterion_text(criterion)): (
            _own_text(mission, criterion, "next"),
            _own_text(mission, criterion, "A"),
        )
        for result in results
        for mission in result.results
        for criterion in mission.criteria
        if criterion.met is False
    }


def _own_text(mission: MissionResult, criterion: CriterionResult, target: str) -> str:
    gap: Gap | None = next((g for g in mission.gaps if g.target == target), None)
    if gap is None and target == "A":  # the next grade is A: the gap to it is the gap to A, said once
        gap = next((g for g in mission.gaps if g.target == "next" and g.grade == "A"), None)
    if gap is None:
        return ""
    part = criterion.part or criterion.id
    options = [
        [c for c in option.changes if c.criterion == part and c.input == criterion.input] for option in gap.options
    ]
    texts = list(dict.fromkeys(change_text(c) for option in options for c in option))
    if not texts:
        return NOT_THIS_ONE
    if gap.need == "any" and len(gap.options) > 1:
        return "ทางหนึ่ง: " + " หรือ ".join(texts) + " (หรือทางอื่นของภารกิจ)"
    return "; ".join(texts)


def row_key(row: Row) -> RowKey:
    return str(row["code"]), str(row["mission"]), str(row["criterion"])


# ---- HTML --------------------------------------------------------------------------------------------


def _shown(text: object) -> str:
    """Text as typed: escaped, so never run as HTML, and without the controls that would turn it around."""
    return escape(without_bidi_controls(str(text)))


ROW_HEADS = ("criterion", "actual", "required", "shortfall")
WIDTHS = {"criterion": 22, "actual": 11, "required": 12, "shortfall": 11, "next": 22, "to_a": 22}  # % of the row


def contents_html(sections: list[DistrictSection]) -> str:
    """A line of links to each district's section, with its worst grade and how many items it owes."""
    links = [
        f'<a href="#gap-{_shown(s.code)}">{_shown(s.name)}'
        + (f" ({_shown(s.worst)})" if s.worst else "")
        + f" · {s.count:,}</a>"
        for s in sections
    ]
    return '<nav class="gap-contents">ไปที่อำเภอ: ' + " ".join(links) + "</nav>"


def district_html(section: DistrictSection, own: dict[RowKey, tuple[str, str]], names: dict[str, str]) -> str:
    """One district's section: its name, code and check, then each mission's grade (and its short name from
    `names` where the scheme has several), the changes of the whole mission, and a table of its unmet
    criteria whose every cell wraps."""
    check = f" · การตรวจ: {_shown(section.check)}" if section.check else ""
    heading = (
        f'<h3 class="gap-district-name" id="gap-{_shown(section.code)}">{_shown(section.name)}'
        f' <span class="gap-code">รหัส {_shown(section.code)} · ยังขาด {section.count:,} รายการ{check}</span></h3>'
    )
    parts = [_mission_html(m, own, names.get(m.title, m.title) if names else "") for m in section.missions]
    return f'<section class="gap-district">{heading}{"".join(parts)}</section>'


def _mission_html(mission: MissionSection, own: dict[RowKey, tuple[str, str]], name: str) -> str:
    title = f'<span class="gap-mission-name">{_shown(name)}</span>' if name else ""
    head = f'<div class="gap-mission">{badge(mission.grade)} {title}</div>'
    whole = "".join(
        f'<p class="gap-whole"><b>{_shown(GAP_COLUMNS[key])} (ทั้งภารกิจ):</b> {_shown(text)}</p>'
        for key, text in (("next", mission.next), ("to_a", mission.to_a or _next_is_a(mission)))
        if text
    )
    return head + whole + _table(mission.rows, own)


def _next_is_a(mission: MissionSection) -> str:
    """Where B's next grade is A, the list says the gap once, under 'next'."""
    return "เหมือนเพื่อขึ้นระดับถัดไป (ระดับถัดไปคือ A)" if mission.grade == "B" and mission.next else ""


def _table(rows: Iterable[Row], own: dict[RowKey, tuple[str, str]]) -> str:
    heads = {key: GAP_COLUMNS[key] for key in ROW_HEADS} | OWN_HEADS
    columns = "".join(f'<col style="width:{WIDTHS[key]}%">' for key in heads)
    head = "".join(f"<th>{_shown(text)}</th>" for text in heads.values())
    body = "".join(_row_html(row, own.get(row_key(row))) for row in rows)
    return f'<table class="gap-table"><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _row_html(row: Row, own: tuple[str, str] | None) -> str:
    if own is None:  # an owed month (cdd.views.partial): no criterion of the rubric, its own words
        changes = [str(row["next"]), str(row["to_a"])]
    else:
        changes = [own[0] or NONE_LEFT["next"], own[1] or NONE_LEFT["to_a"]]
    cells = [_shown(row[key]) or NO_DATA for key in ROW_HEADS] + [_shown(text) or NO_DATA for text in changes]
    if row.get("items"):  # what the list behind a count says is missing, under the criterion it counts for
        cells[0] += f'<div class="gap-items"><b>{_shown(ITEMS_HEAD)}:</b> {_shown(row["items"])}</div>'
    numbers = {1, 2, 3}
    return (
        "<tr>"
        + "".join(
            f'<td class="{"gap-number" if i in numbers else "gap-text"}">{cell}</td>' for i, cell in enumerate(cells)
        )
        + "</tr>"
    )


def badge(grade: str) -> str:
    """The mission's grade as a coloured box with its letter; '–' grey where it has none."""
    cell = grade or NO_DATA
    background = GRADE_COLOURS.get(cell, GRADE_COLOURS["other"])
    return f'<span class="gap-badge" style="background:{background};color:{INK}">ระดับ {_shown(cell)}</span>'


# Screen and paper alike: every cell wraps (Thai breaks between words), figures right-aligned. In print:
# A4 landscape, the sidebar, header and controls hidden, and the page's scrolling box let out so that every
# district prints, not only the part on screen.
STYLE = """
<style>
.gap-contents { line-height: 2; margin: 0 0 0.5rem 0; }
.gap-contents a { display: inline-block; margin-right: 0.9rem; white-space: nowrap; }
.gap-district { margin: 0.6rem 0 1.4rem 0; }
.gap-district-name { font-size: 1.35rem; margin: 0.4rem 0 0.3rem 0; padding: 0; scroll-margin-top: 4rem; }
.gap-code { font-size: 0.95rem; font-weight: 400; color: #444; }
.gap-mission { margin: 0.5rem 0 0.2rem 0; font-size: 1.05rem; }
.gap-mission-name { font-weight: 600; }
.gap-badge { display: inline-block; padding: 1px 10px; border-radius: 6px; font-weight: 700; }
.gap-whole { margin: 0.1rem 0; overflow-wrap: anywhere; }
.gap-table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0.3rem 0 0.6rem 0; }
.gap-table th, .gap-table td { border: 1px solid #c8c8c8; padding: 4px 6px; vertical-align: top;
  white-space: normal; overflow-wrap: anywhere; text-align: left; }
.gap-table th { background: #f0f2f6; font-weight: 600; }
.gap-table td.gap-number { text-align: right; }
.gap-items { margin-top: 0.2rem; color: #333; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSidebarCollapsedControl"], [class*="st-key-gap-no-print"], .st-key-period-header, .gap-contents {
    display: none !important; }
  html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stMainBlockContainer"] {
    height: auto !important; min-height: 0 !important; overflow: visible !important; position: static !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none !important; }
  body { font-size: 10pt; }
  h1 { font-size: 18pt !important; padding: 0 !important; }
  .gap-district-name { font-size: 13pt; }
  .gap-mission, .gap-whole { font-size: 10pt; }
  .gap-table { font-size: 9pt; }
  .gap-table th, .gap-table td { padding: 2px 4px; }
  .gap-table thead { display: table-header-group; }
  .gap-table tr, .gap-mission, .gap-whole { break-inside: avoid; }
  .gap-district-name, .gap-mission { break-after: avoid; }
}
</style>
"""
