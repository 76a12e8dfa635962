"""What the screens and commands read from the store: which months have figures, when figures last
arrived, which batches touched a district, when each district-month was first and last sent.

Every question is one parameterised query; what the answers mean is decided in cdd.views and
cdd.grading, never here.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from cdd.grading.timeliness import MonthStatus, classify
from cdd.office.calendar import Month, parse_month
from cdd.rubrics.indicators import CATALOGUE
from cdd.rubrics.model import Deadline, Scheme
from cdd.store.submissions import CURRENT

YEAR = 12  # months a read of the latest figures takes at a time, latest first


def latest_months(con: duckdb.DuckDBPyConnection, scheme: Scheme, districts: dict[str, list[str]]) -> dict[str, Month]:
    """Each place's latest month of the scheme with a current figure of the scheme's inputs; `districts`
    maps a place (a province) to its district codes. A place with no figure is left out.

    Read a year at a time from the scheme's last month, one grouped query each, and only for the places
    not yet found: where the latest year has figures, the earlier years are never read, so the answer
    costs the same with one year of history or ten."""
    owner = [(code, place) for place, codes in districts.items() for code in codes]
    months = [m.token for m in scheme.months]
    found: dict[str, Month] = {}
    end = len(months)
    while end > 0 and len(found) < len(districts):
        window = months[max(0, end - YEAR) : end]
        missing = [(code, place) for code, place in owner if place not in found]
        rows = con.execute(
            "SELECT w.place, max(v.month) FROM submitted_values v "
            "JOIN (SELECT unnest(?) AS code, unnest(?) AS place) w ON w.code = v.code "
            f"WHERE {CURRENT} AND v.month >= ? AND v.month <= ? AND v.month IN (SELECT unnest(?)) "
            "AND v.key IN (SELECT unnest(?)) GROUP BY w.place",
            [
                [c for c, _ in missing],
                [p for _, p in missing],
                window[0],
                window[-1],
                window,
                list(scheme.accepted_inputs),
            ],
        ).fetchall()
        found.update((place, parse_month(month)) for place, month in rows)
        end -= YEAR
    return found


def data_as_of(
    con: duckdb.DuckDBPyConnection, codes: list[str] | None = None, keys: list[str] | None = None
) -> tuple[dt.datetime | None, bool]:
    """When the latest live figure arrived, and whether any live figure is demo data: of the whole database,
    or, given districts and inputs, of the figures a screen shows (one province's, one scheme's)."""
    if codes is None or keys is None:
        rows = con.execute(
            "SELECT max(submitted_at), bool_or(is_demo) FROM batches WHERE rolled_back_at IS NULL"
        ).fetchall()
        latest, demo = rows[0]
        return latest, bool(demo)
    newest = _newest_touching(con, codes, keys, demo_only=False)
    demo = newest is not None and _newest_touching(con, codes, keys, demo_only=True) is not None
    return (newest[1] if newest else None), demo


FIRST_BATCHES = 16  # how many of the newest batches are looked into first; twice as many each time after


def _newest_touching(
    con: duckdb.DuckDBPyConnection, codes: list[str], keys: list[str], demo_only: bool
) -> tuple[int, dt.datetime] | None:
    """The newest live batch (of demo data only, if asked) that wrote a value of these districts and inputs,
    with when it arrived. The newest batches are looked into first, a few at a time, and the walk stops at
    the first that did: the figures of a long history are read only when nothing recent touched them."""
    demo = " AND is_demo" if demo_only else ""
    offset, size = 0, FIRST_BATCHES
    while True:
        batches = con.execute(
            f"SELECT id, submitted_at FROM batches WHERE rolled_back_at IS NULL{demo} "
            "ORDER BY submitted_at DESC, id DESC LIMIT ? OFFSET ?",
            [size, offset],
        ).fetchall()
        if not batches:
            return None
        ids = [batch_id for batch_id, _ in batches]
        # The range as well as the list: values are stored in the order their batches were written, so the
        # database skips the blocks of other batches by their least and greatest batch without reading them.
        touched = {
            batch_id
            for (batch_id,) in con.execute(
                "SELECT DISTINCT batch_id FROM submitted_values WHERE batch_id >= ? AND batch_id <= ? "
                "AND batch_id IN (SELECT unnest(?)) AND code IN (SELECT unnest(?)) AND key IN (SELECT unnest(?))",
                [min(ids), max(ids), ids, codes, keys],
            ).fetchall()
        }
        for batch_id, submitted_at in batches:
            if batch_id in touched:
                return batch_id, submitted_at
        offset, size = offset + size, size * 2


def district_batches(
    con: duckdb.DuckDBPyConnection, scheme_id: str, keys: list[str], code: str, months: list[str]
) -> pd.DataFrame:
    """Every batch sent on this scheme's form that wrote one of `keys` for this district in these months,
    latest first, including batches rolled back (their values are kept, retracted): the history as it
    happened. Another scheme's file is not listed, though schemes share inputs: the months it marks sent
    or not are those of its own batches (submission_status), and its list of files says the same."""
    return con.execute(
        "SELECT b.id, b.scheme, b.file_name, b.submitted_by, b.submitted_at, "
        "list_sort(list_distinct(list(v.month))) AS months, b.row_count, count(*) AS district_values, "
        "count(*) FILTER (WHERE v.replaced_by IS NULL AND NOT v.retracted) AS current_values, "
        "b.rolled_back_at FROM batches b JOIN submitted_values v ON v.batch_id = b.id "
        "WHERE b.scheme = ? AND v.code = ? AND v.month IN (SELECT unnest(?)) AND v.key IN (SELECT unnest(?)) "
        "GROUP BY ALL ORDER BY b.submitted_at DESC, b.id DESC",
        [scheme_id, code, months, keys],
    ).df()


_NEVER_SENT: tuple[dt.datetime | None, dt.datetime | None] = (None, None)  # first and last sending


def submission_status(
    con: duckdb.DuckDBPyConnection, scheme: Scheme, codes: list[str], months: list[Month], today: dt.date
) -> list[MonthStatus]:
    """One status per district and month, from one query over the scheme's live batches."""
    sent = _sent_times(con, scheme.id, codes, [m.token for m in months], list(scheme.accepted_inputs))
    return _statuses(scheme.deadline, sent, codes, months, today)


