"""What the testing aids cost: a stubbed call next to a ``responses`` stub, ``invoiced_mock.client`` next to a call.

- One ``requests.get`` answered by an ``invoiced_mock.stub`` (in process: auth, fault and stub steps, journal)
  against the same ``requests.get`` answered by a ``responses`` stub, the peer users compare us with.
- ``invoiced_mock.client`` (built once per fixture, then kept) against a retrieve through that client,
  answered by a stub: reading the attribute must cost next to nothing beside the call it is used for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import requests
import responses

from invoiced_mock.testing.harness import Harness

from ._table import Figure
from ._timing import per_call

INVOICE = {"id": 1, "object": "invoice", "status": "pending", "balance": 5}
URL = "https://api.invoiced.com/invoices/1"
PEER_URL = "https://peer.example/invoices/1"


def _stubbed(mock: Harness) -> Callable[[], object]:
    mock.stub("GET", "/invoices/*", json=INVOICE, required=False)
    auth = (mock.api_key, "")
    return lambda: requests.get(URL, auth=auth, timeout=5)


def _responses_stub(rsps: responses.RequestsMock) -> Callable[[], object]:
    rsps.get(PEER_URL, json=INVOICE)
    return lambda: requests.get(PEER_URL, auth=("sk_peer", ""), timeout=5)


@cache  # main() and figures() share one run
def measure() -> dict[str, float]:
    with Harness.in_process() as mock:
        stubbed = per_call(_stubbed(mock), calls=200)
        client = mock.client
        retrieve = per_call(lambda: client.Invoice.retrieve(1), calls=200)
        access = per_call(lambda: mock.client, calls=20_000)
        mock.app.journal.clear()
    with responses.RequestsMock() as rsps:
        peer = per_call(_responses_stub(rsps), calls=200)
    return {"stubbed": stubbed, "responses": peer, "access": access, "retrieve": retrieve}


def figures() -> list[Figure]:
    seconds = measure()
    return [
        Figure("one stubbed call (invoiced_mock.stub)", seconds["stubbed"] / seconds["responses"],
               "the same requests.get answered by a responses stub", target=3.0),
        Figure("invoiced_mock.client access", seconds["access"] / seconds["retrieve"],
               "a stubbed Invoice.retrieve through that client", target=0.01),
    ]


def main() -> None:
    for name, value in measure().items():
        print(f"  {name:<10} {value * 1e6:9.2f} µs")


if __name__ == "__main__":
    main()
