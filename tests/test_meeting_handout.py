"""The meeting's handout: one PDF of every screen of the meeting, in Thai fonts, with the as-of stamp.

The PDF is read back as a person would meet it: its text with poppler's pdftotext, its pages drawn to
PNG with pdftoppm (saved under test-artifacts/ to look at). .ci/run installs poppler-utils and chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from cdd.grading.inputs import registry, schemes
from cdd.store import database as store
from cdd.store.period_grades import grade_period
from cdd.views import handout, meeting, slides

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
STAMP = ["ภารกิจสำคัญ Click ชุมชน", "ข้อมูล ณ วันที่ 5 กรกฎาคม 2567 เวลา 16:30 น."]

if not (shutil.which("pdftoppm") and Path("/usr/bin/chromium").exists()):
    if os.environ.get("CI"):
        raise RuntimeError("pdftoppm or chromium is missing: .ci/run installs poppler-utils and chromium")
    pytest.skip("poppler-utils or chromium is not installed here", allow_module_level=True)

pytestmark = pytest.mark.slow  # over a second: a headless browser writes every page


def letters(text: str) -> str:
    """Thai text without its marks, as pdftotext gives it back: it splits ำ into ํ + า, and a tone mark the
    font draws shifted (Garuda's glyphs in the private-use area) comes back as that glyph's code. The same
    letters either way."""
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Mn", "Co") and not ch.isspace())


@pytest.fixture(scope="module")
def chiang_rai(demo_db) -> tuple[slides.Meeting, bytes]:
    with store.connect(demo_db) as con:
        results = grade_period(con, "click-2567-q3", "2567-06", "57")
    of = slides.Meeting(results, schemes()["click-2567-q3"], registry(), "2567-06", "57", "จังหวัดเชียงราย")
    return of, handout.build(of, STAMP)


def test_the_handout_is_one_pdf_with_a_page_for_every_screen(chiang_rai, tmp_path):
    of, pdf = chiang_rai
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = len(meeting.sequence(slides.gap_pages(of)))
    assert pages >= 5  # the three screens and a gap list of two pages
    assert f"Pages:           {pages}" in info


def test_every_page_says_what_it_is_and_how_old_its_figures_are_in_thai(chiang_rai, tmp_path):
    of, pdf = chiang_rai
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    pages = len(meeting.sequence(slides.gap_pages(of)))
    for number in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert letters(STAMP[1]) in letters(text), number
        # a title too wide for the page breaks at its " · ", so the period and the province are read apart
        assert letters("มิถุนายน 2567") in letters(text) and letters("จังหวัดเชียงราย") in letters(text), number
    first = subprocess.run(["pdftotext", "-l", "1", str(path), "-"], capture_output=True, text=True).stdout
    assert letters("ระดับรายอำเภอ") in letters(first) and letters("เมืองเชียงราย") in letters(first)
    assert letters(slides.NO_GRADE_NOTE) in letters(first)  # แม่ลาว and ดอยหลวง sent nothing: a row of '–'
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "yes yes yes" in fonts  # the Thai font is embedded, subset, with its Unicode map


def test_the_pages_draw_as_the_projector_shows_them(chiang_rai, tmp_path):
    _, pdf = chiang_rai
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page")], check=True)
    drawn = sorted(tmp_path.glob("page-*.png"))
    ARTIFACTS.mkdir(exist_ok=True)
    for page in drawn:
        shutil.copy(page, ARTIFACTS / f"meeting-handout-{page.name}")
    heatmap = Image.open(drawn[0]).convert("RGB")
    assert heatmap.width > heatmap.height  # landscape, as on the projector
    colours = {colour for _, colour in heatmap.getcolors(maxcolors=1 << 16) or []}
    assert (0x00, 0x9E, 0x73) in colours and (0xD5, 0x5E, 0x00) in colours  # grade A and grade D cells
