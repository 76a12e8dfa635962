"""Demo data: deterministic, plausible monthly submissions for the four provinces, every one marked demo.

Each district has a steady "strength" so its grades tell a story across months; some months come in
late, some never, some are revised after the deadline. Figures the letters do not give (head counts,
Lampang's and Buriram's tambons) are sent as part of the demo rows, so they are demo too and go with
`remove_demo`. Nothing here is ever presented as real: batches carry `is_demo` and the demo sender.

The first visit waits for this data, so it is made in memory and written as a whole (`write_demo_batches`),
leaving exactly what sending each month as a file of its own would (tests/test_demo.py holds the two equal).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass, field
from fractions import Fraction

import duckdb

from cdd.office.calendar import Month
from cdd.office.districts import District, Registry
from cdd.rubrics.indicators import CATALOGUE, Value, encode_value
from cdd.rubrics.model import Scheme
from cdd.store.database import NUMBER_OF_VALUE, as_columns, insert_columns, one_row, write_transaction

DEMO_SENDER = "ข้อมูลตัวอย่าง (demo)"
SEED = 2567


def add_demo(con: duckdb.DuckDBPyConnection, schemes: dict[str, Scheme], registry: Registry) -> int:
    """Write the demo submissions in one transaction; returns how many batches were written.

    Every month is made first, then written as a whole: a handful of statements for all of them, each table's
    rows sent as one list parameter per column (a batch at a time took seven statements each, 3–9 s in all)."""
    sends = demo_sends(schemes, registry)
    with write_transaction(con) as cur:
        write_demo_batches(cur, sends)
    return len(sends)


def demo_sends(schemes: dict[str, Scheme], registry: Registry) -> list[DemoSend]:
    """Every demo file, in the order they are written: scheme by scheme, district by district, month by month."""
    return [
        send
        for scheme in schemes.values()
        for district in (d for p in scheme.provinces for d in registry.in_province(p))
        for send in _district_demo(scheme, district, registry)
    ]


@dataclass(frozen=True)
class DemoSend:
    """One demo file as a district would send it: one month of one district, as a batch of its own."""

    scheme: str
    district: str
    month: Month
    values: dict[str, Value]
    at: dt.datetime

    @property
    def file_name(self) -> str:
        return f"demo-{self.scheme}-{self.district}-{self.month.token}.csv"

    @property
    def sha256(self) -> str:
        data = json.dumps({k: str(v) for k, v in self.values.items()}, sort_keys=True).encode()
        return hashlib.sha256(data).hexdigest()


def _district_demo(scheme: Scheme, district: District, registry: Registry) -> list[DemoSend]:
    rng = random.Random(f"{SEED}-{scheme.id}-{district.code}")
    strength = random.Random(f"{SEED}-{district.code}").uniform(0.6, 1.2)
    months = scheme.months
    sends = []
    for index, month in enumerate(months):
        fate = rng.random()
        if fate < 0.05:
            continue  # never sent: "missing"
        values = demo_values(scheme, district, month, registry, rng, strength, (index + 1) / len(months))
        due = scheme.deadline.due(month) or month.next().first_day
        late = fate < 0.17
        sent = dt.datetime.combine(
            due + dt.timedelta(days=rng.randint(2, 12) if late else -rng.randint(0, 9)),
            dt.time(9 + rng.randint(0, 7), rng.randint(0, 59)),
        )
        sends.append(DemoSend(scheme.id, district.code, month, values, sent))
        if 0.17 <= fate < 0.25:  # revised after the deadline
            revised = _revise(values, rng)
            later = sent + dt.timedelta(days=rng.randint(8, 20))
            sends.append(DemoSend(scheme.id, district.code, month, revised, later))
    return sends


def write_demo_batches(cur: duckdb.DuckDBPyConnection, sends: list[DemoSend]) -> None:
    """Each send written as `write_batch` writes a file, inside the caller's transaction: a batch of its own,
    its values that differ from the current ones, the current ones they replace kept in `supersessions`, and the
    month it sent. What is current is followed here, starting from what the store held, so each send sees the
    ones before it exactly as one file sees the files before it."""
    ids = one_row(cur, "SELECT list(nextval('batch_ids') ORDER BY i) FROM range(?) t(i)", [len(sends)])[0] or []
    rows = _DemoRows(_current_values(cur, {(send.district, send.month.token) for send in sends}))
    for batch, send in zip(ids, sends, strict=True):
        rows.add(batch, send)
    _insert_demo(cur, rows)


_DEMO_ROW = 2  # each demo file's one row of figures sits under its header, on the spreadsheet's row 2


@dataclass
class _Current:
    batch: int
    value: str
    row: int | None  # its place among the values written now; None for one the store held before


@dataclass
class _DemoRows:
    """The rows of every table the demo writes, one list a row, in the order the batches were sent."""

    current: dict[tuple[str, str, str], _Current]
    batches: list[list] = field(default_factory=list)
    values: list[list] = field(default_factory=list)
    supersessions: list[list] = field(default_factory=list)
    replaced: list[list] = field(default_factory=list)  # values the store held, replaced now
    sent: list[list] = field(default_factory=list)

    def add(self, batch: int, send: DemoSend) -> None:
        month = send.month.token
        written = sum(
            self._write(batch, (send.district, month, key), encode_value(v)) for key, v in send.values.items()
        )
        self.batches.append(
            [batch, send.file_name, send.sha256, DEMO_SENDER, send.at, send.scheme, month, 1, written, True]
        )
        self.sent.append([batch, send.district, month])

    def _write(self, batch: int, where: tuple[str, str, str], text: str) -> bool:
        """One value of a batch; False when it equals the current one, which a file sent again leaves alone."""
        before = self.current.get(where)
        if before is not None and before.value == text:
            return False
        if before is not None:
            self.supersessions.append([batch, *where, before.batch, before.value])
            if before.row is None:
                self.replaced.append([*where, batch])
            else:
                self.values[before.row][5] = batch  # replaced_by
        self.current[where] = _Current(batch, text, len(self.values))
        self.values.append([batch, *where, text, None, _DEMO_ROW])
        return True


def _current_values(
    cur: duckdb.DuckDBPyConnection, pairs: set[tuple[str, str]]
) -> dict[tuple[str, str, str], _Current]:
    if not pairs:
        return {}
    codes, months = as_columns(sorted(pairs))
    rows = cur.execute(
        "SELECT v.code, v.month, v.key, v.batch_id, v.value FROM submitted_values v "
        "JOIN (SELECT unnest(?) AS code, unnest(?) AS month) w ON v.code = w.code AND v.month = w.month "
        "WHERE v.replaced_by IS NULL AND NOT v.retracted",
        [codes, months],
    ).fetchall()
    return {(code, month, key): _Current(batch, value, None) for code, month, key, batch, value in rows}


def _insert_demo(cur: duckdb.DuckDBPyConnection, rows: _DemoRows) -> None:
    insert_columns(
        cur,
        "INSERT INTO batches (id, file_name, sha256, submitted_by, submitted_at, scheme, period, row_count, "
        "value_count, is_demo)",
        rows.batches,
    )
    insert_columns(
        cur, "INSERT INTO supersessions (batch_id, code, month, key, old_batch_id, old_value)", rows.supersessions
    )
    if rows.replaced:  # before the demo's own values go in: they too are current, with the same keys
        cur.execute(
            "UPDATE submitted_values SET replaced_by = r.batch FROM (SELECT unnest(?) AS code, unnest(?) AS month, "
            "unnest(?) AS key, unnest(?) AS batch) r WHERE submitted_values.code = r.code "
            "AND submitted_values.month = r.month AND submitted_values.key = r.key "
            "AND submitted_values.replaced_by IS NULL AND NOT submitted_values.retracted",
            as_columns(rows.replaced),
        )
    if rows.values:
        cur.execute(
            "INSERT INTO submitted_values (batch_id, code, month, key, value, replaced_by, source_row, number) "
            f"SELECT batch_id, code, month, key, value, replaced_by, source_row, {NUMBER_OF_VALUE} FROM "
            "(SELECT unnest(?) AS batch_id, unnest(?) AS code, unnest(?) AS month, unnest(?) AS key, "
            "unnest(?) AS value, unnest(?::INTEGER[]) AS replaced_by, unnest(?) AS source_row)",
            as_columns(rows.values),
        )
    insert_columns(cur, "INSERT INTO sent_months (batch_id, code, month)", rows.sent)


def _revise(values: dict[str, Value], rng: random.Random) -> dict[str, Value]:
    counts = [k for k, v in values.items() if CATALOGUE[k].kind == "count" and not CATALOGUE[k].reference]
    key = rng.choice(counts) if counts else None
    if not key:
        return values
    count = values[key]
    assert isinstance(count, Fraction)  # _by_kind makes every count a Fraction
    return {**values, key: count + rng.randint(1, 3)}


def demo_values(
    scheme: Scheme,
    district: District,
    month: Month,
    registry: Registry,
    rng: random.Random,
    strength: float,
    progress: float,
) -> dict[str, Value]:
    """One plausible month for one district; `progress` runs 0→1 across the scheme's months."""
    values: dict[str, Value] = {}
    for key in _ordered(scheme.inputs):
        figure = registry.reference(district.code, key, month)
        if CATALOGUE[key].reference and figure is not None:
            continue  # the real reference figure applies
        values[key] = _value(key, values, registry, district, month, rng, strength, progress)
    return values


