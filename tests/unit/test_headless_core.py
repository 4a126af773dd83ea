"""The core must stay headless: importing it never pulls in Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import rjtui


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(rjtui.__path__, prefix="rjtui."):
        if info.name.startswith("rjtui.tui") or info.name == "rjtui.__main__":
            continue
        names.append(info.name)
    return names


def test_core_imports_without_textual() -> None:
    modules = core_modules()
    assert "rjtui.config" in modules and "rjtui.cli" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + (
            "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
            "print(','.join(bad))\n"
        )
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"core imported Textual: {proc.stdout}"
