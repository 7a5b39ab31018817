"""A world with one of everything, and a successful call for every operation the OpenAPI document publishes.

``build_world`` creates, through the API, an object of every resource (and a second of those an operation
deletes or consumes); ``call_for`` turns an OpenAPI operation into the request that should succeed on
that world: its path with real ids and every parameter the operation documents — each writable attribute
of a create, update or billing body (``full_bodies.py``: generated from the request schemas, realistic
values by hand only where a rule decides), every declared parameter of an action, every query parameter
of an operation without a body — and ``chosen``, the part a client sets by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from invoiced_mock.contract.openapi import document
from invoiced_mock.contract.schemas import build as build_schemas
from invoiced_mock.core.operations import Operation
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.http.routing import shared
from tests.conftest import EPOCH, Api

from .full_bodies import full_body, full_query

DAY = 86_400
DOCUMENT = document()
OPERATIONS = sorted((op["operationId"], path, method) for path, item in DOCUMENT["paths"].items()
                    for method, op in item.items() if path != "/openapi.json")


def operation(path: str, method: str) -> Operation:
    """The operation behind an OpenAPI ``path`` (``{id}`` and ``{parent_id}`` placeholders) and method."""
    sample = path.replace("{id}", "1").replace("{parent_id}", "1")
    found: Operation = shared().match(method.upper(), sample)[0]
    return found


def published_body(path: str, method: str) -> dict[str, Any] | None:
    """The request body schema the document publishes for ``method path`` (references resolved), or None."""
    body = DOCUMENT["paths"][path][method].get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = body.get("schema")
    if schema is not None and "$ref" in schema:
        return dict(DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]])
    return schema


BODY_OPERATIONS = [o for o in OPERATIONS if operation(o[1], o[2]).method_has_body]


@dataclass
class Call:
    """One request; ``chosen`` is the part of ``json`` a client would set by hand (the rest it leaves unset,
    which Go sends as explicit nulls)."""

    method: str
    path: str
    json: Any = None
    query: dict[str, Any] = field(default_factory=dict)
    chosen: dict[str, Any] = field(default_factory=dict)


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.get_data(as_text=True)
    return response.get_json() if response.status_code != 204 else None


def build_world(api: Api) -> dict[str, Any]:
    """Ids of one object of each resource (``invoice``, ``card``...) plus spares (``invoice_spare``...)."""
    w: dict[str, Any] = {}

    def make(key: str, path: str, /, **body: Any) -> dict[str, Any]:
        made = _ok(api.post(path, json=body))
        w.setdefault(key, made["id"])
        return made

    customer = make("customer", "/customers", name="Globex", email="ap@globex.test", autopay=True,
                    consolidated=True, address1="1 Main St", city="Springfield", state="OR", postal_code="97477",
                    country="US", phone="+15415550100")
    c = customer["id"]
    w["webhook"] = make("webhook", "/webhooks", url="http://127.0.0.1:9/hooks", events=["customer.created"])["id"]
    w["customer_spare"] = make("customer_spare", "/customers", name="Spare")["id"]  # delivered: an attempt
    make("contact", f"/customers/{c}/contacts", name="Lisa", email="lisa@globex.test", phone="+15415550101",
         sms_enabled=True, primary=True)
    card = make("card", f"/customers/{c}/payment_sources", method="credit_card", invoiced_token="tok_visa")
    w["payment_source"] = card["id"]
    w["bank_account"] = make("bank_account", f"/customers/{c}/payment_sources", method="ach",
                             invoiced_token="tok_bank")["id"]
    make("item", "/items", id="consulting", name="Consulting", unit_cost=150)
    make("plan", "/plans", id="pro", name="Pro", interval="month", amount=99)
    make("plan_addon", "/plans", id="seats", name="Seats", interval="month", amount=10)
    make("coupon", "/coupons", id="welcome", name="Welcome", value=10)
    make("tax_rate", "/tax_rates", id="gst", name="GST", value=5)
    line = [{"catalog_item": "consulting", "quantity": 2}]
    for name in ("invoice", "invoice_spare", "invoice_plan", "invoice_autopay"):
        w[name] = make(name, "/invoices", customer=c, items=line)["id"]
    w["credit_note"] = make("credit_note", "/credit_notes", customer=c, items=line)["id"]
    w["credit_note_spare"] = make("credit_note_spare", "/credit_notes", customer=c, items=line, draft=True)["id"]
    for name in ("estimate", "estimate_spare", "estimate_invoiced"):
        w[name] = make(name, "/estimates", customer=c, items=line)["id"]
    w["payment"] = make("payment", "/payments", customer=c, amount=10, method="check")["id"]
    w["payment_spare"] = make("payment_spare", "/payments", customer=c, amount=10, method="check")["id"]
    paid = _ok(api.post("/charges", json={"customer": c, "method": "credit_card", "amount": 40,
                                          "payment_source_type": "card", "payment_source_id": card["id"],
                                          "applied_to": [{"type": "credit", "amount": 40}]}))
    w["charge"] = paid["charge"]["id"]
    w["refund"] = _ok(api.post(f"/charges/{w['charge']}/refunds", json={"amount": 5}))["id"]
    w["subscription"] = make("subscription", "/subscriptions", customer=c, plan="pro")["id"]
    w["subscription_spare"] = make("subscription_spare", "/subscriptions", customer=c, plan="pro")["id"]
    # after the subscriptions: a subscription bills the pending lines
    w["line_item"] = make("line_item", f"/customers/{c}/line_items", name="Usage", unit_cost=3)["id"]
    w["line_item_spare"] = make("line_item_spare", f"/customers/{c}/line_items", name="Setup", unit_cost=9)["id"]
    w["note"] = make("note", "/notes", customer_id=c, notes="Called")["id"]
    w["note_spare"] = make("note_spare", "/notes", customer_id=c, notes="Spare")["id"]
    w["note_invoice"] = make("note_invoice", "/notes", invoice_id=w["invoice"], notes="On the invoice")["id"]
    w["task"] = make("task", "/tasks", name="Call", action="phone", customer_id=c, due_date=EPOCH + DAY)["id"]
    w["file"] = make("file", "/files", name="contract.pdf", size=100, type="application/pdf",
                     url="https://files.example.test/contract.pdf")["id"]
    _ok(api.patch(f"/invoices/{w['invoice']}", json={"attachments": [w["file"]]}))
    _ok(api.patch(f"/credit_notes/{w['credit_note']}", json={"attachments": [w["file"]]}))
    _ok(api.patch(f"/estimates/{w['estimate']}", json={"attachments": [w["file"]]}))
    w["credit_balance_adjustment"] = make("credit_balance_adjustment", "/credit_balance_adjustments", customer=c,
                                          amount=5)["id"]
    w["email"] = _ok(api.post(f"/invoices/{w['invoice']}/emails", json={}))[0]["id"]
    w["text_message"] = _ok(api.post(f"/invoices/{w['invoice']}/text_messages", json={}))[0]["id"]
    w["letter"] = _ok(api.post(f"/invoices/{w['invoice']}/letters", json={}))["id"]
    balance = _ok(api.get(f"/invoices/{w['invoice_plan']}"))["balance"]
    _ok(api.put(f"/invoices/{w['invoice_plan']}/payment_plan",
                json={"installments": [{"date": EPOCH + 30 * DAY, "amount": balance}]}))
    w["event"] = _ok(api.get("/events"))[0]["id"]
    w["role"] = make("role", "/roles", name="Clerk")["id"]
    w["role_spare"] = make("role_spare", "/roles", name="Spare")["id"]
    member = make("member", "/members", email="jan@initech.test", role=w["role"])
    w["member"], w["user"] = member["id"], member["user"]["id"]
    # the invoice's email went into the shared inbox: its thread, that email, a note on the thread
    inbox = _ok(api.get("/inboxes"))[0]["id"]
    w["email_thread"] = _ok(api.get(f"/inboxes/{inbox}/threads"))[0]["id"]
    w["inbox_email"] = _ok(api.get(f"/threads/{w['email_thread']}/emails"))[0]["id"]
    for key in ("email_thread_note", "email_thread_note_spare"):
        w[key] = make(key, f"/threads/{w['email_thread']}/notes", note="Promised to pay")["id"]
    left = [r for r in sorted(REGISTRY) if "create" in REGISTRY[r].operations and r not in w  # configuration
            and not REGISTRY[r].parent and not REGISTRY[r].shown_as]
    while left:  # those that need another first wait for it
        ready = [r for r in left if not set(_references(r)) - set(w)]
        for resource in ready:
            path = f"/{REGISTRY[resource].path}"
            w[resource] = make(resource, path, **minimal_body(resource, w))["id"]
            w[f"{resource}_spare"] = _ok(api.post(path, json=minimal_body(resource, w, spare=True)))["id"]
        assert ready, f"cannot order {left}"
        left = [r for r in left if r not in ready]
    for name in ("payment_method", "inbox", "merchant_account", "webhook_attempt", "report"):
        listed = _ok(api.get(f"/{REGISTRY[name].path}")) if "list" in REGISTRY[name].operations else []
        if listed:
            w.setdefault(name, listed[0]["id"])
    w["company"] = _ok(api.get("/companies/current"))["id"]
    w["payment_link_session"] = _ok(api.post(f"/payment_links/{w['payment_link']}/pay",
                                             json={"amount": 5, "name": "Walk-in"}))["id"]
    w["automation_run"] = _ok(api.post("/automation_workflows/manual_trigger", json={
        "workflow": w["automation_workflow"], "object_type": "customer", "object_id": w["customer"]}))["id"]
    w["chasing_cadence_step"] = _ok(api.get(f"/chasing_cadences/{w['chasing_cadence']}"))["steps"][0]["id"]
    return w


# Required attributes of configuration objects, where a plain value will not do.
SPECIAL: dict[str, dict[str, Any]] = {
    "chasing_cadence": {"name": "Standard", "time_of_day": 9,
                        "steps": [{"name": "Remind", "action": "phone", "schedule": "age:7"}]},
    "late_fee_schedule": {"name": "Late", "start_date": "2024-01-01", "amount": 5, "grace_period": 3},
    "pdf_template": {"name": "Plain", "document_type": "invoice", "html": "<p>{{ invoice.number }}</p>",
                     "css": "p {}"},
    "sign_up_page_addon": {"type": "quantity", "plan": "seats"},
    "tax_rule": {"tax_rate": "gst"},
    "report": {"type": "aging_summary"},
    "email_template": {"subject": "Hello", "body": "Hi {{ customer.name }}", "name": "Hello", "type": "invoice"},
    "custom_field": {"name": "Region", "object": "customer"},
    "notification": {"event": "invoice.paid", "medium": "email"},
    "merchant_account": {"gateway": "test", "gateway_id": "acct_1"},
    "payment_link": {"reusable": True},  # paid once below, and still active
    "scheduled_report": {"saved_report": 1, "time_of_day": 8, "run_date": 4},
    "export": {"type": "customer"},
    # triggered below, on the customer; the mock has no workflow versions to name
    "automation_workflow": {"object_type": "customer", "enabled": True, "current_version": None,
                            "draft_version": None},
}


# Configuration objects whose name is unique: a spare and a new one are named apart.
UNIQUE_NAMES = ("custom_field", "payment_terms", "automation_workflow")
# Required attributes that name an object of the world: a spare names another (enrolled once each).
WORLD_SPECIAL: dict[str, Any] = {
    "automation_workflow_enrollment": lambda w, spare: {"object_id": w["customer_spare" if spare else "customer"]},
}


def _references(resource: str) -> list[str]:
    """The objects a create of ``resource`` needs first (its required references)."""
    schema = build_schemas()[f"{resource}_create"]
    types = [REGISTRY[resource].by_name[key].type for key in schema.get("required", ())]
    return [t.resource for t in types if getattr(t, "resource", "") in REGISTRY]


def minimal_body(resource: str, world: dict[str, Any], spare: bool = False) -> dict[str, Any]:
    """The required attributes of a create (a fresh ``id``, name and code for a spare)."""
    schema = build_schemas()[f"{resource}_create"]
    body: dict[str, Any] = {}
    for key in schema.get("required", ()):
        prop = schema["properties"][key]
        target = REGISTRY[resource].by_name[key].type
        ref = getattr(target, "resource", "")
        if ref and ref in world:
            body[key] = world[ref]
        elif "enum" in prop:
            body[key] = prop["enum"][0]
        else:
            kind = prop.get("type")
            body[key] = {"string": "Example", "integer": 1, "number": 1, "boolean": True, "array": [],
                         "object": {}}.get(kind if isinstance(kind, str) else "string", "Example")
    body.update(SPECIAL.get(resource, {}))
    if resource in WORLD_SPECIAL:
        body.update(WORLD_SPECIAL[resource](world, spare))
    if spare:
        if "code" in body:
            body["code"] = "spare"
        if "id" in schema["properties"] and "pattern" in schema["properties"]["id"]:
            body["id"] = f"{resource}_spare"
        if resource in UNIQUE_NAMES:
            body["name"] = "Spare"
    return body


def resource_of(op: Operation, world: dict[str, Any], spare: bool) -> Any:
    name = op.resource.object
    if op.resource.shown_as:
        name = "payment_source"
    key = f"{name}_spare" if spare and f"{name}_spare" in world else name
    return world[key]


# A delete gets a spare object of its own: the world's own is still needed by others (a customer's invoices).
# Bodies of the actions: every parameter the operation documents.
# What a customer's statement covers: its sends take it too (rules/sending.py).
STATEMENT = {"type": "open_item", "items": "past_due", "start": EPOCH - 30 * DAY, "end": EPOCH}
ACTION_BODIES: dict[str, Any] = {
    "emails": {"to": [{"name": "Lisa", "email": "lisa@globex.test"}], "bcc": "audit@initech.test",
               "template": "custom_email", "subject": "Your document", "message": "Please find it attached."},
    "text_messages": {"to": [{"name": "Lisa", "phone": "+15415550101"}], "message": "You have a new document"},
    "letters": {"name": "Globex", "address1": "2 Dock Rd", "address2": "Suite 4", "city": "Portland",
                "state": "OR", "postal_code": "97201", "country": "US"},
    "attachments": {"page": 1, "per_page": 10},
    "refunds": {"amount": 1},
    "payment_plan": {"installments": [{"date": EPOCH + 30 * DAY, "amount": 1}], "autopay": False,
                     "require_approval": False},
    "frequency": {"email_update_frequency": "day", "subscribe_all": False, "notifications": True},
    "preview": {"customer": None, "plan": "pro", "quantity": 2, "amount": 120, "start_date": EPOCH,
                "bill_in": "advance", "cycles": 12, "snap_to_nth_day": 1,
                "addons": [{"plan": "seats", "quantity": 3}], "discounts": ["welcome"], "taxes": ["gst"],
                "pending_line_items": [{"name": "Setup", "unit_cost": 10}],
                "tiers": [{"min_qty": 1, "max_qty": 10, "unit_cost": 12}],
                "ship_to": {"name": "HQ", "country": "US"}, "metadata": {"source": "preview"}},
    "consolidate_invoices": {"cutoff_date": EPOCH + DAY},
    "download": {"format": "csv"},
    "refresh": {"parameters": {"$currency": "usd"}},
}
# Bodies of the actions whose name another resource's action also has, by (resource, action).
RESOURCE_ACTION_BODIES: dict[tuple[str, str], Any] = {
    ("inbox", "emails"): lambda w: {
        "to": [{"name": "Lisa", "email_address": "lisa@globex.test"}], "cc": [{"email_address": "cc@globex.test"}],
        "bcc": [{"email_address": "audit@initech.test"}], "subject": "Your invoice", "message": "Attached",
        "thread_id": w["email_thread"], "reply_to_id": w["inbox_email"], "related_to_type": "invoice",
        "related_to_id": w["invoice"], "attachments": [w["file"]], "status": "pending"},
    ("payment_link", "pay"): lambda w: {"customer": w["customer"], "amount": 5, "name": "Walk-in",
                                        "email": "walk@in.test"},
    ("automation_workflow", "manual_trigger"): lambda w: {
        "workflow": w["automation_workflow"], "object_type": "customer", "object_id": w["customer"]},
    ("chasing_cadence", "assign"): lambda w: {"customers": [w["customer"]], "next_step": w["chasing_cadence_step"]},
}
# What an action cannot go without (the rest of its body is optional).
ACTION_CHOSEN: dict[str, tuple[str, ...]] = {"payment_plan": ("installments",), "preview": ("customer", "plan")}
# The same, for an action whose name another resource's action also has, by (resource, action).
RESOURCE_ACTION_CHOSEN: dict[tuple[str, str], tuple[str, ...]] = {
    ("payment_link", "pay"): ("amount", "name"),  # a link without items: the payer names the amount and a name
}


def call_for(op: Operation, path: str, method: str, world: dict[str, Any], api: Api) -> Call:
    """The request for ``method path`` (an OpenAPI path with ``{id}``/``{parent_id}``) that should succeed."""
    kind = op.kind if op.action is None else f"action.{op.action.name}"
    args: dict[str, Any] = {}
    if "{parent_id}" in path:
        args["parent_id"] = world[op.mount.parent if op.mount else str(op.resource.parent)]
    if "{id}" in path:
        args["id"] = resource_of(op, world, spare=op.kind == "delete")
    if op.mount is not None and op.mount.parent == "invoice":
        args["id"] = world["note_invoice"]
    if kind == "action.pay" and op.resource.object == "invoice":
        args["id"] = world["invoice_autopay"]
    if kind == "action.invoice":
        args["id"] = world["estimate_invoiced"]
    if op.action is not None and op.action.name == "payment_plan":
        args["id"] = world["invoice_plan"]
    concrete = path.replace("{id}", str(args.get("id", ""))).replace("{parent_id}", str(args.get("parent_id", "")))
    body: Any = None
    chosen: dict[str, Any] = {}
    resource = op.resource
    if op.kind == "create":
        chosen = _create_body(op, world, api)
        body = full_body(f"{resource.object}_create", resource, world, chosen)
    elif op.kind == "update":
        current = _ok(api.get(concrete))
        body = full_body(f"{resource.object}_update", resource, world, _update_fixed(resource.object, world),
                         current)
        chosen = {"metadata": body["metadata"]} if "metadata" in body else {}
    elif op.action is not None and op.action.name == "invoices":  # billing: an invoice body (rules/billing.py)
        chosen = {"name": "Usage"}
        body = full_body("customer_invoices", REGISTRY["invoice"], world, chosen)
    elif op.action is not None and op.method_has_body:
        own = RESOURCE_ACTION_BODIES.get((resource.object, op.action.name))
        body = own(world) if own is not None else dict(ACTION_BODIES.get(op.action.name, {}))
        if op.action.name in ("emails", "text_messages", "letters") and resource.object == "customer":
            body.update(STATEMENT)
        if op.action.name == "preview":
            body["customer"] = world["customer"]
        if op.action.name == "payment_plan":
            balance = _ok(api.get(f"/invoices/{args['id']}"))["balance"]
            body["installments"] = [{"date": EPOCH + 30 * DAY, "amount": balance}]
        needed = RESOURCE_ACTION_CHOSEN.get((resource.object, op.action.name)) or ACTION_CHOSEN.get(op.action.name, ())
        chosen = {k: body[k] for k in needed}
    query = {} if op.method_has_body else full_query(DOCUMENT["paths"][path][method]["parameters"], resource, world)
    return Call(method.upper(), concrete, body, query, chosen=chosen)


# Values of an update no schema can state (a customer is not its own parent); the rest is generated.
UPDATES: dict[str, dict[str, Any]] = {
    "payment": {"amount": 10, "applied_to": [{"type": "credit", "amount": 10}]},  # the world's payment, all credit
    "payment_method": {"min": 1, "max": 10_000},
    "company": {"time_zone": "America/Chicago", "highlight_color": "#112233",  # a zone that exists, a colour,
                "website": "https://initech.test", "logo": "https://initech.test/logo.png"},  # URLs
    "subscription": {"addons": [{"plan": "seats", "quantity": 1}]},
}


def _update_fixed(name: str, world: dict[str, Any]) -> dict[str, Any]:
    """What a create needs by hand (``SPECIAL``) holds for an update too, but for what names the object."""
    fixed = {k: v for k, v in SPECIAL.get(name, {}).items() if k not in ("id", "code", "name")}
    fixed.update(UPDATES.get(name, {}), metadata={"checked": "yes"})
    if name == "email_thread":  # assigned to a member: a user who exists
        fixed["assignee_id"] = world["user"]
    for f in REGISTRY[name].fields:  # an object is never its own parent: point at the spare
        if getattr(f.type, "resource", "") == name and not f.read_only:
            fixed[f.name] = world[f"{name}_spare"]
    return fixed


def _create_body(op: Operation, world: dict[str, Any], api: Api) -> dict[str, Any]:
    name = op.resource.object
    c = world["customer"]
    line = [{"catalog_item": "consulting", "quantity": 1, "discounts": ["welcome"], "taxes": ["gst"]}]
    bodies: dict[str, dict[str, Any]] = {
        "customer": {"name": "Initrode", "email": "ap@initrode.test", "payment_terms": "NET 30", "taxes": ["gst"],
                     "metadata": {"region": "west"}},
        "invoice": {"customer": c, "items": line, "ship_to": {"name": "Dock 9", "address1": "9 Dock St",
                                                              "city": "Portland", "country": "US"},
                    "payment_terms": "NET 15", "tags": ["q3"]},
        "credit_note": {"customer": c, "items": line},
        "estimate": {"customer": c, "items": line, "expiration_date": EPOCH + 30 * DAY},
        "payment": {"customer": c, "amount": 5, "method": "check", "reference": "1042",
                    "applied_to": [{"type": "invoice", "invoice": world["invoice"], "amount": 5}]},
        "charge": {"customer": c, "method": "credit_card", "amount": 5, "currency": "usd",
                   "invoiced_token": "tok_visa_2", "make_default": False, "receipt_email": "ap@globex.test",
                   "applied_to": [{"type": "invoice", "invoice": world["invoice"], "amount": 5}]},
        "subscription": {"customer": c, "plan": "pro", "quantity": 2, "addons": [{"plan": "seats", "quantity": 1}],
                         "discounts": ["welcome"], "taxes": ["gst"], "ship_to": {"name": "HQ", "country": "US"}},
        "line_item": {"catalog_item": "consulting", "quantity": 3, "discounts": ["welcome"]},
        "contact": {"name": "Sam", "email": "sam@globex.test"},
        "note": {"notes": "Left a voicemail", **({} if op.mount else {"customer_id": c})},
        "payment_source": {"method": "credit_card", "invoiced_token": "tok_visa_3", "make_default": False},
        "task": {"name": "Email", "action": "email", "customer_id": c, "due_date": EPOCH + DAY},
        "file": {"name": "scan.png", "size": 10, "type": "image/png", "url": "https://files.example.test/scan.png"},
        "credit_balance_adjustment": {"customer": c, "amount": 3, "notes": "Goodwill"},
        "item": {"id": "hosting", "name": "Hosting", "unit_cost": 20},
        "plan": {"id": "basic", "name": "Basic", "interval": "month", "amount": 9},
        "coupon": {"id": "half", "name": "Half", "value": 50},
        "tax_rate": {"id": "vat", "name": "VAT", "value": 20},
        "role": {"name": "Auditor"},
        "member": {"email": "kim@initech.test", "role": world["role"]},
        "webhook": {"url": "http://127.0.0.1:9/other", "events": ["invoice.paid"]},
        "automation_workflow_enrollment": {"workflow": world["automation_workflow_spare"], "object_id": c},
    }
    if name in bodies:
        return bodies[name]
    body = minimal_body(name, world, spare=True) or {}
    if "id" in body:
        body["id"] = f"{name}_new"
    if "code" in body:
        body["code"] = "NEW1"
    if name in UNIQUE_NAMES:
        body["name"] = "New"
    return body
