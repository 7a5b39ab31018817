"""The CRUD contract every configuration object keeps (``rules/settings.py``'s ``Setting`` base).

Create (201, defaults filled, no ``object`` key), refuse a missing required attribute (400 naming it),
retrieve, update, list with its headers, delete (204, then 404) — for each resource with full CRUD.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import EPOCH, Api

# path, a valid create body, the required attribute to leave out, an update, defaults to expect
CASES: list[tuple[str, dict[str, Any], str, dict[str, Any], dict[str, Any]]] = [
    ("/roles", {"id": "clerk", "name": "Clerk"}, "name", {"invoices_create": True}, {"invoices_void": False}),
    ("/custom_fields", {"id": "region", "name": "Region", "object": "customer"}, "object", {"name": "Area"},
     {"type": "string", "choices": [], "external": True}),
    ("/email_templates", {"id": "new_invoice", "name": "New Invoice", "type": "invoice", "subject": "Hi",
                          "body": "Invoice {{invoice_number}}"}, "subject", {"language": "FR"},
     {"template_engine": "twig", "language": None,
      "options": {"button_text": "View Invoice", "attach_pdf": True, "attach_secondary_files": False}}),
    ("/sms_templates", {"name": "Reminder", "message": "Pay {{url}}"}, "message", {"template_engine": "mustache"},
     {"template_engine": "twig", "language": None}),
    ("/pdf_templates", {"name": "Plain", "document_type": "invoice", "html": "<p/>", "css": "p{}"}, "css",
     {"margin_top": "1cm"}, {"margin_left": "0.5cm", "header_html": None, "disable_smart_shrinking": False}),
    ("/themes", {"id": "brand"}, "id", {"header": "FACTURE"}, {"name": "Default", "style": "classic"}),
    ("/sign_up_pages", {"name": "Join"}, "name", {"trial_period_days": 14},
     {"type": "recurring", "plans": [], "trial_period_days": 0}),
    ("/gl_accounts", {"name": "Sales", "code": "4000"}, "code", {"name": "Revenue"}, {"parent_id": None}),
    ("/late_fee_schedules", {"name": "Late", "start_date": "2021-07-01", "amount": 5, "grace_period": 30},
     "grace_period", {"enabled": False}, {"enabled": True, "is_percent": False, "recurring_days": 0}),
    ("/invoice_chasing_cadences", {"name": "Standard"}, "name", {"default": True},
     {"default": False, "chase_schedule": []}),
    ("/chasing_cadences", {"name": "Dunning", "time_of_day": 8, "steps": [{"name": "Call", "action": "phone",
                                                                          "schedule": "age:7"}]},
     "time_of_day", {"paused": True},
     {"object": "chasing_cadence", "frequency": "daily", "assignment_mode": "none", "last_run": 0,
      "next_run": 1_700_035_200}),  # 2023-11-15 08:00 UTC: 08:00 on the frozen day (the 14th) has passed
    ("/merchant_accounts", {"gateway": "stripe", "gateway_id": "acct_1"}, "gateway_id", {"name": "Stripe"},
     {"settings": {}, "name": None}),
    ("/notifications", {"event": "invoice.viewed", "user_id": 3}, "event", {"enabled": True},
     {"medium": "email", "match_mode": "any", "conditions": "", "enabled": False}),
    ("/webhooks", {"url": "https://127.0.0.1/h"}, "url", {"events": ["invoice.created"]}, {"events": ["*"]}),
]


@pytest.mark.parametrize(("path", "body", "required", "change", "defaults"), CASES, ids=[c[0] for c in CASES])
def test_crud_contract(api: Api, path: str, body: dict[str, Any], required: str, change: dict[str, Any],
                       defaults: dict[str, Any]) -> None:
    before = int(api.get(path).headers["X-Total-Count"])
    refused = api.post(path, json={k: v for k, v in body.items() if k != required})
    assert refused.status_code == 400 and refused.get_json()["param"] == required
    created = api.create(path, **body)
    assert {k: created[k] for k in defaults} == defaults
    # Only chasing cadences show an ``object`` key; a custom field's ``object`` is the type it extends.
    assert created.get("object") == {"/chasing_cadences": "chasing_cadence", "/custom_fields": "customer"}.get(path)
    assert created.get("created_at", EPOCH) == EPOCH
    assert api.get(f"{path}/{created['id']}").get_json() == created
    updated = api.patch(f"{path}/{created['id']}", json=change)
    assert updated.status_code == 200
    assert {k: updated.get_json()[k] for k in change} == {k: (v.lower() if k == "language" else v)
                                                           for k, v in change.items()}
    listed = api.get(path)
    assert int(listed.headers["X-Total-Count"]) == before + 1 and "Link" in listed.headers
    assert api.delete(f"{path}/{created['id']}").status_code == 204
    assert api.get(f"{path}/{created['id']}").status_code == 404
    assert int(api.get(path).headers["X-Total-Count"]) == before
