"""The province's check of what districts sent: รอตรวจ (waiting), ผ่าน (accepted), ส่งกลับแก้ไข (returned).

Decisions are only ever added (who, when, the comment, and how far the month's batches and evidence
had got when it was made), so the history of every check stays. A decision is about one item (an
indicator key) or the whole month (item ''); the latest that applies to an item stands until the
item changes: a new value, new evidence for it, or, for a returned item, the month sent again. Then
the item waits again. A month is returned when any item is, accepted when every item is, else waiting.
Only province and admin accounts decide; a district account sees only its own district.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from cdd.errors import CddError
from cdd.office.calendar import PeriodError, parse_month
from cdd.office.clock import stamp
from cdd.office.districts import normalise_code
from cdd.office.thai import clean_text
from cdd.store.database import first_row, one_row, write_transaction
from cdd.store.evidence import authorize_read
from cdd.store.users import NotAllowed, User

WAITING, ACCEPTED, RETURNED = "waiting", "accepted", "returned"
STATES = (WAITING, ACCEPTED, RETURNED)
STATE_NAMES = {WAITING: "รอตรวจ", ACCEPTED: "ผ่าน", RETURNED: "ส่งกลับแก้ไข"}
# How a cell or a gap says whether its figures were checked.
CHECK_WORDS = {WAITING: "รอตรวจ", ACCEPTED: "ตรวจแล้ว", RETURNED: "ส่งกลับ"}
CURRENT = "replaced_by IS NULL AND NOT retracted"


class ReviewRefused(CddError):
    """A decision that cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Decision:
    id: int
    code: str
    month: str
    item: str
    state: str
    comment: str | None
    decided_by: str
    decided_at: dt.datetime
    seen_batch: int
    seen_evidence: int


@dataclass(frozen=True)
class MonthReview:
    code: str
    month: str
    state: str
    items: dict[str, str]  # indicator key → state
    returned: list[Decision]  # the returns in force, with their comments

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    @property
    def waiting_items(self) -> list[str]:
        return [key for key, state in self.items.items() if state == WAITING]


def authorize_review(user: User | None) -> None:
    if user is None:
        raise NotAllowed("ยังไม่ได้เข้าสู่ระบบ: เข้าสู่ระบบด้วยบัญชีจังหวัดก่อนตรวจ")
    if user.role not in ("province", "admin"):
        raise NotAllowed(f"บัญชี '{user.name}' เป็น{user.role_name}: ตรวจรายงานได้เฉพาะเจ้าหน้าที่จังหวัดหรือผู้ดูแลระบบ")


# ---- deciding -----------------------------------------------------------------------------------


def decide(
    con: duckdb.DuckDBPyConnection, user: User, code: str, month: str, item: str, state: str, comment: str | None = None
) -> int:
    """Accept or return one item (or the whole month when item is ''); returns the decision's number."""
    authorize_review(user)
    code, month, item, comment = _checked(code, month, item, state, comment)
    with write_transaction(con) as cur:
        items = _current_items(cur, code, month)
        if not items:
            raise ReviewRefused(f"อำเภอ {code} เดือน {month} ยังไม่มีรายงาน: ไม่มีอะไรให้ตรวจ")
        if item and item not in items:
            raise ReviewRefused(f"อำเภอ {code} เดือน {month} ไม่มีตัวชี้วัด '{item}': เลือกจาก {', '.join(sorted(items))}")
        seen_batch, seen_evidence = _seen(cur, code, month)
        return one_row(
            cur,
            "INSERT INTO review_decisions (code, month, item, state, comment, decided_by, decided_at, seen_batch, "
            "seen_evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                code,
                month,
                item,
                state,
                comment,
                user.name,
                stamp(),
                seen_batch,
                seen_evidence,
            ],
        )[0]


def decide_batch(
    con: duckdb.DuckDBPyConnection, user: User, batch: int, state: str, comment: str | None = None
) -> list[int]:
    """The same decision for every month a batch sent."""
    authorize_review(user)
    months = con.execute(
        "SELECT code, month FROM sent_months WHERE batch_id = ? ORDER BY code, month", [batch]
    ).fetchall()
    if not months:
        raise ReviewRefused(f"ไม่มีชุดข้อมูลหมายเลข {batch} หรือชุดนั้นไม่มีรายงานรายเดือน: ดูหมายเลขด้วย python -m cdd review list")
    return [decide(con, user, code, month, "", state, comment) for code, month in months]


