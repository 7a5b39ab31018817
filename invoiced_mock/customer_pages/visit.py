"""One request to one object's pages: what a page handler is given, and the API operations it may run.

The pages see the app as :class:`Site` (its businesses and router), never the app itself, so the app can
route ``/portal/`` here without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from invoiced_mock.core.operations import perform
from invoiced_mock.customer_pages import pages
from invoiced_mock.http import params

if TYPE_CHECKING:
    from invoiced_mock.core.resource import Reply
    from invoiced_mock.http.request import Request
    from invoiced_mock.http.routing import Router
    from invoiced_mock.store.business import Business, Record, Tenants


class Site(Protocol):
    """The app's parts the customer's pages use."""

    @property
    def tenants(self) -> Tenants: ...

    @property
    def router(self) -> Router: ...


@dataclass(frozen=True)
class Visit:
    """``record`` (of ``kind``: ``invoices``, ``statements``...) reached at ``base`` (its page's path), with the
    rest of the path: ``page`` (``""``, ``payment``, ``pdf``...) and ``arg`` (a receipt's payment id)."""

    site: Site
    request: Request
    business: Business
    kind: str
    record: Record
    base: str
    page: str = ""
    arg: str | None = None

    def path(self, page: str = "") -> str:
        """The path of one of this object's pages."""
        return f"{self.base}/{page}" if page else self.base

    def form(self) -> dict[str, Any]:
        """The posted form, once it is known to come from the page it names (else :class:`pages.Refused`)."""
        posted = params.parse_body(self.request)
        pages.check_post(self.request, posted)
        return posted

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Reply:
        """What the API answers ``method path`` with ``body``, run as the API runs it (the caller holds the
        business's transaction): the same operation, the same rules, events and webhooks."""
        operation, args = self.site.router.match(method, path)
        return perform(self.business, operation, args, body or {})

    @property
    def now(self) -> int:
        return self.business.clock.now()

    @property
    def who(self) -> dict[str, Any]:
        """Where the customer acts from, as an approval records it."""
        environ = self.request.environ
        return {"ip": environ.get("REMOTE_ADDR") or None, "user_agent": environ.get("HTTP_USER_AGENT") or None}
