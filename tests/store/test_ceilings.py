"""Every store that grows with its callers has a stated ceiling (``store/ceilings.py``), set per app and on the
command line, and gives up its oldest first; what a caller wrote is never forgotten to make room."""

from __future__ import annotations

import subprocess
import sys

import pytest
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.store.ceilings import Ceilings
from tests.conftest import EPOCH, Api


def app(**ceilings: int) -> InvoicedMock:
    return InvoicedMock(clock=Clock(frozen_at=EPOCH), ceilings=Ceilings(**ceilings))


def test_past_the_business_ceiling_the_oldest_business_holding_nothing_is_forgotten_first() -> None:
    mock = app(businesses=3)
    Api(mock, "sk_item").create("/items", id="design", name="Design", unit_cost=10)  # data, and no numbering
    for key in ("sk_quiet_1", "sk_quiet_2", "sk_new_1"):
        assert Api(mock, key).get("/customers").status_code == 200
    assert mock.tenants.keys() == ["sk_item", "sk_quiet_2", "sk_new_1"]
    Api(mock, "sk_new_1").create("/customers", name="Kept")
    Api(mock, "sk_new_2").create("/customers", name="Kept too")
    assert mock.tenants.keys() == ["sk_item", "sk_new_1", "sk_new_2"]
    refused = Api(mock, "sk_one_too_many").get("/customers")
    assert refused.status_code == 403
    assert "3 businesses" in refused.get_json()["message"] and "businesses=" in refused.get_json()["message"]
    assert Api(mock, "sk_item").get("/items/design").get_json()["name"] == "Design"
    mock.reset("sk_new_2")  # a reset business holds nothing: it makes room again
    assert Api(mock, "sk_after_reset").get("/customers").status_code == 200


def test_events_are_kept_up_to_the_ceiling_newest_first() -> None:
    api = Api(app(events=3))
    for i in range(5):
        api.create("/customers", name=f"C{i}")
    assert sorted(e["id"] for e in api.get("/events").get_json()) == [3, 4, 5]


def test_idempotency_keys_are_kept_up_to_the_ceiling_oldest_forgotten_first() -> None:
    api = Api(app(idempotency_keys=2))
    first = [api.post("/customers", json={"name": f"C{i}"}, headers={"Idempotency-Key": f"key-{i:04}"}).get_json()
             for i in range(3)]
    again = [api.post("/customers", json={"name": f"C{i}"}, headers={"Idempotency-Key": f"key-{i:04}"}).get_json()
             for i in (2, 1, 0)]
    assert again[:2] == [first[2], first[1]]  # remembered
    assert again[2]["id"] != first[0]["id"]  # the oldest was forgotten: a second write


@pytest.mark.parametrize("bad", [[1], ["businesses"], ["businesses=0"], ["nope=3"], ["events=x"]])
def test_a_ceiling_must_be_a_known_name_and_a_positive_whole_number(bad: list[int | str]) -> None:
    with pytest.raises((TypeError, ValueError)):
        Ceilings.parse([str(b) for b in bad]) if isinstance(bad[0], str) else Ceilings(businesses=0)
    done = subprocess.run([sys.executable, "-m", "invoiced_mock", "serve", "--port", "0", "--limit", str(bad[0])],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "--limit" in done.stderr and "Traceback" not in done.stderr


def test_ceilings_are_set_on_the_command_line() -> None:
    parsed = Ceilings.parse(["businesses=50", "events=200", "idempotency_keys=7", "header_seconds=3"])
    assert (parsed.businesses, parsed.events, parsed.idempotency_keys, parsed.header_seconds) == (50, 200, 7, 3)
    assert Ceilings().businesses == 10_000 and Ceilings().events == 10_000 and Ceilings().idempotency_keys == 10_000


def test_the_default_ceilings_hold() -> None:
    mock = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    http = Client(mock)
    assert http.get("/customers", auth=("sk_a", "")).status_code == 200
    assert mock.tenants.ceilings == Ceilings()
