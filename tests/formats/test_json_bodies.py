"""json_bodies.py: a ``Decimal`` goes on the wire as the same JSON number ``int()``/``float()`` of it gives."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.formats.json_bodies import encode


def _as_before(value: Decimal) -> Any:
    """What a Decimal was sent as before it was worked from its ratio: an int when whole, else ``float()``."""
    return int(value) if value == value.to_integral_value() else float(value)


AMOUNTS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),  # any exponent, any number of digits
    st.decimals(min_value=-10**12, max_value=10**12, places=2),  # what money looks like
    st.decimals(min_value=-10**12, max_value=10**12, places=3),
    st.builds(lambda minor, places: Decimal(minor).scaleb(-places),
              st.integers(min_value=-10**28, max_value=10**28), st.integers(min_value=0, max_value=30)),
)


@given(AMOUNTS)
def test_a_decimal_is_sent_as_the_same_digits(value: Decimal) -> None:
    assert encode([value]) == encode([_as_before(value)])
    assert encode({"amount": value}, pretty=True) == encode({"amount": _as_before(value)}, pretty=True)


@pytest.mark.parametrize("text", ["266.50", "46.50", "15.5", "0.1", "-0.00", "1E+3", "12345678901.23",
                                  "0.30000000000000001", "1" * 400 + ".5", "1E+400", "9.9E-400"])
def test_edge_amounts_are_sent_as_before(text: str) -> None:
    value = Decimal(text)
    assert encode([value]) == encode([_as_before(value)])


def test_not_a_number_is_sent_as_before() -> None:
    assert encode([Decimal("NaN")]) == encode([float("nan")]) == b"[null]"
    with pytest.raises(OverflowError):
        encode([Decimal("Infinity")])
