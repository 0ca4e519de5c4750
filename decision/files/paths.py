"""Where the bundled criteria sets and example workshops live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CRITERIA_DIR = ROOT / "criteria"
DATA_DIR = ROOT / "data"
EXAMPLE_WORKSHOP = DATA_DIR / "kastanjehof.yaml"
