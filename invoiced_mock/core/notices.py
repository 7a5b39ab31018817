"""Notices: what a request set off that its answer does not show (a webhook delivery refused at once), kept
for the request's journal entry.

The app opens a collection around each request (:func:`collecting`); a rule that has something to tell
calls :func:`notice`, which is a no-op outside a collection (a delivery run by the clock between requests).
The collection is a context variable, so concurrent requests on one business never see each other's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

Notices = dict[str, list[dict[str, Any]]]  # kind ("webhooks") → what happened, in order

_COLLECTED: ContextVar[Notices | None] = ContextVar("invoiced_mock_notices", default=None)


@contextmanager
def collecting() -> Iterator[Notices]:
    """Collect the notices of the block (empty when nothing was noticed)."""
    notices: Notices = {}
    token = _COLLECTED.set(notices)
    try:
        yield notices
    finally:
        _COLLECTED.reset(token)


def notice(kind: str, details: dict[str, Any]) -> None:
    """Tell the request under way (if any) that ``details`` of ``kind`` happened."""
    notices = _COLLECTED.get()
    if notices is not None:
        notices.setdefault(kind, []).append(details)
