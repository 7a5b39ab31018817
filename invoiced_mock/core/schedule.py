"""Catching up with the clock: time-driven rules (renewals) run when time has reached their next due instant.

Each business keeps ``wake_at``, the earliest instant any resource has work to do; a request or a clock
advance checks it in O(1) and only then runs every resource's ``on_time`` hook in one transaction. The
hooks set the next ``wake_at`` through ``business.wake_by``.
"""

from __future__ import annotations

import math

from ..store import Business
from .resource import REGISTRY


def catch_up(business: Business) -> None:
    now = business.clock.now()
    if business.wake_at > now:
        return
    with business.transaction():
        business.wake_at = math.inf
        for resource in list(REGISTRY.values()):
            resource.on_time(business, now)
