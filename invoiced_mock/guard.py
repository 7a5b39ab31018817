"""The guard: while it is on, a request to the real Invoiced API (its two hosts and any configured base URL)
that no mock answers fails at once — before any DNS lookup or socket — with :class:`RealApiBlocked`, whose
message names the ``invoiced_mock`` fixture and the opt-out.

The pytest plugin turns it on for the whole run (``--invoiced-mock-allow-real-api`` or the ini option
``invoiced_mock_allow_real_api = true`` opt out). It covers urllib3 and ``requests`` (so the official client),
and httpx clients built without a transport; an interception (the fixture) takes precedence over it, and a
library that answers before the network (``responses`` stubs) is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack

from .defaults import DEFAULT_BASE_URLS
from .routes import Group, RealApiBlocked
from .transport import routed

__all__ = ["RealApiBlocked", "install"]


def install(base_urls: Sequence[str] = DEFAULT_BASE_URLS) -> Callable[[], None]:
    """Turn the guard on for ``base_urls`` (plus Invoiced's hosts); returns the function that turns it off."""
    stack = ExitStack()
    stack.enter_context(routed(Group.of([*DEFAULT_BASE_URLS, *base_urls], None)))
    return stack.close
