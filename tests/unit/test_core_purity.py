"""callback_sim.core stays pure: no UI, storage, speech or platformdirs imports (STYLE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import callback_sim.core

FORBIDDEN = ("textual", "sqlite_utils", "sqlite3", "pyttsx3", "platformdirs", "callback_sim.store")
CORE_DIR = Path(callback_sim.core.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_core_module_imports_a_forbidden_module() -> None:
    files = sorted(CORE_DIR.glob("*.py"))
    assert len(files) >= 3
    for path in files:
        for name in imported_modules(path):
            assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN), (
                f"{path.name} imports {name}"
            )


def test_importing_all_of_core_loads_no_forbidden_module() -> None:
    modules = [f"callback_sim.core.{p.stem}" for p in sorted(CORE_DIR.glob("*.py"))]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
