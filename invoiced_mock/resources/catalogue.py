"""The catalogue: every resource the mock serves, registered here and nowhere else, and what the process
derives from the declarations alone, built once and shared by every app.

A resource module only declares its class; :func:`load_all` registers the classes of :data:`SERVED`, in that
order (the order of the URL map and of the OpenAPI document). The URL map, the OpenAPI document and the like
depend on nothing but the registered resources, so an ``InvoicedMock()`` takes them from here
(:func:`per_registry`) instead of building its own. Each is keyed on
:func:`~invoiced_mock.core.resource.registry_key`: a test that registers (or removes) a resource gets a fresh
build on its next call, every other call is a dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from invoiced_mock.core.resource import Resource, register, registry_key
from invoiced_mock.resources.api_keys import ApiKeys
from invoiced_mock.resources.attachments import Attachments
from invoiced_mock.resources.automation_enrollments import AutomationEnrollments
from invoiced_mock.resources.automation_runs import AutomationRuns
from invoiced_mock.resources.automation_workflows import AutomationWorkflows
from invoiced_mock.resources.charges import Charges, Refunds
from invoiced_mock.resources.chasing_cadences import ChasingCadences
from invoiced_mock.resources.companies import Companies
from invoiced_mock.resources.contacts import Contacts
from invoiced_mock.resources.coupons import Coupons
from invoiced_mock.resources.credit_balance_adjustments import CreditBalanceAdjustments
from invoiced_mock.resources.credit_notes import CreditNotes
from invoiced_mock.resources.custom_fields import CustomFields
from invoiced_mock.resources.customers import Customers
from invoiced_mock.resources.email_participants import EmailParticipants
from invoiced_mock.resources.email_templates import EmailTemplates
from invoiced_mock.resources.email_threads import EmailThreads
from invoiced_mock.resources.emails import Emails
from invoiced_mock.resources.estimates import Estimates
from invoiced_mock.resources.events import Events
from invoiced_mock.resources.exports import Exports
from invoiced_mock.resources.files import Files
from invoiced_mock.resources.gl_accounts import GlAccounts
from invoiced_mock.resources.inbox_emails import InboxEmails
from invoiced_mock.resources.inboxes import Inboxes
from invoiced_mock.resources.invoice_chasing_cadences import InvoiceChasingCadences
from invoiced_mock.resources.invoices import Invoices
from invoiced_mock.resources.items import Items
from invoiced_mock.resources.late_fee_schedules import LateFeeSchedules
from invoiced_mock.resources.letters import Letters
from invoiced_mock.resources.members import Members
from invoiced_mock.resources.merchant_accounts import MerchantAccounts
from invoiced_mock.resources.notes import Notes
from invoiced_mock.resources.notifications import Notifications
from invoiced_mock.resources.payment_link_sessions import PaymentLinkSessions
from invoiced_mock.resources.payment_links import PaymentLinks
from invoiced_mock.resources.payment_methods import PaymentMethods
from invoiced_mock.resources.payment_plans import PaymentPlans
from invoiced_mock.resources.payment_sources import BankAccounts, Cards, PaymentSources
from invoiced_mock.resources.payment_terms import PaymentTerms
from invoiced_mock.resources.payments import Payments
from invoiced_mock.resources.pdf_templates import PdfTemplates
from invoiced_mock.resources.pending_line_items import PendingLineItems
from invoiced_mock.resources.plans import Plans
from invoiced_mock.resources.reports import Reports
from invoiced_mock.resources.roles import Roles
from invoiced_mock.resources.scheduled_reports import ScheduledReports
from invoiced_mock.resources.sign_up_page_addons import SignUpPageAddons
from invoiced_mock.resources.sign_up_pages import SignUpPages
from invoiced_mock.resources.sms_templates import SmsTemplates
from invoiced_mock.resources.subscriptions import Subscriptions
from invoiced_mock.resources.tasks import Tasks
from invoiced_mock.resources.tax_rates import TaxRates
from invoiced_mock.resources.tax_rules import TaxRules
from invoiced_mock.resources.text_messages import TextMessages
from invoiced_mock.resources.themes import Themes
from invoiced_mock.resources.thread_notes import ThreadNotes
from invoiced_mock.resources.webhook_attempts import WebhookAttempts
from invoiced_mock.resources.webhooks import Webhooks

SERVED: tuple[type[Resource], ...] = (
    PaymentPlans,
    Cards,
    BankAccounts,
    PaymentSources,
    Charges,
    Refunds,
    Invoices,
    Customers,
    Contacts,
    Events,
    Items,
    Plans,
    Coupons,
    TaxRates,
    CreditNotes,
    Estimates,
    Notes,
    Files,
    Attachments,
    Emails,
    Letters,
    TextMessages,
    PendingLineItems,
    CreditBalanceAdjustments,
    Payments,
    Tasks,
    Subscriptions,
    Roles,
    Members,
    CustomFields,
    ChasingCadences,
    InvoiceChasingCadences,
    EmailTemplates,
    SmsTemplates,
    PdfTemplates,
    Themes,
    SignUpPages,
    SignUpPageAddons,
    TaxRules,
    GlAccounts,
    LateFeeSchedules,
    MerchantAccounts,
    PaymentMethods,
    Inboxes,
    Reports,
    Notifications,
    WebhookAttempts,
    Webhooks,
    ApiKeys,
    Companies,
    PaymentTerms,
    EmailThreads,
    InboxEmails,
    ThreadNotes,
    EmailParticipants,
    PaymentLinks,
    PaymentLinkSessions,
    ScheduledReports,
    Exports,
    AutomationWorkflows,
    AutomationEnrollments,
    AutomationRuns,
)

_loaded = False


def load_all() -> None:
    """Register every served resource; after the first call a flag check (``InvoicedMock()`` calls it every time)."""
    global _loaded
    if _loaded:
        return
    for declared in SERVED:
        register(declared)
    _loaded = True


T = TypeVar("T")


def per_registry(build: Callable[[], T]) -> Callable[[], T]:
    """``build()`` once per set of declarations (every resource loaded first); the result is shared, so
    callers must not mutate it."""
    cached = lru_cache(maxsize=4)(lambda key: build())

    @wraps(build)
    def shared() -> T:
        load_all()
        return cached(registry_key())

    return shared
