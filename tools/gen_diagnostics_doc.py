"""Writes docs/diagnostics.md from screener.diagnostics.CODES: python3 tools/gen_diagnostics_doc.py"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screener.diagnostics import CODES  # noqa: E402


def render() -> str:
    rows = "\n".join(f"| `{k}` | {v} |" for k, v in CODES.items())
    return f"""# Diagnostics

Every diagnostic has a stable code, a severity, the line and column (1-based) in
the text that was compiled, source offsets, and a snippet with a caret under
the span. Codes never change meaning; new ones are added, old ones kept.
Generated from `screener.diagnostics.CODES` by `tools/gen_diagnostics_doc.py`.

| code | meaning |
|---|---|
{rows}
"""


if __name__ == "__main__":
    (ROOT / "docs" / "diagnostics.md").write_text(render(), encoding="utf-8")
