"""The customer's side: the pages a business's customers open from the links the API returns.

Served on the sandbox's own origin under ``/portal/<business public id>/<kind>/<client id>`` (the paths are
``rules/customer_links.py``'s), before authentication: a customer's browser has no API key, the unguessable
client id in the link is what lets it in. Every write a page makes goes through the API's own operations
(``POST /charges``, ``PATCH /estimates/:id``, ``POST /subscriptions``...), matched by the app's router and run
by ``core.operations.perform``, so the objects, events and webhooks are those an API call would make.

    routes      which page answers a path, the 404 for a wrong link
    visit       one request to one object's pages (what a page handler is given)
    pages       rendering: templates under ``templates/customer/``, the protections every answer carries
    forms       a payment form read into what ``POST /charges`` takes, with the customer's mistakes
    documents   invoices, credit notes and estimates: view (marks viewed), PDF, CSV, estimate approval
    paying      paying an invoice, an estimate's deposit or several open invoices; receipts
    statements  a customer's open items and balance
    sign_up     sign-up pages: a customer, a payment source and a subscription
"""
