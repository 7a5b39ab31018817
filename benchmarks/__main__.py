"""Run every benchmark module in this package (each exposes ``main()``), or those named on the command line."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def run(names: list[str]) -> int:
    found = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")]
    for name in names or found:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}")
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1:]))
