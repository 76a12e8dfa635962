"""The demo data, written in one go, holds exactly what sending each demo month as a file of its own would:
the same batches, values, supersessions and sent months, over figures the store already held."""

import json

from cdd.grading.inputs import registry, schemes
from cdd.intake.validate import Submission, SubmittedRow
from cdd.store import database as store
from cdd.store import demo
from cdd.store.submissions import write_batch

# Lampang's สบปราบ and เมืองลำปาง: two schemes send some of their months, so one demo file replaces another's values.
DISTRICTS = ("5201", "5204")


def demo_sends() -> list[demo.DemoSend]:
    return [send for send in demo.demo_sends(schemes(), registry()) if send.district in DISTRICTS]


def send_as_a_file(cur, send: demo.DemoSend) -> None:
    """What a district's own file of these figures would write: one batch through the upload's writer."""
    month = send.month
    rows = [SubmittedRow(2, registry().districts[send.district], month, send.values)]
    data = json.dumps({k: str(v) for k, v in send.values.items()}, sort_keys=True).encode()
    submission = Submission(schemes()[send.scheme], rows, 0, [month])
    write_batch(cur, submission, send.file_name, data, demo.DEMO_SENDER, at=send.at, is_demo=True)


def written(path) -> dict[str, list]:
    with store.connect(path) as con:
        return {
            "batches": con.execute("SELECT * FROM batches ORDER BY id").fetchall(),
            "values": con.execute("SELECT * FROM submitted_values ORDER BY batch_id, code, month, key").fetchall(),
            "supersessions": con.execute("SELECT * FROM supersessions ORDER BY ALL").fetchall(),
            "sent": con.execute("SELECT * FROM sent_months ORDER BY ALL").fetchall(),
        }


def test_the_demo_in_one_go_writes_what_a_file_a_month_would(blank_db, tmp_path):
    sends = demo_sends()
    assert len({s.scheme for s in sends}) > 1 and any(s.values != t.values for s, t in zip(sends, sends[1:]))
    at_once, one_by_one = blank_db(tmp_path / "at-once.duckdb"), blank_db(tmp_path / "one-by-one.duckdb")
    for path in (at_once, one_by_one):  # figures held before: the first sends, so the demo repeats and replaces them
        with store.connect(path) as con, store.write_transaction(con) as cur:
            for send in sends[:4]:
                send_as_a_file(cur, send)
    with store.connect(at_once) as con, store.write_transaction(con) as cur:
        demo.write_demo_batches(cur, sends)
    with store.connect(one_by_one) as con, store.write_transaction(con) as cur:
        for send in sends:
            send_as_a_file(cur, send)
    expected = written(one_by_one)
    assert expected["supersessions"] and any(b[8] == 0 for b in expected["batches"])  # replaced, and unchanged
    assert written(at_once) == expected


def test_every_demo_batch_is_marked_demo_and_sent_by_the_demo_sender(demo_db):
    with store.connect(demo_db) as con:
        rows = con.execute("SELECT DISTINCT is_demo, submitted_by FROM batches").fetchall()
    assert rows == [(True, demo.DEMO_SENDER)]
