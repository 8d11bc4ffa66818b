"""Issue 13, the surroundings: the set-up repairs a venv without pip (what a failed first
run on Debian leaves), `voices` without espeak-ng's data, and `--volume nan`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import ROOT, need
from voicecoach.cli import cli

PROBE = '[project]\nname = "probe"\nversion = "0"\n'


def test_setup_rebuilds_a_venv_without_pip(tmp_path: Path) -> None:
    """A project with a .venv made without pip: scripts/setup notices and makes it again
    (SETUP_VENV_ONLY: no system packages, no package install, so no network)."""
    python = shutil.which("python3")
    assert python is not None
    (tmp_path / "scripts").mkdir()
    for script in ("setup", "apt"):  # setup sources apt
        shutil.copy(ROOT / "scripts" / script, tmp_path / "scripts" / script)
    (tmp_path / "pyproject.toml").write_text(PROBE)
    subprocess.run([python, "-m", "venv", "--without-pip", str(tmp_path / ".venv")],
                   check=True)
    venv_python = tmp_path / ".venv" / "bin" / "python"
    assert subprocess.run([venv_python, "-m", "pip", "--version"], capture_output=True,
                          check=False).returncode != 0
    env = {**os.environ, "PYTHON": python, "SETUP_VENV_ONLY": "1"}
    run = subprocess.run(["bash", str(tmp_path / "scripts" / "setup")], capture_output=True,
                         text=True, env=env, cwd=tmp_path, check=False, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "rebuilding .venv (it has no working python or pip)" in run.stderr
    assert subprocess.run([venv_python, "-m", "pip", "--version"], capture_output=True,
                          check=False).returncode == 0
    again = subprocess.run(["bash", str(tmp_path / "scripts" / "setup")], capture_output=True,
                           text=True, env=env, cwd=tmp_path, check=False, timeout=300)
    assert again.returncode == 0 and "rebuilding" not in again.stderr  # a good venv stays


def test_volume_nan_is_refused() -> None:
    result = CliRunner().invoke(cli, ["plan", str(ROOT / "routines" /
                                                  "glute-minimus-strength.yaml"),
                                      "--volume", "nan"])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '--volume': 'nan' is not a number "
                                  "from 0.1 to 1.\n")


def test_voices_without_espeak_data_is_one_error_line(tmp_path: Path) -> None:
    """espeak-ng is pointed at an empty data folder (ESPEAK_DATA_PATH, which it and its
    library read): no root, mount or namespace needed, and this machine's data is untouched."""
    need("espeak-ng")
    env = {**os.environ, "ESPEAK_DATA_PATH": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "voicecoach", "voices"], capture_output=True,
                         text=True, check=False, cwd=ROOT, env=env)
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == (f"Error: espeak-ng's voice data is missing ({tmp_path}/phontab); "
                          "reinstall it: sudo apt-get install --reinstall espeak-ng-data\n")
