"""เป้าหมาย vs ผลงาน, run as a person would open it (AppTest), and the tables behind its figures."""

from __future__ import annotations

import base64
import math
from fractions import Fraction

import numpy as np
import pytest
from conftest import figure_spec
from streamlit.testing.v1 import AppTest

from cdd.grading.inputs import evaluate, registry, schemes
from cdd.grading.mission import CriterionResult, DistrictResult, MissionResult
from cdd.store import database
from cdd.store.period_grades import grade_period, monthly_values
from cdd.views import dashboard, progress

PAGE = "screens/targets.py"


def traces(at: AppTest, index: int) -> dict[str, dict]:
    return {trace.get("name", ""): trace for trace in figure_spec(at, index)["data"]}


def numbers(values) -> list[float | None]:
    """A plotly array as numbers, None for a gap: plotly 6 writes numeric arrays as base64 ('bdata')."""
    if isinstance(values, dict):
        values = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return [None if v is None or v != v else round(float(v), 2) for v in values]


def bars(path, period: str, key: str) -> list[float | None]:
    """What each Chiang Rai district reported for `key` in the period, in the order the bars are drawn."""
    con = database.connect(path)
    try:
        return numbers(
            list(dashboard.target_actual(grade_period(con, "click-2567-q3", period, "57"), registry(), key)["actual"])
        )
    finally:
        con.close()


def running_total(path, scheme_id: str, fiscal_year: int, code: str, key: str) -> list[float | None]:
    """The district's figures summed month by month through the fiscal year, as sent; a month it never sent
    is a gap (None), not a zero, and adds nothing."""
    months = [m.token for m in progress.fiscal_year_months(schemes()[scheme_id], fiscal_year)]
    con = database.connect(path)
    try:
        sent = monthly_values(con, [code], months, [key]).get(code, {})
    finally:
        con.close()
    running, totals = Fraction(0), []
    for month in months:
        value = sent.get(month, {}).get(key)
        running += value or 0
        totals.append(None if value is None else float(running))
    return numbers(totals)


# ---- the screen ----------------------------------------------------------------------------------------


