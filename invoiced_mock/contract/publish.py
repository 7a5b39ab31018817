"""The shipped ``schemas/`` directory: every published schema and the OpenAPI document, written as files.

``write()`` regenerates the directory (``make schemas``, ``invoiced-mock schemas``); ``stale()`` names the
files that differ from what the declarations generate (the suite fails while any does).
"""

from __future__ import annotations

import json
from pathlib import Path

from invoiced_mock.contract.openapi import build as build_openapi
from invoiced_mock.contract.schemas import SCHEMA_DIR, build
from invoiced_mock.core.fields import Schema


def dumps(schema: Schema) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def rendered() -> dict[str, str]:
    """File name → file text, exactly as ``write()`` leaves ``schemas/`` (OpenAPI document included)."""
    files = {f"{name}.json": dumps(schema) for name, schema in build().items()}
    files["openapi.json"] = dumps(build_openapi())
    return files


def write(directory: Path = SCHEMA_DIR) -> list[str]:
    """Regenerate ``directory``: write every schema and delete stale ones. The file names written."""
    directory.mkdir(parents=True, exist_ok=True)
    files = rendered()
    for old in directory.glob("*.json"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        path = directory / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
    return sorted(files)


def stale(directory: Path = SCHEMA_DIR) -> list[str]:
    """The files in ``directory`` that differ from what the declarations generate (missing, changed, extra)."""
    files = rendered()
    present = {p.name: p.read_text() for p in directory.glob("*.json")} if directory.exists() else {}
    return sorted({n for n in files if present.get(n) != files[n]} | (set(present) - set(files)))
