"""Importing what district offices really send (RUBRICS §9): the sample files of tests/data, the store's history.

The corpus is written by tests/data/make_corpus.py (regenerate with python tests/data/make_corpus.py and read the
diff); its expectations are worked out by hand from RUBRICS.md, not by running cdd.

- every file in tests/data/good imports with no problem, into the store, and grades as worked out by hand;
- every file in tests/data/bad is refused with the reason code its name starts with, and leaves the store as it was;
- a batch supersedes, a rollback restores exactly what it superseded, two imports at once both land, a dry run
  writes nothing, and a Chiang Rai Q2 template filled in Thai Excel grades as the core says.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import io
import json
import re
import threading
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

from cdd.grading.district import grade_district
from cdd.grading.inputs import evaluate, registry, schemes, with_references
from cdd.grading.rollup import roll_up
from cdd.intake.validate import read_submission
from cdd.office.calendar import parse_period
from cdd.rubrics.indicators import encode_value
from cdd.rubrics.reasons import Reason
from cdd.store import database as store
from cdd.store.period_grades import grade_period
from cdd.store.submissions import RollbackRefused, batches, current_values, plan, rollback, write

DATA = Path(__file__).resolve().parent / "data"
CDD = Path(__file__).resolve().parent.parent / "cdd"
SIDECARS = (".expected.json", ".args.json")
THAI = re.compile("[\u0e01-\u0e5b]")
TABLES = ("batches", "submitted_values", "supersessions", "districts", "reference_figures", "meta")

# Codes about one cell: they must also name its column and repeat what was written.
CELL_CODES = {
    Reason.UNKNOWN_DISTRICT,
    Reason.NEGATIVE,
    Reason.NOT_WHOLE,
    Reason.NOT_A_NUMBER,
    Reason.OUT_OF_RANGE,
    Reason.NOT_YES_NO,
    Reason.PART_EXCEEDS_WHOLE,
    Reason.NOT_APPLICABLE_REFUSED,
}
# Codes whose problem belongs to one row of the file: it must say which row (a period chosen on upload is no row).
ROW_CODES = CELL_CODES | {
    Reason.MISSING_DISTRICT,
    Reason.MISSING_MONTH,
    Reason.BAD_MONTH,
    Reason.MONTH_OUTSIDE_PERIOD,
    Reason.DISTRICT_OUTSIDE_SCHEME,
    Reason.DUPLICATE_ROW,
}

# Faults of cdd found by this corpus, not yet fixed there: strict, so a fix turns them into a failure to remove.
KNOWN_BUGS: dict[tuple[str, str], str] = {}  # (test, file) → why it is expected to fail, while a fix is pending


# ---- the corpus --------------------------------------------------------------------------------------


def samples(folder: str) -> list[Path]:
    return sorted(p for p in (DATA / folder).iterdir() if p.is_file() and not p.name.endswith(SIDECARS))


def sidecar(path: Path, suffix: str) -> dict:
    side = path.with_name(path.name + suffix)
    return json.loads(side.read_text(encoding="utf-8")) if side.exists() else {}


def expected(path: Path) -> dict:
    found = sidecar(path, ".expected.json")
    assert found, f"{path.name} has no .expected.json: regenerate with python tests/data/make_corpus.py"
    return found


def args_of(path: Path) -> dict:
    return sidecar(path, ".args.json")


def code_of(path: Path) -> str:
    return re.split(r"[-.]", path.name, maxsplit=1)[0]


def params(test: str, paths: list[Path]) -> list:
    return [
        pytest.param(
            p,
            id=p.name,
            marks=[pytest.mark.xfail(reason=KNOWN_BUGS[(test, p.name)], strict=True)]
            if (test, p.name) in KNOWN_BUGS
            else [],
        )
        for p in paths
    ]


GOOD_FILES = samples("good")
BAD_FILES = samples("bad")


def test_the_corpus_is_there_and_complete():
    assert len(GOOD_FILES) >= 10 and len(BAD_FILES) >= 20
    for path in GOOD_FILES + BAD_FILES:
        assert path.with_name(path.name + ".expected.json").exists(), path.name
    stray = [
        p.name
        for folder in ("good", "bad")
        for p in (DATA / folder).iterdir()
        if p.name.endswith(SIDECARS) and not p.with_name(p.name.rsplit(".", 2)[0]).exists()
    ]
    assert stray == []


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_corpus_is_exactly_what_its_generator_writes(tmp_path):
    """No hand edits: a changed sample is changed in make_corpus.py, where its expectation is worked out."""
    spec = importlib.util.spec_from_file_location("make_corpus", DATA / "make_corpus.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.write_corpus(tmp_path)
    for folder in ("good", "bad"):
        written, on_disk = files_in(tmp_path / folder), files_in(DATA / folder)
        assert sorted(written) == sorted(on_disk), folder
        assert [name for name in written if written[name] != on_disk[name]] == [], folder


# Where cdd builds a problem, and at which argument its reason and its Thai sentence stand.
REASON_AT = {"FileProblem": 0, "ValueProblem": 0, "AttachmentProblem": 0, "SheetProblem": 0, "Problem": 3, "add": 3}


def problem_calls() -> list[tuple[str, ast.Call, int, dict[str, ast.FunctionDef]]]:
    """Every call that builds a problem in cdd: (module, call, where its reason stands, the module's functions)."""
    found = []
    for path in sorted(CDD.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                at = REASON_AT.get(getattr(node.func, "id", None) or getattr(node.func, "attr", None))
                if at is not None and len(node.args) > at:
                    found.append((str(path.relative_to(CDD)), node, at, functions))
    return found


def reason_of(node: ast.expr) -> Reason | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Reason":
        return Reason[node.attr]
    return None


def worded_in_thai(node: ast.AST, functions: dict[str, ast.FunctionDef], seen: frozenset[str] = frozenset()) -> bool:
    """Whether a message has Thai text, written there or in a function of the module that builds it."""
    for part in ast.walk(node):
        if isinstance(part, ast.Constant) and isinstance(part.value, str) and THAI.search(part.value):
            return True
        name = getattr(part, "func", None)
        called = getattr(name, "id", None)
        if called in functions and called not in seen and worded_in_thai(functions[called], functions, seen | {called}):
            return True
    return False


def passes_on(node: ast.expr) -> bool:
    """A message made of text worded elsewhere (an error caught there, a refusal of the rights): no words of its own."""
    return not any(
        isinstance(part, ast.Constant) and isinstance(part.value, str) and re.search(r"[^\W\d_]", part.value)
        for part in ast.walk(node)
    )


def produced_reasons() -> dict[Reason, list[str]]:
    """Every reason cdd gives, with the places it gives it: each `Reason.X` passed where a problem is built."""
    places: dict[Reason, list[str]] = {}
    for module, call, at, _ in problem_calls():
        if (reason := reason_of(call.args[at])) is not None:
            places.setdefault(reason, []).append(f"{module}:{call.lineno}")
    return places


def attack_names() -> list[str]:
    spec = importlib.util.spec_from_file_location("make_attacks", DATA / "make_attacks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.attacks())


def test_no_problem_is_built_with_a_bare_string_for_its_reason():
    """Reasons are members of Reason (and a sheet's stops of Stop), never literals that may drift from the list."""
    bare = [
        f"{module}:{call.lineno}" for module, call, at, _ in problem_calls() if isinstance(call.args[at], ast.Constant)
    ]
    assert bare == []


def test_every_reason_is_given_somewhere_in_thai():
    places = produced_reasons()
    assert [r for r in Reason if r not in places] == [], "a reason cdd never gives: remove it from Reason"
    unworded = [
        f"{module}:{call.lineno} {reason_of(call.args[at])}"
        for module, call, at, functions in problem_calls()
        if reason_of(call.args[at]) is not None
        and not (worded_in_thai(call.args[at + 1], functions) or passes_on(call.args[at + 1]))
    ]
    assert unworded == [], "a problem without its Thai sentence"


# Reasons that no stored file gives, with the test file that gets each from cdd.
GIVEN_ELSEWHERE = {
    Reason.TOO_LARGE: "test_limits.py",  # a file over the upload limit (10 MB), made at test time, not stored
    Reason.FILE_TOO_LARGE: "test_evidence.py",  # evidence files, not reports
    Reason.FILE_NOT_EVIDENCE: "test_evidence.py",
    Reason.OTHER_DISTRICT: "test_clerk_path.py",  # of the account that sends, not of the file
    Reason.REFERENCE_FIGURE: "test_rights.py",  # likewise: which reference figures the account may change
}


def test_every_reason_has_a_file_or_a_test_that_gets_it():
    """A bad file of the corpus, an attack (tests/data/make_attacks.py, tests/test_attacks.py) or a named test
    gets each reason from cdd; the corpus tests check that every problem they get is worded in Thai."""
    corpus, attacks = {code_of(p) for p in BAD_FILES}, {code_of(Path(name)) for name in attack_names()}
    assert corpus - set(Reason) == set(), "a bad file is named for a code cdd never gives"
    assert attacks - set(Reason) == set(), "an attack is named for a code cdd never gives"
    tested = {
        reason
        for reason, test in GIVEN_ELSEWHERE.items()
        if f'"{reason}"' in (Path(__file__).parent / test).read_text(encoding="utf-8")
    }
    assert tested == set(GIVEN_ELSEWHERE), "a test named for a reason does not check it"
    assert [r for r in Reason if r not in corpus | attacks | tested] == []


# ---- the store ----------------------------------------------------------------------------------------


@pytest.fixture
def con(tmp_path, blank_db):
    con = store.connect(blank_db(tmp_path / "t.duckdb"))
    yield con
    con.close()


def fingerprint(con) -> dict[str, list[tuple]]:
    """All rows of every table, sorted: equal fingerprints mean nothing at all was written."""
    return {table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in TABLES}


def read(name: str, data: bytes, con=None, **args):
    source = store.registry_from(con) if con is not None else registry()
    return read_submission(name, data, source, schemes(), **args)


def import_file(con, name: str, data: bytes, who: str = "ทดสอบ", **args):
    """The import path: check the whole file, write it only when there is no problem."""
    submission, problems = read(name, data, con, **args)
    if submission is None:
        return None, problems
    return write(con, submission, name, data, who), problems


def values_of(submission) -> dict[tuple[str, str, str], str]:
    return {
        (row.district.code, row.month.token, key): encode_value(value)
        for row in submission.rows
        for key, value in row.values.items()
    }


def all_current(con) -> dict[tuple[str, str, str], str]:
    pairs = set(con.execute("SELECT DISTINCT code, month FROM submitted_values").fetchall())
    return current_values(con, pairs)


def periods_of(submission) -> list[str]:
    """The periods the scheme grades that the file's months fall in."""
    grain = submission.scheme.grain
    if grain == "month":
        return [m.token for m in submission.months]
    if grain == "quarter":
        return sorted({m.quarter.token for m in submission.months})
    return sorted({str(m.fiscal_year) for m in submission.months})


def graded_directly(submission, code: str, period_token: str):
    """The core's grade for the file's own figures: months rolled up, references added, no store involved."""
    scheme, period = submission.scheme, parse_period(period_token)
    monthly: dict[str, dict] = {}
    for row in submission.rows:
        if row.district.code == code and row.month in period.months:
            monthly.setdefault(row.month.token, {}).update(row.values)
    values = with_references(code, period, roll_up(scheme, period, monthly))
    return grade_district(scheme, code, period.token, values)


def describe(result) -> str:
    if result.grade:
        return result.grade
    if result.status == "targets":
        return f"targets {result.targets_met}"
    if result.status == "score only":
        return f"score {result.score}"
    return result.status


# ---- good files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", params("reads", GOOD_FILES))
def test_good_file_reads_without_problems(path):
    want = expected(path)
    submission, problems = read(path.name, path.read_bytes(), **args_of(path))
    assert [(p.row, p.column, p.value, p.code, p.message) for p in problems] == []
    assert (submission.scheme.id, len(submission.rows), submission.value_count) == (
        want["scheme"],
        want["rows"],
        want["values"],
    )


@pytest.mark.parametrize("path", params("imports", GOOD_FILES))
def test_good_file_imports_and_grades(path, con):
    want, data = expected(path), path.read_bytes()
    submission, problems = read(path.name, data, con, **args_of(path))
    assert problems == []
    batch = write(con, submission, path.name, data, "ทดสอบ")

    stored = all_current(con)
    assert stored == values_of(submission)
    assert {batch} == {b for (b,) in con.execute("SELECT DISTINCT batch_id FROM submitted_values").fetchall()}
    for key, value in want.get("stored", {}).items():
        assert stored[tuple(key.split())] == value, key

    codes = {row.district.code for row in submission.rows}
    for period in periods_of(submission):
        results = {r.district: r for r in grade_period(con, submission.scheme.id, period)}
        for code in sorted(codes):
            if not any(
                row.district.code == code and row.month in parse_period(period).months for row in submission.rows
            ):
                continue
            result = results[code]
            assert any(m.status not in ("no data", "no criteria") for m in result.results), (code, period)
            assert result == graded_directly(submission, code, period), (code, period)

    for key, missions in want.get("grades", {}).items():
        code, period = key.split()
        result = {r.district: r for r in grade_period(con, submission.scheme.id, period)}[code]
        assert {m.mission: describe(m) for m in result.results if m.mission in missions} == missions, key


# ---- bad files -------------------------------------------------------------------------------------------


@pytest.fixture
def seeded(con):
    """A store that already holds a batch, so that an unchanged fingerprint says something."""
    path = DATA / "good" / "click-q3-keys-header.csv"
    batch, problems = import_file(con, path.name, path.read_bytes())
    assert problems == [] and batch == 1
    return con


@pytest.mark.parametrize("path", params("refused", BAD_FILES))
def test_bad_file_is_refused_with_its_code(path, seeded, tmp_path):
    args, data = args_of(path), path.read_bytes()
    before, database_files = fingerprint(seeded), files_in(tmp_path)
    batch, problems = import_file(seeded, path.name, data, **args)
    assert batch is None
    assert code_of(path) in {p.code for p in problems}, [(p.row, p.code, p.message) for p in problems]
    for problem in problems:
        assert THAI.search(problem.message), problem
        if problem.code in ROW_CODES and problem.value != args.get("period"):
            assert isinstance(problem.row, int) and problem.row >= 2, problem
        if problem.code in CELL_CODES:
            assert problem.column and problem.value, problem
    assert fingerprint(seeded) == before
    assert files_in(tmp_path) == database_files  # not a byte of the database file (or its log) written
    assert path.read_bytes() == data


@pytest.mark.parametrize("path", params("exactly", BAD_FILES))
def test_bad_file_reports_exactly_its_problems(path):
    _, problems = read(path.name, path.read_bytes(), **args_of(path))
    got = sorted(([p.row, p.code] for p in problems), key=repr)
    assert got == sorted(expected(path)["problems"], key=repr)


def test_a_file_with_several_problems_reports_them_all_at_once():
    path = DATA / "bad" / "negative-several-problems.csv"
    submission, problems = read(path.name, path.read_bytes())
    assert submission is None
    assert len(problems) >= 4
    assert {(p.row, p.code) for p in problems} == {
        (2, "negative"),
        (3, "not_whole"),
        (4, "not_yes_no"),
        (5, "unknown_district"),
        (6, "part_exceeds_whole"),
        (7, "duplicate_row"),
    }
    rows = [p.row for p in problems]
    assert len(set(rows)) == len(rows)
    letters = {p.row: re.search(r"คอลัมน์ ([A-Z]+)", p.column)[1] for p in problems if p.column}
    assert letters == {2: "J", 3: "G", 4: "F", 5: "B", 6: "E"}
    by_code = {p.code: p for p in problems}
    assert by_code["negative"].value == "-3" and by_code["not_yes_no"].value == "maybe"
    assert "แม่ริม" in by_code["unknown_district"].message
    assert "แถว 3" in by_code["duplicate_row"].message


def test_an_unknown_district_suggests_the_closest_known_one():
    path = DATA / "bad" / "unknown_district-letter-misspelling.csv"
    _, problems = read(path.name, path.read_bytes())
    assert [(p.row, p.value) for p in problems] == [(3, "เขาคิชฌกูฏ"), (4, "เขาคอกระเจี")]
    assert all("เขาฉกรรจ์" in p.message and "2707" in p.message for p in problems)


# ---- upload, supersede, roll back -----------------------------------------------------------------------

Q3_HEADER = "code,district,month,heads_total,heads_downloaded,data_updated,pr_posts,pr_channels,activities,downloads"


def q3_file(*rows: str) -> bytes:
    return ("\r\n".join([Q3_HEADER, *rows]) + "\r\n").encode("utf-8")


FILE_A = q3_file(
    "5709,แม่สาย,2567-05,4,3,ใช่,2,3,2,85",  # worked example → B
    "5704,เทิง,2567-05,4,4,ใช่,2,2,2,100",  # → A
)
FILE_B = q3_file(
    "5709,แม่สาย,2567-05,4,4,ใช่,2,3,2,90",  # 2 changed (heads, downloads), 5 unchanged → A
    "5704,เทิง,2567-05,4,4,ไม่ใช่,2,2,2,100",  # 1 changed (data), 6 unchanged → D
    "5701,เมืองเชียงราย,2567-05,4,4,ใช่,2,2,2,160",  # 7 new
)


def grades_in_may(con) -> dict[str, str]:
    results = grade_period(con, "click-2567-q3", "2567-05")
    return {r.district: describe(r.results[0]) for r in results if r.district in ("5701", "5704", "5709")}


def test_upload_supersede_and_roll_back(con):
    submission_a, _ = read("a.csv", FILE_A)
    submission_b, _ = read("b.csv", FILE_B)
    batch_a = write(con, submission_a, "a.csv", FILE_A, "อำเภอ")
    assert all_current(con) == values_of(submission_a)
    assert grades_in_may(con) == {"5701": "no data", "5704": "A", "5709": "B"}

    planned = plan(con, submission_b)
    assert (planned.count("new"), planned.count("changed"), planned.count("unchanged")) == (7, 3, 11)
    assert {(v.code, v.key, v.before, v.value) for v in planned.values if v.change == "changed"} == {
        ("5709", "heads_downloaded", "3", "4"),
        ("5709", "downloads", "85", "90"),
        ("5704", "data_updated", "yes", "no"),
    }

    batch_b = write(con, submission_b, "b.csv", FILE_B, "อำเภอ")
    assert all_current(con) == values_of(submission_b)
    assert grades_in_may(con) == {"5701": "A", "5704": "D", "5709": "A"}
    listed = batches(con).set_index("id")
    assert listed.loc[batch_b, "superseded"] == 3 and listed.loc[batch_a, "superseded"] == 0
    assert (listed.loc[batch_b, "row_count"], listed.loc[batch_b, "value_count"]) == (3, 10)  # new + changed
    assert (listed.loc[batch_a, "row_count"], listed.loc[batch_a, "value_count"]) == (2, 14)

    before = fingerprint(con)
    with pytest.raises(RollbackRefused) as refused:
        rollback(con, batch_a, "จังหวัด")
    assert THAI.search(str(refused.value)) and str(batch_b) in str(refused.value)
    assert fingerprint(con) == before

    assert rollback(con, batch_b, "จังหวัด") == 3
    assert all_current(con) == values_of(submission_a)
    assert grades_in_may(con) == {"5701": "no data", "5704": "A", "5709": "B"}
    assert con.execute("SELECT count(*) FROM supersessions WHERE batch_id = ?", [batch_b]).fetchone()[0] == 3
    listed = batches(con).set_index("id")
    assert not pd.isna(listed.loc[batch_b, "rolled_back_at"])  # stamped when rolled back
    assert pd.isna(listed.loc[batch_a, "rolled_back_at"])  # never rolled back: NaT, which `is not None` let through

    before = fingerprint(con)
    with pytest.raises(RollbackRefused) as twice:
        rollback(con, batch_b, "จังหวัด")
    assert THAI.search(str(twice.value))
    assert fingerprint(con) == before

    assert rollback(con, batch_a, "จังหวัด") == 0  # B is gone, so A may go too
    assert all_current(con) == {}
    with pytest.raises(RollbackRefused):
        rollback(con, 99, "จังหวัด")


def test_the_same_file_twice_writes_no_value_the_second_time(con):
    submission, _ = read("a.csv", FILE_A)
    write(con, submission, "a.csv", FILE_A, "อำเภอ")
    assert plan(con, submission).count("unchanged") == 14
    second = write(con, submission, "a.csv", FILE_A, "อำเภอ")
    assert batches(con).set_index("id").loc[second, "value_count"] == 0
    assert all_current(con) == values_of(submission)


def test_two_imports_at_once_both_land(con):
    files = {
        "north.csv": q3_file(*(f"{c},,2567-04,4,4,yes,2,2,2,200" for c in ("5701", "5702", "5703"))),
        "south.csv": q3_file(*(f"{c},,2567-04,4,3,yes,2,2,2,200" for c in ("5704", "5705", "5706"))),
    }
    barrier = threading.Barrier(len(files))
    batch_of, errors = {}, []

    def upload(name: str, data: bytes, cursor) -> None:
        try:
            barrier.wait(timeout=10)
            submission, problems = read_submission(name, data, registry(), schemes())
            assert problems == []
            batch_of[name] = write(cursor, submission, name, data, name)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(n, d, con.cursor())) for n, d in files.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(batch_of.values()) == [1, 2]
    assert sorted(batches(con)["id"]) == [1, 2]
    per_batch = dict(con.execute("SELECT batch_id, count(*) FROM submitted_values GROUP BY batch_id").fetchall())
    assert per_batch == {batch_of["north.csv"]: 21, batch_of["south.csv"]: 21}
    expected_values = {}
    for name, data in files.items():
        expected_values |= values_of(read(name, data)[0])
    assert all_current(con) == expected_values


def test_a_dry_run_writes_nothing(con):
    submission_a, _ = read("a.csv", FILE_A)
    submission_b, _ = read("b.csv", FILE_B)
    before = fingerprint(con)
    assert plan(con, submission_a).count("new") == 14
    assert fingerprint(con) == before
    write(con, submission_a, "a.csv", FILE_A, "อำเภอ")
    before = fingerprint(con)
    planned = plan(con, submission_b)
    assert (planned.count("new"), planned.count("changed"), planned.count("unchanged")) == (7, 3, 11)
    assert len(planned.writes) == 10
    assert fingerprint(con) == before


# ---- the issue's scenario: a Chiang Rai Q2 template, filled in on Thai Windows Excel -----------------------

# code → shop_new, data_updated, pr_posts, pr_channels, activities, downloads; and the grade worked out by hand
# from RUBRICS §3 (shop target as the letter's table, downloads ≥ 10 × tambons; 10 A, 8 B, 6 C, less D).
FEBRUARY = {
    "5701": ((27, "ใช่", 1, 2, 1, 1200), "A"),
    "5702": ((3, "ใช่", 1, 2, 1, 50), "B"),  # 3 < 4 shops
    "5703": ((5, "ไม่ใช่", 1, 2, 1, 70), "B"),
    "5704": ((9, "ใช่", 1, 2, 1, 120), "A"),  # RUBRICS worked example
    "5705": ((11, "ใช่", 0, 2, 1, 150), "B"),
    "5706": ((4, "ใช่", 1, 1, 1, 50), "B"),
    "5707": ((5, "ใช่", 1, 2, 0, 110), "B"),
    "5708": ((4, "ใช่", 1, 2, 1, 59), "B"),
    "5709": ((8, "ไม่ใช่", 2, 1, 1, 79), "D"),  # shops and activity only
    "5710": ((2, "ไม่ใช่", 1, 2, 1, 70), "C"),
    "5711": ((8, "ใช่", 3, 4, 2, 1050), "A"),
    "5712": ((0, "ไม่ใช่", 0, 0, 0, 0), "D"),
    "5713": ((4, "ใช่", 1, 2, 1, 40), "A"),
    "5714": ((6, "ไม่ใช่", 1, 2, 1, 30), "B"),
    "5715": ((5, "ใช่", 1, 3, 2, 39), "B"),
    "5716": ((7, "ใช่", 2, 2, 1, 1500), "A"),
    "5717": ((1, "ใช่", 1, 2, 0, 10), "D"),  # data and publicity only
    "5718": ((2, "ใช่", 1, 2, 1, 30), "A"),
}
REPORTED = ("shop_new", "data_updated", "pr_posts", "pr_channels", "activities", "downloads")
TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def test_issue_scenario_template_filled_in_thai_excel_grades_as_the_core(con):
    from cdd.intake.templates import write_template_csv

    scheme = schemes()["click-2567-q2"]
    template = write_template_csv(scheme, registry(), parse_period("2567-02"))
    labels, keys, *rows = list(csv.reader(io.StringIO(template.decode("utf-8-sig"))))
    assert keys[:3] == ["code", "district", "month"] and set(REPORTED) <= set(keys)
    assert sorted(row[0] for row in rows) == sorted(FEBRUARY)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(labels)
    writer.writerow(keys)
    for row in rows:
        cells = dict(zip(keys, row))
        figures, _ = FEBRUARY[cells["code"]]
        cells |= {key: f"{value:,}" if isinstance(value, int) else value for key, value in zip(REPORTED, figures)}
        cells["district"] = "อ." + cells["district"]
        cells["month"] = "ก.พ. 2567"
        writer.writerow([cells[key].translate(TO_THAI) for key in keys])
    data = out.getvalue().encode("cp874")  # Thai Windows Excel's "CSV"
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "อ.เทิง".encode("cp874") in data and "๑,๒๐๐".encode("cp874") in data

    batch, problems = import_file(con, "รายงาน Click ชุมชน ก.พ.67.csv", data)
    assert [(p.row, p.code, p.message) for p in problems] == []
    assert batch == 1
    assert all_current(con)[("5701", "2567-02", "downloads")] == "1200"

    results = {r.district: r for r in grade_period(con, "click-2567-q2", "2567-02")}
    assert {code: r.results[0].grade for code, r in results.items()} == {c: g for c, (_, g) in FEBRUARY.items()}
    for code, (figures, _) in FEBRUARY.items():
        assert results[code] == evaluate("click-2567-q2", code, "2567-02", dict(zip(REPORTED, figures))), code
    assert results["5704"].results[0].score == Fraction(10)


def test_lampang_community_fund_not_applicable_is_refused_naming_row_column_and_fix():
    """'ไม่เกี่ยวข้อง' belongs to the six provinces the letter names; a Lampang row with it is refused, nothing written."""
    path = DATA / "bad" / "not_applicable_refused.csv"
    submission, problems = read(path.name, path.read_bytes())
    assert submission is None
    [problem] = problems
    assert (problem.row, problem.column, problem.value) == (2, "cf_groups_pct (คอลัมน์ D)", "ไม่เกี่ยวข้อง")
    assert "ใช้ 'ไม่เกี่ยวข้อง' ไม่ได้" in problem.message and "กรอกผลที่ทำได้" in problem.message
