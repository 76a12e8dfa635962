"""Evidence and the province's check: links and files kept only when safe, breakdowns that give the graded
count, the review states with their history, and who may see and decide what."""

from __future__ import annotations

import csv
import io
import struct
import zlib
from fractions import Fraction

import pytest
from openpyxl import Workbook

from cdd.intake.attachments import AttachmentProblem, check_file, check_link
from cdd.intake.breakdowns import missing_items
from cdd.intake.validate import read_submission
from cdd.store import database as store
from cdd.store import evidence, imports, review
from cdd.store.database import registry_from
from cdd.store.submissions import write
from cdd.store.users import NotAllowed, User

HEADER = "code,month,heads_total,data_updated,pr_posts,activities,downloads,ช่องทาง: Facebook,ช่องทาง: TikTok,ชื่อกิจกรรม,ลิงก์: pr_posts,หมายเหตุ\n"
ROW_5705 = '5705,2567-06,4,yes,2,,150,2,0,"ประชุม; อบรม",https://fb.com/p1,ส่งครบ\n'
ROW_5706 = "5706,2567-06,4,yes,2,1,150,1,1,,https://fb.com/p2,\n"
PROVINCE, ADMIN = User("province1", "province"), User("admin1", "admin")
CLERK, OTHER = User("clerk", "district", "5705"), User("other", "district", "5706")


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def con(tmp_path, blank_db, monkeypatch):
    monkeypatch.setenv(evidence.EVIDENCE_DIR_ENV, str(tmp_path / "evidence"))
    connection = store.connect(blank_db(tmp_path / "cdd.duckdb"))
    for user in (PROVINCE, ADMIN, CLERK, OTHER):
        connection.execute(
            "INSERT INTO users VALUES (?, ?, ?, 'x', now(), NULL)", [user.name, user.role, user.district]
        )
    yield connection
    connection.close()


def without_column(text: str, column: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    at = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[:at] + row[at + 1 :] for row in rows])
    return out.getvalue()


def send(con, registry, schemes, text: str, who=ADMIN, name="june.csv"):
    # The registry as the store holds it now, as an import reads it: a reference figure an earlier file
    # set (heads_total) is then an echo of the form, which a district account may send back unchanged.
    submission, problems = read_submission(name, text.encode(), registry_from(con), schemes)
    assert problems == []
    return write(con, submission, name, text.encode(), who)


# ---- links and files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link, code",
    [
        ("javascript:alert(1)", "link_not_web"),
        ("www.facebook.com/x", "link_without_scheme"),
        ("data:text/html,<b>x</b>", "link_not_web"),
        ("file:///etc/passwd", "link_not_web"),
        ("https://", "bad_link"),
    ],
)
def test_only_web_links_pass(link, code):
    with pytest.raises(AttachmentProblem) as refused:
        check_link(link)
    assert refused.value.code == code and "https://" in str(refused.value)
    assert check_link(" https://www.facebook.com/x ") == "https://www.facebook.com/x"


def test_a_file_is_judged_by_its_bytes_and_its_size(monkeypatch):
    assert check_file("x.jpg", png()).media_type == "image/png"  # the name says jpg, the bytes say PNG
    assert check_file("a.pdf", b"%PDF-1.4 ...").media_type == "application/pdf"
    for name, data in (("photo.jpg", b"MZ\x90\x00 program"), ("x.svg", b"<svg onload=alert(1)>"), ("p.jpg", b"<html>")):
        with pytest.raises(AttachmentProblem) as refused:
            check_file(name, data)
        assert refused.value.code == "file_not_evidence"
    monkeypatch.setenv("CDD_MAX_EVIDENCE_MB", "0.001")
    with pytest.raises(AttachmentProblem) as refused:
        check_file("big.png", png() + b"\x00" * 2000)
    assert refused.value.code == "file_too_large"


# ---- breakdowns ---------------------------------------------------------------------------------------


