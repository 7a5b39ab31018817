"""Memory has a ceiling: the journal in bytes per key, idempotency keys and events expire, unknown keys
cannot create businesses without end, and no string attribute is unbounded."""

from __future__ import annotations

import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.control.journal import Journal, weigh
from invoiced_mock.core import events
from invoiced_mock.core.fields import TEXT_LIMIT
from invoiced_mock.errors import PermissionDenied
from invoiced_mock.store.business import Tenants
from invoiced_mock.store.ceilings import Ceilings
from tests.conftest import EPOCH, Api


def test_the_journal_is_bounded_in_bytes_per_key(api: Api) -> None:
    api.app.journal = Journal(max_bytes=weigh(3_000) * 3)
    for i in range(5):
        api.create("/customers", name=f"C{i}", notes="n" * 1_000)
    Api(api.app, "sk_quiet").get("/customers")
    kept = api.app.journal.calls(api.api_key)
    assert 1 <= len(kept) < 5 and kept[-1].response["name"] == "C4"  # the newest stay
    assert api.app.journal.bytes <= api.app.journal.max_bytes + weigh(1_000)
    assert len(api.app.journal.calls("sk_quiet")) == 1  # never evicted by the noisy key


def test_past_the_total_ceiling_the_heaviest_key_gives_way(api: Api) -> None:
    api.app.journal = Journal(total_bytes=weigh(2_000) * 4)
    quiet = Api(api.app, "sk_quiet")
    quiet.get("/customers")
    for i in range(6):
        api.create("/customers", name=f"C{i}", notes="n" * 1_000)
    assert len(api.app.journal.calls("sk_quiet")) == 1
    assert api.app.journal.bytes <= api.app.journal.total_bytes
    assert api.app.journal.calls()[0].api_key == "sk_quiet"  # order across keys kept


def test_the_journal_counts_entries_per_key_too(api: Api) -> None:
    api.app.journal = Journal(limit=2)
    for _ in range(3):
        api.get("/customers")
    Api(api.app, "sk_other").get("/customers")
    assert len(api.app.journal.calls(api.api_key)) == 2 and len(api.app.journal) == 3
    api.app.journal.clear(api.api_key)
    assert len(api.app.journal) == 1 and api.app.journal.calls()[0].api_key == "sk_other"


def test_events_older_than_the_retention_are_dropped(api: Api) -> None:
    api.create("/customers", name="Old")
    api.app.clock.advance(seconds=events.RETENTION)
    api.create("/customers", name="New")
    assert [e["data"]["object"]["name"] for e in api.get("/events").get_json()] == ["New"]


def test_a_business_keeps_a_bounded_number_of_events() -> None:
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH), ceilings=Ceilings(events=3)))
    for i in range(5):
        api.create("/customers", name=f"C{i}")
    assert sorted(e["id"] for e in api.get("/events").get_json()) == [3, 4, 5]
    assert api.post("/customers", json={}).status_code == 400  # a rolled-back write trims nothing
    assert len(api.get("/events").get_json()) == 3


def test_unknown_keys_cannot_grow_businesses_without_end() -> None:
    tenants = Tenants(Clock(frozen_at=EPOCH), ceilings=Ceilings(businesses=3))
    kept = tenants.get("sk_kept")
    kept.next_in_sequence("customer")  # it stored something
    for key in ("sk_a", "sk_b", "sk_c", "sk_d"):
        tenants.get(key)  # untouched businesses make room for new ones
    assert len(tenants.keys()) <= 3 and tenants.get("sk_kept") is kept
    for business in tenants.all():
        business.next_in_sequence("customer")  # now every business held holds data
    with pytest.raises(PermissionDenied):
        tenants.get("sk_e")
    assert Ceilings().businesses >= 1_000


def test_a_full_mock_refuses_a_new_key_in_json() -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH), ceilings=Ceilings(businesses=1))
    Api(app, "sk_first").create("/customers", name="Acme")
    response = Api(app, "sk_second").get("/customers")
    assert response.status_code == 403 and response.get_json()["type"] == "invalid_request"


def test_string_attributes_without_a_declared_limit_have_one(api: Api) -> None:
    response = api.post("/customers", json={"name": "Acme", "notes": "n" * (TEXT_LIMIT + 1)})
    assert (response.status_code, response.get_json()["param"]) == (400, "notes")
    assert api.post("/customers", json={"name": "Acme", "notes": "n" * TEXT_LIMIT}).status_code == 201
