"""The store's guarantees: rollback on error, snapshots and clones, indexes kept in step, records never mutated."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock import Clock
from invoiced_mock.store.business import Business, Record, Table
from invoiced_mock.store.frozen import MutationError


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


def test_a_clone_shares_records_until_either_side_writes() -> None:
    source = Business("source", Clock(frozen_at=0))
    table = source.table("thing", indexed=("owner",), unique=("number",))
    table.put({"id": 1, "owner": 7, "number": "A-1"})
    target = Business("target", Clock(frozen_at=0))
    twin = table.clone(target)
    assert twin.get(1) is table.get(1)  # shared, not copied
    twin.put({"id": 2, "owner": 7, "number": "A-2"})
    table.put({"id": 1, "owner": 8, "number": "B-1"})
    assert [r["id"] for r in twin.where("owner", 7)] == [1, 2] and twin.owner_of("number", "a-1") == 1
    assert [r["id"] for r in table.where("owner", 7)] == [] and table.owner_of("number", "a-2") is None
    assert list(table.rows) == [1] and table.get(1)["owner"] == 8 and twin.get(1)["owner"] == 7


def test_a_rollback_in_a_clone_leaves_the_source_alone() -> None:
    source = Business("source", Clock(frozen_at=0))
    source.table("thing", indexed=("owner",)).put({"id": 1, "owner": 7})
    target = Business("target", Clock(frozen_at=0))
    target.copy_from(source)
    with pytest.raises(RuntimeError), target.transaction():
        target.table("thing").remove(1)
        raise RuntimeError
    assert target.table("thing").where("owner", 7) == source.table("thing").where("owner", 7) == [{"id": 1, "owner": 7}]
    assert target.table("thing")._business is target


def test_a_memento_can_be_restored_again_and_again() -> None:
    business = Business("k", Clock(frozen_at=0))
    business.table("thing").put({"id": 1})
    memento = business.snapshot()
    for _ in range(2):
        business.table("thing").put({"id": 2})
        business.next_in_sequence("thing")
        business.restore(memento)
        assert list(business.table("thing").rows) == [1] and business.next_in_sequence("thing") == 1
        business.restore(memento)


def test_a_stored_record_refuses_to_be_changed_in_place() -> None:
    business = Business("k", Clock(frozen_at=0))
    table = business.table("thing")
    table.put({"id": 1, "lines": [{"amount": 1}], "metadata": {"a": "b"}})
    stored = table.get(1)
    assert stored is not None
    for write in (lambda: stored.__setitem__("id", 2), lambda: stored["lines"].append({}),
                  lambda: stored["lines"][0].update(amount=2), lambda: stored["metadata"].pop("a")):
        with pytest.raises(MutationError):
            write()
    changed = copy.deepcopy(stored)
    changed["lines"][0]["amount"] = 2  # a copy is an ordinary dict: change it and put it back
    table.put({**changed})
    assert table.get(1) == {"id": 1, "lines": [{"amount": 2}], "metadata": {"a": "b"}}
    assert json.dumps(table.get(1)) == '{"id": 1, "lines": [{"amount": 2}], "metadata": {"a": "b"}}'


def test_changing_a_record_after_putting_it_fails_the_transaction() -> None:
    business = Business("k", Clock(frozen_at=0))
    table = business.table("thing")
    with pytest.raises(MutationError, match=r"changed in place after Table\.put"), business.transaction():
        record = {"id": 1, "name": "before"}
        table.put(record)
        record["name"] = "after"
    assert table.get(1) is None


RECORDS = st.fixed_dictionaries({"id": st.integers(1, 5), "owner": st.sampled_from([None, 1, 2]),
                                 "number": st.sampled_from(["A", "b", "B", "c"])})
WRITES = st.lists(st.tuples(st.booleans(), st.booleans(), RECORDS), max_size=12)


@given(before=WRITES, after=WRITES)
def test_a_clone_behaves_like_a_deep_copy(before: list[tuple[bool, bool, Record]],
                                          after: list[tuple[bool, bool, Record]]) -> None:
    """Whatever either side writes after cloning, each side reads as if it had been deep-copied."""
    source = Business("source", Clock(frozen_at=0))
    table = source.table("thing", indexed=("owner",), unique=("number",))
    for _, remove, record in before:
        table.remove(record["id"]) if remove else table.put(record)
    twin = table.clone(Business("target", Clock(frozen_at=0)))
    expected = {True: _view(table), False: _view(table)}
    for on_twin, remove, record in after:
        side = twin if on_twin else table
        side.remove(record["id"]) if remove else side.put(record)
        model = expected[on_twin]
        model["rows"].pop(record["id"], None) if remove else model["rows"].__setitem__(record["id"], record)
    for on_twin, side in ((True, twin), (False, table)):
        assert _view(side)["rows"] == expected[on_twin]["rows"]
        rows = list(side.rows.values())
        for owner in (None, 1, 2):
            assert sorted(r["id"] for r in side.where("owner", owner)) == sorted(
                r["id"] for r in rows if r["owner"] == owner)


def _view(table: Table) -> dict[str, dict[int, Record]]:
    return {"rows": {k: dict(v) for k, v in table.rows.items()}}


def test_a_business_is_found_by_its_public_id_which_does_not_show_its_key() -> None:
    from invoiced_mock.store.business import Tenants

    tenants = Tenants(Clock(frozen_at=0))
    business = tenants.add("sk_live_secret")
    assert tenants.by_public_id(business.public_id) is business
    assert "secret" not in business.public_id and business.public_id.isalnum()
    assert tenants.add("sk_other").public_id != business.public_id
    assert tenants.by_public_id("nobody") is None and tenants.by_public_id("") is None
    tenants.reset("sk_live_secret")  # the same key, a fresh business, the same public id: old links still lead there
    assert tenants.by_public_id(business.public_id) is tenants.get("sk_live_secret") is not business


def test_a_forgotten_business_is_no_longer_found_by_its_public_id() -> None:
    from invoiced_mock.store.business import Tenants
    from invoiced_mock.store.ceilings import Ceilings

    tenants = Tenants(Clock(frozen_at=0), ceilings=Ceilings(businesses=2))
    idle = tenants.get("sk_idle")
    assert idle is not None
    tenants.get("sk_two")
    tenants.get("sk_three")  # past the bound: the businesses that never stored anything are forgotten
    assert tenants.by_public_id(idle.public_id) is None
