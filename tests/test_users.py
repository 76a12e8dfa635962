"""Accounts and rights: salted slow hashes compared in constant time, the roles' rights, signing in
without telling which names exist, the slow-down after failures, open viewing, rights checked where
data is written, an older database upgraded, and the `user` / `settings` commands."""

from __future__ import annotations

import argparse
import datetime as dt
import hmac
import threading

import duckdb
import pytest

from cdd.cli.main import build_parser
from cdd.store import database as store
from cdd.store import users
from cdd.store.users import NotAllowed, SignInRefused, User, UserError

PASSWORD = "ยาวพอแล้ว-2567"
T0 = dt.datetime(2567 - 543, 5, 1, 9, 0, 0)


def _registered(command: str) -> bool:
    subparsers = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return any(command in a.choices for a in subparsers)


needs_cli = pytest.mark.skipif(
    not _registered("user"), reason="`user`/`settings` not registered in cdd/cli.py yet (cli_users.add_commands)"
)


@pytest.fixture
def db(tmp_path, blank_db):
    """A new database of this test's own, as `python -m cdd init` leaves it: the districts loaded, no
    account, and reading without an account off (the conftest databases turn it on for the screens)."""
    return blank_db(tmp_path / "users.duckdb")


@pytest.fixture
def con(db):
    connection = store.connect(db)
    yield connection
    connection.close()


def attempts(con) -> list[tuple]:
    return con.execute("SELECT name, ok FROM sign_in_attempts ORDER BY attempted_at").fetchall()


# ---- passwords ----------------------------------------------------------------------------------


def test_hashes_are_salted_slow_and_never_hold_the_password():
    first, second = users.hash_password(PASSWORD), users.hash_password(PASSWORD)
    assert first != second  # a fresh salt each time
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p, len(salt), len(digest)) == ("scrypt", str(2**14), "8", "1", 32, 64)
    assert users.verify_password(PASSWORD, first) and users.verify_password(PASSWORD, second)
    assert not users.verify_password(PASSWORD + "x", first)
    assert PASSWORD not in first and PASSWORD.encode().hex() not in first
    assert not users.verify_password(PASSWORD, "not a hash") and not users.verify_password(PASSWORD, "")


def test_a_short_password_is_refused_in_thai():
    with pytest.raises(UserError, match="อย่างน้อย 10 ตัวอักษร"):
        users.hash_password("สั้นไป")


def test_a_thai_password_matches_however_its_sara_am_was_typed():
    stored = users.hash_password("น้ำใจไมตรีดีงาม")
    assert users.verify_password("น\u0e49\u0e4d\u0e32ใจไมตรีดีงาม", stored)  # ำ typed as ํ + า


def test_the_hash_is_compared_in_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    stored = users.hash_password(PASSWORD)
    assert users.verify_password(PASSWORD, stored) and not users.verify_password("ผิดแน่นอน-9999", stored)
    assert len(calls) == 2 and all(isinstance(a, bytes) and len(a) == 32 for a, _ in calls)


# ---- rights -------------------------------------------------------------------------------------

ACCOUNTS = {
    "viewer": User("ดู", "viewer"),
    "district": User("เทิง", "district", "5704"),
    "province": User("จังหวัด", "province"),
    "admin": User("แอดมิน", "admin"),
}


@pytest.mark.parametrize(
    "role, own, other, roll_back, manage",
    [
        ("viewer", False, False, False, False),
        ("district", True, False, False, False),
        ("province", True, True, True, False),
        ("admin", True, True, True, True),
    ],
)
def test_rights_of_each_role(role, own, other, roll_back, manage):
    user = ACCOUNTS[role]
    assert (user.can_write("5704"), user.can_write("5709")) == (own, other)
    assert (user.can_roll_back, user.can_manage) == (roll_back, manage)
    assert user.role_name == users.ROLE_NAMES[role] and set(users.ROLES) == set(users.ROLE_NAMES)