def test_one_bar_per_district_with_its_own_target(open_page, demo_db):
    at = open_page(demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567-05", indicator="downloads")
    con = database.connect(demo_db)
    expected = dashboard.target_actual(grade_period(con, "click-2567-q3", "2567-05", "57"), registry(), "downloads")
    con.close()
    shown = traces(at, 0)
    assert list(shown["ผลงาน"]["y"]) == list(expected["name"])  # sorted by share of target
    assert numbers(shown["เป้าหมาย"]["x"]) == numbers(list(expected["target"]))
    assert len(set(expected["target"])) > 1  # targets differ by district: one marker each
    shares = next(t for t in figure_spec(at, 0)["data"] if t.get("mode") == "text")["text"]
    assert shares == [f"{math.floor(s)}%" for s in expected["share"]]
    assert at.query_params["indicator"] == "downloads"


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_the_bars_follow_the_period_and_the_indicator(open_page, demo_db):
    at = open_page(demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567-04", indicator="downloads")
    assert numbers(traces(at, 0)["ผลงาน"]["x"]) == bars(demo_db, "2567-04", "downloads")
    at.selectbox(key="choice_period").set_value("2567-06").run()
    assert not at.exception and numbers(traces(at, 0)["ผลงาน"]["x"]) == bars(demo_db, "2567-06", "downloads")
    at.selectbox(key="choice_indicator").set_value("heads_downloaded").run()
    assert not at.exception
    assert at.query_params["indicator"] == "heads_downloaded"
    assert "หัวหน้าส่วนราชการ" in figure_spec(at, 0)["layout"]["title"]["text"]


def test_indicators_are_offered_once_each_with_thai_labels(open_page, demo_db):
    at = open_page(demo_db, PAGE, province="52", scheme="lampang-2567-q3", period="2567-Q3")
    box = at.selectbox(key="choice_indicator")
    offered = set(dashboard.target_indicators(schemes()["lampang-2567-q3"]))
    assert len(box.options) == len(set(box.options)) == len(offered)
    assert "OTOP: ยอดจำหน่ายในเดือนนี้ (บาท)" in box.options


def test_cumulative_line_adds_up_each_month_and_leaves_gaps(open_page, demo_db):
    """Sa Kaeo shops, FY2568: the running sum of what the district sent, month by month; a month it
    never sent is a gap (None), not a zero, and adds nothing."""
    scheme = schemes()["sakaeo-click-2568"]
    con = database.connect(demo_db)
    months = [m.token for m in progress.fiscal_year_months(scheme, 2568)]
    sent = monthly_values(con, [d.code for d in registry().in_province("27")], months, ["shop_new"])
    con.close()
    code = next(c for c in sorted(sent) if len(sent[c]) < len(months))  # a district that missed a month
    at = open_page(
        demo_db, PAGE, province="27", scheme=scheme.id, period="2568-06", indicator="shop_new", district=code
    )
    line = traces(at, 1)["ผลงานสะสม"]
    expected = running_total(demo_db, scheme.id, 2568, code, "shop_new")
    assert numbers(line["y"]) == expected
    assert None in numbers(line["y"])
    assert any("เว้นว่างในกราฟ" in c.value for c in at.caption) or expected[-1] is None


def test_a_running_count_is_plotted_as_reported_not_summed(open_page, demo_db):
    at = open_page(
        demo_db,
        PAGE,
        province="57",
        scheme="click-2567-q3",
        period="2567-06",
        indicator="heads_downloaded",
        district="5702",
    )
    con = database.connect(demo_db)
    sent = monthly_values(con, ["5702"], ["2567-04", "2567-05", "2567-06"], ["heads_downloaded"])["5702"]
    con.close()
    shown = traces(at, 1)
    assert numbers(shown["ผลงาน (ค่า ณ ช่วงนั้น)"]["y"]) == [float(sent[m]["heads_downloaded"]) for m in sorted(sent)]
    assert "เป้าหมาย" in shown
    assert any("ไม่นำมารวมกัน" in c.value for c in at.caption)


def test_the_district_is_kept_in_the_url_and_changes_the_line(open_page, demo_db):
    at = open_page(
        demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567-06", indicator="downloads", district="5701"
    )
    assert numbers(traces(at, 1)["ผลงานสะสม"]["y"]) == running_total(
        demo_db, "click-2567-q3", 2567, "5701", "downloads"
    )
    at.selectbox(key="choice_district").set_value("5702").run()
    assert not at.exception
    assert at.query_params["district"] == "5702"
    assert numbers(traces(at, 1)["ผลงานสะสม"]["y"]) == running_total(
        demo_db, "click-2567-q3", 2567, "5702", "downloads"
    )
    assert "เวียงชัย" in figure_spec(at, 1)["layout"]["title"]["text"]


def test_a_quarterly_scheme_runs_by_quarter(open_page, demo_db):
    at = open_page(
        demo_db,
        PAGE,
        province="52",
        scheme="lampang-2567-q3",
        period="2567-Q3",
        indicator="otop_sales",
        district="5204",
    )
    line = traces(at, 1)["ผลงานสะสม"]
    assert line["x"] == ["ไตรมาส 3/2567"]
    assert numbers(line["y"])[0] > 1_000_000  # a quarter's sales in baht
    assert any(s.value.startswith("รายไตรมาส") for s in at.subheader)


def test_no_data_says_what_is_missing_and_what_to_do(open_page, empty_db):
    at = open_page(empty_db, PAGE, province="57", scheme="click-2567-q3", period="2567-04", indicator="downloads")
    assert not at.get("plotly_chart")
    messages = [i.value for i in at.info]
    assert any("ยังไม่มีข้อมูลจำนวนดาวน์โหลด Click ชุมชน ของเมษายน 2567" in m and "นำเข้าข้อมูล" in m for m in messages)
    assert any("ในปีงบประมาณ 2567" in m for m in messages)


def test_the_districts_left_out_of_the_bars_are_named(open_page, rolled_back_db):
    at = open_page(rolled_back_db, PAGE, province="57", scheme="click-2567-q3", period="2567-05")
    drawn = set(traces(at, 0)["ผลงาน"]["y"])
    left_out = [d.name for d in registry().in_province("57") if d.name not in drawn]
    assert "เวียงชัย" in left_out and len(left_out) < 18
    note = f"ไม่มีข้อมูล {len(left_out)} อำเภอ: {', '.join(left_out)}"
    assert note in [caption.value for caption in at.caption]


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_district_names_on_the_axes_read_as_body_text(open_page, demo_db):
    at = open_page(demo_db, PAGE, province="57", scheme="click-2567-q3", period="2567-05", indicator="downloads")
    for axis in ("xaxis", "yaxis"):
        font = figure_spec(at, 0)["layout"][axis]["tickfont"]
        assert font["size"] >= 14 and font["color"] == "#262730", (axis, font)
    overview = open_page(demo_db, "screens/overview.py", province="57", scheme="click-2567-q3", period="2567-05")
    for axis in ("xaxis", "yaxis"):
        font = figure_spec(overview, 0)["layout"][axis]["tickfont"]
        assert font["size"] >= 14 and font["color"] == "#262730", (axis, font)


# ---- the table behind the second figure ---------------------------------------------------------------


def district(code: str, actual: Fraction | None, required: Fraction) -> DistrictResult:
    row = CriterionResult(
        "shops", "ร้านค้า", "shop_new", actual is not None and actual >= required, actual, required, ">=", None
    )
    criteria = (row,) if actual is not None else ()
    mission = MissionResult("m", "ภารกิจ", "ladder", None, None, None, "graded" if criteria else "no data", criteria)
    return DistrictResult("s", code, "", (mission,))


def test_cumulative_progress_sums_known_periods_and_leaves_holes():
    by_period = {
        "2568-01": [district("2701", Fraction(2), Fraction(1))],
        "2568-02": [district("2701", None, Fraction(1))],
        "2568-03": [district("2701", Fraction(3), Fraction(2))],
        "2568-04": [district("2701", None, Fraction(2))],
    }
    summed = progress.cumulative_progress(by_period, "2701", "shop_new", running_sum=True)
    assert numbers(list(summed["actual"].replace({math.nan: None}))) == [2.0, None, 5.0, None]
    assert numbers(list(summed["target"].replace({math.nan: None}))) == [1.0, None, 3.0, None]
    assert progress.missing_periods(summed) == ["ก.พ. 68"]  # April is simply not in yet
    as_is = progress.cumulative_progress(by_period, "2701", "shop_new", running_sum=False)
    assert numbers(list(as_is["actual"].dropna())) == [2.0, 3.0]


def test_only_latest_inputs_are_not_summed():
    assert progress.accumulates(schemes()["sakaeo-click-2568"], "shop_new")
    assert not progress.accumulates(schemes()["click-2567-q3"], "heads_downloaded")
    assert progress.accumulates(schemes()["click-2567-q3"], "downloads")  # a monthly mean: months add up


def test_the_district_furthest_behind_is_chosen_first():
    shares = dashboard.target_actual([], registry(), "downloads").reindex([0, 1])
    shares["code"], shares["share"] = ["5701", "5702"], [40.0, 90.0]  # sorted by share, as target_actual gives it
    assert progress.furthest_behind(shares, "downloads") == "5701"
    assert progress.furthest_behind(shares, "wf_overdue_pct") == "5702"  # less is better: the largest share
    assert progress.furthest_behind(shares.iloc[0:0], "downloads") is None


def test_a_strict_percent_target_is_marked_at_its_bound_and_read_as_more_than():
    result = evaluate(
        "lampang-2567-q3", "5204", "2567-Q3", {"cf_groups_pct": "80", "cf_members_pct": "1", "cf_debt_pct": "64.56"}
    )
    shares = dashboard.target_actual([result], registry(), "cf_debt_pct")
    assert list(shares[["actual", "target", "actual_text", "target_text"]].iloc[0]) == [
        64.56,
        70.0,
        "64.56%",
        "มากกว่า 70%",
    ]
    bars = progress.target_figure(shares, "หนี้", "%")
    assert [trace.hovertemplate for trace in bars.data[:2]] == [
        "%{y}: %{customdata}<extra></extra>",
        "เป้าหมาย %{customdata}<extra></extra>",
    ]
    assert list(bars.data[1].customdata) == ["มากกว่า 70%"]
