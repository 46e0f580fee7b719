"""`screener compile` as a user runs it."""

import json
import subprocess
import sys

from screener.compile import compile_text


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "screener.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_compile_bundled_text(tmp_path):
    out = run("compile", "NCT06722586", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "18 compiled, 0 partial, 0 unsupported" in out.stdout
    assert "(alt > 3 x ULN) or (ast > 3 x ULN)" in out.stdout


def test_compile_json_schema(tmp_path):
    out = run("compile", "NCT06722586", "--format", "json", cwd=tmp_path)
    assert out.returncode == 0
    data = json.loads(out.stdout)
    crit = data["criteria"]
    assert len(crit) == 18
    for c in crit:
        assert set(c) >= {"id", "section", "text", "span", "status", "rule", "diagnostics"}
        assert c["status"] in ("compiled", "partial", "unsupported")
        assert c["rule"]["kind"]


def test_unsupported_line_has_caret(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("Inclusion Criteria:\n- ALT < 3 x ULN\n- must eat oranges (( <\n")
    out = run("compile", str(f))
    assert out.returncode == 0
    assert "unsupported" in out.stdout and "^" in out.stdout
    data = json.loads(run("compile", str(f), "--format", "json").stdout)
    bad = [c for c in data["criteria"] if c["status"] == "unsupported"]
    assert bad and bad[0]["diagnostics"][0]["code"].startswith("syntax.")


def test_usage_errors_exit_2(tmp_path):
    assert run("compile", "NCT00000000").returncode == 2
    assert run("compile", str(tmp_path / "missing.txt")).returncode == 2
    assert run("compile", "NCT06722586", "--format", "xml").returncode == 2


def test_override_replaces_and_adds(tmp_path):
    text = "Exclusion Criteria:\n* ALT more than 3 ULN\n* some odd words here\n"
    rules = "E2: manual \"odd words\"\n+X1 exclusion: active active_infection\nE9: alt > 1\n"
    t = compile_text(text, trial="T", overrides=rules)
    by_id = {c.id: c for c in t.criteria}
    assert by_id["E2"].origin == "override" and by_id["E2"].canonical == 'manual "odd words"'
    assert by_id["X1"].section == "exclusion" and by_id["X1"].canonical == "active active_infection"
    assert any(n.code == "override.unknown_id" for n in t.notes)


def test_diagnostics_doc_is_current():
    from pathlib import Path

    from tools.gen_diagnostics_doc import render

    doc = Path(__file__).resolve().parents[1] / "docs" / "diagnostics.md"
    assert doc.read_text(encoding="utf-8") == render(), "run python3 tools/gen_diagnostics_doc.py"


def test_every_compile_error_code_is_documented():
    # (a rule the IR refuses carries its code into the line's diagnostics; rule.study_when, rule.empty_range and
    # rule.two_windows were raised without being in CODES)
    import re
    from pathlib import Path

    from screener.diagnostics import CODES

    src = Path(__file__).resolve().parents[1] / "screener"
    raised = {code for p in src.rglob("*.py")
              for code in re.findall(r'CompileError\(\s*"([a-z_.]+)"', p.read_text(encoding="utf-8"))}
    assert raised and raised <= set(CODES), sorted(raised - set(CODES))


def test_every_emitted_code_is_documented():
    from screener.diagnostics import CODES
    from screener.trials import read_trial

    tid, text, _ = read_trial("NCT06722586")
    t = compile_text(text + "\n* eat oranges\n* ALT > 3 x ULN, wearing hats", trial=tid)
    codes = {d.code for c in t.criteria for d in c.diagnostics} | {n.code for n in t.notes}
    assert codes <= set(CODES)
