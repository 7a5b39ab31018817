"""What a person reads of an object at a glance: its title (a number, a name, or "Payment 12") and, in a list,
the columns a billing person reads for its resource (an invoice: number, customer, status, total, balance,
due date, updated). Resources without columns of their own get them from their declaration.

A cell is data, not HTML: its kind (``money``, ``day``, ``time``, ``status``, ``ref``...) says how the template
prints it, so dates and amounts read the same on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.core.fields import Number, Ref, StrRef, Timestamp

if TYPE_CHECKING:
    from collections.abc import Mapping

    from invoiced_mock.core.resource import Resource
    from invoiced_mock.store.business import Business


@dataclass(frozen=True)
class Column:
    name: str  # the attribute, or a name of this module's own (``event_object``, ``tries``...)
    label: str
    kind: str = "text"  # title, text, money, day, time, status, ref, event_object, tries, answer


DOCUMENT_END = (Column("status", "Status", "status"), Column("total", "Total", "money"))
COLUMNS: dict[str, tuple[Column, ...]] = {
    "invoice": (Column("number", "Number", "title"), Column("customer", "Customer", "ref"), *DOCUMENT_END,
                Column("balance", "Balance", "money"), Column("due_date", "Due date", "day"),
                Column("updated_at", "Updated", "time")),
    "credit_note": (Column("number", "Number", "title"), Column("customer", "Customer", "ref"), *DOCUMENT_END,
                    Column("balance", "Balance", "money"), Column("date", "Date", "day"),
                    Column("updated_at", "Updated", "time")),
    "estimate": (Column("number", "Number", "title"), Column("customer", "Customer", "ref"), *DOCUMENT_END,
                 Column("expiration_date", "Expires", "day"), Column("updated_at", "Updated", "time")),
    "customer": (Column("name", "Name", "title"), Column("number", "Number"), Column("email", "Email"),
                 Column("type", "Type"), Column("created_at", "Created", "time"),
                 Column("updated_at", "Updated", "time")),
    "payment": (Column("id", "Payment", "title"), Column("customer", "Customer", "ref"),
                Column("status", "Status", "status"), Column("amount", "Amount", "money"),
                Column("balance", "Unapplied", "money"), Column("method", "Method"), Column("date", "Date", "day"),
                Column("updated_at", "Updated", "time")),
    "subscription": (Column("id", "Subscription", "title"), Column("customer", "Customer", "ref"),
                     Column("plan", "Plan", "ref"), Column("status", "Status", "status"),
                     Column("recurring_total", "Recurring total", "money"),
                     Column("period_end", "Period ends", "day"), Column("updated_at", "Updated", "time")),
    "event": (Column("id", "Event", "title"), Column("type", "Type"), Column("event_object", "Object", "event_object"),
              Column("timestamp", "When", "time")),
    "webhook_attempt": (Column("id", "Attempt", "title"), Column("event_id", "Event", "event_ref"),
                        Column("url", "URL"), Column("tries", "Tries", "tries"),
                        Column("answer", "Last answer", "answer"), Column("next_attempt", "Next try", "time")),
}
# Attributes a derived list shows when its resource has them, after the title.
DERIVED = ("customer", "status", "type", "amount", "total", "currency")
MONEY = frozenset({"amount", "balance", "total", "subtotal", "credit_balance", "amount_paid", "amount_credited",
                   "amount_written_off", "credit_limit", "recurring_total", "mrr", "unit_cost"})


def columns(resource: Resource) -> tuple[Column, ...]:
    declared = COLUMNS.get(resource.object)
    if declared is not None:
        return declared
    named = _title_attribute(resource)
    found = [Column(named or "id", named.replace("_", " ").capitalize() if named else resource.label, "title")]
    for name in DERIVED:
        if name in resource.by_name and name != named:
            found.append(Column(name, name.replace("_", " ").capitalize(), kind_of(resource, name)))
    stamp = "updated_at" if "updated_at" in resource.by_name else "created_at"
    if stamp in resource.by_name:
        found.append(Column(stamp, stamp.removesuffix("_at").capitalize(), "time"))
    return tuple(found)


def kind_of(resource: Resource, name: str) -> str:
    """How an attribute's value reads: a link to what it references, a date, an amount, or text."""
    field = resource.by_name.get(name)
    if field is None:
        return "text"
    if isinstance(field.type, (Ref, StrRef)):
        return "ref"
    if isinstance(field.type, Timestamp):
        return "time"
    if isinstance(field.type, Number) and name in MONEY:
        return "money"
    if name == "status":
        return "status"
    return "text"


def plural(resource: Resource) -> str:
    """``credit_notes`` → ``Credit notes``."""
    return resource.path.replace("_", " ").capitalize()


def _title_attribute(resource: Resource) -> str | None:
    if resource.number_format and resource.object != "customer":
        return "number"
    return "name" if "name" in resource.by_name else None


def title(resource: Resource, shown: Mapping[str, Any]) -> str:
    """What a person calls the object: ``INV-00042``, ``Acme Corp``, ``Payment 12``."""
    named = _title_attribute(resource)
    value = shown.get(named) if named else None
    return str(value) if value not in (None, "") else f"{resource.label} {shown.get('id')}"


def target_title(business: Business, resource: Resource, object_id: Any) -> str:
    """The title of the object ``object_id`` of ``resource``, read from its stored record."""
    table = business.tables.get(resource.object)
    record = table.get(object_id) if table is not None else None
    return title(resource, record) if record is not None else f"{resource.label} {object_id} (gone)"