def test_authorize_write_names_the_first_district_refused():
    users.authorize_write(ACCOUNTS["district"], ["5704", "5704"])
    with pytest.raises(NotAllowed, match="5709") as refused:
        users.authorize_write(ACCOUNTS["district"], ["5704", "5709", "5701"])
    assert "5701" not in str(refused.value) and "เฉพาะอำเภอ 5704" in str(refused.value)
    with pytest.raises(NotAllowed, match="ยังไม่ได้เข้าสู่ระบบ"):
        users.authorize_write(None, ["5704"])
    with pytest.raises(NotAllowed, match="ดูข้อมูลได้อย่างเดียว"):
        users.authorize_write(ACCOUNTS["viewer"], ["5704"])
    users.authorize_write(ACCOUNTS["province"], ["5701", "5709", "2701"])
    assert isinstance(NotAllowed("x"), PermissionError)


def test_roll_back_and_manage_need_their_roles():
    for role in ("province", "admin"):
        users.authorize_rollback(ACCOUNTS[role])
    users.authorize_manage(ACCOUNTS["admin"])
    for user in (None, ACCOUNTS["viewer"], ACCOUNTS["district"]):
        with pytest.raises(NotAllowed):
            users.authorize_rollback(user)
    for user in (None, ACCOUNTS["viewer"], ACCOUNTS["district"], ACCOUNTS["province"]):
        with pytest.raises(NotAllowed):
            users.authorize_manage(user)


# ---- accounts -----------------------------------------------------------------------------------


def test_add_list_and_disable(con):
    assert users.add_user(con, " สมชาย ", "district", PASSWORD, "๕๗๐๔") == User("สมชาย", "district", "5704")
    users.add_user(con, "province1", "province", PASSWORD)
    listed = users.list_users(con)
    assert [(a.name, a.role, a.district, a.disabled) for a in listed] == [
        ("province1", "province", None, False),
        ("สมชาย", "district", "5704", False),
    ]
    assert users.active_user(con, "สมชาย") == User("สมชาย", "district", "5704")
    users.disable_user(con, "สมชาย")
    first = users.list_users(con)[1].disabled_at
    users.disable_user(con, "สมชาย")  # again: the first date stays
    assert users.list_users(con)[1].disabled_at == first is not None
    assert users.active_user(con, "สมชาย") is None
    stored = con.execute("SELECT password_hash FROM users").fetchall()
    assert all(PASSWORD not in row[0] for row in stored)


@pytest.mark.parametrize(
    "name, role, district, message",
    [
        ("a", "boss", None, "ไม่รู้จักบทบาท 'boss'"),
        ("a", "district", None, "ต้องระบุรหัสอำเภอ"),
        ("a", "district", "9999", "ไม่รู้จักรหัสอำเภอ '9999'"),
        ("a", "province", "5704", "ไม่ผูกกับอำเภอ"),
        ("   ", "viewer", None, "ชื่อผู้ใช้ต้องไม่ว่าง"),
        ("taken", "viewer", None, "มีผู้ใช้ชื่อ 'taken' อยู่แล้ว"),
    ],
)
def test_bad_accounts_are_refused_in_thai(con, name, role, district, message):
    users.add_user(con, "taken", "admin", PASSWORD)
    with pytest.raises(UserError, match=message):
        users.add_user(con, name, role, PASSWORD, district)
    assert len(users.list_users(con)) == 1


def test_disabling_an_unknown_name_is_refused(con):
    with pytest.raises(UserError, match="ไม่มีผู้ใช้ชื่อ 'ใคร'"):
        users.disable_user(con, "ใคร")


# ---- signing in ---------------------------------------------------------------------------------


def test_unknown_disabled_and_wrong_password_get_one_answer(con):
    users.add_user(con, "somchai", "district", PASSWORD, "5704")
    users.add_user(con, "gone", "viewer", PASSWORD)
    users.disable_user(con, "gone")
    assert users.sign_in(con, "somchai", PASSWORD, now=T0) == User("somchai", "district", "5704")
    answers = set()
    for name, password in (("nobody", PASSWORD), ("gone", PASSWORD), ("somchai", "ผิดแน่นอน-9999")):
        with pytest.raises(SignInRefused) as refused:
            users.sign_in(con, name, password, now=T0)
        answers.add((str(refused.value), refused.value.wait_seconds))
    assert answers == {(users.REFUSED, 0)}
    nobody = users.attempt_name(con, "nobody")  # not an account: kept as a keyed digest, never as typed
    assert nobody.startswith("#") and "nobody" not in nobody
    assert attempts(con) == [("somchai", True), (nobody, False), ("gone", False), ("somchai", False)]


