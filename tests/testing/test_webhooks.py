"""Webhook delivery to a callable: in order by default; duplicates, reordering and mock-time delays on demand."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.testing.webhooks import HandlerError, Webhooks, known_event_types
from tests.conftest import EPOCH, Api


def hooks(app: InvoicedMock, **options: object) -> tuple[Webhooks, list[dict]]:
    received: list[dict] = []
    return Webhooks(app.tenants.subscribers, app.clock, received.append, **options), received


def test_committed_events_arrive_at_once_in_order_and_refused_writes_send_nothing(api: Api) -> None:
    _webhooks, received = hooks(api.app)
    api.create("/customers", name="Acme")
    api.patch("/customers/1", json={"name": "Acme Inc"})
    assert api.post("/customers", json={}).status_code == 400
    assert [(e["type"], e["data"]["object"]["name"]) for e in received] == [
        ("customer.created", "Acme"), ("customer.updated", "Acme Inc")]
    assert received[1]["data"]["previous"] == {"name": "Acme"}
    assert received[0]["timestamp"] == EPOCH


def test_reordered_events_wait_for_flush_and_come_out_shuffled_but_complete(api: Api) -> None:
    webhooks, received = hooks(api.app, reorder=True, seed=3)
    for n in range(6):
        api.create("/customers", name=f"C{n}")
    assert received == [] and len(webhooks.pending) == 6
    webhooks.flush()
    names = [e["data"]["object"]["name"] for e in received]
    assert sorted(names) == [f"C{n}" for n in range(6)]
    assert names != sorted(names)  # seed 3 does shuffle these six


def test_a_delay_in_mock_seconds_holds_events_until_the_clock_passes_it(api: Api) -> None:
    _webhooks, received = hooks(api.app, delay=300)
    api.create("/customers", name="Acme")
    api.app.clock.advance(seconds=299)
    assert received == []
    api.app.clock.advance(seconds=1)
    assert [e["type"] for e in received] == ["customer.created"]


def broken(event: dict) -> None:
    raise RuntimeError("handler down")


def test_a_handler_that_raises_is_recorded_the_api_call_succeeds_and_the_error_is_raised_later(api: Api) -> None:
    webhooks = Webhooks(api.app.tenants.subscribers, api.app.clock, broken)
    assert api.post("/customers", json={"name": "Acme"}).status_code == 201
    assert api.post("/customers", json={"name": "Bolt"}).status_code == 201
    assert [str(d.error) for d in webhooks.failures] == ["handler down", "handler down"]
    with pytest.raises(HandlerError) as raised:
        webhooks.raise_errors_now()
    assert str(raised.value) == ("the webhook handler 'broken' raised RuntimeError: handler down on event 1 "
                                 "(customer.created) (and 1 more); pass raise_errors=False to only record failures")
    assert isinstance(raised.value.__cause__, RuntimeError) and raised.value.__cause__.__traceback__ is not None
    webhooks.raise_errors_now()  # each failure is raised once


def test_flush_raises_a_handler_error_at_once_unless_told_to_only_record(api: Api) -> None:
    webhooks = Webhooks(api.app.tenants.subscribers, api.app.clock, broken, reorder=True)
    quiet = Webhooks(api.app.tenants.subscribers, api.app.clock, broken, reorder=True, raise_errors=False)
    api.create("/customers", name="Acme")
    with pytest.raises(HandlerError, match="handler down"):
        webhooks.flush()
    assert len(quiet.flush()) == 1 and len(quiet.failures) == 1
    quiet.raise_errors_now()


def test_an_unknown_event_type_is_refused_with_the_closest_known_ones(app: InvoicedMock) -> None:
    with pytest.raises(ValueError) as refused:
        hooks(app, types=["customer.created", "invoice.create"])
    assert str(refused.value) == ("invoiced-mock emits no event of type 'invoice.create'; did you mean "
                                  "invoice.created, note.created, invoice.updated, invoice.deleted?")
    with pytest.raises(ValueError, match=r"no event of type 'payment\.refunded'"):
        hooks(app, types="payment.refunded")
    assert app.tenants.subscribers == []


def test_the_known_event_types_come_from_the_declarations() -> None:
    known = known_event_types()
    assert {"customer.created", "invoice.paid", "estimate.approved", "task.completed", "email.sent",
            "payment_source.created", "invoice.voided"} <= known
    assert not {"customer.create", "card.created", "event.created", "email.created"} & known


def test_only_the_named_types_are_delivered(api: Api) -> None:
    _webhooks, received = hooks(api.app, types=["customer.updated"])
    api.create("/customers", name="Acme")
    api.patch("/customers/1", json={"name": "Acme Inc"})
    assert [e["type"] for e in received] == ["customer.updated"]


def test_closing_stops_delivery() -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    webhooks, received = hooks(app, delay=10)
    Api(app).create("/customers", name="Acme")
    webhooks.close()
    app.clock.advance(seconds=10)
    assert received == [] and app.tenants.subscribers == []


def test_options_out_of_range_are_refused() -> None:
    app = InvoicedMock()
    with pytest.raises(ValueError, match="probability"):
        hooks(app, duplicates=1.5)
    with pytest.raises(ValueError, match="not negative"):
        hooks(app, delay=-1)


@settings(max_examples=25, deadline=None)
@given(count=st.integers(1, 8), duplicates=st.floats(0, 1), reorder=st.booleans(), seed=st.integers(0, 99))
def test_every_event_arrives_once_or_twice_whatever_the_misbehaviour(count: int, duplicates: float,
                                                                    reorder: bool, seed: int) -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    webhooks, received = hooks(app, duplicates=duplicates, reorder=reorder, seed=seed)
    api = Api(app)
    for n in range(count):
        api.create("/customers", name=f"C{n}")
    webhooks.flush()
    times = Counter(e["id"] for e in received)
    assert sorted(times) == sorted({e["id"] for e in api.get("/events").get_json()})
    assert set(times.values()) <= {1, 2}
    assert sum(times.values()) - count == sum(d.duplicate for d in webhooks.deliveries)
    if duplicates == 1.0:
        assert set(times.values()) == {2}
    if duplicates == 0.0 and not reorder:
        assert [e["id"] for e in received] == sorted(times)
