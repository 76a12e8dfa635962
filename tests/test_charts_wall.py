"""Charts that read on a wall: column heads that never run into each other, titles and bar labels never cut."""

from __future__ import annotations

import pandas as pd

from cdd.views import charts

BURIRAM_HEADS = ["ผลรวม", "1.1 ความปลอดภัย", "1.2 อบรมเครื่องมือ", "2.1 จปฐ.", "2.2 ฐานข้อมูล", "3 ระบบ IT"]
BURIRAM_HEADS += ["4.1 ตำบลต้นแบบ", "4.2 Click ชุมชน", "5.1.1 จากความต้องการ", "5.1.2 งานใหม่", "5.2.1 ถ่ายทอด"]
BURIRAM_HEADS += ["5.2.2 ใช้จริง", "5.2.3 แผนพัฒนา", "การตรวจ"]


def heatmap_of(heads: list[str]) -> pd.DataFrame:
    return pd.DataFrame([["A"] * len(heads), ["D"] * len(heads)], columns=heads, index=["เมือง", "เทิง"])


def test_crowded_heads_become_their_numbers_with_a_key_under_the_chart():
    figure = charts.grade_heatmap(heatmap_of(BURIRAM_HEADS), "ระดับ")
    labels = list(figure.data[0].x)
    assert labels[:3] == ["ผลรวม", "1.1", "1.2"] and labels[-1] == "การตรวจ"  # short heads stay as they are
    widths = [charts.label_width(label, 14) for label in labels]
    column = (760 - charts.NAME_ROOM) / len(labels)
    assert all((a + b) / 2 + 8 <= column * 1.25 + 8 for a, b in zip(widths, widths[1:]))
    key = figure.layout.annotations[0].text
    assert "1.1 = ความปลอดภัย" in key and "5.2.3 = แผนพัฒนา" in key
    assert figure.layout.xaxis.type == "category"  # '1.1' is a name, not a number on a scale
    assert figure.data[0].customdata[0][1] == "1.1 ความปลอดภัย"  # the pointer names the column in full


def test_heads_that_fit_on_two_tiers_keep_their_names():
    heads = ["โคกหนองนา", "ผ้าไทย", "OTOP", "กองทุนสตรี", "Click ชุมชน", "การตรวจ"]
    figure = charts.grade_heatmap(heatmap_of(heads), "ระดับ", width=1000)
    assert list(figure.data[0].x) == heads and not figure.layout.annotations


def test_grade_counts_keep_their_title_and_labels_whole():
    counts = pd.DataFrame({"ระดับ": ["A", "B", "C", "D", "–"], "จำนวน": [5, 5, 2, 1, 0]})
    figure = charts.grade_count_bars(counts, "จำนวนอำเภอแต่ละระดับ · โคกหนองนา")
    assert figure.layout.title.text == "จำนวนอำเภอแต่ละระดับ<br>โคกหนองนา"  # two lines in a narrow column
    assert figure.layout.margin.t > 60
    assert figure.data[0].cliponaxis is False and figure.layout.yaxis.range[1] > 5 * 1.15  # room for '5' above


def test_a_title_too_wide_for_its_column_goes_on_a_line_for_each_part():
    grid = heatmap_of(["ไตรมาส 3/2567"])
    long_name = "การขับเคลื่อนโครงการพัฒนาชุมชนดิจิทัล 4.0 ประจำปี 2568"
    figure = charts.grade_heatmap(grid, f"ระดับตลอดปีงบประมาณ 2568 · {long_name}", title_width=500)
    assert figure.layout.title.text == f"ระดับตลอดปีงบประมาณ 2568<br>{long_name}"
    short = charts.grade_heatmap(grid, "ระดับตลอดปีงบประมาณ 2567 · OTOP", title_width=500)
    assert short.layout.title.text == "ระดับตลอดปีงบประมาณ 2567 · OTOP"
    assert figure.layout.margin.t > short.layout.margin.t  # room for the second line
