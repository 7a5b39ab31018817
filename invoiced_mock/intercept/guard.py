"""The guard: while it is on, a request to the real Invoiced API (its two hosts and any configured base URL)
that no mock answers fails at once — before any DNS lookup or socket — with :class:`RealApiBlocked`, whose
message names the ``invoiced_mock`` fixture and the opt-out.

The pytest plugin turns it on for the whole run (``--invoiced-mock-allow-real-api`` or the ini option
``invoiced_mock_allow_real_api = true`` opt out). It covers urllib3 and ``requests`` (so the official client),
and httpx clients built without a transport; an interception (the fixture) takes precedence over it, and a
library that answers before the network (``responses`` stubs) is left alone. Each library is patched when it is
loaded (at once if it already is), so turning the guard on loads none of them.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import ExitStack

from invoiced_mock.defaults import DEFAULT_BASE_URLS
from invoiced_mock.intercept.after_import import AfterImport
from invoiced_mock.intercept.origins import Group, RealApiBlocked

__all__ = ["RealApiBlocked", "install"]

# The guard patches a library's connections once it is loaded: a run that never loads urllib3 or httpx (or a
# ``pytest --co``) never pays for importing them. ``requests`` and our transports import urllib3 on their way
# in; the patches wait until no import among these is half done.
CLIENTS = ("urllib3", "httpx")
WATCHED = (*CLIENTS, "requests", "invoiced_mock.intercept.urllib3_transport")


def install(base_urls: Sequence[str] = DEFAULT_BASE_URLS) -> Callable[[], None]:
    """Turn the guard on for ``base_urls`` (plus Invoiced's hosts); returns the function that turns it off."""
    return _Guard(Group.of([*DEFAULT_BASE_URLS, *base_urls], None)).off


class _Guard:
    """The guard's routes, active from now on if a client library is loaded, else from when one is."""

    def __init__(self, group: Group) -> None:
        self.group = group
        self.stack = ExitStack()
        self.lock = threading.RLock()
        self.done = {name for name in WATCHED if name in sys.modules}  # loaded before us: wholly
        self.waiting = AfterImport(WATCHED, self._loaded)
        if any(name in sys.modules for name in CLIENTS):
            self._activate()
        else:
            self.waiting.arm()

    def _loaded(self, name: str) -> None:
        with self.lock:
            self.done.add(name)
            half_done = [other for other in WATCHED if other in sys.modules and other not in self.done]
            if not half_done and self.waiting.armed:
                self._activate()

    def _activate(self) -> None:
        self.waiting.disarm()
        from invoiced_mock.intercept.urllib3_transport import routed

        self.stack.enter_context(routed(self.group))

    def off(self) -> None:
        with self.lock:
            self.waiting.disarm()
            self.stack.close()
