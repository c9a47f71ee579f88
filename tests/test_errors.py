"""Error codes: one list, each code used for its one meaning, and the README's table is it."""

from __future__ import annotations

import re

import pytest

from kg.errors import CODES, InputError
from tests.conftest import ROOT

RAISED = re.compile(r'(?:InputError|OutputError|ModelError|SetupError)\(\s*"(E\d{3})"')


def raised_codes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "kg").rglob("*.py")):
        for code in RAISED.findall(path.read_text("utf-8")):
            found.setdefault(code, []).append(path.name)
    return found


def test_every_code_raised_is_registered_and_every_registered_code_is_raised():
    assert set(raised_codes()) == set(CODES)


def test_the_readme_table_is_the_registry():
    readme = (ROOT / "README.md").read_text("utf-8")
    table = dict(re.findall(r"^\| (E\d{3}) \| (.+?) \|$", readme, flags=re.MULTILINE))
    assert table == CODES


def test_an_unregistered_code_is_a_bug():
    with pytest.raises(ValueError, match="E999"):
        InputError("E999", "made up")