def test_repeated_failures_slow_down(con, monkeypatch):
    users.add_user(con, "somchai", "district", PASSWORD, "5704")
    for second in range(3):  # three failures are free
        with pytest.raises(SignInRefused, match="ไม่ถูกต้อง"):
            users.sign_in(con, "somchai", "ผิดแน่นอน-9999", now=T0 + dt.timedelta(seconds=second))
    last = T0 + dt.timedelta(seconds=2)
    checked = []
    real = users.verify_password
    monkeypatch.setattr(users, "verify_password", lambda p, s: checked.append(p) or real(p, s))
    with pytest.raises(SignInRefused, match="รออีก 1 วินาที") as early:  # even the right password, too early
        users.sign_in(con, "somchai", PASSWORD, now=last + dt.timedelta(milliseconds=200))
    assert early.value.wait_seconds == 1 and checked == [] and len(attempts(con)) == 3
    with pytest.raises(SignInRefused, match="ไม่ถูกต้อง"):  # after 1 s: checked, fails, the wait doubles
        users.sign_in(con, "somchai", "ผิดแน่นอน-9999", now=last + dt.timedelta(seconds=1))
    last += dt.timedelta(seconds=1)
    assert users.seconds_to_wait(con, "somchai", last + dt.timedelta(seconds=1)) == 1
    assert users.sign_in(con, "somchai", PASSWORD, now=last + dt.timedelta(seconds=2)).name == "somchai"


def test_the_wait_is_capped_and_forgotten_after_fifteen_minutes(con):
    rows = [[users.attempt_name(con, "somchai"), T0 + dt.timedelta(seconds=i), False] for i in range(20)]
    con.executemany("INSERT INTO sign_in_attempts (name, attempted_at, ok) VALUES (?, ?, ?)", rows)
    last = T0 + dt.timedelta(seconds=19)
    assert users.seconds_to_wait(con, "somchai", last) == users.LONGEST_WAIT == 300
    assert users.seconds_to_wait(con, "somchai", last + dt.timedelta(seconds=300)) == 0
    later = T0 + dt.timedelta(minutes=16)  # all twenty older than 15 minutes: a new failure starts afresh
    with pytest.raises(SignInRefused):
        users.sign_in(con, "somchai", PASSWORD, now=later)
    assert users.seconds_to_wait(con, "somchai", later) == 0


def test_an_unknown_name_slows_down_like_a_known_one(con):
    for second in range(3):
        with pytest.raises(SignInRefused):
            users.sign_in(con, "nobody", PASSWORD, now=T0 + dt.timedelta(seconds=second))
    with pytest.raises(SignInRefused) as refused:
        users.sign_in(con, "nobody", PASSWORD, now=T0 + dt.timedelta(seconds=2.5))
    assert refused.value.wait_seconds == 1


# ---- open viewing and the schema ----------------------------------------------------------------


def test_open_viewing_is_off_until_set(con):
    assert not users.open_viewing(con) and not users.may_read(con, None)
    assert users.may_read(con, ACCOUNTS["viewer"])
    users.set_open_viewing(con, True)
    assert users.open_viewing(con) and users.may_read(con, None)
    users.set_open_viewing(con, False)
    assert not users.open_viewing(con)


