"""A tiny timer: median of repeated batches, so one slow batch does not skew a ratio."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def per_call(fn: Callable[[], object], calls: int = 300, batches: int = 7) -> float:
    """Median seconds per call of ``fn``."""
    samples = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - started) / calls)
    return statistics.median(samples)


def report(rows: list[tuple[str, float]], baseline: float) -> None:
    for label, seconds in rows:
        print(f"  {label:<52} {seconds * 1e6:9.1f} µs   x{seconds / baseline:5.2f}")