def test_a_breakdown_gives_the_graded_count_and_names_what_is_missing(registry, schemes):
    submission, problems = read_submission("a.csv", (HEADER + ROW_5705).encode(), registry, schemes)
    assert problems == []
    values = submission.rows[0].values
    assert values["pr_channels"] == 1 and values["activities"] == 2  # Facebook only; two activities by name
    kinds = {(e.item, e.kind, e.label, e.content) for e in submission.evidence}
    assert ("pr_channels", "part", "TikTok", "0") in kinds and ("activities", "name", None, "อบรม") in kinds
    assert ("pr_posts", "link", None, "https://fb.com/p1") in kinds and ("", "remark", None, "ส่งครบ") in kinds
    missing = missing_items("pr_channels", {"Facebook": True, "TikTok": False})
    assert "TikTok: ยังไม่มีโพสต์" in missing and "X: ยังไม่มีโพสต์" in missing  # a blank is not counted either
    assert len(missing) == 8 and not any(m.startswith("Facebook") for m in missing)


def test_a_plain_count_is_still_accepted(registry, schemes):
    text = (
        "code,month,heads_total,data_updated,pr_posts,pr_channels,activities,downloads\n5705,2567-06,4,yes,2,3,2,150\n"
    )
    submission, problems = read_submission("a.csv", text.encode(), registry, schemes)
    assert problems == [] and submission.rows[0].values["pr_channels"] == 3 and submission.evidence == []


def test_a_breakdown_that_disagrees_with_its_count_is_refused_with_row_and_fix(registry, schemes):
    text = (
        HEADER.replace("activities,", "activities,pr_channels,") + "5705,2567-06,4,yes,2,,3,150,2,0,ก,https://a.b/c,\n"
    )
    submission, problems = read_submission("a.csv", text.encode(), registry, schemes)
    assert submission is None
    (problem,) = problems
    assert (problem.row, problem.code, problem.value) == (2, "breakdown_mismatch", "3")
    assert "คอลัมน์ G" in problem.column and "Facebook" in problem.message and "แก้ตัวเลข" in problem.message


def test_the_list_sheet_of_an_excel_file_names_activities_and_links(registry, schemes):
    book = Workbook()
    first = book.active
    first.append(["code", "month", "heads_total", "data_updated", "pr_posts", "pr_channels", "downloads", "หมายเหตุ"])
    first.append(["5705", "2567-06", 4, "yes", 2, 2, 150, "ดูแผ่นงานรายการ"])
    listing = book.create_sheet("รายการ")
    listing.append(["รหัสอำเภอ", "เดือน", "หัวข้อ", "ชื่อ", "ลิงก์", "หมายเหตุ"])
    listing.append(["5705", "2567-06", "activities", "ประชุมผู้นำ", "https://fb.com/a1", None])
    listing.append(["5705", "2567-06", "activities", "ตลาดนัด", None, "มีรูป"])
    listing.append(["5705", "2567-06", "ช่องทาง: TikTok", None, "https://tiktok.com/@x/1", None])
    data = io.BytesIO()
    book.save(data)
    submission, problems = read_submission("a.xlsx", data.getvalue(), registry, schemes)
    assert problems == [] and submission.rows[0].values["activities"] == 2
    kept = {(e.item, e.kind, e.label, e.content) for e in submission.evidence}
    assert ("pr_channels", "link", "TikTok", "https://tiktok.com/@x/1") in kept
    assert ("activities", "link", "ประชุมผู้นำ", "https://fb.com/a1") in kept and (
        "activities",
        "note",
        "ตลาดนัด",
        "มีรูป",
    ) in kept
    listing.append(["5709", "2567-06", "activities", "งานอื่น", "javascript:x", None])
    book.save(data := io.BytesIO())
    submission, problems = read_submission("a.xlsx", data.getvalue(), registry, schemes)
    assert submission is None and {p.code for p in problems} == {"link_not_web", "list_without_report"}
    assert all("รายการ" in p.column and p.row >= 2 for p in problems)


# ---- the store and the review ---------------------------------------------------------------------


