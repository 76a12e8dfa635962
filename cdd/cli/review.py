"""Commands for evidence and the province's check: `evidence list` and `review list | accept | return`.

`--by NAME` names who acts: a known account acts with its own rights (a district account cannot
review); any other name is the operator at this machine, who holds the database file anyway.
A target is a batch number (every month it sent) or CODE:MONTH[:ITEM], such as 5705:2567-06:pr_posts.
"""

from __future__ import annotations

import argparse

from cdd.cli.store import open_store
from cdd.grading.inputs import InputError
from cdd.store import database, evidence, review
from cdd.store.users import User, active_user


def add_commands(commands: argparse._SubParsersAction) -> dict:
    found = commands.add_parser("evidence", help="หลักฐานที่อำเภอส่ง")
    actions = found.add_subparsers(dest="evidence_command", required=True)
    listing = _with_db(actions.add_parser("list", help="หลักฐาน หมายเหตุ และรายการย่อยของอำเภอหนึ่ง เดือนหนึ่ง"))
    listing.add_argument("--district", required=True, help="รหัสอำเภอ 4 หลัก")
    listing.add_argument("--month", required=True, help="เดือน เช่น 2567-06")
    checks = commands.add_parser("review", help="การตรวจของจังหวัด: รอตรวจ ผ่าน ส่งกลับแก้ไข")
    steps = checks.add_subparsers(dest="review_command", required=True)
    queue = _with_db(steps.add_parser("list", help="รายงานรายเดือนและสถานะการตรวจ"))
    queue.add_argument("--state", choices=review.STATES, help="waiting รอตรวจ, accepted ผ่าน, returned ส่งกลับแก้ไข")
    for name, text in (("accept", "ผ่าน"), ("return", "ส่งกลับแก้ไข (ต้องมี --comment)")):
        step = _with_db(steps.add_parser(name, help=text))
        step.add_argument("target", help="หมายเลขชุดข้อมูล หรือ รหัสอำเภอ:เดือน[:ตัวชี้วัด] เช่น 5705:2567-06:pr_posts")
        step.add_argument("--comment", help="ความเห็นถึงอำเภอ")
        step.add_argument("--by", required=True, help="ชื่อผู้ตรวจ")
    return {"evidence": cmd_evidence, "review": cmd_review}


def _with_db(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--db", help=f"ไฟล์ฐานข้อมูล (ค่าเริ่มต้น ${database.DB_ENV} หรือ data/cdd.duckdb)")
    return parser


def _actor(con, name: str) -> User:
    return active_user(con, name) or User(name, "admin")


def cmd_evidence(args: argparse.Namespace) -> int:
    with open_store(args) as con:
        operator = User("operator", "admin")
        items = evidence.list_evidence(con, operator, args.district, args.month)
        found = review.month_review(con, operator, items[0].code if items else args.district, _token(args.month))
        if found:
            print(f"สถานะการตรวจ: {found.state_name}")
            for decision in found.returned:
                print(
                    f"ส่งกลับ ({decision.item or 'ทั้งเดือน'}) โดย {decision.decided_by} {decision.decided_at}: {decision.comment}"
                )
        for line in evidence.entries_as_text(items):
            print(line)
        print(f"หลักฐาน {len(items)} รายการ")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    with open_store(args) as con:
        if args.review_command == "list":
            for item in review.queue(con, User("operator", "admin"), args.state):
                waiting = ", ".join(item.waiting_items)
                comments = " | ".join(d.comment for d in item.returned if d.comment)
                print(f"{item.code}\t{item.month}\t{item.state}\t{item.state_name}\t{waiting}\t{comments}".rstrip())
            return 0
        state = review.ACCEPTED if args.review_command == "accept" else review.RETURNED
        who = _actor(con, args.by)
        if args.target.isdigit():
            numbers = review.decide_batch(con, who, int(args.target), state, args.comment)
        else:
            code, month, item = (args.target.split(":") + ["", ""])[:3]
            if not month:
                raise InputError(f"เป้าหมาย '{args.target}' ต้องเป็นหมายเลขชุดข้อมูล หรือ รหัสอำเภอ:เดือน[:ตัวชี้วัด]")
            numbers = [review.decide(con, who, code, month, item, state, args.comment)]
        print(
            f"บันทึกผลการตรวจ {review.STATE_NAMES[state]} {len(numbers)} รายการ (หมายเลข {', '.join(map(str, numbers))})"
        )
    return 0


def _token(month: str) -> str:
    from cdd.office.calendar import parse_month

    return parse_month(month).token
