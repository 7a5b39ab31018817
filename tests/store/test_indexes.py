"""A table's indexes always equal what recomputing them from its rows gives: through puts, removes,
rollbacks, savepoints, snapshots and copies, whenever each index was first built."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock
from invoiced_mock.store import business as business_module
from invoiced_mock.store.business import Business, Table
from invoiced_mock.store.indexes import Indexes, metadata_text, sort_key

OPTIONS: dict[str, Any] = {"indexed": ("owner",), "unique": ("number",), "lookups": ("name",),
                           "ordered": ("name", "owner"), "metadata": True}
NAMES = st.sampled_from(["a", "b", "B", "c", None])
RECORDS = st.fixed_dictionaries({
    "id": st.integers(1, 12),
    "owner": st.sampled_from([1, 2, None, True]),
    "name": NAMES,
    "number": st.sampled_from(["N-1", "N-2", None]),
    "metadata": st.one_of(st.none(), st.dictionaries(st.sampled_from(["k", "j"]),
                                                     st.sampled_from(["x", "y", 1, True]), max_size=2)),
})
STEPS = st.lists(st.one_of(
    st.tuples(st.just("put"), RECORDS),
    st.tuples(st.just("remove"), st.integers(1, 12)),
    st.tuples(st.just("fail"), st.lists(st.one_of(st.tuples(st.just("put"), RECORDS),
                                                  st.tuples(st.just("remove"), st.integers(1, 12))), max_size=4)),
    st.tuples(st.just("build"), st.sampled_from(["name", "metadata", "ordered", "ids"])),
    st.tuples(st.just("snapshot"), st.none()),
    st.tuples(st.just("restore"), st.none()),
), max_size=30)


def recomputed(rows: dict[Any, dict[str, Any]]) -> dict[str, Any]:
    """Every index of ``OPTIONS``, as sets and sorted lists, straight from the rows."""
    def buckets(keys: dict[Any, Any]) -> dict[Any, set[Any]]:
        out: dict[Any, set[Any]] = {}
        for row_id, key in keys.items():
            out.setdefault(key, set()).add(row_id)
        return out

    metadata: dict[str, dict[str, set[Any]]] = {}
    for row_id, record in rows.items():
        for key, value in (record.get("metadata") or {}).items():
            metadata.setdefault(key, {}).setdefault(metadata_text(value), set()).add(row_id)
    return {
        "owner": buckets({i: r.get("owner") for i, r in rows.items()}),
        "name": buckets({i: r.get("name") for i, r in rows.items()}),
        "metadata": metadata,
        "ordered": {f: sorted((sort_key(r.get(f)), i) for i, r in rows.items()) for f in ("name", "owner")},
        "ids": sorted(rows),
    }


def held(indexes: Indexes) -> dict[str, Any]:
    """What ``indexes`` holds in the shape of :func:`recomputed` (indexes not built yet are left out)."""
    def ids(bucket: Any) -> set[Any]:  # a value one row holds is filed as that row's id itself
        return set(bucket) if isinstance(bucket, dict) else {bucket}

    out: dict[str, Any] = {f: {k: ids(b) for k, b in buckets.items()} for f, buckets in indexes.equal.items()}
    if indexes.metadata is not None:
        out["metadata"] = {k: {t: ids(i) for t, i in b.items()} for k, b in indexes.metadata.items()}
    if indexes.ordered:
        out["ordered"] = {f: list(pairs) for f, pairs in indexes.ordered.items()}
    if indexes.ids is not None:
        out["ids"] = list(indexes.ids)
    return out


def assert_in_step(table: Table) -> None:
    expected, found = recomputed(table.rows), held(table.indexes)
    for name, value in found.items():
        assert value == ({f: expected[name][f] for f in value} if name == "ordered" else expected[name]), name
    assert found.keys() >= {"owner"}  # the eager index exists from the start


def build(table: Table, what: str) -> None:
    if what == "name":
        table.ids_where("name", "a")
    elif what == "metadata":
        table.ids_with_metadata("k", "x")
    elif what == "ordered":
        table.page_by("name", 0, 1, False, False)
        table.page_by("owner", 0, 1, True, False)
    else:
        table.page(0, 1)


@settings(max_examples=150, deadline=None)
@given(STEPS)
def test_indexes_equal_a_recomputation_through_writes_rollbacks_and_snapshots(steps: list[Any]) -> None:
    business = Business("k", Clock(frozen_at=0))
    business.table("t", **OPTIONS)
    memento = business.snapshot()
    for kind, arg in steps:
        table = business.tables["t"]
        if kind == "put":
            table.put(dict(arg))
        elif kind == "remove":
            table.remove(arg)
        elif kind == "fail":
            before = dict(table.rows)
            with pytest.raises(RuntimeError), business.transaction():
                for inner, value in arg:
                    table.put(dict(value)) if inner == "put" else table.remove(value)
                build(table, "ordered")  # an index first built mid-transaction is rolled back too
                raise RuntimeError
            assert table.rows == before
        elif kind == "build":
            build(table, arg)
        elif kind == "snapshot":
            memento = business.snapshot()
        else:
            business.restore(memento)
        assert_in_step(business.tables["t"])


@settings(max_examples=100, deadline=None)
@given(st.lists(RECORDS, max_size=25), st.integers(0, 14), st.integers(1, 6), st.booleans(), st.booleans(),
       st.sampled_from(["name", "owner"]))
def test_pages_read_from_indexes_equal_slices_of_a_full_sort(records: list[dict[str, Any]], start: int, size: int,
                                                             descending: bool, ties_descending: bool,
                                                             field: str) -> None:
    table = Business("k", Clock(frozen_at=0)).table("t", **OPTIONS)
    for record in records:
        table.put(dict(record))
    by_id = sorted(table.rows.values(), key=lambda r: r["id"], reverse=ties_descending)
    expected = sorted(by_id, key=lambda r: sort_key(r.get(field)), reverse=descending)
    assert table.page_by(field, start, start + size, descending, ties_descending) == expected[start:start + size]
    assert table.page(start, start + size, ties_descending) == by_id[start:start + size]


def test_a_copy_is_independent_of_its_original() -> None:
    table = Business("k", Clock(frozen_at=0)).table("t", **OPTIONS)
    table.put({"id": 1, "owner": 1, "name": "a", "metadata": {"k": "x"}})
    for what in ("name", "metadata", "ordered", "ids"):
        build(table, what)
    twin = copy.deepcopy(table.indexes)
    table.put({"id": 2, "owner": 1, "name": "b", "metadata": {"k": "x"}})
    assert held(twin) == recomputed({1: table.rows[1]})
    assert twin.copy() is not twin and held(twin.copy()) == held(twin)


def test_an_index_nobody_asked_for_is_never_built() -> None:
    table = Business("k", Clock(frozen_at=0)).table("t", **OPTIONS)
    table.put({"id": 1, "name": "a"})
    assert table.indexes.metadata is None and table.indexes.ids is None and not table.indexes.ordered
    assert set(table.indexes.equal) == {"owner"}
    with pytest.raises(KeyError):
        table.where("number", "N-1")


def test_a_large_table_holds_every_declared_index_and_packs_its_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """At ``LARGE_TABLE`` rows every declared index is built at once (no list of a large table pays for the
    whole of it) and the records are packed; both stay in step with later writes."""
    monkeypatch.setattr(business_module, "LARGE_TABLE", 3)
    table = Business("k", Clock(frozen_at=0)).table("t", **OPTIONS)
    for row_id in (1, 2):
        table.put({"id": row_id, "owner": 1, "name": "a", "metadata": {"k": "x"}})
    assert not table.rows.packing and table.indexes.ids is None
    table.put({"id": 3, "owner": 2, "name": "b", "number": "N-1"})
    assert table.rows.packing and all(isinstance(held, tuple) for held in table.rows.stored().values())
    assert held(table.indexes) == recomputed(table.rows)
    table.put({"id": 2, "owner": 2, "name": "c"})
    table.remove(1)
    assert held(table.indexes) == recomputed(table.rows)
    assert [r["id"] for r in table.where("owner", 2)] == [3, 2] and table.page_by("name", 0, 5, True, False) == [
        table.get(2), table.get(3)]


@settings(max_examples=100, deadline=None)
@given(STEPS)
def test_indexes_stay_in_step_when_a_table_grows_large_midway(steps: list[Any]) -> None:
    """The same as above with tables that pack and build every index at their fourth row, so growing large
    happens amid writes, rollbacks and restores."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(business_module, "LARGE_TABLE", 4)
        test_indexes_equal_a_recomputation_through_writes_rollbacks_and_snapshots.hypothesis.inner_test(steps)


@pytest.mark.parametrize(("descending", "ties_descending"), [(True, False), (False, True)])
def test_a_page_inside_a_long_run_of_equal_values_is_mirrored_as_a_full_sort(descending: bool,
                                                                              ties_descending: bool) -> None:
    """Values one way and ties the other: a page within a run far longer than itself (mirrored position by
    position) and pages across short runs (whole runs turned around) read as slices of a full sort."""
    table = Business("k", Clock(frozen_at=0)).table("t", **OPTIONS)
    for row_id in range(1, 301):
        table.put({"id": row_id, "name": "same" if row_id <= 200 else f"n{row_id % 7}"})
    by_id = sorted(table.rows.values(), key=lambda r: r["id"], reverse=ties_descending)
    expected = sorted(by_id, key=lambda r: sort_key(r.get("name")), reverse=descending)
    for start, size in ((0, 2), (37, 3), (150, 2), (199, 5), (230, 40), (290, 20)):
        assert table.page_by("name", start, start + size, descending, ties_descending) == expected[start:start + size]
