"""«ข้อมูล ณ วันที่» is the latest change of the figures on the screen: that province's, that scheme's."""

from __future__ import annotations

from cdd.grading.inputs import registry, schemes
from cdd.store import database as store
from cdd.store.queries import data_as_of


def test_the_stamp_is_of_the_province_and_scheme_shown(demo_db):
    with store.connect(demo_db) as con:
        whole, _ = data_as_of(con)
        rows = {}
        for scheme_id, province in (("click-2567-q2", "57"), ("sakaeo-click-2568", "27")):
            codes = [d.code for d in registry().in_province(province)]
            rows[scheme_id] = data_as_of(con, codes, list(schemes()[scheme_id].inputs))
        latest_of = {
            scheme_id: con.execute(
                "SELECT max(submitted_at) FROM batches WHERE scheme = ? AND rolled_back_at IS NULL", [scheme_id]
            ).fetchone()[0]
            for scheme_id in rows
        }
    assert rows["click-2567-q2"][0] < whole  # Chiang Rai's first quarter ended long before Sa Kaeo's year
    assert rows["sakaeo-click-2568"][0] == whole
    assert rows["click-2567-q2"][0] >= latest_of["click-2567-q2"]  # later Click batches share its inputs
    assert all(demo for _, demo in rows.values())
