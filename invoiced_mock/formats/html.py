"""HTML pages: one Jinja2 environment over ``invoiced_mock/templates/``, autoescaped, shared by every page the
mock renders (documents, the inspector, the customer's pages).

Templates extend ``base.html`` (the stylesheet inlined from ``style.css``: a page needs no second request and
no CDN). Filters: ``money`` (an amount in its currency, rounded as the currency rounds), ``day``, ``when`` and
``instant`` (UNIX seconds as a UTC date, date and time, or to the second), ``iso`` (for ``<time>``), ``ago``
(how far from another instant, in words: the mock's clock, not the wall's). Jinja2 is loaded on the first page,
never at import.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from invoiced_mock.rules.money import normalize

if TYPE_CHECKING:
    from jinja2 import Environment


def money(amount: Any, currency: str | None = None) -> str:
    """``1234.5, "usd"`` → ``1,234.50 USD``."""
    return f"{normalize(Decimal(str(amount or 0)), currency):,} {(currency or 'usd').upper()}"


def day(timestamp: Any) -> str:
    """UNIX seconds → ``2024-03-01`` (UTC); empty for none."""
    return "" if timestamp is None else datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d")


def when(timestamp: Any) -> str:
    """UNIX seconds → ``2024-03-01 14:05 UTC``; empty for none."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def instant(timestamp: Any) -> str:
    """UNIX seconds → ``2024-03-01 14:05:09 UTC``; empty for none."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def iso(timestamp: Any) -> str:
    """UNIX seconds → ``2024-03-01T14:05:09Z`` (a ``<time datetime>``); empty for none."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


AGES = ((365 * 86_400, "year"), (86_400, "day"), (3_600, "hour"), (60, "minute"))


def ago(timestamp: Any, now: int) -> str:
    """How far ``timestamp`` is from ``now`` in its largest whole unit: ``3 days ago``, ``in 2 hours``, ``now``
    (under a minute); empty for none."""
    if timestamp is None:
        return ""
    gap = int(timestamp) - int(now)
    for seconds, unit in AGES:
        count = abs(gap) // seconds
        if count:
            span = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"in {span}" if gap > 0 else f"{span} ago"
    return "now"


@cache
def environment() -> Environment:
    """The one environment, built on the first page (templates compiled once per process)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("invoiced_mock", "templates"), autoescape=select_autoescape(
        ("html", "css"), default=True), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(money=money, day=day, when=when, instant=instant, iso=iso, ago=ago)
    return env


def render(template: str, **context: Any) -> str:
    """``template`` (a path under ``templates/``) rendered with ``context``; every value is escaped."""
    return environment().get_template(template).render(**context)
