"""Email address autocomplete (backend ``EmailAutocompleteRoute``): ``GET /autocomplete/emails?term=``.

Searches the addresses the business's emails have named (``rules/inbox.py`` keeps each once, with the
first name seen for it): those whose address or name contains ``term`` (at least 3 characters, case
aside), at most ``limit`` (default 10), in the order they were first seen, as ``{id, name,
email_address}``. Differences: the backend searches with Elasticsearch and answers a bare array; the mock
matches substrings and answers a list with the usual paging headers; with no `term` at all (the backend: 400) it
lists every address, so a full listing (the inspector, a sync) sees them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Email, Int, Str
from invoiced_mock.core.resource import Field, Mount
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import inbox
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record

MIN_TERM = 3
DEFAULT_LIMIT = 10
_LIMIT = Int(minimum=1)


class EmailParticipants(Setting):
    object = inbox.PARTICIPANT
    path = "autocomplete/emails"
    label = "Email Participant"
    operations = frozenset({"list"})
    unique = ("email_address",)
    list_params = ("term", "limit")
    fields = (
        Field("name", Str(max_length=255)),
        Field("email_address", Email(), required=True),
    )

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        if "term" not in params:  # the mock's own reader (the inspector, a full list): every address
            return None
        term = str(params.get("term") or "").strip().lower()
        if len(term) < MIN_TERM:
            raise InvalidRequest(f"Search term must be at least {MIN_TERM} characters long", "term")
        return lambda r: term in r["email_address"].lower() or term in (r.get("name") or "").lower()

    def collect(self, business: Business, params: dict[str, Any], parent_id: Any = None,
                mount: Mount | None = None) -> Sequence[Record] | None:
        limit = _LIMIT.coerce(params["limit"], "limit") if params.get("limit") not in (None, "") else DEFAULT_LIMIT
        return crud.listing(business, self, params)[:limit]

