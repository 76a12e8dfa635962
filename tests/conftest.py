"""Fixtures shared by the tests: the loaded rubrics, the district registry, and the CLI run in-process."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass

import pytest

from cdd.cli import main
from cdd.districts import Registry
from cdd.rubric import load_schemes


@pytest.fixture(scope="session")
def schemes():
    return load_schemes()


@pytest.fixture(scope="session")
def registry():
    return Registry.load()


@dataclass
class CliRun:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `python -m cdd ARGS` in-process with `stdin` as standard input."""

    def run(*args: str, stdin: object = "") -> CliRun:
        text = stdin if isinstance(stdin, str) else json.dumps(stdin, ensure_ascii=False)
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run
