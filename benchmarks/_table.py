"""The one table ``make bench`` ends with: every figure as a ratio to the peer measured in the same run,
next to its target.

A benchmark module exposes ``figures() -> list[Figure]``; ``benchmarks/__main__.py`` gathers them from
every module and prints them together. A module may also have ``main()`` for detail it prints on its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str  # what was measured
    ratio: float  # measured / peer, both timed in this run
    peer: str  # what it was measured against
    target: float | None = None  # the ratio must stay at or below this; None: reported only

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target


def render(figures: list[Figure]) -> str:
    width = max([len(f.name) for f in figures] + [10])
    peer_width = max([len(f.peer) for f in figures] + [4])
    lines = [f"{'figure':<{width}}  {'ratio':>7}  {'target':>7}  {'':4}  {'peer':<{peer_width}}"]
    for f in figures:
        target = f"≤ {f.target:g}×" if f.target is not None else "—"
        verdict = {True: "ok", False: "MISS", None: ""}[f.met]
        lines.append(f"{f.name:<{width}}  {f.ratio:>6.2f}×  {target:>7}  {verdict:4}  {f.peer:<{peer_width}}")
    return "\n".join(lines)