def test_evidence_is_written_with_its_batch_and_nothing_on_a_problem(con, registry, schemes):
    batch = send(con, registry, schemes, HEADER + ROW_5705)
    listed = evidence.list_evidence(con, CLERK, "5705", "2567-06")
    assert {e.batch_id for e in listed} == {batch} and len(listed) == 6
    bad = HEADER + ROW_5705.replace("https://fb.com/p1", "javascript:alert(1)")
    submission, problems = read_submission("b.csv", bad.encode(), registry, schemes)
    assert submission is None and problems[0].row == 2 and problems[0].code == "link_not_web"
    assert store.first_row(con, "SELECT count(*) FROM evidence")[0] == 6


def test_a_file_is_kept_outside_the_database_by_its_hash(con, registry, schemes, tmp_path):
    send(con, registry, schemes, HEADER + ROW_5705)
    number = evidence.add_file(con, CLERK, "5705", "2567-06", "activities", "meeting.jpg", png(), "ประชุม")
    data, media_type, name = evidence.file_of(con, PROVINCE, number)
    assert (data, media_type, name) == (png(), "image/png", "meeting.jpg")
    assert len(list((tmp_path / "evidence").glob("*.png"))) == 1
    with pytest.raises(evidence.EvidenceRefused, match="ไม่ใช่รูปภาพ"):
        evidence.add_file(con, CLERK, "5705", "2567-06", "activities", "virus.jpg", b"MZ\x90\x00")
    with pytest.raises(evidence.EvidenceRefused, match="ส่งตัวเลขของเดือนนั้นก่อน"):
        evidence.add_link(con, CLERK, "5705", "2567-05", "", "https://a.b/c")
    (tmp_path / "evidence" / next((tmp_path / "evidence").glob("*.png")).name).write_bytes(b"changed")
    with pytest.raises(evidence.EvidenceRefused, match="ถูกแก้ไข"):
        evidence.file_of(con, PROVINCE, number)


def test_return_resend_accept(con, registry, schemes):
    send(con, registry, schemes, HEADER + ROW_5705 + ROW_5706)
    pair = ("5705", "2567-06")
    assert review.month_reviews(con)[pair].state == review.WAITING
    review.decide(con, PROVINCE, *pair, "pr_posts", review.RETURNED, "ลิงก์โพสต์ที่สองหายไป")
    returned = review.month_reviews(con)[pair]
    assert returned.state == review.RETURNED and returned.returned[0].comment == "ลิงก์โพสต์ที่สองหายไป"
    assert [r.code for r in review.queue(con, CLERK, review.RETURNED)] == ["5705"]
    assert review.queue(con, OTHER, review.RETURNED) == []
    evidence.add_link(con, CLERK, *pair, "pr_posts", "https://fb.com/p3")  # the clerk resends the item's evidence
    assert review.month_reviews(con)[pair].state == review.WAITING
    review.decide(con, ADMIN, *pair, "", review.ACCEPTED)
    assert review.month_reviews(con)[pair].state == review.ACCEPTED
    assert review.month_reviews(con)[("5706", "2567-06")].state == review.WAITING
    assert [(d.state, d.decided_by) for d in review.history(con, PROVINCE, *pair)] == [
        ("returned", "province1"),
        ("accepted", "admin1"),
    ]
    send(con, registry, schemes, HEADER + ROW_5705.replace(",150,", ",151,"))  # a changed figure waits again
    assert review.month_reviews(con)[pair].items["downloads"] == review.WAITING
    assert review.month_reviews(con)[pair].items["pr_posts"] == review.ACCEPTED


def test_a_returned_month_sent_again_waits_again(con, registry, schemes):
    send(con, registry, schemes, HEADER + ROW_5705)
    review.decide(con, PROVINCE, "5705", "2567-06", "", review.RETURNED, "ตรวจตัวเลขอีกครั้ง")
    # The same figures, confirmed; without heads_total, a reference figure only an administrator sets.
    send(con, registry, schemes, without_column(HEADER + ROW_5705, "heads_total"), who=CLERK)
    assert review.month_reviews(con)[("5705", "2567-06")].state == review.WAITING


# The figures of ROW_5705 again, with one more link for pr_posts and a new remark.
RESENT_5705 = ROW_5705.replace("https://fb.com/p1,ส่งครบ", '"https://fb.com/p1 https://fb.com/p9",ส่งครบ แนบลิงก์เพิ่ม')


