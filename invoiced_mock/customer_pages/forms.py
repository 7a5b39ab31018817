"""A payment form read into what ``POST /charges`` takes, and the customer's mistakes in it.

The card number (or bank account number) is the gateway token, so the test numbers of ``rules/gateway.py``
behave on a page as they do through the API; a test token (``tok_decline_first_2``, ``btok_return_after_5``)
may be typed in its place. A mistake a card form catches before charging anything (a number that fails the
Luhn check, an expiry in the past, a missing CVC) is shown beside its field and charges nothing.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from invoiced_mock.rules import money

METHODS = ("credit_card", "ach")
_TOKEN = re.compile(r"^b?tok_[A-Za-z0-9_]{1,60}$")
_EXPIRY = re.compile(r"^(\d{1,2})\s*/\s*(\d{2}|\d{4})$")
FIELDS = ("method", "card_name", "card_number", "card_expiry", "card_cvc", "account_holder", "routing_number",
          "account_number", "amount", "save")


@dataclass(frozen=True)
class Payment:
    """What the customer asked to pay with: ``token`` is what the gateway is charged with."""

    method: str
    token: str
    save: bool


@dataclass
class Filled:
    """A form as the customer filled it in: the values to show again and the mistakes, by field."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    def error(self, name: str, text: str) -> None:
        self.errors.setdefault(name, text)


def filled(form: dict[str, Any]) -> Filled:
    """The payment fields of ``form`` as text (card numbers and CVCs are never shown again)."""
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    values["method"] = values["method"] if values["method"] in METHODS else "credit_card"
    return Filled(values)


def payment(entry: Filled, now: int) -> Payment | None:
    """The card or bank account in ``entry``; None (with ``entry.errors`` filled) when it cannot be charged."""
    values = entry.values
    token = _account(entry) if values["method"] == "ach" else _card(entry, now)
    if entry.errors:
        return None
    assert token is not None  # no mistake: a token was read
    return Payment(values["method"], token, values["save"] not in ("", "0", "false", "off"))


def _card(entry: Filled, now: int) -> str | None:
    values = entry.values
    if not values["card_name"]:
        entry.error("card_name", "Enter the name on the card.")
    number = re.sub(r"[\s-]", "", values["card_number"])
    if _TOKEN.match(number):  # a test token typed in place of a number: the rest of the form is not checked
        return number
    if not number:
        entry.error("card_number", "Enter the card number.")
    elif not (number.isdigit() and 12 <= len(number) <= 19 and _luhn(number)):
        entry.error("card_number", "Your card number is incorrect.")
    expiry = _EXPIRY.match(values["card_expiry"])
    if expiry is None or not 1 <= int(expiry.group(1)) <= 12:
        entry.error("card_expiry", "Enter the expiry date as MM/YY.")
    else:
        month, year = int(expiry.group(1)), int(expiry.group(2))
        year += 2000 if year < 100 else 0
        today = time.gmtime(now)
        if (year, month) < (today.tm_year, today.tm_mon):
            entry.error("card_expiry", "Your card's expiry date is in the past.")
    if not re.fullmatch(r"\d{3,4}", values["card_cvc"]):
        entry.error("card_cvc", "Enter the 3 or 4 digit security code.")
    return number


def _account(entry: Filled) -> str | None:
    values = entry.values
    if not values["account_holder"]:
        entry.error("account_holder", "Enter the account holder's name.")
    number = re.sub(r"[\s-]", "", values["account_number"])
    if _TOKEN.match(number):
        return number
    if not re.fullmatch(r"\d{9}", values["routing_number"]):
        entry.error("routing_number", "A routing number has 9 digits.")
    if not re.fullmatch(r"\d{4,17}", number):
        entry.error("account_number", "An account number has 4 to 17 digits.")
    return number


def object_id(text: Any) -> int | None:
    """A form's or path's object id (``"12"``) as the store keys it; None for anything else."""
    text = str(text)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else None


def _luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def amount(entry: Filled, owed: Decimal, currency: str | None) -> Decimal | None:
    """The amount to pay: what the customer typed (at most ``owed``), or ``owed`` when left empty."""
    text = entry.values["amount"].replace(",", "")
    if not text:
        return owed
    try:
        typed = Decimal(text)
        asked = money.normalize(typed, currency) if typed.is_finite() and abs(typed) <= owed + 1 else typed
    except InvalidOperation:
        asked = Decimal("NaN")
    if not asked.is_finite():
        entry.error("amount", "Enter an amount, such as 10.00.")
    elif asked <= 0:
        entry.error("amount", "The amount must be more than zero.")
    elif asked > owed:
        entry.error("amount", f"The amount cannot be more than what is owed ({owed}).")
    return asked if "amount" not in entry.errors else None
