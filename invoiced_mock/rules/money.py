"""Money: decimal amounts in a currency's major unit, computed in integer minor units, rounded half-up."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

# ISO 4217 currencies whose minor unit is not 1/100 (the rest have two decimals).
_DECIMALS = {
    "bif": 0, "clp": 0, "djf": 0, "gnf": 0, "isk": 0, "jpy": 0, "kmf": 0, "krw": 0, "pyg": 0,
    "rwf": 0, "ugx": 0, "vnd": 0, "vuv": 0, "xaf": 0, "xof": 0, "xpf": 0,
    "bhd": 3, "iqd": 3, "jod": 3, "kwd": 3, "lyd": 3, "omr": 3, "tnd": 3,
}


def decimals(currency: str | None) -> int:
    return _DECIMALS.get((currency or "usd").lower(), 2)


_ONE = Decimal(1)
_EXACT = 10 ** 28  # minor amounts below this hold in the default context's 28 digits: moving the point is exact
_SCALES = {places: Decimal(10) ** places for places in set(_DECIMALS.values()) | {2}}  # 1, 100, 1000
_UNITS = {places: _ONE.scaleb(-places) for places in _SCALES}  # 1, 0.01, 0.001: one minor unit


def to_minor(amount: Decimal | int | str, currency: str | None) -> int:
    """Major units → integer minor units, half-up (``1.005 usd`` → ``101``)."""
    return minor_units(Decimal(amount), decimals(currency))


def minor_units(amount: Decimal, places: int) -> int:
    """:func:`to_minor` for a currency of ``places`` decimals."""
    return int((amount * _SCALES[places]).quantize(_ONE, ROUND_HALF_UP))


def from_minor(minor: int, currency: str | None) -> Decimal:
    """Integer minor units → major units, with the currency's decimals (``4650`` usd → ``46.50``)."""
    return major_units(minor, decimals(currency))


def major_units(minor: int, places: int) -> Decimal:
    """:func:`from_minor` for a currency of ``places`` decimals: so many minor units, exactly."""
    if -_EXACT < minor < _EXACT:
        return Decimal(minor) * _UNITS[places]
    return (Decimal(minor) / _SCALES[places]).quantize(_UNITS[places])  # past 28 digits: the context's error


def half_up(value: Decimal) -> int:
    """Round a fractional number of minor units to the nearest integer, halves away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ceil(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_CEILING))


def percent_of(minor: int, percent: Decimal | int | str) -> int:
    """``percent``% of an amount in minor units, half-up."""
    return half_up(Decimal(minor) * Decimal(percent) / 100)


def normalize(amount: Decimal | int | str, currency: str | None) -> Decimal:
    """Quantize an amount to its currency's precision, half-up."""
    places = decimals(currency)
    return major_units(minor_units(Decimal(amount), places), places)