def import_text(con, schemes, text: str, who=ADMIN, name="june.csv") -> imports.Imported:
    checked = imports.check_file(con, name, text.encode(), schemes, by=who)
    assert checked.problems == []
    return imports.import_checked(con, checked, who)


def links_of(con, code="5705", month="2567-06") -> list[tuple[str, str, str]]:
    return [
        (e.content, e.added_by, str(e.batch_id))
        for e in evidence.list_evidence(con, PROVINCE, code, month)
        if e.kind in ("link", "remark")
    ]


def test_unchanged_figures_with_new_evidence_are_written_and_wait_again(con, schemes):
    first = import_text(con, schemes, HEADER + ROW_5705)
    review.decide(con, PROVINCE, "5705", "2567-06", "", review.ACCEPTED)
    resent = without_column(HEADER + RESENT_5705, "heads_total")  # as the district's own clerk sends it
    checked = imports.check_file(con, "june-2.csv", resent.encode(), schemes, by=CLERK)
    assert checked.plan is not None and checked.plan.writes == [] and checked.plan.new_evidence == 2
    assert "ตัวเลขเหมือนเดิม · หลักฐานใหม่ 2 รายการ" in imports.summary(checked)
    second = imports.import_checked(con, checked, CLERK)
    assert second.batch == first.batch + 1 and "ตัวเลขเหมือนเดิม · หลักฐานใหม่ 2 รายการ" in second.summary
    assert links_of(con) == [
        ("ส่งครบ", "admin1", str(first.batch)),
        ("ส่งครบ แนบลิงก์เพิ่ม", "clerk", str(second.batch)),
        ("https://fb.com/p1", "admin1", str(first.batch)),
        ("https://fb.com/p9", "clerk", str(second.batch)),
    ]
    assert store.first_row(con, "SELECT count(*) FROM submitted_values WHERE batch_id = ?", [second.batch])[0] == 0
    back = review.month_reviews(con)[("5705", "2567-06")]
    assert back.state == review.WAITING and back.items["pr_posts"] == review.WAITING  # a change, to be checked again

    again = imports.check_file(con, "june-3.csv", resent.encode(), schemes, by=CLERK)  # identical in everything
    assert again.plan is not None and not again.plan.anything_new
    third = imports.import_checked(con, again, CLERK)
    assert (third.batch, third.backup) == (None, None) and "ไม่มีอะไรต้องบันทึก" in third.summary
    assert store.first_row(con, "SELECT max(id) FROM batches")[0] == second.batch


def test_the_command_line_keeps_new_evidence_of_unchanged_figures(con, schemes, cli, tmp_path):
    con.close()
    db = str(tmp_path / "cdd.duckdb")
    first, second = tmp_path / "june.csv", tmp_path / "june-2.csv"
    first.write_text(HEADER + ROW_5705, encoding="utf-8")
    second.write_text(HEADER + RESENT_5705, encoding="utf-8")
    assert cli("import", str(first), "--by", "admin1", "--db", db).code == 0
    run = cli("import", str(second), "--by", "admin1", "--db", db)
    assert run.code == 0 and "ตัวเลขเหมือนเดิม · หลักฐานใหม่ 2 รายการ" in run.out and "ชุดที่ 2" in run.out
    same = cli("import", str(second), "--by", "admin1", "--db", db)
    assert same.code == 0 and "ไม่ได้บันทึก" in same.out and "ไม่มีอะไรต้องบันทึก" in same.out
    with store.connect(tmp_path / "cdd.duckdb") as reopened:
        assert links_of(reopened) == [
            ("ส่งครบ", "admin1", "1"),
            ("ส่งครบ แนบลิงก์เพิ่ม", "admin1", "2"),
            ("https://fb.com/p1", "admin1", "1"),
            ("https://fb.com/p9", "admin1", "2"),
        ]
        assert store.first_row(reopened, "SELECT count(*) FROM batches")[0] == 2


