"""Fixtures for the inspector's tests: a business with customers and invoices made through the API, and a way
to submit a page's form as a browser would (its fields, its token, from the page's own origin)."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client, TestResponse

from tests.conftest import API_KEY, Api
from tests.control.inspector.page import Page

UI = "/_mock/ui"
BUSINESS = f"{UI}/business/{API_KEY}"
DAY = 86_400


def page(http: Client | Api, path: str, **kwargs: Any) -> Page:
    client = http.http if isinstance(http, Api) else http
    response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:500])
    return Page(response)


def submit(http: Client | Api, form_page: Page, button: str, auth: Any = None, **changes: str) -> TestResponse:
    """Post the form holding ``button`` with its own fields (``changes`` typed over them), as the page's origin."""
    client = http.http if isinstance(http, Api) else http
    form = form_page.form(button)
    assert form.method == "post", form
    unknown = set(changes) - set(form.fields)
    assert not unknown, f"the form has no field {sorted(unknown)} (it has {sorted(form.fields)})"
    data = {**form.fields, **changes}
    return client.post(form.action, data=data, auth=auth, headers={"Origin": "http://localhost"})


def customers_and_invoices(api: Api, count: int = 3) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Two customers and ``count`` invoices alternating between them, due 30 days after the epoch, sent."""
    acme = api.create("/customers", name="Acme Corp", payment_terms="NET 30")
    umbrella = api.create("/customers", name="Umbrella Ltd", payment_terms="NET 30")
    invoices = []
    for n in range(count):
        owner = acme if n % 2 == 0 else umbrella
        invoices.append(api.create("/invoices", customer=owner["id"], sent=True,
                                   items=[{"name": "Hosting", "quantity": 1, "unit_cost": 100 + n}]))
    return [acme, umbrella], invoices


def accessibility_violations(browser: Any) -> list[str]:
    """What axe-core (bundled by selenium-axe-python) finds wrong on the page open in ``browser`` against
    WCAG 2.1 A and AA (labels, headings, contrast, names of links and buttons...) and its best practices."""
    from selenium_axe_python import Axe

    Axe(browser).inject()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
    results = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(done, e => done(String(e)));", options)
    assert isinstance(results, dict), results
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"]]
