"""Run every benchmark module in this package, or those named on the command line, then print one table.

Each module exposes ``figures()`` (rows for the table, see ``_table.py``) and/or ``main()`` (its own detail).
When several run, each runs in a fresh interpreter of its own: what one leaves behind (``bench_requests``
keeps a world of 10,000 customers) would otherwise weigh on the garbage collector and the caches of every
one after it. ``--figures-json PATH`` (how a child hands its rows back) writes the rows there instead of
printing the table.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ._table import Figure, render


def run(names: list[str], figures_json: str | None = None) -> int:
    found = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")]
    chosen = names or found
    figures: list[Figure] = []
    for name in chosen:
        figures.extend(_here(name) if len(chosen) == 1 else _in_child(name))
    if figures_json is not None:
        Path(figures_json).write_text(json.dumps([dataclasses.asdict(f) for f in figures]))
    elif figures:
        print("\n== targets (each ratio measured against its peer in this run)")
        print(render(figures))
    return 0


def _here(name: str) -> list[Figure]:
    module = importlib.import_module(f"benchmarks.{name}")
    print(f"== {name}", flush=True)
    if hasattr(module, "main"):
        module.main()
    return list(module.figures()) if hasattr(module, "figures") else []


def _in_child(name: str) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        rows = Path(folder) / "figures.json"
        subprocess.run([sys.executable, "-m", "benchmarks", "--figures-json", str(rows), name], check=True)
        return [Figure(**row) for row in json.loads(rows.read_text())]


if __name__ == "__main__":
    arguments = sys.argv[1:]
    target = None
    if arguments[:1] == ["--figures-json"]:
        target, arguments = arguments[1], arguments[2:]
    raise SystemExit(run(arguments, target))
