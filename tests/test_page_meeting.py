"""โหมดประชุม: four projector screens moved through in the URL, the districts furthest behind, the PNG."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import figure_spec
from streamlit.testing.v1 import AppTest

from cdd.grading.inputs import registry
from cdd.grading.inputs import schemes as load_schemes
from cdd.grading.mission import CriterionResult, DistrictResult, MissionResult
from cdd.store import database as store
from cdd.store.period_grades import grade_period
from cdd.views import charts, dashboard, meeting, slides

PAGE = "screens/meeting.py"
CHIANG_RAI = {"province": "57", "scheme": "click-2567-q3", "period": "2567-06"}
LAMPANG = {"province": "52", "scheme": "lampang-2567-q3", "period": "2567-Q3"}
BURIRAM = {"province": "31", "scheme": "buriram-digital-2568", "period": "2568-06"}


@pytest.fixture
def meeting_page(open_page, demo_db):
    """`meeting_page(params)`: the screen on the demo database with those URL parameters, and all figures
    (nothing in the demo is checked yet; a meeting shows only checked figures unless the URL says otherwise)."""
    return lambda params: open_page(demo_db, PAGE, **{"figures": "all", **params})


def param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "info", "success") for e in at.get(kind))


# ---- the page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [CHIANG_RAI, LAMPANG, BURIRAM], ids=["click", "lampang", "buriram"])
@pytest.mark.parametrize("screen", ["1", "2", "3", "4"])
def test_every_screen_renders(params, screen, meeting_page):
    at = meeting_page(params | {"screen": screen})
    assert not at.exception
    assert at.title[0].value.startswith(meeting_screens()[int(screen) - 1])
    assert f"{screen} / " in texts(at)
    assert "ข้อมูล ณ วันที่" in texts(at) and "ข้อมูลตัวอย่าง (demo)" in texts(at)


def meeting_screens() -> tuple[str, ...]:
    return ("ระดับรายอำเภอ", "จำนวนอำเภอแต่ละระดับ", "5 อำเภอที่ต้องเร่งรัด", "สิ่งที่ยังขาด")


def test_no_sidebar_widgets_and_the_sidebar_is_hidden_by_css(meeting_page):
    at = meeting_page(CHIANG_RAI)
    assert len(at.sidebar.selectbox) == 0
    style = next(m.value for m in at.markdown if "<style>" in m.value)
    assert '[data-testid="stSidebar"]' in style and "stExpandSidebarButton" in style and "font-size: 22px" in style


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_next_and_previous_move_between_screens_and_keep_the_url(meeting_page):
    at = meeting_page(CHIANG_RAI)
    assert param(at, "screen") == "1" and button(at, "ก่อนหน้า").disabled
    button(at, "ถัดไป").click().run()
    assert param(at, "screen") == "2" and at.title[0].value == "จำนวนอำเภอแต่ละระดับ"
    button(at, "ถัดไป").click().run()
    button(at, "ถัดไป").click().run()
    assert param(at, "screen") == "4" and at.title[0].value.startswith("สิ่งที่ยังขาด")
    button(at, "ก่อนหน้า").click().run()
    assert param(at, "screen") == "3" and at.title[0].value == "5 อำเภอที่ต้องเร่งรัด"
    assert {k: param(at, k) for k in CHIANG_RAI} == CHIANG_RAI


def test_a_missing_or_stale_url_opens_sensible_defaults(meeting_page):
    at = meeting_page({"province": "52", "scheme": "no-such-scheme", "screen": "9"})
    assert not at.exception
    assert param(at, "scheme") in {"click-2567-q3", "lampang-2567-q3"}
    assert param(at, "period") == "2567-06" if param(at, "scheme") == "click-2567-q3" else "2567-Q3"
    assert param(at, "screen") == "4"


def graded_heatmap(database: Path, period: str) -> list[list[str]]:
    """The cells of Chiang Rai's Click Q3 heatmap for the period, graded from the database itself."""
    with store.connect(database) as con:
        results = grade_period(con, "click-2567-q3", period, "57")
    return dashboard.heatmap(results, load_schemes()["click-2567-q3"], registry()).values.tolist()


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_heatmap_changes_with_the_period(meeting_page, demo_db):
    april = figure_spec(meeting_page(CHIANG_RAI | {"period": "2567-04"}))["data"][0]
    june = figure_spec(meeting_page(CHIANG_RAI))["data"][0]
    assert april["y"] == june["y"]
    assert april["text"] == graded_heatmap(demo_db, "2567-04")
    assert june["text"] == graded_heatmap(demo_db, "2567-06")


