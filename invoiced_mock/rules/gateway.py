"""The test gateway: what happens when a vaulted card or bank account is charged, scripted by its token.

A payment source is vaulted from a token (``invoiced_token`` or ``gateway_token``); a test card number
works as a token too. Every token not listed succeeds. Like Stripe's test cards:

======================================================  ===================================================
token (or card number)                                  outcome of a charge
======================================================  ===================================================
``tok_visa``, ``4242424242424242``, anything unlisted   succeeds
``tok_chargeDeclined``, ``4000000000000002``            declined: "Your card was declined."
``tok_chargeDeclinedInsufficientFunds``,                declined: "Your card has insufficient funds."
``4000000000009995``
``tok_chargeDeclinedExpiredCard``, ``4000000000000069``  declined: "Your card has expired." (the vaulted card
                                                        shows an expiry in the past)
``tok_decline_first_<n>``                               declines its first ``n`` charges ("Your card was
                                                        declined."), then succeeds: a retry that works
``btok_invalid``, ``000111111116``                      declined: "The bank account number is invalid."
``btok_return_after_<n>``                               ACH: succeeds, then is returned ``n`` days later
                                                        ("R01: Insufficient funds"): the charge fails and
                                                        its payment is voided
``btok_insufficientFunds``, ``000222222227``            as ``btok_return_after_3``
======================================================  ===================================================

The bank account numbers are Stripe's test ones, for the customer's payment pages, where an account number
is typed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DECLINED = "Your card was declined."
INSUFFICIENT_FUNDS = "Your card has insufficient funds."
EXPIRED = "Your card has expired."
INVALID_ACCOUNT = "The bank account number is invalid."
ACH_RETURN = "R01: Insufficient funds"

_DECLINES = {
    "tok_chargedeclined": DECLINED, "4000000000000002": DECLINED,
    "tok_chargedeclinedinsufficientfunds": INSUFFICIENT_FUNDS, "4000000000009995": INSUFFICIENT_FUNDS,
    "tok_chargedeclinedexpiredcard": EXPIRED, "4000000000000069": EXPIRED,
    "btok_invalid": INVALID_ACCOUNT, "000111111116": INVALID_ACCOUNT,
}
_RETURNS = {"btok_insufficientfunds": 3, "000222222227": 3}
_DECLINE_FIRST = re.compile(r"^tok_decline_first_(\d{1,4})$")
_RETURN_AFTER = re.compile(r"^btok_return_after_(\d{1,4})$")
_CARD_NUMBER = re.compile(r"^\d{12,19}$")


@dataclass(frozen=True)
class Outcome:
    """What the gateway answers to one charge: a decline (``failure``), or success, maybe returned later."""

    failure: str | None = None
    returned_after_days: int | None = None

    @property
    def declined(self) -> bool:
        return self.failure is not None


def _key(token: str | None) -> str:
    return str(token or "").strip().replace(" ", "").lower()


def outcome(token: str | None, failures_so_far: int) -> Outcome:
    """How a charge to the source vaulted from ``token`` ends, given how many charges to it failed before."""
    key = _key(token)
    if key in _DECLINES:
        return Outcome(failure=_DECLINES[key])
    match = _DECLINE_FIRST.match(key)
    if match and failures_so_far < int(match.group(1)):
        return Outcome(failure=DECLINED)
    match = _RETURN_AFTER.match(key)
    if match:
        return Outcome(returned_after_days=int(match.group(1)))
    return Outcome(returned_after_days=_RETURNS.get(key))


def expired(token: str | None) -> bool:
    """Whether the card behind ``token`` is vaulted with an expiry in the past."""
    return _DECLINES.get(_key(token)) == EXPIRED


def card_brand(token: str | None) -> str | None:
    """The brand a card number's first digits name (Visa 4, MasterCard 51-55 and 2221-2720, American Express
    34 and 37, Discover 6011 and 65); None for a token or a number of no known brand."""
    key = _key(token)
    if not _CARD_NUMBER.match(key):
        return None
    if key.startswith("4"):
        return "Visa"
    if 51 <= int(key[:2]) <= 55 or 2221 <= int(key[:4]) <= 2720:
        return "MasterCard"
    if key[:2] in ("34", "37"):
        return "American Express"
    if key.startswith(("6011", "65")):
        return "Discover"
    return None


def card_last4(token: str | None) -> str | None:
    """A card number used as a token shows its own last four digits."""
    key = _key(token)
    return key[-4:] if _CARD_NUMBER.match(key) else None