def test_a_version_2_database_is_upgraded_to_3(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    store.migrate(old, upto=2)
    old.execute("INSERT INTO districts VALUES ('5704', 'เทิง', '57', 'เชียงราย')")
    old.close()
    con = store.connect(path)
    assert store.schema_version(con) == store.SCHEMA_VERSION  # 3 and every later migration
    assert users.list_users(con) == [] and not users.open_viewing(con)
    users.add_user(con, "เทิง1", "district", PASSWORD, "5704")
    assert users.sign_in(con, "เทิง1", PASSWORD).district == "5704"
    con.close()


# ---- the command line ---------------------------------------------------------------------------


@pytest.mark.slow  # over a second: several steps, screens or processes
@needs_cli
def test_user_commands(cli, db, monkeypatch):
    monkeypatch.setenv("CDD_NEW_PASSWORD", PASSWORD)
    added = cli("user", "add", "somchai", "--role", "district", "--district", "5704", "--db", str(db))
    assert added.code == 0 and "somchai" in added.out and "เจ้าหน้าที่อำเภอ" in added.out
    assert cli("user", "add", "boss", "--role", "admin", "--db", str(db)).code == 0
    listing = cli("user", "list", "--db", str(db))
    assert listing.code == 0 and "somchai\tdistrict (เจ้าหน้าที่อำเภอ)\t5704\tใช้งาน" in listing.out
    assert "scrypt" not in listing.out and PASSWORD not in listing.out + added.out
    assert cli("user", "disable", "somchai", "--db", str(db)).code == 0
    assert "ปิดใช้งาน" in cli("user", "list", "--db", str(db)).out.splitlines()[1]


@needs_cli
@pytest.mark.parametrize(
    "args, message",
    [
        (["user", "add", "x", "--role", "boss"], "ไม่รู้จักบทบาท"),
        (["user", "add", "x", "--role", "district", "--district", "9999"], "ไม่รู้จักรหัสอำเภอ"),
        (["user", "disable", "ใคร"], "ไม่มีผู้ใช้ชื่อ"),
    ],
)
def test_bad_user_commands_print_one_line_and_exit_2(cli, db, monkeypatch, args, message):
    monkeypatch.setenv("CDD_NEW_PASSWORD", PASSWORD)
    run = cli(*args, "--db", str(db))
    assert run.code == 2 and message in run.err and len(run.err.strip().splitlines()) == 1


@needs_cli
def test_the_password_is_asked_twice_and_never_an_argument(cli, db, monkeypatch):
    monkeypatch.delenv("CDD_NEW_PASSWORD", raising=False)
    typed = iter([PASSWORD, PASSWORD + "x", "สั้น", "สั้น", PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    add = ("user", "add", "somchai", "--role", "viewer", "--db", str(db))
    mismatch = cli(*add)
    assert mismatch.code == 2 and "ไม่ตรงกัน" in mismatch.err
    short = cli(*add)
    assert short.code == 2 and "อย่างน้อย 10" in short.err
    assert cli(*add).code == 0
    assert cli(*add[:-2], "--password", PASSWORD, "--db", str(db)).code == 2
    con = store.connect(db)
    assert [a.name for a in users.list_users(con)] == ["somchai"]
    con.close()


@needs_cli
def test_settings_open_viewing(cli, db):
    assert "off" in cli("settings", "open-viewing", "--db", str(db)).out
    assert "on" in cli("settings", "open-viewing", "on", "--db", str(db)).out
    con = store.connect(db)
    assert users.open_viewing(con)
    con.close()
    assert "off" in cli("settings", "open-viewing", "off", "--db", str(db)).out


def guesses_at_once(con, monkeypatch, names: list[str], client: str | None = None) -> tuple[int, list[int]]:
    """Every name guessed with a wrong password by its own thread at the same moment: how many passwords
    were looked at, and the waits of the refusals, sorted (0: refused after its password was checked)."""
    checked = []
    real = users.verify_password
    monkeypatch.setattr(users, "verify_password", lambda p, s: checked.append(p) or real(p, s))
    outcomes = []

    def guess(n: int, name: str) -> None:
        try:
            users.sign_in(con.cursor(), name, f"guess-number-{n}", now=T0, client=client)
        except SignInRefused as refused:
            outcomes.append(refused.wait_seconds)

    threads = [threading.Thread(target=guess, args=(n, name)) for n, name in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(checked), sorted(outcomes)


def test_guesses_sent_at_once_are_counted_before_any_password_is_checked(con, monkeypatch):
    """Ten sessions guessing at the same moment: the wait and the record are one step, so only the three
    free attempts have their password looked at."""
    users.add_user(con, "somchai", "district", PASSWORD, "5704")
    assert guesses_at_once(con, monkeypatch, ["somchai"] * 10) == (3, [0, 0, 0] + [1] * 7)


def test_a_long_name_or_a_password_in_the_name_box_is_never_written(con):
    size = con.execute("SELECT count(*) FROM sign_in_attempts").fetchone()[0]
    with pytest.raises(SignInRefused):
        users.sign_in(con, "x" * 4_000_000, PASSWORD, now=T0)
    assert con.execute("SELECT count(*) FROM sign_in_attempts").fetchone()[0] == size
    with pytest.raises(SignInRefused):
        users.sign_in(con, "my-secret-password-typed-here", PASSWORD, now=T0)
    stored = con.execute("SELECT name FROM sign_in_attempts").fetchall()
    assert all("my-secret" not in name for (name,) in stored) and len(stored) == size + 1


# ---- throttled per client too, and a known place not locked out by others --------------------------------

HOME, GUESSER, ELSEWHERE = "198.51.100.20", "203.0.113.7", "192.0.2.44"
WRONG = "ผิดแน่นอน-9999"


def fail(con, name: str, client: str | None, at: dt.datetime) -> int:
    """One refused attempt; the wait it was refused with (0: the password was checked, and wrong)."""
    with pytest.raises(SignInRefused) as refused:
        users.sign_in(con, name, WRONG, now=at, client=client)
    return refused.value.wait_seconds


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_one_client_guessing_across_names_waits_though_no_name_does(con):
    users.add_user(con, "somchai", "district", PASSWORD, "5704")
    names = ["somchai", *(f"guess{n}" for n in range(9))]  # ten names, no name near its own three failures
    waits = [fail(con, name, GUESSER, T0 + dt.timedelta(seconds=n)) for n, name in enumerate(names)]
    assert waits == [0] * users.CLIENT_FREE_FAILURES == [0] * 10
    last = T0 + dt.timedelta(seconds=9)
    assert users.seconds_to_wait(con, "another", last, client=GUESSER) == 1  # 2**(10 - 10) s after the last
    with pytest.raises(SignInRefused, match="รออีก 1 วินาที") as early:  # even the right password
        users.sign_in(con, "somchai", PASSWORD, now=last + dt.timedelta(milliseconds=500), client=GUESSER)
    assert early.value.wait_seconds == 1
    assert users.seconds_to_wait(con, "somchai", last, client=ELSEWHERE) == 0  # the name itself is not locked
    assert users.sign_in(con, "somchai", PASSWORD, now=last, client=ELSEWHERE).name == "somchai"
    assert fail(con, "guess10", GUESSER, last + dt.timedelta(seconds=1)) == 0  # after the wait: checked, wrong
    assert users.seconds_to_wait(con, "other", last + dt.timedelta(seconds=1), client=GUESSER) == 2  # it grows
    rows = [[f"#x{n}", T0 + dt.timedelta(seconds=n), False, users.client_digest(con, GUESSER)] for n in range(40)]
    con.executemany("INSERT INTO sign_in_attempts VALUES (?, ?, ?, ?)", rows)
    assert users.seconds_to_wait(con, "other", T0 + dt.timedelta(seconds=39), client=GUESSER) == 300  # capped


def test_a_known_place_passes_a_lockout_made_by_another_client(con):
    users.add_user(con, "somchai", "district", PASSWORD, "5704")
    users.sign_in(con, "somchai", PASSWORD, now=T0 - dt.timedelta(days=29), client=HOME)  # signed in from here
    guesses = [["somchai", T0 + dt.timedelta(seconds=s), False, users.client_digest(con, GUESSER)] for s in range(6)]
    con.executemany("INSERT INTO sign_in_attempts VALUES (?, ?, ?, ?)", guesses)
    at = T0 + dt.timedelta(seconds=6)
    assert users.seconds_to_wait(con, "somchai", at, client=GUESSER) == 7  # 2**(6-3) s after the last failure
    for stranger in (ELSEWHERE, None):  # an unknown place, or no address at all: the lockout holds
        with pytest.raises(SignInRefused, match="รออีก 7 วินาที"):
            users.sign_in(con, "somchai", PASSWORD, now=at, client=stranger)
    assert users.seconds_to_wait(con, "somchai", at, client=HOME) == 0
    assert users.sign_in(con, "somchai", PASSWORD, now=at, client=HOME) == User("somchai", "district", "5704")


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_a_place_last_used_more_than_thirty_days_ago_is_a_stranger_again(con):
    users.add_user(con, "somchai", "district", PASSWORD, "5704")
    users.sign_in(con, "somchai", PASSWORD, now=T0 - dt.timedelta(days=31), client=HOME)
    for second in range(4):
        fail(con, "somchai", GUESSER, T0 + dt.timedelta(seconds=second))
    with pytest.raises(SignInRefused, match="รออีก 2 วินาที"):
        users.sign_in(con, "somchai", PASSWORD, now=T0 + dt.timedelta(seconds=3), client=HOME)


def test_a_known_places_own_failures_still_lock_it(con):
    users.add_user(con, "somchai", "district", PASSWORD, "5704")
    users.sign_in(con, "somchai", PASSWORD, now=T0 - dt.timedelta(days=1), client=HOME)
    fail(con, "somchai", GUESSER, T0)  # one failure from elsewhere does not add to the place's own three
    assert [fail(con, "somchai", HOME, T0 + dt.timedelta(seconds=s)) for s in (1, 2, 3)] == [0, 0, 0]
    with pytest.raises(SignInRefused, match="รออีก 1 วินาที"):
        users.sign_in(con, "somchai", PASSWORD, now=T0 + dt.timedelta(seconds=3.5), client=HOME)
    assert users.sign_in(con, "somchai", PASSWORD, now=T0 + dt.timedelta(seconds=4), client=HOME).name == "somchai"


@pytest.mark.slow  # over a second: several steps, screens or processes
def test_guesses_from_one_client_sent_at_once_across_names_are_all_counted(con, monkeypatch):
    """Twenty sessions from one address, each guessing a different name at the same moment: the ten free
    failures of the client are the only passwords looked at."""
    names = [f"name{n}" for n in range(20)]
    assert guesses_at_once(con, monkeypatch, names, client=GUESSER) == (10, [0] * 10 + [1] * 10)


def test_no_address_is_stored_readably(con):
    users.add_user(con, "somchai", "district", PASSWORD, "5704")
    users.sign_in(con, "somchai", PASSWORD, now=T0, client=HOME)
    fail(con, "somchai", "2001:DB8::1", T0 + dt.timedelta(seconds=1))
    fail(con, "nobody", GUESSER, T0 + dt.timedelta(seconds=2))
    fail(con, "somchai", None, T0 + dt.timedelta(seconds=3))
    clients = [c for (c,) in con.execute("SELECT client FROM sign_in_attempts ORDER BY attempted_at").fetchall()]
    assert clients[3] is None and clients[1] == users.client_digest(con, "2001:db8::1")  # as the server writes it
    assert all(c.startswith("@") and len(c) == 25 for c in clients[:3]) and len(set(clients[:3])) == 3
    everything = " ".join(
        str(row) for table in store.table_names(con) for row in con.execute(f"FROM {table}").fetchall()
    )
    for address in (HOME, GUESSER, "2001:db8", "2001:DB8", "198.51", "203.0.113"):
        assert address not in everything


def test_a_version_8_database_keeps_its_attempts_without_a_place(tmp_path):
    path = tmp_path / "v8.duckdb"
    old = duckdb.connect(str(path))
    store.migrate(old, upto=8)
    rows = [["somchai", T0 + dt.timedelta(seconds=i), False] for i in range(3)]
    old.executemany("INSERT INTO sign_in_attempts VALUES (?, ?, ?)", rows)
    old.close()
    con = store.connect(path)
    assert store.schema_version(con) == store.SCHEMA_VERSION == 10
    assert con.execute("SELECT count(*) FROM sign_in_attempts WHERE client IS NULL").fetchone()[0] == 3
    users.add_user(con, "somchai", "viewer", PASSWORD)
    assert users.seconds_to_wait(con, "somchai", T0 + dt.timedelta(seconds=2), client=HOME) == 1  # still counted
    con.close()