def _checked(code: str, month: str, item: str, state: str, comment: str | None) -> tuple[str, str, str, str | None]:
    if state not in (ACCEPTED, RETURNED):
        raise ReviewRefused(f"ผลการตรวจต้องเป็น {ACCEPTED} (ผ่าน) หรือ {RETURNED} (ส่งกลับแก้ไข) ไม่ใช่ '{state}'")
    comment = clean_text(comment or "") or None
    if state == RETURNED and not comment:
        raise ReviewRefused("การส่งกลับแก้ไขต้องมีความเห็นถึงอำเภอ: บอกว่าต้องแก้อะไร (--comment)")
    try:
        return normalise_code(code), parse_month(month).token, clean_text(item or ""), comment
    except PeriodError as error:
        raise ReviewRefused(str(error)) from None


def _current_items(cur, code: str, month: str) -> set[str]:
    rows = cur.execute(f"SELECT key FROM submitted_values WHERE code = ? AND month = ? AND {CURRENT}", [code, month])
    return {key for (key,) in rows.fetchall()}


def _seen(cur, code: str, month: str) -> tuple[int, int]:
    batch = one_row(
        cur,
        "SELECT greatest((SELECT max(batch_id) FROM sent_months WHERE code = ? AND month = ?), "
        "(SELECT max(batch_id) FROM submitted_values WHERE code = ? AND month = ?))",
        [code, month, code, month],
    )[0]
    evidence = one_row(cur, "SELECT max(id) FROM evidence WHERE code = ? AND month = ?", [code, month])[0]
    return batch or 0, evidence or 0


# ---- states -------------------------------------------------------------------------------------


def month_reviews(
    con: duckdb.DuckDBPyConnection,
    pairs: set[tuple[str, str]] | None = None,
    months: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
) -> dict:
    """(code, month) → MonthReview for every reported month, or only those in `pairs`, of `months`, of `codes`
    (None: no limit). The database applies the limits, so a screen of one period reads that period's rows
    and decisions, never the whole history."""
    limits = _Limits.of(pairs, months, codes)
    if limits.empty:
        return {}
    reported = _reported(con, limits)
    decisions = _decisions(con, limits)
    detailed = {pair for pair in decisions if pair in reported}
    changes = _changes(con, detailed)
    result = {}
    for pair, items in reported.items():
        result[pair] = _review(pair, items, decisions.get(pair, []), changes.get(pair, {}))
    return result


def month_review(con: duckdb.DuckDBPyConnection, user: User | None, code: str, month: str) -> MonthReview | None:
    authorize_read(user, code)
    return month_reviews(con, {(code, month)}).get((code, month))


def sent_back(con: duckdb.DuckDBPyConnection, codes: Iterable[str]) -> dict:
    """(code, month) → MonthReview of these districts' months that stand returned, over the whole history.
    Only a month with a return among its decisions can stand returned: those are found first, in the
    decisions, and only their rows are read."""
    rows = con.execute(
        "SELECT DISTINCT code, month FROM review_decisions WHERE state = ? AND code IN (SELECT unnest(?))",
        [RETURNED, sorted(set(codes))],
    ).fetchall()
    found = month_reviews(con, {(code, month) for code, month in rows}) if rows else {}
    return {pair: r for pair, r in found.items() if r.state == RETURNED}


@dataclass(frozen=True)
class _Limits:
    """Which district-months a read keeps, as an SQL condition on `code` and `month` with its parameters;
    `pairs` (exact) are kept in Python after the database has kept their districts and months."""

    pairs: frozenset[tuple[str, str]] | None
    months: list[str] | None
    codes: list[str] | None

    @classmethod
    def of(cls, pairs, months, codes) -> _Limits:
        if pairs is not None:
            months = {m for _, m in pairs} & set(months) if months is not None else {m for _, m in pairs}
            codes = {c for c, _ in pairs} & set(codes) if codes is not None else {c for c, _ in pairs}
        return cls(
            frozenset(pairs) if pairs is not None else None,
            sorted(set(months)) if months is not None else None,
            sorted(set(codes)) if codes is not None else None,
        )

    @property
    def empty(self) -> bool:
        return self.months == [] or self.codes == [] or self.pairs == frozenset()

    def sql(self) -> tuple[str, list]:
        condition, parameters = "", []
        if self.months is not None:
            # The range as well as the list: the table is in the order figures arrived, so the database
            # skips the blocks of other years by their least and greatest month without reading them.
            condition += " AND month >= ? AND month <= ? AND month IN (SELECT unnest(?))"
            parameters += [self.months[0], self.months[-1], self.months]
        if self.codes is not None:
            condition += " AND code IN (SELECT unnest(?))"
            parameters.append(self.codes)
        return condition, parameters

    def keeps(self, pair: tuple[str, str]) -> bool:
        return self.pairs is None or pair in self.pairs


