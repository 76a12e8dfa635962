"""Every grade and status fill with the text drawn on it meets WCAG AA (4.5:1), on screen and on a wall."""

from __future__ import annotations

import pandas as pd
import pytest

from cdd.views.charts import grade_heatmap
from cdd.views.palette import GRADE_COLOURS, STATUS_COLOURS, TEXT_ON, contrast

AA = 4.5


def test_the_contrast_formula_gives_wcags_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert contrast("#ffffff", "#009E73") < AA  # white on the green fails: why the text is black


@pytest.mark.parametrize("grade", list(GRADE_COLOURS))
def test_every_grade_fill_reads_with_its_text(grade):
    assert contrast(GRADE_COLOURS[grade], TEXT_ON[grade]) >= AA


@pytest.mark.parametrize("status", list(STATUS_COLOURS))
def test_every_status_fill_reads_with_its_text(status):
    fill, text = STATUS_COLOURS[status]
    assert contrast(fill, text) >= AA


def test_the_heatmap_draws_its_letters_in_the_colour_tested():
    frame = pd.DataFrame({"ภารกิจ": ["A", "D", "–"]}, index=["เทิง", "พาน", "แม่สาย"])
    trace = grade_heatmap(frame, "ระดับ").data[0]
    assert all(contrast(GRADE_COLOURS[g], trace.textfont.color) >= AA for g in ("A", "B", "C", "D", "–"))