def mission_status(
    con: duckdb.DuckDBPyConnection,
    scheme: Scheme,
    mission_id: str,
    codes: list[str],
    months: list[Month],
    today: dt.date,
) -> list[MonthStatus]:
    """As submission_status, for one mission's figures against the mission's own deadline where it has one."""
    mission = scheme.mission(mission_id)
    keys = [*mission.inputs, *(s for d in scheme.derived if d.key in mission.inputs for s in d.sources)]
    sent = _sent_times(con, scheme.id, codes, [m.token for m in months], keys)
    return _statuses(scheme.deadline_of(mission_id), sent, codes, months, today)


def _statuses(
    deadline: Deadline,
    sent: dict[tuple[str, str], tuple[dt.datetime, dt.datetime]],
    codes: list[str],
    months: list[Month],
    today: dt.date,
) -> list[MonthStatus]:
    statuses = []
    for code in codes:
        for month in months:
            first, last = sent.get((code, month.token), _NEVER_SENT)
            statuses.append(classify(code, month, deadline.due(month), first, last, today, deadline.late_from(month)))
    return statuses


def _sent_times(
    con: duckdb.DuckDBPyConnection, scheme_id: str, codes: list[str], months: list[str], keys: list[str]
) -> dict[tuple[str, str], tuple[dt.datetime, dt.datetime]]:
    rows = con.execute(
        "SELECT v.code, v.month, min(b.submitted_at), max(b.submitted_at) FROM submitted_values v "
        "JOIN batches b ON b.id = v.batch_id WHERE b.scheme = ? AND b.rolled_back_at IS NULL "
        "AND v.code IN (SELECT unnest(?)) AND v.month IN (SELECT unnest(?)) AND v.key IN (SELECT unnest(?)) "
        "GROUP BY v.code, v.month",
        [scheme_id, codes, months, keys],
    ).fetchall()
    return {(code, month): (first, last) for code, month, first, last in rows}


def months_sent(
    con: duckdb.DuckDBPyConnection, scheme: Scheme, codes: list[str], months: list[str]
) -> dict[str, set[str]]:
    """Which of `months` each district has current figures for (reference figures aside)."""
    keys = [k for k in scheme.accepted_inputs if not CATALOGUE[k].reference]
    rows = con.execute(
        f"SELECT DISTINCT code, month FROM submitted_values WHERE {CURRENT} AND code IN (SELECT unnest(?)) "
        "AND month IN (SELECT unnest(?)) AND key IN (SELECT unnest(?))",
        [codes, months, keys],
    ).fetchall()
    sent: dict[str, set[str]] = {}
    for code, month in rows:
        sent.setdefault(code, set()).add(month)
    return sent
