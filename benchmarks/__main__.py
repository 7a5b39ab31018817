"""Run every benchmark module in this package, or those named on the command line, then print one table.

Each module exposes ``figures()`` (rows for the table, see ``_table.py``) and/or ``main()`` (its own detail).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from ._table import Figure, render


def run(names: list[str]) -> int:
    found = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")]
    figures: list[Figure] = []
    for name in names or found:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}", flush=True)
        if hasattr(module, "main"):
            module.main()
        if hasattr(module, "figures"):
            figures.extend(module.figures())
    if figures:
        print("\n== targets (each ratio measured against its peer in this run)")
        print(render(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
