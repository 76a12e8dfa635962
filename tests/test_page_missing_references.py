"""A grade held back by a reference figure no one entered (here: the number of tambons of เมืองลำปาง, which
Lampang's Click mission divides its downloads by): the overview, the district page and the gap list
name the figure, the district and where an administrator enters it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cdd.grading import inputs
from cdd.grading.mission import MissionStatus
from cdd.intake.validate import read_submission
from cdd.store import database as store
from cdd.store import users
from cdd.store.period_grades import grade_period
from cdd.store.submissions import write
from cdd.views import progress, references

ADMIN, DISTRICT, PASSWORD = "ผู้ดูแลลำปาง", "เจ้าหน้าที่เมืองลำปาง", "รหัสผ่านยาวพอ-2570"
LAMPANG = {"province": "52", "scheme": "lampang-2567-q3", "period": "2567-Q3"}
WANTED = "ยังไม่มีจำนวนตำบลของอำเภอเมืองลำปาง"
FOR_ADMIN = f"{WANTED}: ผู้ดูแลระบบกรอกได้ที่หน้า ผู้ดูแลระบบ › ข้อมูลอ้างอิง"
FOR_OTHERS = f"{WANTED}: ขอให้ผู้ดูแลระบบของจังหวัดกรอกที่หน้า ผู้ดูแลระบบ › ข้อมูลอ้างอิง"


FIGURES = "heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads"


@pytest.fixture(scope="module")
def database(fresh_db):
    """เมืองลำปาง and แม่เมาะ report the Click mission for the quarter, with the head count entered by the
    operator; only แม่เมาะ has its number of tambons: เมืองลำปาง's Click mission cannot be graded."""
    path = fresh_db("missing-tambons", demo=False)
    lines = [f"code,month,{FIGURES},tambons"]
    for month in ("2567-04", "2567-05", "2567-06"):
        lines += [f"5201,{month},4,4,ใช่,2,2,2,200,", f"5202,{month},4,4,ใช่,2,2,2,200,5"]
    text = "\n".join(lines).encode()
    with store.connect(path) as con:
        submission, problems = read_submission(
            "lampang.csv", text, store.registry_from(con), inputs.schemes(), scheme_id="click-2567-q3"
        )
        assert problems == [], problems
        write(con, submission, "lampang.csv", text, "ผู้ดูแลระบบ")
        users.add_user(con, ADMIN, "admin", PASSWORD)
        users.add_user(con, DISTRICT, "district", PASSWORD, district="5201")
    return path


@pytest.fixture
def screen(open_page, database):
    def open_(page: str, account: str | None = None, **params: str) -> AppTest:
        return open_page(database, page, account, **(LAMPANG | params))

    return open_


