"""The test gateway's table: every listed token or card number has its documented outcome, the rest succeed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.rules import gateway


def test_each_scripted_token_has_its_documented_outcome() -> None:
    assert gateway.outcome("tok_visa", 0) == gateway.Outcome()
    assert gateway.outcome("4000 0000 0000 0002", 0).failure == gateway.DECLINED
    assert gateway.outcome("tok_chargeDeclinedInsufficientFunds", 5).failure == gateway.INSUFFICIENT_FUNDS
    assert gateway.outcome("4000000000000069", 0).failure == gateway.EXPIRED and gateway.expired("4000000000000069")
    assert gateway.outcome("btok_invalid", 0).failure == gateway.INVALID_ACCOUNT
    assert gateway.outcome("btok_return_after_4", 0) == gateway.Outcome(returned_after_days=4)
    assert gateway.outcome("btok_insufficientFunds", 0) == gateway.Outcome(returned_after_days=3)
    assert gateway.card_last4("4000000000009995") == "9995" and gateway.card_last4("tok_visa") is None


def test_a_card_number_shows_the_brand_its_first_digits_name() -> None:
    assert [gateway.card_brand(n) for n in ("4242424242424242", "5555555555554444", "378282246310005",
                                            "6011111111111117", "2223003122003222")] == [
        "Visa", "MasterCard", "American Express", "Discover", "MasterCard"]
    assert gateway.card_brand("tok_visa") is None and gateway.card_brand("9999999999999995") is None


def test_test_bank_account_numbers_script_ach_as_the_tokens_do() -> None:
    assert gateway.outcome("000123456789", 0) == gateway.Outcome()
    assert gateway.outcome("000111111116", 0).failure == gateway.INVALID_ACCOUNT
    assert gateway.outcome("000222222227", 0) == gateway.Outcome(returned_after_days=3)


@given(st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=40))
def test_decline_first_n_declines_exactly_n_times(n: int, failures: int) -> None:
    result = gateway.outcome(f"tok_decline_first_{n}", failures)
    assert result.declined == (failures < n)


@given(st.text(max_size=30).filter(
    lambda t: not t.replace(" ", "").lower().startswith(("tok_", "btok_", "4000", "000"))))
def test_anything_unlisted_succeeds(token: str) -> None:
    assert gateway.outcome(token, 0) == gateway.Outcome()