def _ordered(keys: tuple[str, ...]) -> list[str]:
    """Wholes before their parts, bases before the figures compared with them."""
    return sorted(keys, key=lambda k: 0 if CATALOGUE[k].reference or CATALOGUE[k].better == "none" else 1)


def _value(key, values, registry, district, month, rng, strength, progress) -> Value:
    def ref(k: str) -> Fraction:
        figure = registry.reference(district.code, k, month)
        return values.get(k) or (figure.value if figure else Fraction(10))

    def around(target: Fraction) -> Fraction:
        return Fraction(max(0, round(target * strength * rng.uniform(0.9, 1.3))))

    special = {
        "heads_total": lambda: Fraction(rng.choice([3, 4, 4])),
        "tambons": lambda: Fraction(rng.randint(4, 14)),
        "jpt_target": lambda: Fraction(rng.randint(40, 180)),
        "heads_downloaded": lambda: min(ref("heads_total"), around(ref("heads_total") * Fraction(progress + 0.6))),
        "leaders_downloaded": lambda: min(ref("leaders_target"), around(ref("leaders_target") * Fraction(progress))),
        "jpt_verified": lambda: min(ref("jpt_target"), around(ref("jpt_target") * Fraction(0.9))),
        "shop_new": lambda: around(ref("shop_target")),
        "downloads": lambda: around(13 * ref("tambons")),
        "fabric_income": lambda: _growth(ref("fabric_income_base"), rng, strength),
        "otop_sales": lambda: _growth(ref("otop_sales_base"), rng, strength),
        "fabric_income_base": lambda: Fraction(rng.randint(2000, 20000) * 100),
        "otop_sales_base": lambda: Fraction(rng.randint(5000, 90000) * 100),
        "cf_members_pct": lambda: Fraction(round(rng.uniform(0.3, 1.4) * strength * 100), 100),
        "jpt_collected_pct": lambda: Fraction(min(100, round(100 * (0.3 + 0.7 * progress) * rng.uniform(0.8, 1.1)))),
    }
    if key in special:
        return special[key]()
    return _by_kind(CATALOGUE[key], rng, strength)


