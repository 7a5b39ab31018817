"""State: one business per API key, its tables, indexes and agenda, and what keeps them (transactions,
read-only records, snapshots, idempotent replays, the SQLite file). No HTTP and no business rule here.
"""

from invoiced_mock.moved import forward

__getattr__ = forward(__name__)  # the names of the 0.1 module ``invoiced_mock.store``, for one release
