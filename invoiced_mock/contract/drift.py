"""The drift report: recorded real responses against the published schemas, summed up per schema.

``invoiced-mock validate --report DIR_OR_FILE...`` reads every JSON file and VCR cassette (folders are
searched), decides each body's schema as ``recorded`` does, and prints per schema how many bodies validated
and every attribute the real bodies carry that the schema does not declare (``items[].colour``): where the
mock has drifted from the API a user recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from invoiced_mock.contract.recorded import Exchange, exchanges_in, schema_of
from invoiced_mock.contract.validation import unknown_attributes, violations

RECORDED = ("*.json", "*.yaml", "*.yml")
_INDEX = re.compile(r"\[\d+\]")


@dataclass
class Tally:
    """What one schema's recorded bodies showed."""

    bodies: int = 0
    valid: int = 0
    unknown: set[str] = field(default_factory=set)


def files_in(paths: Iterable[Path]) -> list[Path]:
    """The recorded files named, a folder standing for every JSON or YAML file under it."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(p for pattern in RECORDED for p in path.rglob(pattern)) if path.is_dir() else [path])
    return found


def tally(exchanges: Iterable[Exchange]) -> dict[str, Tally]:
    """Schema name (``?`` when none can be told) → its tally."""
    out: dict[str, Tally] = {}
    for exchange in exchanges:
        if exchange.body is None:
            continue
        name = schema_of(exchange) or "?"
        seen = out.setdefault(name, Tally())
        seen.bodies += 1
        if name == "?":
            continue
        if not violations(exchange.body, name):
            seen.valid += 1
        seen.unknown |= {_INDEX.sub("[]", path) for path in unknown_attributes(exchange.body, name)}
    return out


def render(tallies: dict[str, Tally]) -> list[str]:
    lines = []
    for name, seen in sorted(tallies.items()):
        if name == "?":
            lines.append(f"?: {seen.bodies} bodies with no schema to check against (pass --schema)")
            continue
        lines.append(f"{name}: {seen.valid}/{seen.bodies} valid")
        lines.extend(f"  unknown attribute: {path}" for path in sorted(seen.unknown))
    return lines


def report(paths: Iterable[Path]) -> tuple[list[str], bool]:
    """The report's lines, and whether every body validated."""
    tallies = tally(e for path in files_in(paths) for e in exchanges_in(path))
    return render(tallies), all(t.valid == t.bodies for n, t in tallies.items() if n != "?")