def test_rights(con, registry, schemes):
    send(con, registry, schemes, HEADER + ROW_5705 + ROW_5706)
    for who in (CLERK, User("viewer1", "viewer")):
        with pytest.raises(NotAllowed):
            review.decide(con, who, "5705", "2567-06", "", review.ACCEPTED)
    with pytest.raises(NotAllowed):
        evidence.list_evidence(con, OTHER, "5705", "2567-06")
    with pytest.raises(NotAllowed):
        evidence.add_link(con, OTHER, "5705", "2567-06", "", "https://a.b/c")
    with pytest.raises(NotAllowed):
        review.history(con, OTHER, "5705", "2567-06")
    with pytest.raises(review.ReviewRefused, match="ความเห็น"):
        review.decide(con, PROVINCE, "5705", "2567-06", "", review.RETURNED)
    with pytest.raises(review.ReviewRefused, match="ไม่มีตัวชี้วัด"):
        review.decide(con, PROVINCE, "5705", "2567-06", "otop_sales", review.ACCEPTED)
    assert Fraction(len(evidence.list_evidence(con, CLERK, "5705", "2567-06"))) > 0


def test_command_line(con, registry, schemes, cli, tmp_path):
    batch = send(con, registry, schemes, HEADER + ROW_5705 + ROW_5706)
    con.close()
    db = str(tmp_path / "cdd.duckdb")
    listed = cli("evidence", "list", "--district", "5705", "--month", "2567-06", "--db", db)
    assert listed.code == 0 and "https://fb.com/p1" in listed.out and "TikTok" in listed.out and "รอตรวจ" in listed.out
    refused = cli("review", "accept", "5705:2567-06", "--by", "clerk", "--db", db)
    assert refused.code == 2 and "ตรวจรายงานได้เฉพาะ" in refused.err
    assert cli("review", "return", "5705:2567-06:pr_posts", "--by", "province1", "--db", db).code == 2  # no comment
    assert (
        cli("review", "return", "5705:2567-06:pr_posts", "--comment", "แก้ลิงก์", "--by", "province1", "--db", db).code
        == 0
    )
    assert cli("review", "accept", str(batch), "--by", "province1", "--db", db).code == 0
    waiting = cli("review", "list", "--state", "accepted", "--db", db)
    assert waiting.code == 0 and {line.split("\t")[0] for line in waiting.out.splitlines()} == {"5705", "5706"}


def test_the_excel_template_has_a_list_sheet_that_reads_back(registry, schemes):
    from openpyxl import load_workbook

    from cdd.intake.templates import write_template_xlsx
    from cdd.office.calendar import parse_period

    book = load_workbook(io.BytesIO(write_template_xlsx(schemes["click-2567-q3"], registry, parse_period("2567-04"))))
    assert book.sheetnames[1] == "รายการ" and [c.value for c in book["รายการ"][1]][4] == "ลิงก์"
    sheet = book["แบบรายงาน"]
    row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value == "5709")
    keys = [c.value for c in sheet[2]]
    for key, value in {
        "heads_downloaded": 3,
        "data_updated": "ใช่",
        "pr_posts": 2,
        "pr_channels": 2,
        "downloads": 85,
    }.items():
        sheet.cell(row, keys.index(key) + 1, value)
    book["รายการ"].append(["5709", "2567-04", "activities", "ประชุมผู้นำ", "https://fb.com/a", None])
    book["รายการ"].append(["5709", "2567-04", "activities", "ตลาดนัด", None, "ภาพถ่าย"])
    data = io.BytesIO()
    book.save(data)
    submission, problems = read_submission("t.xlsx", data.getvalue(), registry, schemes)
    assert problems == [] and submission.rows[0].values["activities"] == 2


def test_a_count_given_by_its_breakdown_is_not_counted_as_a_blank_cell(registry, schemes):
    """Activities by name and publicity by channel give their counts without a cell of their own."""

    def blanks(text: str) -> int:
        submission, problems = read_submission("june.csv", text.encode(), registry, schemes)
        assert problems == []
        return submission.blank_cells

    assert blanks(HEADER + ROW_5705) == 0  # activities from «ประชุม; อบรม», pr_channels from the channel columns
    assert blanks(HEADER + ROW_5705.replace(',"ประชุม; อบรม"', ",")) == 1  # no count and no names: one blank
