"""What a stored record costs: no more than twice its JSON, and it reads back exactly as it was put."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.store import business as business_module
from invoiced_mock.store.business import Table
from invoiced_mock.store.rows import Rows
from tests.conftest import Api

# Objects every record shares with the interpreter (None, True, small ints, the interned names of attributes):
# what a store holds is everything else it reaches.
_SHARED = (type(None), bool)


def held_bytes(roots: Iterable[Any]) -> int:
    """Bytes of every object reachable from ``roots`` (each counted once), as ``sys.getsizeof`` reports them."""
    seen: set[int] = set()
    total = 0
    stack = list(roots)
    while stack:
        value = stack.pop()
        if isinstance(value, _SHARED) or id(value) in seen or (isinstance(value, int) and -5 <= value <= 256):
            continue
        seen.add(id(value))
        total += sys.getsizeof(value)
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)
    return total


def table_bytes(table: Table) -> int:
    """What the table holds for its rows: the id → record map and everything in it (indexes left out)."""
    rows = table.rows
    return held_bytes([rows.stored() if isinstance(rows, Rows) else rows])


def json_bytes(table: Table) -> int:
    return sum(len(orjson.dumps(record, default=str)) for record in table.rows.values())


def test_a_stored_record_costs_no_more_than_twice_its_json(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large table's records (here from its 100th row: ``LARGE_TABLE`` lowered) cost at most twice their JSON,
    the customers and the events recorded about them alike; they read back as they were."""
    monkeypatch.setattr(business_module, "LARGE_TABLE", 100)
    for n in range(200):
        api.create("/customers", name=f"Customer {n:04d}", email=f"c{n}@example.test", address1=f"{n} Main St",
                   city="Austin", metadata={"account": f"A-{n}", "tier": "gold"})
    business = api.app.business(api.api_key)
    for name in ("customer", "event"):
        table = business.tables[name]
        assert len(table) == 200 and table.rows.packing
        assert table_bytes(table) <= 2 * json_bytes(table), name
    assert api.get("/customers/17").get_json()["metadata"] == {"account": "A-16", "tier": "gold"}


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8)
RECORDS = st.dictionaries(st.sampled_from(["name", "amount", "items", "metadata", "note"]), VALUES).map(
    lambda fields: {"id": 0, **fields})


@given(st.lists(RECORDS, max_size=12), st.lists(st.integers(0, 11), max_size=12), st.integers(0, 12))
def test_records_read_back_as_put_in_their_key_order(records: list[dict[str, Any]], removed: list[int],
                                                     packed_from: int) -> None:
    rows, expected = Rows(), {}
    for row_id, record in enumerate(records):
        if row_id == packed_from:
            rows.pack_all()
        stored = {**record, "id": row_id}
        rows[row_id] = stored
        expected[row_id] = stored
    for row_id in removed:
        assert rows.pop(row_id, None) == expected.pop(row_id, None)
    twin = rows.copy()
    twin[99] = {"id": 99}
    for row_id, record in expected.items():
        assert list(rows[row_id].items()) == list(record.items()) and rows.get(row_id) == record
    assert list(rows) == list(expected) and len(rows) == len(expected) and 99 not in rows and 99 in twin
    assert dict(rows.items()) == expected and rows.get(-1) is None
    assert all(rows.plain(row_id) == record for row_id, record in expected.items())


def test_amounts_stay_decimal() -> None:
    rows = Rows()
    rows.pack_all()
    rows[1] = {"id": 1, "total": Decimal("10.05"), "items": [{"amount": Decimal("0.10")}]}
    assert rows[1]["total"] == Decimal("10.05") and isinstance(rows[1]["items"][0]["amount"], Decimal)
