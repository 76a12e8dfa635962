"""อำเภอ, run as a person would open it (AppTest), and the tables behind it."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import figure_spec
from streamlit.testing.v1 import AppTest

from cdd.grading.inputs import registry, schemes
from cdd.grading.mission import MissionResult
from cdd.grading.timeliness import STATUS_TH, MonthStatus
from cdd.intake.validate import read_submission
from cdd.office.calendar import Month
from cdd.office.thai import plain_text
from cdd.store import database as store
from cdd.store.period_grades import grade_period
from cdd.store.submissions import write as store_write
from cdd.views import dashboard, exports, progress

PAGE = "screens/district.py"


def heatmap(at: AppTest) -> dict:
    trace = figure_spec(at)["data"][0]
    return {"rows": trace["y"], "columns": trace["x"], "cells": trace["text"]}


def expected_results(database: Path, scheme: str, period: str, province: str):
    con = store.connect(database)
    try:
        return grade_period(con, scheme, period, province)
    finally:
        con.close()


# ---- the screen ----------------------------------------------------------------------------------------


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_lampang_district_shows_every_mission_with_its_grade_and_readings(open_page, rolled_back_db):
    at = open_page(rolled_back_db, PAGE, province="52", scheme="lampang-2567-q3", period="2567-Q3", district="5201")
    assert at.title[0].value == "อำเภอเมืองลำปาง"
    result = progress.district_result(expected_results(rolled_back_db, "lampang-2567-q3", "2567-Q3", "52"), "5201")
    cards = "\n".join(m.value for m in at.markdown)
    for mission in result.results:
        name = schemes()["lampang-2567-q3"].mission(mission.mission).name
        assert f">{dashboard.cell(mission)}</span> &nbsp; **{plain_text(name)}**" in cards  # the name as typed
    readings = [e for e in at.expander if e.label == "การอ่านเกณฑ์ที่เลือก"]
    assert len(readings) == sum(1 for m in result.results if m.readings) == 11
    grid = heatmap(at)
    assert grid["columns"] == ["ไตรมาส 3/2567"]  # a quarterly scheme: its quarters, not months
    assert len(grid["rows"]) == 9  # the two missions without criteria have no row


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_district_comes_from_the_url_and_changes_everything(open_page, rolled_back_db):
    at = open_page(rolled_back_db, PAGE, province="57", scheme="click-2567-q3", period="2567-06", district="5701")
    assert at.title[0].value == "อำเภอเมืองเชียงราย"
    first = heatmap(at)
    assert first["columns"] == ["เม.ย. 67", "พ.ค. 67", "มิ.ย. 67"]
    assert first["rows"][0] == "ผลรวม" and len(first["rows"]) == 7  # one mission: its overall grade and criteria
    assert first["cells"] == [["A", "A", "A"]] * 7
    at.selectbox(key="choice_district").set_value("5702").run()
    assert not at.exception
    assert at.title[0].value == "อำเภอเวียงชัย" and at.query_params["district"] == "5702"
    months = ("2567-04", "2567-05", "2567-06")
    graded = {p: expected_results(rolled_back_db, "click-2567-q3", p, "57") for p in months}
    cells = heatmap(at)["cells"]
    assert cells == progress.district_grid(graded, schemes()["click-2567-q3"], "5702").values.tolist()
    assert cells[0] == ["D", "–", "D"]  # its overall grade; May's batch was rolled back, so May has no data


def test_an_unknown_district_in_the_url_falls_back_to_the_first(open_page, rolled_back_db):
    at = open_page(rolled_back_db, PAGE, province="27", scheme="sakaeo-click-2568", period="2568-Q2", district="5701")
    assert at.title[0].value == f"อำเภอ{registry().in_province('27')[0].name}"


def test_the_trend_against_the_month_before_is_written(open_page, rolled_back_db):
    at = open_page(rolled_back_db, PAGE, province="57", scheme="click-2567-q3", period="2567-06", district="5707")
    results = {p: expected_results(rolled_back_db, "click-2567-q3", p, "57") for p in ("2567-05", "2567-06")}
    before, now = (progress.district_result(results[p], "5707").results[0].grade for p in ("2567-05", "2567-06"))
    move = dashboard.trend(before, now)
    assert move and any(f"{move} ({before} → {now})" in c.value for c in at.caption)
    assert any("เทียบกับพฤษภาคม 2567" in c.value for c in at.caption)


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_gaps_are_those_of_the_export_for_this_district(open_page, rolled_back_db):
    at = open_page(rolled_back_db, PAGE, province="52", scheme="lampang-2567-q3", period="2567-Q3", district="5201")
    results = expected_results(rolled_back_db, "lampang-2567-q3", "2567-Q3", "52")
    rows = [r for r in exports.gap_rows(results, registry()) if r["code"] == "5201"]
    assert rows
    tables = [d.value for d in at.dataframe if "เกณฑ์" in d.value.columns]
    assert sum(len(t) for t in tables) == len(rows)
    assert [c for t in tables for c in t["เกณฑ์"]] == [r["criterion"] for r in rows]
    assert {"ผลงาน", "ค่าที่ต้องได้", "ขาดอีก"} <= set(tables[0].columns)
    texts = " ".join(m.value for m in at.markdown)
    assert "เพื่อขึ้นระดับถัดไป" in texts and rows[0]["next"] in texts


def test_timeliness_of_every_month_of_the_fiscal_year_in_thai(open_page, rolled_back_db):
    at = open_page(rolled_back_db, PAGE, province="27", scheme="sakaeo-click-2568", period="2568-Q2", district="2701")
    table = next(d.value for d in at.dataframe if "กำหนดส่ง" in d.value.columns)
    assert len(table) == 8 and table["เดือน"].iloc[0] == "กุมภาพันธ์ 2568"  # the letter asks from February 2568
    assert set(table["สถานะ"]) <= set(STATUS_TH.values()) and len(set(table["สถานะ"])) > 1


def test_batches_are_listed_with_the_one_rolled_back(open_page, rolled_back_db):
    at = open_page(rolled_back_db, PAGE, province="57", scheme="click-2567-q3", period="2567-06", district="5702")
    sent = next(d.value for d in at.dataframe if "ไฟล์" in d.value.columns)
    assert set(sent["ไฟล์"]) >= {f"demo-click-2567-q3-5702-2567-0{m}.csv" for m in (4, 5, 6)}
    assert any(state.startswith("ยกเลิกแล้ว") for state in sent["สถานะ"])
    assert set(sent["แบบรายงาน"]) == {"เกณฑ์นี้"}
    grid = heatmap(at)  # May, whose only batch was rolled back, is grey '–' throughout: never a D
    assert grid["columns"][1] == "พ.ค. 67" and {row[1] for row in grid["cells"]} == {dashboard.NO_DATA}


def test_no_data_says_what_is_missing_and_what_to_do(open_page, empty_db):
    at = open_page(empty_db, PAGE, province="57", scheme="click-2567-q3", period="2567-04", district="5701")
    messages = [i.value for i in at.info]
    assert any("ยังไม่มีข้อมูลเมษายน 2567" in m and "นำเข้าข้อมูล" in m for m in messages)
    assert any("ยังไม่เคยส่งข้อมูล" in m for m in messages)
    assert any("ยังไม่มีข้อมูลของเกณฑ์นี้ตลอดปีงบประมาณ 2567" in m for m in messages)
    assert not at.get("plotly_chart")
    assert "ยังไม่ส่ง" in next(d.value for d in at.dataframe if "กำหนดส่ง" in d.value.columns)["สถานะ"].tolist()


# ---- the tables behind it -----------------------------------------------------------------------------


def test_status_colours_go_with_the_thai_words():
    statuses = [
        MonthStatus("5701", "2567-04", "on_time", dt.date(2024, 5, 15), dt.datetime(2024, 5, 1, 9), None),
        MonthStatus("5701", "2567-05", "missing", dt.date(2024, 6, 15), None, None),
    ]
    table = progress.timeliness_table(statuses)
    assert list(table["สถานะ"]) == ["ตรงเวลา", "ยังไม่ส่ง"]
    assert "#009E73" in progress.status_style("ตรงเวลา") and "#D55E00" in progress.status_style("ยังไม่ส่ง")
    assert progress.status_counts(statuses) == "ตรงเวลา 1 · ยังไม่ส่ง 1"
    assert Month(2567, 4).thai() == table["เดือน"][0]


def test_a_no_data_badge_is_grey_and_a_grade_keeps_its_letter():
    assert ">–</span>" in progress.grade_badge(dashboard.NO_DATA) and "#D9D9D9" in progress.grade_badge("–")
    assert ">D</span>" in progress.grade_badge("D") and "#D55E00" in progress.grade_badge("D")


def test_a_mission_scored_without_grades_trends_by_its_score():
    def scored(score: int) -> MissionResult:
        return MissionResult("m", "ภารกิจ", "points", None, Fraction(score), Fraction(100), "score only")

    assert progress.trend_text(scored(87), scored(90)) == "▲ คะแนนขึ้น (87 → 90)"
    assert progress.trend_text(scored(90), scored(87)) == "▼ คะแนนลง (90 → 87)"
    assert progress.trend_text(None, scored(87)) == ""


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_batches_are_those_of_the_scheme_shown(open_page, fresh_db):
    """เมืองลำปาง sends April's Click figures on the Click form only: Lampang's scheme marks April not sent,
    and lists no file for it, though the two schemes share those inputs."""
    path = fresh_db("other-scheme", demo=False)
    text = (
        "code,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads,tambons\n"
        "5201,2567-04,4,4,ใช่,2,2,2,200,5\n"
    ).encode()
    with store.connect(path) as con:
        submission, problems = read_submission(
            "click.csv", text, store.registry_from(con), schemes(), scheme_id="click-2567-q3"
        )
        assert problems == [], problems
        store_write(con, submission, "click.csv", text, "ผู้ดูแลระบบ")
    lampang = open_page(path, PAGE, province="52", scheme="lampang-2567-q3", period="2567-04", district="5201")
    timeliness = next(d.value for d in lampang.dataframe if "กำหนดส่ง" in d.value.columns)
    assert timeliness["สถานะ"].iloc[0] == STATUS_TH["missing"]
    assert not any("ไฟล์" in d.value.columns for d in lampang.dataframe)
    assert any("ยังไม่เคยส่งข้อมูลของเกณฑ์นี้" in info.value for info in lampang.info)
    click = open_page(path, PAGE, province="52", scheme="click-2567-q3", period="2567-04", district="5201")
    sent = next(d.value for d in click.dataframe if "ไฟล์" in d.value.columns)
    assert list(sent["ไฟล์"]) == ["click.csv"] and list(sent["แบบรายงาน"]) == ["เกณฑ์นี้"]