def _growth(base: Fraction, rng: random.Random, strength: float) -> Fraction:
    rate = Fraction(round(rng.uniform(-4, 9) * strength * 100), 10000)
    return Fraction(round(base * (1 + rate) * 100), 100)


def _by_kind(indicator, rng: random.Random, strength: float) -> Value:
    if indicator.kind == "yesno":
        return rng.random() < 0.45 + 0.5 * strength
    if indicator.kind == "level":
        return Fraction(min(indicator.max, round(indicator.max * strength * rng.uniform(0.6, 1.25))))
    if indicator.kind == "percent":
        low, high = (4, 16) if indicator.better == "lower" else (55, 105)
        value = Fraction(round(rng.uniform(low, high) * (strength if indicator.better != "lower" else 1) * 100), 100)
        return min(value, Fraction(indicator.max)) if indicator.max else value
    return Fraction(round(rng.uniform(1, 3.5) * strength + rng.random() * 0.8))


def remove_demo(con: duckdb.DuckDBPyConnection) -> int:
    """Delete every demo batch and its values; real values a demo batch had superseded become current again."""
    with write_transaction(con) as cur:
        demo = "SELECT id FROM batches WHERE is_demo"
        count = cur.execute(f"SELECT count(*) FROM ({demo})").fetchall()[0][0]
        cur.execute(f"UPDATE submitted_values SET replaced_by = NULL WHERE replaced_by IN ({demo})")
        cur.execute(f"DELETE FROM supersessions WHERE batch_id IN ({demo}) OR old_batch_id IN ({demo})")
        cur.execute(f"DELETE FROM submitted_values WHERE batch_id IN ({demo})")
        cur.execute("DELETE FROM batches WHERE is_demo")
    return count


def ensure_database(path=None) -> bool:
    """On the first run, create the database and fill it with demo data; True when it was created now."""
    from cdd.grading.inputs import registry, schemes
    from cdd.store.database import connect, database_path, load_registry_into
    from cdd.store.users import set_open_viewing

    target = database_path(path)
    if target.exists():
        return False
    con = connect(target)
    try:
        load_registry_into(con, registry())
        add_demo(con, schemes(), registry())
        # The demo opens for reading without an account, as on a trusted office network; writing always
        # needs one. A real installation turns this off: python -m cdd settings open-viewing off
        set_open_viewing(con, True)
    finally:
        con.close()
    return True
