"""The URL map (http/routing.py): the routes real consumers call on the backend are served (issue 28).

The 47 routes below are those the Invoiced backend serves, a client calls (the MCP server's JavaScript
client) and the public docs leave out; each must reach a handler (any answer but 404 "Request was not
recognized" or 405), as every documented route does.
"""

from __future__ import annotations

import pytest

from tests.conftest import Api

BACKEND_ROUTES = [
    ("GET", "/companies/current"), ("PATCH", "/companies/1"),
    ("GET", "/payment_links"), ("POST", "/payment_links"), ("GET", "/payment_links/1"),
    ("PATCH", "/payment_links/1"), ("DELETE", "/payment_links/1"), ("GET", "/payment_links/1/sessions"),
    ("GET", "/inboxes/1/emails"), ("POST", "/inboxes/1/emails"), ("GET", "/inboxes/1/threads"),
    ("GET", "/threads/1"), ("PATCH", "/threads/1"), ("GET", "/threads/1/emails"), ("GET", "/threads/1/notes"),
    ("POST", "/threads/1/notes"), ("GET", "/emails/1/attachments"), ("GET", "/autocomplete/emails"),
    ("GET", "/api_keys"), ("POST", "/api_keys"), ("DELETE", "/api_keys/1"),
    ("GET", "/scheduled_reports"), ("POST", "/scheduled_reports"), ("GET", "/scheduled_reports/1"),
    ("PATCH", "/scheduled_reports/1"), ("DELETE", "/scheduled_reports/1"), ("POST", "/reports/1/download"),
    ("POST", "/reports/1/refresh"), ("GET", "/exports"), ("POST", "/exports"), ("GET", "/exports/1"),
    ("DELETE", "/exports/1"),
    ("GET", "/payment_terms"), ("POST", "/payment_terms"), ("GET", "/payment_terms/1"), ("PATCH", "/payment_terms/1"),
    ("DELETE", "/payment_terms/1"),
    ("GET", "/automation_workflows"), ("POST", "/automation_workflows"), ("GET", "/automation_workflows/1"),
    ("PATCH", "/automation_workflows/1"), ("DELETE", "/automation_workflows/1"),
    ("POST", "/automation_workflows/enrollment"), ("DELETE", "/automation_workflows/enrollment/1"),
    ("POST", "/automation_workflows/manual_trigger"), ("GET", "/automation_workflow_runs"),
    ("POST", "/chasing_cadences/1/assign"),
]


def test_the_list_is_the_47_routes_of_the_issue() -> None:
    assert len(set(BACKEND_ROUTES)) == len(BACKEND_ROUTES) == 47


@pytest.mark.parametrize(("method", "path"), BACKEND_ROUTES, ids=[f"{m} {p}" for m, p in BACKEND_ROUTES])
def test_each_backend_route_reaches_a_handler(api: Api, method: str, path: str) -> None:
    response = api.request(method, path, json={} if method in ("POST", "PATCH") else None)
    body = response.get_json(silent=True)
    message = str(body.get("message", "")) if isinstance(body, dict) else ""
    assert response.status_code != 405 and not message.startswith("Request was not recognized"), message
    assert response.status_code < 500, message