def test_choosing_a_province_writes_the_url_and_resets_the_scheme_and_period(meeting_page):
    at = meeting_page(CHIANG_RAI | {"screen": "2"})
    at.selectbox(key="meeting_province").select("52").run()
    assert param(at, "province") == "52" and param(at, "screen") == "2"
    at.selectbox(key="meeting_scheme").select("lampang-2567-q3").run()
    assert param(at, "scheme") == "lampang-2567-q3" and param(at, "period") == "2567-Q3"
    assert len(figure_spec(at)["data"]) == 5  # several missions: one stacked trace per grade and '–'


def test_the_furthest_behind_screen_lists_five_districts_worst_first(meeting_page):
    at = meeting_page(LAMPANG | {"screen": "3"})
    figure = figure_spec(at)["data"][0]
    assert len(figure["y"]) == 5
    unmet = [int(row[-1].split()[0]) for row in figure["text"]]
    assert all(u > 0 for u in unmet)
    assert "เรียงตามจำนวนภารกิจระดับ D" in texts(at)


def gap_rows(at: AppTest) -> list[str]:
    table = figure_spec(at)["data"][0]
    assert table["type"] == "table"
    return table["cells"]["values"][0]


@pytest.mark.slow  # over a second: several screens of a long gap list
def test_a_long_gap_list_takes_a_screen_a_page_and_every_row_is_shown(meeting_page):
    at = meeting_page(LAMPANG | {"screen": "4"})
    pages = int(at.title[0].value.split("/")[-1].rstrip(")"))
    total = int(figure_spec(at)["layout"]["annotations"][0]["text"].split("จาก ")[1].split()[0])
    assert total > 100 and pages == -(-total // meeting.GAP_LIMIT)
    assert at.title[0].value == f"สิ่งที่ยังขาด (หน้า 1/{pages})" and f"4 / {3 + pages}" in texts(at)
    assert len(gap_rows(at)) == meeting.GAP_LIMIT
    note = figure_spec(at)["layout"]["annotations"][0]["text"]
    assert note == f"รายการที่ 1–{meeting.GAP_LIMIT} จาก {total} · อีก {total - meeting.GAP_LIMIT} รายการในหน้าถัดไป"
    button(at, "ถัดไป").click().run()
    assert param(at, "screen") == "5" and at.title[0].value == f"สิ่งที่ยังขาด (หน้า 2/{pages})"
    assert figure_spec(at)["layout"]["annotations"][0]["text"].startswith(f"รายการที่ {meeting.GAP_LIMIT + 1}–")
    last = meeting_page(LAMPANG | {"screen": str(3 + pages)})
    assert button(last, "ถัดไป").disabled and not button(last, "ก่อนหน้า").disabled
    assert len(gap_rows(last)) == total - (pages - 1) * meeting.GAP_LIMIT
    assert figure_spec(last)["layout"]["annotations"][0]["text"].endswith(f"จาก {total}")


def test_a_short_gap_list_is_one_screen_without_a_page_count(meeting_page, registry):
    table = pd.DataFrame(
        [{"name": "เมือง", "mission": "m", "grade": "D", "criterion": "c", "actual": 1, "required": 2, "shortfall": 1}]
    )
    assert meeting.gap_pages(table) == 1 and meeting.gap_pages(table.iloc[0:0]) == 1
    assert meeting.screen_title(meeting.GAPS, 1, 1) == "สิ่งที่ยังขาด"
    assert not meeting.gap_figure(table, "t").layout.annotations
    assert meeting.sequence(3) == [(1, 1), (2, 1), (3, 1), (4, 1), (4, 2), (4, 3)]


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_png_download_on_every_screen_with_a_thai_name(meeting_page):
    for screen in "1234":
        at = meeting_page(CHIANG_RAI | {"screen": screen})
        labels = [d.proto.label for d in at.get("download_button")]
        assert labels == ["ดาวน์โหลดภาพนี้ (PNG)", "เอกสารประกอบการประชุม (PDF)"], screen


def test_a_scheme_without_grades_says_so_on_the_counts_screen(meeting_page):
    at = meeting_page(BURIRAM | {"screen": "2"})
    assert not at.exception and not at.get("plotly_chart")
    assert "ไม่ให้ระดับ A–D" in at.info[0].value


def test_a_period_without_data_shows_the_empty_state(open_page, empty_db):
    at = open_page(empty_db, PAGE, **CHIANG_RAI)
    assert not at.exception and not at.get("plotly_chart")
    assert "ยังไม่มีข้อมูลมิถุนายน 2567" in at.info[0].value and "นำเข้าข้อมูล" in at.info[0].value
    assert "ยังไม่มีข้อมูลในระบบ" in texts(at)


# ---- the districts furthest behind, as a pure function ---------------------------------------------


def criterion(met: bool | None) -> CriterionResult:
    return CriterionResult("c", "เกณฑ์", "activities", met, None, None, ">=", None)


def mission(grade: str | None, unmet: int, met: int = 1, status: str = "graded") -> MissionResult:
    rows = tuple(criterion(False) for _ in range(unmet)) + tuple(criterion(True) for _ in range(met))
    return MissionResult("m", "ภารกิจ", "ladder", grade, None, None, status, criteria=rows)


def district(code: str, *missions: MissionResult) -> DistrictResult:
    return DistrictResult("s", code, "2567-06", missions)


def test_furthest_behind_ranks_by_d_then_c_then_unmet_criteria(registry):
    results = [
        district("5701", mission("A", 0), mission("A", 0)),  # nothing behind: not listed
        district("5702", mission("C", 5), mission("C", 5)),  # two C's, many unmet
        district("5703", mission("D", 1), mission("A", 0)),  # one D beats any number of C's
        district("5704", mission("C", 1), mission("C", 1), mission("B", 3)),  # two C's, fewer unmet
        district("5705", mission("D", 2), mission("D", 1)),  # two D's: furthest behind
        district("5706", mission(None, 0, 0, "no data")),  # no data is never behind
        district("5707", mission("B", 2)),  # only unmet criteria
        district("5708", mission("D", 1), mission("B", 0)),  # ties with 5703: by code
    ]
    behind = meeting.furthest_behind(results, registry, limit=5)
    assert list(behind["code"]) == ["5705", "5703", "5708", "5702", "5704"]
    assert list(behind.loc[0, ["D", "C", "unmet"]]) == [2, 0, 3]
    assert behind.loc[0, "name"] == registry.districts["5705"].name
    assert list(meeting.furthest_behind(results, registry, limit=10)["code"])[-1] == "5707"
    assert meeting.without_data(results, registry) == [registry.districts["5706"].name]


def test_nobody_is_behind_when_every_criterion_is_met(registry):
    results = [district("5701", mission("A", 0)), district("5702", mission(None, 0, 0, "no data"))]
    assert meeting.furthest_behind(results, registry).empty


def test_counts_by_mission_count_every_grade_and_no_data(schemes, registry):
    scheme = schemes["lampang-2567-q3"]
    graded = meeting.graded_missions(scheme)
    assert "food-security" not in {m.id for m in graded} and len(graded) == 9
    assert meeting.graded_missions(schemes["buriram-digital-2568"]) == []
    results = [
        DistrictResult(
            scheme.id,
            "5201",
            "2567-Q3",
            (
                MissionResult("click", "Click", "ladder", "D", None, None, "graded"),
                MissionResult("otop", "OTOP", "ladder", None, None, None, "no data"),
            ),
        )
    ]
    counts = meeting.counts_by_mission(results, graded)
    assert counts.loc["Click ชุมชน", "D"] == 1 and counts.loc["OTOP", "–"] == 1
    assert counts.sum().sum() == 2  # missions this district has no result for count nowhere


# ---- small pieces ------------------------------------------------------------------------------------


def test_the_url_values_are_checked():
    assert meeting.pick("52", ["57", "52"]) == "52"
    assert meeting.pick("99", ["57", "52"], default="52") == "52"
    assert meeting.pick(None, ["57", "52"], default=None) == "57"
    assert [meeting.screen_number(v, 4) for v in (None, "2", "0", "9", "x")] == [1, 2, 1, 4, 1]


def test_long_thai_text_wraps_on_two_lines_without_splitting_a_letter_from_its_marks():
    text = "รายได้จากการจำหน่ายผ้าไทยและผลิตภัณฑ์จากผ้าไทย เพิ่มขึ้นจากฐานปี 2566 (ร้อยละ ต่อไตรมาส)"
    wrapped = meeting.wrap_visible(text, 20)
    lines = wrapped.removesuffix("…").split("<br>")
    assert len(lines) == 2 and wrapped.endswith("…")
    assert all(meeting.visible_length(line) <= 21 for line in lines)
    assert lines[1][0] not in "ัิีึืุู่้๊๋็์ะาำ"
    assert meeting.wrap_visible("ช่องทาง", 20) == "ช่องทาง"


def test_money_is_shown_in_millions_on_the_projector():
    assert meeting.compact("13,975,540.09") == "13.98 ล้าน"
    assert [meeting.compact(v) for v in ("101,213.9", "ใช่", "–")] == ["101,213.9", "ใช่", "–"]
    assert meeting.compact("มากกว่า 14,914,120") == "มากกว่า 14.91 ล้าน"
    assert meeting.compact("มากกว่า 75%") == "มากกว่า 75%"


def test_the_png_name_is_thai_with_the_ids():
    name = meeting.png_name("5 อำเภอที่ต้องเร่งรัด", "click-2567-q3", "57", "2567-06")
    assert name == "โหมดประชุม-5อำเภอที่ต้องเร่งรัด-click-2567-q3-57-2567-06.png"
    page = meeting.png_name("สิ่งที่ยังขาด (หน้า 2/14)", "click-2567-q3", "57", "2567-06")
    assert page == "โหมดประชุม-สิ่งที่ยังขาด-หน้า2-14-click-2567-q3-57-2567-06.png"


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="kaleido needs chromium (.ci/run installs it)")
@pytest.mark.slow  # a browser (kaleido drives chromium)
def test_a_figure_renders_to_png_on_the_server():
    counts = pd.DataFrame({"ระดับ": ["A", "B", "C", "D", "–"], "จำนวน": [3, 2, 1, 0, 1]})
    figure = charts.grade_count_bars(counts, "จำนวนอำเภอแต่ละระดับ", size=meeting.SIZE)
    picture = meeting.with_stamp(figure, ["ภารกิจสำคัญ", "ข้อมูล ณ วันที่ 1 มิถุนายน 2567 เวลา 10:00 น."])
    data = charts.png(picture)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert isinstance(picture, go.Figure) and picture.layout.height > figure.layout.height