def infos(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def admin_links(at: AppTest) -> list[str]:
    return [link.label for link in at.get("page_link") if "admin" in link.proto.page]


def test_the_click_mission_of_mueang_lampang_waits_for_its_tambons(database):
    with store.connect(database) as con:
        results = grade_period(con, "lampang-2567-q3", "2567-Q3", "52", "grades")
        registry = store.registry_from(con)
    click = next(m for r in results if r.district == "5201" for m in r.results if m.mission == "click")
    assert (click.status, click.missing, click.grade) == (MissionStatus.INCOMPLETE, ("tambons",), None)
    assert references.lacking_references(results) == {"tambons": ["5201"]}
    assert references.missing_reference_notes(results, registry, manages=True) == [FOR_ADMIN]
    assert references.missing_reference_notes(results, registry, manages=False) == [FOR_OTHERS]
    scheme = inputs.schemes()["lampang-2567-q3"]
    card = next(c for c in progress.mission_cards(scheme, results[0], None) if c.name == scheme.mission("click").name)
    assert (card.status, card.detail) == ("ข้อมูลไม่ครบ", "ยังไม่มีข้อมูลอ้างอิง: จำนวนตำบล")  # not «ยังไม่ได้รายงาน»


def test_many_districts_lacking_a_figure_are_named_six_at_a_time(database):
    with store.connect(database) as con:
        results = grade_period(con, "lampang-2567-q3", "2567-Q3", "52", "grades")
        registry = store.registry_from(con)
    lacking = [r for r in results if r.district != "5201"][:8]
    moved = [
        type(r)(r.scheme, r.district, r.period, tuple(m for m in results[0].results)) for r in [results[0], *lacking]
    ]
    notes = references.missing_reference_notes(moved, registry, manages=False)
    assert len(notes) == 1 and notes[0].count("อำเภอ") == 6 + 1  # six named, and «และอีก 3 อำเภอ»
    assert "และอีก 3 อำเภอ: ขอให้ผู้ดูแลระบบของจังหวัด" in notes[0]


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_overview_names_the_missing_figure_and_whom_to_ask(screen):
    at = screen("screens/overview.py")
    assert FOR_OTHERS in infos(at)
    assert admin_links(at) == []


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_district_page_leads_an_administrator_to_the_reference_figures(screen):
    at = screen("screens/district.py", ADMIN, district="5201")
    assert FOR_ADMIN in infos(at)
    assert admin_links(at) == ["ไปที่หน้า ผู้ดูแลระบบ › ข้อมูลอ้างอิง"]


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_district_page_tells_the_district_to_ask_the_administrator(screen):
    at = screen("screens/district.py", DISTRICT, district="5201")
    assert FOR_OTHERS in infos(at)
    assert admin_links(at) == []


def test_the_gap_list_names_the_missing_figure(screen):
    at = screen("screens/gaps.py")
    assert FOR_OTHERS in infos(at)


def test_a_district_with_every_figure_shows_no_note(screen):
    at = screen("screens/district.py", district="5202")
    assert not [i for i in infos(at) if "ยังไม่มีจำนวน" in i]


def test_a_district_with_figures_but_no_grade_is_not_told_it_has_no_data(screen):
    """เมืองลำปาง sent every month of the quarter; its one graded mission waits for the tambons: the page
    says what is there and why there is no grade, and draws the cards, never «ยังไม่มีข้อมูล»."""
    at = screen("screens/district.py", DISTRICT, district="5201")
    said = " ".join(w.value for w in at.warning)
    assert "อำเภอเมืองลำปางมีข้อมูลของช่วงนี้แล้ว 3 จาก 3 เดือน แต่ยังให้ระดับไม่ได้" in said
    assert "ยังไม่มีจำนวนตำบล (ผู้ดูแลระบบกรอกที่หน้า ผู้ดูแลระบบ › ข้อมูลอ้างอิง)" in said
    assert not [i.value for i in at.info if "ยังไม่มีข้อมูล" in i.value and "ยังไม่มีข้อมูลอ้างอิง" not in i.value]
    assert any("ข้อมูลไม่ครบ" in c.value for c in at.caption)  # the cards are drawn, with what each lacks


def test_the_note_names_unsent_months_and_inputs_still_owed(database):
    """Views alone: a quarter with one month sent and a mission lacking inputs."""
    from cdd.views import partial

    with store.connect(database) as con:
        results = grade_period(con, "lampang-2567-q3", "2567-Q3", "52", "grades")
    result = progress.district_result(results, "5201")
    scheme = inputs.schemes()["lampang-2567-q3"]
    months = partial.period_months(scheme, "2567-Q3")
    note = partial.ungraded_note(scheme, result, {"2567-04"}, months)
    assert note.startswith("มีข้อมูลของช่วงนี้แล้ว 1 จาก 3 เดือน แต่ยังให้ระดับไม่ได้: ข้อมูลไม่ครบ: ยังไม่ส่งเดือน")
    assert partial.ungraded_note(scheme, result, set(), months) != ""  # a mission with figures is not "no data"
    assert partial.ungraded_note(scheme, None, set(), months) == ""  # nothing at all: the screen says no data
