"""``screener screen`` shows a rich progress bar on stderr when stderr is a terminal, and the
results on stdout stay clean; ``--no-progress`` turns it off."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "nct06722586"


def _screen_on_a_terminal(*extra: str) -> tuple[str, str]:
    """(stdout, what the terminal on stderr showed)."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"}
    out = tempfile.TemporaryFile()  # a file: a full stdout pipe would stall the child while we read the terminal
    proc = subprocess.Popen([sys.executable, "-m", "screener.cli", "screen", "NCT06722586", str(FIXTURES),
                             "--as-of", "2026-11-23", "--format", "jsonl", *extra],
                            stdout=out, stderr=slave, env=env)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    proc.wait(timeout=300)
    os.close(master)
    out.seek(0)
    stdout = out.read().decode()
    out.close()
    assert proc.returncode == 0, shown.decode(errors="replace")
    return stdout, shown.decode(errors="replace")


def test_progress_bar_on_stderr_results_on_stdout():
    stdout, terminal = _screen_on_a_terminal()
    n = len(list(FIXTURES.glob("*.json")))
    assert "screening" in terminal and "━" in terminal  # rich's bar
    assert f"{n}/?" in terminal  # patients done; the total is not known before the files are read
    assert f"{n} patients screened" in terminal
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert len(lines) == n  # no bar in the results


def test_no_progress_shows_only_the_summary():
    _, terminal = _screen_on_a_terminal("--no-progress")
    assert "━" not in terminal and "patients screened" in terminal