def test_the_gap_table_shows_values_as_people_read_them(registry):
    row = CriterionResult("c", "เกณฑ์", "activities", False, Fraction(1), Fraction(2), ">=", Fraction(1))
    click = MissionResult("click-2567-q3", "Click ชุมชน", "ladder", "D", None, None, "graded", criteria=(row,))
    results = [DistrictResult("click-2567-q3", "5701", "2567-06", (click,))]
    table = meeting.gap_table(results, load_schemes()["click-2567-q3"], registry)
    assert list(table.loc[0, ["grade", "actual", "required", "shortfall"]]) == ["D", "1", "2", "1"]


# ---- what a '–' means, and figures older than the meeting ------------------------------------------


def test_a_dash_on_the_heatmap_is_explained_under_it_and_in_its_png(meeting_page):
    at = meeting_page(BURIRAM)  # นางรอง sent nothing for June 2568: a row of '–'
    cells = figure_spec(at)["data"][0]["text"]
    assert any("–" in row for row in cells)
    assert slides.NO_GRADE_NOTE in [c.value for c in at.caption]
    assert slides.NO_GRADE_NOTE.startswith("– = ยังให้ระดับไม่ได้: ")


def test_the_dash_note_goes_only_with_a_figure_that_shows_one():
    graded = pd.DataFrame({"ภารกิจ": ["A", "B"]}, index=["เมือง", "แม่จัน"])
    assert not slides.shows_no_grade(charts.grade_heatmap(graded, "t"))
    with_dash = graded.assign(ภารกิจ=["A", "–"])
    assert slides.shows_no_grade(charts.grade_heatmap(with_dash, "t"))
    counts = pd.DataFrame({"ระดับ": ["A", "–"], "จำนวน": [3, 1]})
    assert slides.shows_no_grade(charts.grade_count_bars(counts, "t"))
    assert not slides.shows_no_grade(charts.grade_count_bars(counts.head(1), "t"))
    picture = meeting.with_stamp(charts.grade_heatmap(with_dash, "t"), ["เกณฑ์", slides.NO_GRADE_NOTE])
    assert slides.NO_GRADE_NOTE in picture.layout.title.text


