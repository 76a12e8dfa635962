"""The gap list to read and print: a section a district, every unmet criterion and every owed change in words,
each row's own change to the next grade and to A, people's text escaped, and a print stylesheet."""

from __future__ import annotations

from html import escape

import pytest

from cdd.grading.inputs import registry
from cdd.grading.report import change_text
from cdd.store import database as store
from cdd.store.period_grades import grade_period
from cdd.views import gap_list

LAMPANG = ("52", "lampang-2567-q3", "2567-Q3")


@pytest.fixture(scope="module")
def lampang_results(demo_db):
    with store.connect(demo_db) as con:
        return grade_period(con, LAMPANG[1], LAMPANG[2], LAMPANG[0])


def page_html(at) -> str:
    return "".join(element.proto.body for element in at.get("html"))


def sections_of(html: str) -> list[str]:
    return html.split('<section class="gap-district">')[1:]


@pytest.mark.slow  # over a second: Lampang's whole quarter graded with its gaps, then drawn
def test_each_district_is_one_section_with_every_owed_change_in_words(demo_db, open_page, lampang_results):
    at = open_page(demo_db, "screens/gaps.py", province=LAMPANG[0], scheme=LAMPANG[1], period=LAMPANG[2])
    html = page_html(at)
    sections = sections_of(html)
    owing = [r for r in lampang_results if any(c.met is False for m in r.results for c in m.criteria)]
    assert len(sections) == len(owing) == 13
    assert 'href="#gap-5201"' in html and 'id="gap-5201"' in html  # the contents line leads to each district
    for result in owing:
        section = next(s for s in sections if f'id="gap-{result.district}"' in s)
        assert escape(registry().name_of(result.district)) in section
        for mission in result.results:
            unmet = [c for c in mission.criteria if c.met is False]
            if not unmet:
                continue
            for gap in mission.gaps:  # every change of every way up, in the district's own section
                for option in gap.options:
                    for change in option.changes:
                        assert escape(change_text(change)) in section, (result.district, change)
    assert html.count("<tr>") - html.count("<thead>") == sum(
        1 for r in owing for m in r.results for c in m.criteria if c.met is False
    ) + html.count("ข้อมูลไม่ครบ")  # every unmet criterion a row (and a district's owed months, if any)


def test_a_rows_own_change_names_its_own_criterion(lampang_results):
    own = gap_list.own_changes(lampang_results)
    checked = 0
    for result in lampang_results:
        for mission in result.results:
            gap = next((g for g in mission.gaps if g.target == "next"), None)
            for criterion in (c for c in mission.criteria if c.met is False):
                text = own[(result.district, mission.title, gap_list.criterion_text(criterion))][0]
                changes = [
                    c
                    for option in (gap.options if gap else ())
                    for c in option.changes
                    if c.criterion == (criterion.part or criterion.id) and c.input == criterion.input
                ]
                if changes:
                    assert all(change_text(c) in text for c in changes)
                    others = [c for o in gap.options for c in o.changes if c.input != criterion.input]
                    assert not any(change_text(c) in text for c in others)  # not another criterion's change
                    checked += 1
                elif gap is not None:
                    assert text == gap_list.NOT_THIS_ONE
    assert checked > 50


def test_people_s_text_is_escaped_and_the_rows_are_grouped_in_order():
    rows = [
        {"code": "5702", "name": "<b>เวียงชัย</b>", "mission": "Click", "grade": "D", "criterion": "ช่องทาง <i>\u202e",
         "actual": "1", "required": "2", "shortfall": "1", "next": "ก: 1 → 2", "to_a": "ก: 1 → 3", "check": "รอตรวจ"},
        {"code": "5704", "name": "เทิง", "mission": "Click", "grade": "C", "criterion": "ช่องทาง",
         "actual": "1", "required": "2", "shortfall": "1", "next": "ก: 1 → 2", "to_a": "ก: 1 → 3", "check": ""},
        {"code": "5702", "name": "<b>เวียงชัย</b>", "mission": "ผ้า", "grade": "", "criterion": "สื่อ",
         "actual": "0", "required": "1", "shortfall": "1", "next": "", "to_a": "", "check": "รอตรวจ"},
    ]  # fmt: skip
    sections = gap_list.by_district(rows)
    assert [s.code for s in sections] == ["5702", "5704"]
    assert [[len(m.rows) for m in s.missions] for s in sections] == [[1, 1], [1]]
    assert sections[0].worst == "D" and sections[0].count == 2
    html = gap_list.district_html(sections[0], {}, {"Click": "Click ชุมชน"})
    assert "<b>เวียงชัย" not in html and "&lt;b&gt;เวียงชัย&lt;/b&gt;" in html
    assert "ช่องทาง &lt;i&gt;" in html and "\u202e" not in html and "การตรวจ: รอตรวจ" in html and "Click ชุมชน" in html
    assert "<script" not in gap_list.contents_html([gap_list.DistrictSection("<script>", "x", "", ())])


def test_the_missing_items_of_a_listed_count_stand_under_its_criterion():
    row = {"code": "5704", "name": "เทิง", "mission": "Click", "grade": "D", "criterion": "ช่องทาง", "actual": "1",
           "required": "2", "shortfall": "1", "items": "TikTok: ยังไม่มีโพสต์ <b>", "next": "", "to_a": "", "check": ""}  # fmt: skip
    html = gap_list.district_html(gap_list.by_district([row])[0], {}, {})
    criterion = html.split("<td")[1]
    assert "ช่องทาง" in criterion and "รายการย่อย:</b> TikTok: ยังไม่มีโพสต์ &lt;b&gt;" in criterion


def test_the_list_prints_on_a4_landscape_without_the_sidebar():
    style = gap_list.STYLE
    assert "@page { size: A4 landscape" in style and "@media print" in style
    printed = style.split("@media print")[1]
    assert '[data-testid="stSidebar"]' in printed and '[data-testid="stHeader"]' in printed
    assert "overflow: visible" in printed  # the whole list prints, not only the part on screen
