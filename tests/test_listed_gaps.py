"""A gap on a count the letter asks to be listed names what is missing: the channel without a post, the head
who has not downloaded, the 5P dimension, the IT process or database not done; activities say which were
counted. A plain count keeps its plain words. Sent through the upload as districts send them."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

import pytest

from cdd.cli.main import main
from cdd.grading.rollup import deciding_months
from cdd.intake.breakdowns import BREAKDOWNS, Counted
from cdd.intake.validate import read_submission
from cdd.store import database as store
from cdd.store import review, users
from cdd.store.database import registry_from
from cdd.store.period_grades import grade_period
from cdd.store.period_items import period_items
from cdd.store.submissions import write
from cdd.views import exports, progress

CHANNELS = BREAKDOWNS["pr_channels"].items
HEADS = "ดาวน์โหลด: นายอำเภอ,ดาวน์โหลด: พัฒนาการอำเภอ,ดาวน์โหลด: ท้องถิ่นอำเภอ,ดาวน์โหลด: ที่ดินอำเภอ"


@pytest.fixture
def con(tmp_path, blank_db):
    connection = store.connect(blank_db(tmp_path / "cdd.duckdb"))
    yield connection
    connection.close()


def send(con, schemes, text: str, name: str = "report.csv") -> None:
    submission, problems = read_submission(name, text.encode(), registry_from(con), schemes)
    assert problems == [], problems
    write(con, submission, name, text.encode(), "ผู้ดูแลระบบ")


def criteria(con, scheme: str, period: str, province: str, code: str, accepted_only: bool = False) -> list[str]:
    """The gap list of one district, as the screen and the files read it: each row's เกณฑ์, then " · " and
    its รายการย่อย where it has any."""
    results = grade_period(con, scheme, period, province, accepted_only=accepted_only)
    items = period_items(con, scheme, period, province, accepted_only=accepted_only)
    rows = [r for r in exports.gap_rows(results, registry_from(con), items) if r["code"] == code]
    assert all(" · " not in str(r["criterion"]) for r in rows)  # the criterion keeps its own words
    return [str(r["criterion"]) + (f" · {r['items']}" if r["items"] else "") for r in rows]


def row_of(rows: list[str], start: str) -> str:
    return next(r for r in rows if r.startswith(start))


# ---- the months whose lists count ---------------------------------------------------------------------


def test_the_months_whose_figures_make_the_period_are_the_ones_whose_lists_are_named():
    months = ["2567-04", "2567-05", "2567-06"]
    series = [Fraction(3), Fraction(1), Fraction(1)]
    assert deciding_months("pr_channels", "every-month", months, series) == ["2567-05", "2567-06"]  # the worst
    assert deciding_months("heads_downloaded", "latest", months, [Fraction(2), Fraction(3), None]) == ["2567-05"]
    assert deciding_months("activities", "sum", months, series) == months
    assert deciding_months("pr_channels", "every-month", months, [Fraction(3), None, Fraction(1)]) == []  # unknown


def test_a_list_names_every_item_not_done_and_a_name_list_what_was_counted():
    channels = Counted("pr_channels", "2568-03", done={"Facebook": True, "TikTok": False})
    assert channels.count == 1
    assert channels.words() == ", ".join(f"{c}: ยังไม่มีโพสต์" for c in CHANNELS if c != "Facebook")
    assert Counted("activities", "2568-03", names=("ตลาดนัด", "อบรม")).words() == "นับแล้ว: ตลาดนัด, อบรม"


# ---- Chiang Rai Q3: which heads downloaded, channels, activities by name ------------------------------

CLICK_HEADER = (
    f"code,month,heads_total,data_updated,pr_posts,downloads,{HEADS},ช่องทาง: Facebook,ช่องทาง: Line,ชื่อกิจกรรม\n"
)


def test_a_head_who_has_not_downloaded_and_a_channel_without_a_post_are_named(con, schemes):
    # 3 of 4 heads is 75%: A asks 80% of 4, so all 4 (ceil 3.2); Line alone is one channel of the two asked.
    send(con, schemes, CLICK_HEADER + "5709,2567-04,4,yes,2,85,yes,yes,yes,no,0,3,ประชุมกำนัน\n")
    rows = criteria(con, "click-2567-q3", "2567-04", "57", "5709")
    heads = row_of(rows, "หัวหน้าส่วนราชการ")
    assert heads.endswith(" · ที่ดินอำเภอ: ยังไม่ดาวน์โหลด")
    channels = row_of(rows, "ช่องทาง")
    assert channels.endswith(" · " + ", ".join(f"{c}: ยังไม่มีโพสต์" for c in CHANNELS if c != "Line"))
    assert "Facebook: ยังไม่มีโพสต์" in channels  # sent as 0: not counted, so still missing
    assert row_of(rows, "กิจกรรม").endswith(" · นับแล้ว: ประชุมกำนัน")


def test_a_district_without_a_land_office_is_not_told_its_land_officer_has_not_downloaded(con, schemes):
    # "ที่ดินอำเภอ (ถ้ามี)": with 3 heads in the district there is no land officer; 2 of 3 is under 80%.
    send(con, schemes, CLICK_HEADER + "5709,2567-04,3,yes,2,85,yes,yes,no,,0,3,ประชุม\n")
    heads = row_of(criteria(con, "click-2567-q3", "2567-04", "57", "5709"), "หัวหน้าส่วนราชการ")
    assert heads.endswith(" · ท้องถิ่นอำเภอ: ยังไม่ดาวน์โหลด")
    send(con, schemes, "code,month,heads_total\n5709,2567-04,4\n", "four.csv")  # there is one after all
    heads = row_of(criteria(con, "click-2567-q3", "2567-04", "57", "5709"), "หัวหน้าส่วนราชการ")
    assert heads.endswith(" · ท้องถิ่นอำเภอ: ยังไม่ดาวน์โหลด, ที่ดินอำเภอ: ยังไม่ดาวน์โหลด")


def test_all_four_heads_meet_the_threshold_exactly_and_leave_no_gap(con, schemes):
    send(con, schemes, CLICK_HEADER + "5709,2567-04,4,yes,2,85,yes,yes,yes,yes,1,3,ประชุม;อบรม\n")
    rows = criteria(con, "click-2567-q3", "2567-04", "57", "5709")
    assert not any("ดาวน์โหลด:" in r or "ยังไม่ดาวน์โหลด" in r for r in rows)
    assert not any(r.startswith("หัวหน้าส่วนราชการ") for r in rows) and not any("ช่องทาง" in r for r in rows)


def test_a_plain_count_keeps_its_plain_words(con, schemes):
    plain = "code,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads\n"
    send(con, schemes, plain + "5709,2567-04,4,3,yes,2,1,1,85\n")
    rows = criteria(con, "click-2567-q3", "2567-04", "57", "5709")
    assert rows and not any(" · " in r for r in rows)
    assert period_items(con, "click-2567-q3", "2567-04", "57") == {}


def test_a_list_overruled_by_a_later_plain_count_is_no_longer_named(con, schemes):
    send(con, schemes, CLICK_HEADER + "5709,2567-04,4,yes,2,85,yes,yes,yes,no,0,3,ประชุม\n")
    send(con, schemes, "code,month,heads_downloaded\n5709,2567-04,2\n", "later.csv")
    rows = criteria(con, "click-2567-q3", "2567-04", "57", "5709")
    assert not row_of(rows, "หัวหน้าส่วนราชการ").endswith("ยังไม่ดาวน์โหลด")  # 2 is not what the list gave
    assert row_of(rows, "ช่องทาง").endswith("X: ยังไม่มีโพสต์, อื่น ๆ: ยังไม่มีโพสต์")  # that list still stands


def test_a_quarter_names_the_lists_of_the_months_that_decided_it(con, schemes):
    # Channels must reach 2 in every month: the worst months decide; heads are a running count: the latest.
    rows = [
        "5709,2567-04,4,yes,2,85,yes,no,no,no,1,1,ก;ข",
        "5709,2567-05,4,yes,2,85,yes,yes,no,no,0,2,ก;ข",
        "5709,2567-06,4,yes,2,85,yes,yes,yes,no,1,0,ก;ข",
    ]
    send(con, schemes, CLICK_HEADER + "\n".join(rows) + "\n")
    found = criteria(con, "click-2567-q3", "2567-Q3", "57", "5709")
    heads = row_of(found, "หัวหน้าส่วนราชการ")
    assert heads.endswith(" · (มิ.ย. 67) ที่ดินอำเภอ: ยังไม่ดาวน์โหลด")
    channels = row_of(found, "ช่องทาง")
    assert "(พ.ค. 67) " in channels and "(มิ.ย. 67) " in channels and "(เม.ย. 67)" not in channels
    may = channels.split("(พ.ค. 67) ")[1].split(" / ")[0]
    assert "Facebook: ยังไม่มีโพสต์" in may and "Line: ยังไม่มีโพสต์" not in may


# ---- Lampang 5P, Buriram IT processes and databases, Sa Kaeo form 1 --------------------------------------


def test_lampang_names_the_5p_dimensions_without_activities(con, schemes):
    send(con, schemes, "code,month,5P: Place,5P: People,5P: Product,5P: Promotion,5P: Pass on\n5201,2567-06,1,2,1,0,\n")
    kok = row_of(criteria(con, "lampang-2567-q3", "2567-Q3", "52", "5201"), "ด้าน 5P")
    assert kok.endswith(" · (มิ.ย. 67) Promotion: ยังไม่มีกิจกรรม, Pass on: ยังไม่มีกิจกรรม")


def test_buriram_names_the_it_processes_and_databases_not_done(con, schemes):
    processes = ",".join(f"กระบวนการ IT: {n}" for n in range(1, 6))
    databases = ",".join(f"ฐานข้อมูล: {n}" for n in range(1, 7))
    send(con, schemes, f"code,month,{processes},{databases}\n3101,2568-03,yes,yes,no,yes,,yes,yes,yes,yes,no,no\n")
    rows = criteria(con, "buriram-digital-2568", "2568-03", "31", "3101")
    it = next(r for r in rows if "ติดตั้งโปรแกรมป้องกันไวรัส: ยังไม่ครบ" in r)
    assert it.endswith(" · ติดตั้งโปรแกรมป้องกันไวรัส: ยังไม่ครบ, ประชุมทางไกล: ยังไม่ครบ")
    assert any(r.endswith(" · ยอดจำหน่าย OTOP: ยังไม่ครบ, แผนตำบล: ยังไม่ครบ") for r in rows)


def test_sakaeo_form_one_names_the_channels_without_a_post(con, schemes):
    channels = ",".join(f"ช่องทาง: {c}" for c in CHANNELS)
    send(con, schemes, f"code,month,pr_posts,{channels}\n2701,2568-03,3,0,3,0,0,0,0,0,0,0\n")
    row = row_of(criteria(con, "sakaeo-click-2568", "2568-03", "27", "2701"), "เผยแพร่")
    missing = [c for c in CHANNELS if c != "เว็บไซต์อำเภอ"]
    assert row.endswith("(จำนวนช่องทางที่เผยแพร่) · " + ", ".join(f"{c}: ยังไม่มีโพสต์" for c in missing))
    send(con, schemes, f"code,month,pr_posts,{channels}\n2701,2568-03,3,0,2,1,0,0,0,0,0,0\n", "again.csv")
    assert not any("ยังไม่มีโพสต์" in r for r in criteria(con, "sakaeo-click-2568", "2568-03", "27", "2701"))


# ---- the same figures as the grades ---------------------------------------------------------------------


def test_accepted_figures_only_name_the_lists_of_accepted_months(con, schemes):
    send(con, schemes, CLICK_HEADER + "5709,2567-04,4,yes,2,85,yes,yes,yes,no,0,3,ประชุม\n")
    assert period_items(con, "click-2567-q3", "2567-04", "57", accepted_only=True) == {}
    users.add_user(con, "ผู้ตรวจ", "province", "รหัสผ่านยาวพอ-2567")
    review.decide(con, users.active_user(con, "ผู้ตรวจ"), "5709", "2567-04", "", review.ACCEPTED)
    rows = criteria(con, "click-2567-q3", "2567-04", "57", "5709", accepted_only=True)
    assert row_of(rows, "หัวหน้าส่วนราชการ").endswith(" · ที่ดินอำเภอ: ยังไม่ดาวน์โหลด")


def test_the_district_page_and_the_downloaded_file_name_the_same_items(con, schemes, tmp_path):
    send(con, schemes, CLICK_HEADER + "5709,2567-04,4,yes,2,85,yes,yes,yes,no,0,3,ประชุม\n")
    results = grade_period(con, "click-2567-q3", "2567-04", "57")
    items = period_items(con, "click-2567-q3", "2567-04", "57")
    page = progress.district_gaps(results, registry_from(con), "5709", items)
    on_page = [c for gap in page for c in gap.criteria[exports.ITEMS_HEAD]]
    path = con.execute("PRAGMA database_list").fetchall()[0][2]
    con.close()
    target = tmp_path / "gaps.csv"
    args = ["gaps", "--scheme", "click-2567-q3", "--period", "2567-04", "--province", "57", "--format", "csv"]
    assert main([*args, "-o", str(target), "--db", path]) == 0
    header, *lines = csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig")))
    in_file = [line[header.index(exports.ITEMS_HEAD)] for line in lines if line[0] == "5709"]
    assert in_file == on_page and "ที่ดินอำเภอ: ยังไม่ดาวน์โหลด" in in_file and "นับแล้ว: ประชุม" in in_file


@pytest.mark.slow  # over a second: two screens
def test_the_gap_list_and_the_district_page_name_the_missing_items(fresh_db, schemes, open_page):
    path = fresh_db("listed", demo=False)
    with store.connect(path) as connection:
        send(connection, schemes, CLICK_HEADER + "5709,2567-04,4,yes,2,85,yes,yes,yes,no,0,3,ประชุม\n")
    place = {"province": "57", "scheme": "click-2567-q3", "period": "2567-04"}
    table = open_page(path, "screens/gaps.py", **place).dataframe[0].value
    heads = [i for c, i in zip(table["เกณฑ์"], table[exports.ITEMS_HEAD]) if c.startswith("หัวหน้า")]
    assert heads == ["ที่ดินอำเภอ: ยังไม่ดาวน์โหลด"]  # only แม่สาย sent anything
    page = open_page(path, "screens/district.py", **place, district="5709")
    shown = [
        i
        for frame in page.dataframe
        if exports.ITEMS_HEAD in frame.value.columns
        for i in frame.value[exports.ITEMS_HEAD]
    ]
    assert "ที่ดินอำเภอ: ยังไม่ดาวน์โหลด" in shown and "นับแล้ว: ประชุม" in shown