def test_the_counts_screen_explains_its_dash(meeting_page):
    at = meeting_page(LAMPANG | {"screen": "2"})
    names = [trace["name"] for trace in figure_spec(at)["data"]]
    assert "– ไม่มีข้อมูล" in names and slides.NO_GRADE_NOTE in [c.value for c in at.caption]


@pytest.fixture(scope="module")
def stale_db(fresh_db) -> Path:
    """The demo data as if every batch had been sent on 20 June 2567 (2024), before that month ended."""
    path = fresh_db("stale")
    with store.connect(path) as con:
        con.execute("UPDATE batches SET submitted_at = TIMESTAMP '2024-06-20 10:00:00'")
    return path


def test_figures_older_than_the_period_are_warned_of(open_page, stale_db):
    at = open_page(stale_db, PAGE, figures="all", **CHIANG_RAI)
    warning = next(w.value for w in at.warning if "ตัวเลขอาจไม่เป็นปัจจุบัน" in w.value)
    assert "20 มิถุนายน 2567 เวลา 10:00 น." in warning and "30 มิถุนายน 2567" in warning
    may = open_page(stale_db, PAGE, figures="all", **(CHIANG_RAI | {"period": "2567-05"}))
    assert not any("ตัวเลขอาจไม่เป็นปัจจุบัน" in w.value for w in may.warning)  # May had ended by then


