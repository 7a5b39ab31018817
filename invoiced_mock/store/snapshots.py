"""Whole-mock snapshots: roll every business back, or copy a seeded business into another mock.

Both rest on the store's rule that records are replaced whole, never mutated: the copies share the
records and copy a table's rows and indexes only when it is written (``Table.clone``), so a snapshot or a
seeded world of any size costs O(tables).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business, Tenants


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
    target.copy_from(source)
