"""The explorer benchmark runs end to end on a tiny corpus and prints its table.

Figures are not checked against targets here (timed unit tests are flaky);
this only proves the script works, so the real 10k run can be trusted to.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ROWS = (
    "launch -> first paint",
    "launch -> first results",
    "app imports",
    "engine imported",
    "index open",
    "first search + render",
    "of which engine search",
    "keystroke -> results p50",
    "keystroke -> results p95",
)


def test_bench_prints_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "tui_bench.py"),
            "--articles",
            "12",
            "--runs",
            "1",
            "--keystrokes",
            "4",
            "--work",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "index ready: 12 articles" in proc.stdout
    for row in ROWS:
        line = next((line for line in proc.stdout.splitlines() if row in line), None)
        assert line is not None, (row, proc.stdout)
        milliseconds = float(re.search(r"\s(-?\d+\.\d)\s", line + " ").group(1))
        assert -60_000 < milliseconds < 60_000, line
