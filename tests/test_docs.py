"""The README tells the truth about the tree and the command line: every module of cdd/ and every
screen is in its map, every command of `python -m cdd --help` and every shipped scheme is documented."""

import re
from pathlib import Path

from cdd.cli.main import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def tree_map() -> str:
    return README[README.index("## What is here") : README.index("## The command line")]


def test_every_module_of_cdd_is_in_the_readme_map():
    tree = tree_map()
    modules = [p for p in (ROOT / "cdd").rglob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert len(modules) > 30
    missing = [str(p.relative_to(ROOT)) for p in modules if not re.search(rf"\b{re.escape(p.name)}\b", tree)]
    assert missing == []
    folders = {p.parent.name for p in modules} - {"cdd"}
    assert [f for f in sorted(folders) if f"{f}/" not in tree] == []


def test_every_command_is_documented():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    assert len(commands) > 10
    undocumented = [c for c in commands if f"python -m cdd {c}" not in README]
    assert undocumented == []


def test_every_shipped_scheme_is_named(schemes):
    assert [s for s in schemes if s not in README] == []