def test_the_demo_figures_are_not_stale(meeting_page):
    at = meeting_page(CHIANG_RAI)
    assert not any("ตัวเลขอาจไม่เป็นปัจจุบัน" in w.value for w in at.warning)


def test_stale_is_read_by_the_office_clock():
    import datetime as dt

    latest = dt.datetime(2024, 6, 20, 10, 0)
    july = dt.datetime(2024, 7, 1, 0, 0)
    assert slides.stale_note(latest, "2567-06", july).startswith("ตัวเลขอาจไม่เป็นปัจจุบัน")
    assert slides.stale_note(latest, "2567-06", july - dt.timedelta(seconds=1)) == ""  # June not over yet
    assert slides.stale_note(july, "2567-06", july) == ""  # a change at midnight may hold June
    assert slides.stale_note(latest, "2567-Q3", dt.datetime(2024, 7, 2)).count("มิถุนายน") == 2
    assert slides.stale_note(None, "2567-06", july) == ""


def test_autoplay_is_off_unless_the_url_gives_a_sensible_interval(meeting_page):
    assert [meeting.autoplay_seconds(v) for v in (None, "", "x", "0", "3", "30", "3601")] == [0, 0, 0, 0, 0, 30, 0]
    at = meeting_page(CHIANG_RAI)
    assert at.selectbox(key="meeting_autoplay").value == "0" and "autoplay" not in at.query_params
    at.selectbox(key="meeting_autoplay").select("30").run()
    assert param(at, "autoplay") == "30"
    at.selectbox(key="meeting_autoplay").select("0").run()
    assert "autoplay" not in at.query_params  # off is the default: the link is as it was


def test_stepping_back_to_a_screen_draws_nothing_again(meeting_page, monkeypatch):
    """A step re-runs the screen: the gap list's page count and each screen's slide are worked out once per view
    and data version, so going forward and back again only sends what was drawn."""
    calls = {"gap_pages": 0, "slide": 0}
    for name in calls:
        original = getattr(slides, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(slides, name, counted)
    at = meeting_page({**LAMPANG, "screen": "1"})
    button(at, "ถัดไป").click().run()
    assert at.title[0].value == "จำนวนอำเภอแต่ละระดับ"
    drawn = dict(calls)
    button(at, "ก่อนหน้า").click().run()
    button(at, "ถัดไป").click().run()
    assert not at.exception and at.title[0].value == "จำนวนอำเภอแต่ละระดับ"
    assert calls == drawn and drawn["gap_pages"] <= 1
