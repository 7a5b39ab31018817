"""Delivery: the body is the event as JSON, the signature an HMAC-SHA256 of exactly those bytes."""

from __future__ import annotations

import hashlib
import hmac
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock.delivery.outbound import encode, sign


def test_signature_is_hex_hmac_sha256_of_the_body() -> None:
    # Worked by hand with the standard library: HMAC-SHA256(key="secret", msg=b"{}").
    assert sign(b"{}", "secret") == hmac.new(b"secret", b"{}", hashlib.sha256).hexdigest()
    assert len(sign(b"{}", "secret")) == 64


def test_amounts_are_json_numbers() -> None:
    body = encode({"id": 1, "data": {"total": Decimal("10.50"), "count": Decimal("3")}})
    assert body == b'{"id":1,"data":{"total":10.5,"count":3}}'  # in the event's own order, as the API answers


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=8), max_size=5),
       st.text(min_size=1, max_size=40))
def test_a_receiver_verifies_what_was_sent_and_nothing_else(event: dict[str, object], secret: str) -> None:
    body = encode(event)
    assert json.loads(body) == event
    signature = sign(body, secret)
    assert hmac.compare_digest(signature, hmac.new(secret.encode(), body, hashlib.sha256).hexdigest())
    assert sign(body + b" ", secret) != signature
