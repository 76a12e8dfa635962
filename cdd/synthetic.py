"""Synthetic, deterministic data at national scale for measuring: 76 provinces, 878 districts.

The names and figures are made up and say so ("ทดสอบ"); they never enter the real registry or the
dashboard's database, only temporary files that a measurement makes and throws away.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import replace

from cdd.calendar import Month
from cdd.demo import demo_values
from cdd.districts import District, Registry
from cdd.engine import CATALOGUE
from cdd.indicators import encode_value
from cdd.rubric import Scheme

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
    keys = [k for k in scheme.inputs if not CATALOGUE[k].reference] + [k for k in scheme.inputs if CATALOGUE[k].reference]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "month", *keys])
    for district in (d for p in scheme.provinces for d in registry.in_province(p)):
        values = demo_values(scheme, district, month, registry, rng, rng.uniform(0.6, 1.2), 0.5)
        writer.writerow([district.code, month.token, *(_cell(values.get(k)) for k in keys)])
    return out.getvalue().encode("utf-8")


def _cell(value) -> str:
    return "" if value is None else encode_value(value)
