"""`pip install .` (a real wheel, not editable) ships the grammar and the bundled rules."""

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_compiles_from_anywhere(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, timeout=600)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    py = env_dir / "bin" / "python"
    wheel = next(wheels.glob("screener-*.whl"))
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
                   check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(env_dir / "bin" / "screener"), "compile", "NCT06722586"], cwd=elsewhere,
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "18 compiled" in out.stdout
    fixture = ROOT / "tests" / "fixtures" / "followup" / "nct05746689_protocol" / "cap_followed.json"
    out = subprocess.run([str(env_dir / "bin" / "screener"), "protocol", "NCT05746689", str(fixture)],
                         cwd=elsewhere, capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0 and '"verdict": "followed"' in out.stdout, out.stderr  # rules/*.protocol shipped
    where = subprocess.run([str(py), "-c", "import screener.resources as r; print(r.grammars_dir())"],
                           cwd=elsewhere, capture_output=True, text=True, env=env, check=True)
    assert str(env_dir) in where.stdout, where.stdout  # the installed copy, not the checkout
