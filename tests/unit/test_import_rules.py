"""Layer rules: Whoosh lives only in ``rjtui.search``, and search never reaches into ingest.

Checked twice: statically over every source file (an import hidden in a function
counts too), and at run time in a fresh interpreter, where importing the whole
search package must not load ``rjtui.ingest`` (it used to, through folding).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import rjtui

PACKAGE = Path(rjtui.__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    """Every module name ``path`` imports, at any depth of its syntax tree."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def sources() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 40, files  # the walk found the package, not an empty folder
    return {str(p.relative_to(PACKAGE.parent)): imported_modules(p) for p in files}


def is_under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_import_scanner_sees_nested_and_from_imports(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import os\ndef f():\n    from whoosh.query import Term\n    import rjtui.ingest.files\n",
        encoding="utf-8",
    )
    assert {"whoosh.query", "rjtui.ingest.files", "os"} <= imported_modules(probe)


def test_only_the_search_package_imports_whoosh() -> None:
    offenders = {
        path: sorted(n for n in names if is_under(n, "whoosh"))
        for path, names in sources().items()
        if not path.startswith("rjtui/search/")
    }
    assert {p: n for p, n in offenders.items() if n} == {}
    search = [p for p, names in sources().items() if any(is_under(n, "whoosh") for n in names)]
    assert "rjtui/search/indexer.py" in search and "rjtui/search/engine.py" in search


def test_search_never_imports_ingest_in_source() -> None:
    offenders = {
        path: sorted(n for n in names if is_under(n, "rjtui.ingest"))
        for path, names in sources().items()
        if path.startswith("rjtui/search/")
    }
    assert {p: n for p, n in offenders.items() if n} == {}


def test_importing_search_does_not_load_ingest() -> None:
    modules = sorted(
        "rjtui." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in (PACKAGE / "search").glob("*.py")
        if p.name != "__init__.py"
    )
    assert "rjtui.search.indexer" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print(sorted(m for m in sys.modules if m.startswith('rjtui.ingest')))\n"
        + "print('rjtui.search.indexer' in sys.modules, 'whoosh' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["[]", "True True"]


def test_importing_the_explorer_loads_neither_ingest_nor_whoosh() -> None:
    """Both load later (when the index is opened or checked, or a source shown): what
    the app imports is paid before its first paint and first results."""
    code = (
        "import sys\nimport rjtui.tui.app\n"
        "print(sorted(m for m in sys.modules if m.startswith(('rjtui.ingest', 'whoosh'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["[]"]
