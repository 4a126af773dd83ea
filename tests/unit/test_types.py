"""mypy over the whole package is clean (CI runs only pytest, so this is how types
are checked there). Settings live in pyproject.toml ``[tool.mypy]``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_mypy_finds_no_type_errors(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Success: no issues found" in proc.stdout, proc.stdout + proc.stderr
    assert proc.returncode == 0
