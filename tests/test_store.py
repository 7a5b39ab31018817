"""The store's guarantees: rollback on error, snapshots, indexes kept in step."""

from __future__ import annotations

import pytest

from invoiced_mock import Clock
from invoiced_mock.store import Business


def test_a_failed_transaction_undoes_every_write() -> None:
    business = Business("k", Clock(frozen_at=0))
    table = business.table("thing", indexed=("owner",), unique=("number",))
    with business.transaction():
        table.put({"id": 1, "owner": 7, "number": "A-1"})
    with pytest.raises(RuntimeError), business.transaction():
        table.put({"id": 1, "owner": 8, "number": "A-2"})
        table.put({"id": business.next_in_sequence("thing"), "owner": 7, "number": "B"})
        table.remove(1)
        raise RuntimeError
    assert table.rows == {1: {"id": 1, "owner": 7, "number": "A-1"}}
    assert [r["id"] for r in table.where("owner", 7)] == [1] and table.where("owner", 8) == []
    assert table.owner_of("number", "a-1") == 1 and table.owner_of("number", "B") is None
    assert business.next_in_sequence("thing") == 1


def test_snapshot_and_restore() -> None:
    business = Business("k", Clock(frozen_at=0))
    table = business.table("thing", indexed=("owner",))
    table.put({"id": 1, "owner": 1})
    memento = business.snapshot()
    business.table("thing").put({"id": 2, "owner": 1})
    business.table("other").put({"id": 1})
    business.restore(memento)
    assert list(business.table("thing").rows) == [1] and "other" not in business.tables
    business.table("thing").put({"id": 3, "owner": 1})
    assert [r["id"] for r in business.table("thing").where("owner", 1)] == [1, 3]


def test_commit_actions_run_only_after_success() -> None:
    business = Business("k", Clock(frozen_at=0))
    ran: list[str] = []
    with pytest.raises(ValueError), business.transaction():
        business.on_commit(lambda: ran.append("rolled back"))
        raise ValueError
    with business.transaction():
        business.on_commit(lambda: ran.append("committed"))
        assert ran == []
    assert ran == ["committed"]