def _reported(con, limits: _Limits) -> dict[tuple[str, str], set[str]]:
    condition, parameters = limits.sql()
    rows = con.execute(
        f"SELECT code, month, list(key) FROM submitted_values WHERE {CURRENT}{condition} GROUP BY code, month",
        parameters,
    )
    return {(code, month): set(keys) for code, month, keys in rows.fetchall() if limits.keeps((code, month))}


def _decisions(con, limits: _Limits) -> dict[tuple[str, str], list[Decision]]:
    condition, parameters = limits.sql()
    grouped = defaultdict(list)
    for row in con.execute(f"SELECT * FROM review_decisions WHERE TRUE{condition} ORDER BY id", parameters).fetchall():
        decision = Decision(*row)
        if limits.keeps((decision.code, decision.month)):
            grouped[(decision.code, decision.month)].append(decision)
    return grouped


def _changes(con, pairs: set[tuple[str, str]]) -> dict:
    """For each pair: the latest batch of each item's values, the latest evidence of each item, the latest send."""
    if not pairs:
        return {}
    codes, months = (list(x) for x in zip(*sorted(pairs)))
    wanted = "JOIN (SELECT unnest(?) AS code, unnest(?) AS month) w USING (code, month)"
    found: dict = defaultdict(lambda: {"values": {}, "evidence": {}, "sent": 0})
    for table, column, bucket in (("submitted_values", "key", "values"), ("evidence", "item", "evidence")):
        number = "batch_id" if table == "submitted_values" else "id"
        sql = f"SELECT code, month, {column}, max({number}) FROM {table} {wanted} GROUP BY ALL"
        for code, month, item, latest in con.execute(sql, [codes, months]).fetchall():
            found[(code, month)][bucket][item] = latest
    for code, month, latest in con.execute(
        f"SELECT code, month, max(batch_id) FROM sent_months {wanted} GROUP BY ALL", [codes, months]
    ).fetchall():
        found[(code, month)]["sent"] = latest
    return found


def _review(pair, items: set[str], decisions: list[Decision], changes: dict) -> MonthReview:
    if not decisions:  # nothing decided yet, as for most months of a period not yet checked: every item waits
        return MonthReview(pair[0], pair[1], WAITING, dict.fromkeys(sorted(items), WAITING), [])
    states, returned = {}, []
    for key in sorted(items):
        last = next((d for d in reversed(decisions) if d.item in (key, "")), None)
        states[key] = _item_state(key, last, changes)
        if states[key] == RETURNED and last is not None and last not in returned:
            returned.append(last)
    values = set(states.values())
    state = RETURNED if RETURNED in values else ACCEPTED if values == {ACCEPTED} else WAITING
    return MonthReview(pair[0], pair[1], state, states, returned)


def _item_state(key: str, last: Decision | None, changes: dict) -> str:
    if last is None:
        return WAITING
    evidence = changes["evidence"]
    changed = (
        changes["values"].get(key, 0) > last.seen_batch
        or evidence.get(key, 0) > last.seen_evidence
        or (last.item == "" and evidence.get("", 0) > last.seen_evidence)
        or (last.state == RETURNED and changes["sent"] > last.seen_batch)
    )
    return WAITING if changed else last.state


# ---- the queue and the history ------------------------------------------------------------------


def queue(con: duckdb.DuckDBPyConnection, user: User | None, state: str | None = None) -> list[MonthReview]:
    """Every reported month the account may see, in the given state (all states when None), oldest first."""
    if state is not None and state not in STATES:
        raise ReviewRefused(f"สถานะต้องเป็น {', '.join(STATES)} ไม่ใช่ '{state}'")
    if user is None:
        raise NotAllowed("ยังไม่ได้เข้าสู่ระบบ: เข้าสู่ระบบก่อนดูคิวตรวจ")
    reviews = month_reviews(con).values()
    mine = [r for r in reviews if user.role != "district" or r.code == user.district]
    return sorted((r for r in mine if state is None or r.state == state), key=lambda r: (r.month, r.code))


def history(con: duckdb.DuckDBPyConnection, user: User | None, code: str, month: str) -> list[Decision]:
    authorize_read(user, code)
    rows = con.execute("SELECT * FROM review_decisions WHERE code = ? AND month = ? ORDER BY id", [code, month])
    return [Decision(*row) for row in rows.fetchall()]


def latest_batch_of(con: duckdb.DuckDBPyConnection, code: str, month: str) -> int | None:
    row = first_row(con, "SELECT max(batch_id) FROM sent_months WHERE code = ? AND month = ?", [code, month])
    return row[0] if row else None
