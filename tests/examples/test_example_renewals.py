from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock

KEY = ("sk_test", "")


def test_a_monthly_subscription_renews_as_the_clock_moves():
    clock = Clock(frozen_at=1_700_000_000)  # 2023-11-14 22:13:20 UTC
    http = Client(InvoicedMock(clock=clock))
    http.post("/plans", json={"id": "starter", "name": "Starter", "interval": "month", "amount": 49}, auth=KEY)
    customer = http.post("/customers", json={"name": "Acme"}, auth=KEY).get_json()
    http.post("/subscriptions", json={"customer": customer["id"], "plan": "starter"}, auth=KEY)  # bills month 1

    clock.advance(days=95)  # renews on Dec 14, Jan 14 and Feb 14

    invoices = http.get("/invoices", auth=KEY).get_json()
    assert [i["total"] for i in invoices] == [49, 49, 49, 49]


def test_a_declined_card_is_retried_and_a_sync_sees_one_change():
    clock = Clock(frozen_at=1_700_000_000)
    http = Client(InvoicedMock(clock=clock))
    customer = http.post("/customers", json={"name": "Retry Ltd", "autopay": True}, auth=KEY).get_json()
    http.post(f"/customers/{customer['id']}/payment_sources", auth=KEY,
              json={"method": "credit_card", "invoiced_token": "tok_decline_first_1"})  # declines once
    http.post("/invoices", json={"customer": customer["id"], "items": [{"name": "Work", "unit_cost": 100}]}, auth=KEY)
    since = clock.now()

    clock.advance(hours=1)  # AutoPay's first attempt: declined, a retry planned 3 days later
    clock.advance(days=3)  # the retry: paid

    changed = http.get("/invoices", query_string={"updated_after": since, "sort": "updated_at ASC"},
                       auth=KEY).get_json()
    assert [(i["status"], i["attempt_count"], i["updated_at"] - since) for i in changed] == [
        ("paid", 2, 3 * 86_400 + 3600)]
    charges = http.get("/charges", auth=KEY).get_json()
    assert [(c["status"], c["failure_message"]) for c in charges] == [
        ("failed", "Your card was declined."), ("succeeded", None)]
