"""Shared fixtures: one end-to-end build of the shipped seeds, reused by many tests."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kg import build

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def require_tool(name: str) -> str:
    """Path of an external tool; CI sets KG_REQUIRE_TOOLS=1 so a missing tool fails there."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("KG_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{name} is required (KG_REQUIRE_TOOLS=1) but not installed")
        pytest.skip(f"{name} not installed")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds-out")
    build([SEEDS], out)
    return out


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
