"""ภาพรวม, run as a person would open it (AppTest)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import figure_spec, plotly_array

from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import read_submission
from cdd.store import database, queries, submissions
from cdd.store.period_grades import grade_period
from cdd.views import charts, dashboard, home
from cdd.views import review as review_view

PAGE = "screens/overview.py"
ONE_DISTRICT = (
    b"code,month,shop_new,data_updated,pr_posts,pr_channels,activities,downloads\n5704,2567-02,9,yes,1,2,1,120\n"
)


def heatmap(at) -> dict:
    trace = figure_spec(at, 0)["data"][0]
    return {"rows": trace["y"], "columns": trace["x"], "cells": trace["text"], "colours": plotly_array(trace["z"])}


def graded_heatmap(path, period: str) -> list[list[str]]:
    """The grade cells of Chiang Rai's Click Q3 heatmap for the period, graded from the database itself."""
    with database.connect(path) as con:
        results = grade_period(con, "click-2567-q3", period, "57")
    return dashboard.heatmap(results, schemes()["click-2567-q3"], registry()).values.tolist()


def test_the_heatmap_follows_the_period(open_page, demo_db):
    april = heatmap(open_page(demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567-04"))
    june = heatmap(open_page(demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567-06"))
    assert april["rows"] == june["rows"] and len(april["rows"]) == 18
    assert april["columns"][-1] == june["columns"][-1] == review_view.CHECK_COLUMN  # then whether it was checked
    assert [row[:-1] for row in april["cells"]] == graded_heatmap(demo_db, "2567-04")
    assert [row[:-1] for row in june["cells"]] == graded_heatmap(demo_db, "2567-06")


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_missions_across_for_lampang_criteria_across_for_click(open_page, demo_db):
    lampang = heatmap(open_page(demo_db, PAGE, province="52", scheme="lampang-2567-q3", period="2567-Q3"))
    assert "OTOP" in lampang["columns"] and "กองทุนสตรี" in lampang["columns"] and len(lampang["rows"]) == 13
    click = heatmap(open_page(demo_db, PAGE, province="57", scheme="click-2567-q2", period="2567-02"))
    assert click["columns"][0] == "ผลรวม" and "ร้านค้าใหม่" in click["columns"]


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_district_without_data_shows_a_grey_dash_never_d(open_page, fresh_db):
    path = fresh_db("overview-one", demo=False)
    con = database.connect(path)
    submission, problems = read_submission("one.csv", ONE_DISTRICT, registry(), schemes())
    assert problems == []
    submissions.write(con, submission, "one.csv", ONE_DISTRICT, "ทดสอบ")
    con.close()
    shown = heatmap(open_page(path, PAGE, province="57", scheme="click-2567-q2", period="2567-02"))
    rows = dict(zip(shown["rows"], zip(shown["cells"], shown["colours"])))
    cells, colours = rows["เทิง"]
    assert cells[0] == "A" and colours[0] == 0
    for name, (cells, colours) in rows.items():
        if name != "เทิง":
            assert set(cells) == {"–"} and set(colours) == {4}, name  # grey, not D (code 3)


def test_a_period_without_data_says_what_to_do(open_page, empty_db):
    at = open_page(empty_db, PAGE, province="27", scheme="sakaeo-click-2568", period="2568-03")
    assert any("ยังไม่มีข้อมูล" in info.value and "นำเข้าข้อมูล" in info.value for info in at.info)
    assert len(at.get("plotly_chart")) == 0


def test_counts_grid_and_changes(open_page, demo_db):
    at = open_page(demo_db, PAGE, province="57", scheme="click-2567-q2", period="2567-03")
    counts = figure_spec(at, 1)["data"][0]
    assert counts["x"] == ["A", "B", "C", "D", "–"] and sum(plotly_array(counts["y"])) == 18
    grid = figure_spec(at, 2)["data"][0]
    assert len(grid["x"]) == 3  # January to March 2567: the months the Q2 letter covers
    changes = at.dataframe[0].value
    assert set(changes["เปลี่ยน"]) <= {"▲ ขึ้น", "▼ ลง", "= เท่าเดิม", ""} and len(changes) == 18


def test_the_whole_country_reads_as_provinces_then_a_page_of_districts(open_page, demo_db):
    at = open_page(demo_db, PAGE, province="all", scheme="click-2567-q3", period="2567-05")
    provinces = heatmap(at)
    assert provinces["rows"] == ["ลำปาง", "เชียงราย"]  # click-2567-q3 covers both provinces
    assert len(at.get("plotly_chart")) == 1  # the districts under it are drawn once opened
    at.session_state["overview_districts"] = True
    at.run()
    districts = figure_spec(at, 1)["data"][0]["y"]
    assert len(districts) == 25 and all("(" in name for name in districts)  # names repeat across provinces
    at.number_input[0].set_value(2).run()
    assert len(figure_spec(at, 1)["data"][0]["y"]) == 6  # 31 districts: 25, then 6


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_year_grid_of_a_targets_scheme_reads_as_the_heatmap(open_page, demo_db):
    at = open_page(demo_db, PAGE, province="27", scheme="sakaeo-click-2568", period="2568-03")
    shown = heatmap(at)
    overall = {row: cells[0] for row, cells in zip(shown["rows"], shown["cells"])}
    grid = figure_spec(at, 2)["data"][0]
    column = grid["x"].index("มี.ค. 68")
    by_row = {row: cells[column] for row, cells in zip(grid["y"], grid["text"])}
    assert by_row == overall
    assert all(cell == "–" or cell.endswith("/9") for cell in overall.values()), overall  # 9 targets a month


def test_no_pass_or_fail_marks_explained_under_grade_letters(open_page, demo_db):
    at = open_page(demo_db, PAGE, province="52", scheme="lampang-2567-q3", period="2567-Q3")
    assert not any("✓" in cell or "✗" in cell for row in heatmap(at)["cells"] for cell in row)
    captions = [caption.value for caption in at.caption]
    assert not any("✓" in text or "✗" in text for text in captions), captions
    assert any("A–D" in text and "'–'" in text for text in captions), captions


def test_a_rerun_with_the_same_choices_reads_and_draws_nothing_again(open_page, demo_db, monkeypatch):
    """A click re-runs the whole screen. The visitor's start (the latest month of every scheme in every
    province), the data-as-of stamp and the figures are worked out once per data version and choice, not on
    every click: at national scale the start alone was 380 questions to the store a click."""
    calls: Counter[str] = Counter()

    def counted(module, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    for module, name in ((home, "open_home"), (queries, "data_as_of"), (charts, "grade_heatmap")):
        counted(module, name)
    at = open_page(demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567-06")
    first = dict(calls)
    at.run()
    assert not at.exception and at.title[0].value == "ภาพรวม"
    assert dict(calls) == first  # the re-run asked for nothing again
