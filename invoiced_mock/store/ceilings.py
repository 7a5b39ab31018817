"""The ceilings of what grows with a sandbox's callers, stated once, set per app (``InvoicedMock(ceilings=)``)
or on the command line (``serve --limit NAME=N``).

Each store gives up its oldest first, and never what a caller wrote to make room for another:

- ``businesses`` (10,000): businesses an open-mode mock holds for the keys it is called with. Past it,
  the oldest business that holds nothing (only looked at, or reset) is forgotten; when every one holds
  data, a new key gets 403.
- ``events`` (10,000 a business): past it, the oldest events are dropped (they also expire after a year).
- ``idempotency_keys`` (10,000 a business): past it, the oldest keys are forgotten (they also expire after
  24 hours, as in the API).
- ``webhook_queue`` (1,000), ``webhook_queue_per_destination`` (100), ``webhook_workers`` (4): deliveries
  waiting, in all and for one receiver (past either, that receiver's oldest waiting delivery is dropped
  and recorded unanswered), and the threads sending them, one receiver at a time each
  (``delivery/outbound.py``).
- ``connections`` (256), ``header_seconds`` (10), ``body_bytes_per_second`` (1,024): the server's
  connections at once (past it, the one that waited longest for its client is closed; when all are busy,
  503), how long a request's line and headers may take, and the rate a body must keep after that grace
  (``server/pacing.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Ceilings:
    businesses: int = 10_000
    events: int = 10_000
    idempotency_keys: int = 10_000
    webhook_queue: int = 1_000
    webhook_queue_per_destination: int = 100
    webhook_workers: int = 4
    connections: int = 256
    header_seconds: int = 10
    body_bytes_per_second: int = 1_024

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"the {name} ceiling is a whole number from 1, not {value!r}")

    @classmethod
    def parse(cls, settings: Iterable[str]) -> Ceilings:
        """Ceilings from ``NAME=N`` settings (``serve --limit``), the others at their defaults."""
        known = {f.name for f in fields(cls)}
        chosen: dict[str, int] = {}
        for setting in settings:
            name, equals, value = setting.partition("=")
            if not equals or name.strip() not in known:
                raise ValueError(f"{setting!r} is not NAME=N with NAME one of {', '.join(sorted(known))}")
            if not value.strip().isdigit():
                raise ValueError(f"{setting!r}: the ceiling is a whole number from 1")
            chosen[name.strip()] = int(value)
        return cls(**chosen)
