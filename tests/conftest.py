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


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
READY = "window.kg !== undefined && window.kg.ready"


@pytest.fixture(scope="module")
def browser():
    executable = require_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool("playwright (the Python package)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def load(browser, path: Path):
    """The page, with every console error and every request it made recorded."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_function(READY, timeout=30_000)
    return page, errors, requests


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
