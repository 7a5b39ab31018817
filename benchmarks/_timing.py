"""A tiny timer: median of repeated batches, so one slow batch does not skew a ratio; and paired batches, so
that a drift of the machine's speed moves both sides of a ratio alike."""

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


def paired_ratio(fn: Callable[[], object], peer: Callable[[], object], calls: int = 100, rounds: int = 15) -> float:
    """The median over ``rounds`` of one batch of ``fn`` over one batch of ``peer``, run back to back (CPU time
    of this process: both run in this thread, and on a shared machine wall time measures the neighbours)."""
    ratios = []
    for _ in range(rounds):
        seconds = []
        for each in (peer, fn):
            started = time.process_time()
            for _ in range(calls):
                each()
            seconds.append(time.process_time() - started)
        ratios.append(seconds[1] / seconds[0])
    return statistics.median(ratios)


def report(rows: list[tuple[str, float]], baseline: float) -> None:
    for label, seconds in rows:
        print(f"  {label:<52} {seconds * 1e6:9.1f} µs   x{seconds / baseline:5.2f}")
