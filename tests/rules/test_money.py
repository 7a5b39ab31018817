"""money.py: major ↔ minor units, half-up, each amount shown with exactly its currency's decimals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.rules import money

CURRENCIES = st.sampled_from(["usd", "USD", "jpy", "kwd", None])
AMOUNTS = st.decimals(min_value=-10**15, max_value=10**15, allow_nan=False, allow_infinity=False, places=6)


def _half_up(value: Fraction) -> int:
    whole, rest = divmod(abs(value), 1)
    rounded = int(whole) + (1 if rest >= Fraction(1, 2) else 0)
    return rounded if value >= 0 else -rounded


@given(amount=AMOUNTS, currency=CURRENCIES)
def test_to_minor_rounds_the_exact_value_half_up(amount: Decimal, currency: str | None) -> None:
    exact = Fraction(amount) * 10 ** money.decimals(currency)
    assert money.to_minor(amount, currency) == _half_up(exact)
    assert money.to_minor(str(amount), currency) == _half_up(exact)


@given(minor=st.integers(min_value=-10**26, max_value=10**26), currency=CURRENCIES)
def test_from_minor_shows_every_decimal_of_the_currency_and_goes_back_unchanged(minor: int,
                                                                                 currency: str | None) -> None:
    major = money.from_minor(minor, currency)
    places = money.decimals(currency)
    assert major.as_tuple().exponent == -places  # 46.50, never 46.5; 1200 yen, never 1.2E+3
    assert Fraction(major) == Fraction(minor, 10 ** places)
    assert money.to_minor(major, currency) == minor


def test_halves_round_away_from_zero() -> None:
    assert [money.to_minor(Decimal(v), "usd") for v in ("1.005", "-1.005", "2.675", "0.004")] == [101, -101, 268, 0]
    assert str(money.from_minor(0, "usd")) == "0.00" and str(money.from_minor(-5, "kwd")) == "-0.005"
