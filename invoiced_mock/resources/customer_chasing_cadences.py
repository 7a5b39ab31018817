"""``/customer_chasing_cadences``: the path the Python, Ruby and PHP clients use for chasing cadences.

The backend serves these objects at ``/chasing_cadences``; the clients' path is the same collection,
so both paths read and write one table.
"""

from __future__ import annotations

from ..core.resource import REGISTRY
from ..store import Business, Table
from .chasing_cadences import ChasingCadences


class CustomerChasingCadences(ChasingCadences):
    object = "customer_chasing_cadence"
    path = "customer_chasing_cadences"

    def table(self, business: Business) -> Table:
        return REGISTRY["chasing_cadence"].table(business)
