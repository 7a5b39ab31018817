"""Whole-mock snapshots: roll every business back, or copy a seeded business into another mock.

Both rest on the store's rule that records are replaced whole, never mutated: a deep copy of the tables
is a faithful, independent state.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import Business, Tenants


@contextmanager
def rolled_back(tenants: Tenants, only: str | None = None) -> Iterator[None]:
    """Every business (or ``only`` that key's) as it was on entry once the block exits; businesses born
    inside start empty again."""
    before = [only] if only is not None else tenants.keys()
    saved = {key: business.snapshot() for key in before if (business := tenants.get(key)) is not None}
    try:
        yield
    finally:
        after = [only] if only is not None else tenants.keys()
        for key in after:
            business = tenants.get(key)
            if key in saved and business is not None:
                business.restore(saved[key])
            else:
                tenants.reset(key)


def copy_business(source: Business, target: Business) -> None:
    """Make ``target`` hold an independent copy of ``source``'s records and sequences."""
    with source.lock, target.lock:
        state = copy.deepcopy({"tables": source.tables, "sequences": source.sequences}, {id(source): target})
        target.tables, target.sequences = state["tables"], state["sequences"]
        target.wake_at = 0  # what falls due for the copied records is planned afresh (core/schedule.py)
