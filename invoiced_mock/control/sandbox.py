"""What the control plane and the inspector see of the app: a narrow view, not ``InvoicedMock`` itself.

``invoiced_mock.app.InvoicedMock`` satisfies it; the control side never imports the app, so the app can
route ``/_mock/`` to it without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from invoiced_mock.clock import Clock
    from invoiced_mock.control.faults import Faults
    from invoiced_mock.control.journal import Journal
    from invoiced_mock.control.stubs import Stubs
    from invoiced_mock.http.routing import Router
    from invoiced_mock.store.business import Tenants
    from invoiced_mock.store.persistence import SqliteState


class Sandbox(Protocol):
    """The app's parts a person or a test drives over ``/_mock/``."""

    @property
    def admin_token(self) -> str | None:
        """Once set, the control plane's global routes need it (``control/admin.py``)."""

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """Host names the control plane answers besides ``localhost`` and IP addresses (``control/browsers.py``)."""

    @property
    def clock(self) -> Clock: ...

    @property
    def tenants(self) -> Tenants: ...

    @property
    def faults(self) -> Faults: ...

    @property
    def stubs(self) -> Stubs: ...

    @property
    def journal(self) -> Journal: ...

    @property
    def router(self) -> Router: ...

    @property
    def state(self) -> SqliteState | None:
        """The SQLite file written through, when the sandbox keeps its state."""

    def reset(self, api_key: str | None = None) -> None:
        """Empty one business (or every one): its records, journal, faults and stubs."""
