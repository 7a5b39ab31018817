"""Writes that time causes: a record saved again at the instant something it shows changed by itself.

An invoice falls past due, an estimate expires, a subscription's invoice makes it ``past_due``: nothing
stored changes, but what the record shows does. :func:`touch` saves it at that instant (``updated_at``)
and records ``<object>.updated`` whose ``previous`` holds what it showed a second before, so a sync by
``updated_after`` and the event stream both see the change. When nothing shown changes, nothing is written.
"""

from __future__ import annotations

import copy
from typing import Any

from invoiced_mock.core import crud, events, schedule
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import Resource
from invoiced_mock.store.business import Business, Record


def touch(business: Business, resource: Resource, record: Record, instant: int,
          changes: dict[str, Any] | None = None) -> Record:
    """Save ``record`` (with ``changes``) as it stands at ``instant``; the record as it then is."""
    with schedule.standing_at(business, instant - 1):
        before = present(business, resource, record)
    new = copy.deepcopy(record)
    new.update(changes or {})
    new["updated_at"] = instant
    with schedule.standing_at(business, instant):
        if not changes and not events.changes(before, present(business, resource, new)):
            return record
        return crud.save(business, resource, new, record, before=before)
