"""Synthetic, deterministic data at national scale for measuring: 76 provinces, 878 districts.

The names and figures are made up and say so ("ทดสอบ"); they never enter the real registry or the
dashboard's database, only temporary files that a measurement makes and throws away.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace

from cdd.office.calendar import Month
from cdd.office.districts import District, Registry
from cdd.rubrics.indicators import CATALOGUE, encode_value
from cdd.rubrics.model import Scheme
from cdd.store.database import NUMBER_OF_VALUE
from cdd.store.demo import demo_values

PROVINCES, DISTRICTS = 76, 878


def national_registry(provinces: int = PROVINCES, districts: int = DISTRICTS) -> Registry:
    """Districts spread over provinces as evenly as the counts allow, codes PPDD like the real ones."""
    rows = []
    for index in range(districts):
        province = 10 + index % provinces
        number = index // provinces + 1
        code = f"{province:02d}{number:02d}"
        rows.append(District(code, f"ทดสอบ{code}", f"{province:02d}", f"จังหวัดทดสอบ{province:02d}"))
    return Registry(rows, [])


def national_scheme(scheme: Scheme, registry: Registry) -> Scheme:
    """The same rubric, applied to every province of the registry."""
    return replace(scheme, provinces=tuple(sorted(registry.provinces())))


def month_file(scheme: Scheme, registry: Registry, month: Month, seed: int = 1) -> bytes:
    """One month's upload for every district of the scheme, as a UTF-8 CSV with key headers."""
    rng = random.Random(f"{seed}-{scheme.id}-{month.token}")
    keys = [k for k in scheme.inputs if not CATALOGUE[k].reference] + [
        k for k in scheme.inputs if CATALOGUE[k].reference
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "month", *keys])
    for district in (d for p in scheme.provinces for d in registry.in_province(p)):
        values = demo_values(scheme, district, month, registry, rng, rng.uniform(0.6, 1.2), 0.5)
        writer.writerow([district.code, month.token, *(_cell(values.get(k)) for k in keys)])
    return out.getvalue().encode("utf-8")


def _cell(value) -> str:
    return "" if value is None else encode_value(value)


# ---- whole histories, written by the database itself -----------------------------------------------
# Millions of values (878 districts × ~60 indicators × 12 months × 10 years) are made in SQL from a
# hash of (district, month, indicator): deterministic, and never a Python object per value.

REFERENCE_RANGES = {
    "tambons": (3, 15),
    "heads_total": (3, 2),
    "shop_target": (1, 8),
    "otop_operators": (20, 400),
    "leaders_target": (30, 120),
}  # key: (lowest, how many values above it)


def insert_reference_figures(cur, first_month: str) -> None:
    for key, (low, spread) in REFERENCE_RANGES.items():
        cur.execute(
            "INSERT INTO reference_figures SELECT code, ?, (? + hash(code || ?) % ?)::VARCHAR, ?, NULL, 'synthetic' "
            "FROM districts",
            [key, low, key, spread, first_month],
        )


def insert_history(cur, months: list[str]) -> None:
    """One batch a month, holding every indicator of every scheme for every district."""
    import pandas as pd

    from cdd.rubrics.model import load_schemes

    keys = sorted({k for s in load_schemes().values() for k in s.inputs if not CATALOGUE[k].reference})
    cur.register("history_months", pd.DataFrame({"month": months}))
    cur.execute(
        "INSERT INTO batches (file_name, sha256, submitted_by, submitted_at, scheme, period, row_count, value_count) "
        "SELECT 'synthetic-' || month || '.csv', '', 'synthetic', strptime(month || '-10', '%Y-%m-%d') - "
        "INTERVAL 543 YEAR, 'all', month, 0, 0 FROM history_months ORDER BY month"
    )
    cur.register("history_keys", pd.DataFrame({"key": keys}))
    # Each key is a catalogue name ([a-z_0-9]+), never user text.
    values = " ".join(f"WHEN '{key}' THEN {_value_sql(key)}" for key in keys)
    for month in months:  # a month at a time, as districts send them: the table is in the order of arrival
        cur.execute(
            f"INSERT INTO submitted_values (batch_id, code, month, key, value, number) "
            f"SELECT id, code, month, key, value, {NUMBER_OF_VALUE} FROM (SELECT b.id, d.code, b.period AS month, "
            f"k.key, CASE k.key {values} END AS value FROM batches b, districts d, history_keys k "
            f"WHERE b.submitted_by = 'synthetic' AND b.period = ? ORDER BY d.code, k.key)",
            [month],
        )
    # Each batch records the values it holds: opening the file checks that it still holds them.
    cur.execute(
        "UPDATE batches SET value_count = (SELECT count(*) FROM submitted_values v WHERE v.batch_id = batches.id) "
        "WHERE submitted_by = 'synthetic'"
    )
    cur.unregister("history_keys")
    cur.unregister("history_months")


def _value_sql(key: str) -> str:
    """A SQL expression of the value's text, from h = hash(code, month, key); fixed text per kind only."""
    indicator = CATALOGUE[key]
    h = "hash(d.code || b.period || k.key)"
    if indicator.kind == "yesno":
        return f"CASE WHEN {h} % 10 < 8 THEN 'yes' ELSE 'no' END"
    if indicator.kind == "level":
        assert indicator.max is not None  # every level of indicators.toml has its top
        return f"({h} % {indicator.max + 1})::VARCHAR"
    if indicator.kind == "percent":
        top = 100 * (indicator.max or 120)
        return f"printf('%.2f', ({h} % {top + 1}) / 100.0)"
    if indicator.kind == "money":
        return f"(1000000 + {h} % 9000000)::VARCHAR"
    return f"({h} % 14)::VARCHAR"
