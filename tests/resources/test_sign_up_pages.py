"""Sign-up pages and their addons: catalogue references shown as objects, a hosted URL, addons go with the page."""

from __future__ import annotations

import invoiced

from tests.conftest import Api


def test_pages_show_their_plans_and_url(api: Api) -> None:
    plan = api.create("/plans", id="pro", name="Pro", amount=100, interval="month")
    api.create("/tax_rates", id="vat", name="VAT", value=20)
    assert api.post("/sign_up_pages", json={"name": "Join", "plans": ["gold"]}).get_json()["param"] == "plans"
    assert api.post("/sign_up_pages", json={"name": "Join", "type": "trial"}).get_json()["param"] == "type"
    assert api.post("/sign_up_pages", json={"name": "Join", "tos_url": "terms"}).get_json()["param"] == "tos_url"
    page = api.create("/sign_up_pages", name="Join", plans=["pro"], taxes=["vat"], tos_url="https://x.test/tos")
    assert page["plans"] == [plan] and [t["id"] for t in page["taxes"]] == ["vat"]
    assert page["url"].startswith("http://localhost/portal/") and "/pages/" in page["url"]
    assert page["setup_fee"] is None and page["custom_fields"] == []
    api.create("/plans", id="bespoke", name="Bespoke", interval="month", pricing_mode="custom")
    custom = api.patch(f"/sign_up_pages/{page['id']}", json={"plans": ["pro", "bespoke"]})
    assert custom.status_code == 400 and custom.get_json() == {
        "type": "invalid_request", "message": "Custom priced plans are not allowed on sign up pages", "param": "plans"}
    addon = api.post("/sign_up_page_addons", json={"sign_up_page": page["id"], "type": "boolean", "plan": "bespoke"})
    assert addon.status_code == 400 and addon.get_json()["param"] == "plan"
    assert api.create("/sign_up_page_addons", sign_up_page=page["id"], type="boolean", plan="pro")["plan"] == "pro"


def test_addons_belong_to_a_page(api: Api) -> None:
    api.create("/items", id="setup", name="Setup", unit_cost=50)
    page = api.create("/sign_up_pages", name="Join")
    assert api.post("/sign_up_page_addons", json={"type": "quantity"}).get_json()["param"] == "sign_up_page"
    assert api.post("/sign_up_page_addons", json={"sign_up_page": 99, "type": "quantity"}
                    ).get_json()["param"] == "sign_up_page"
    assert api.post("/sign_up_page_addons", json={"sign_up_page": page["id"], "type": "many"}
                    ).get_json()["param"] == "type"
    addon = api.create("/sign_up_page_addons", sign_up_page=page["id"], type="quantity", catalog_item="setup")
    assert (addon["catalog_item"], addon["plan"], addon["recurring"], addon["required"], addon["order"]) == (
        "setup", None, False, False, None)
    assert api.get(f"/sign_up_page_addons/{addon['id']}?expand=catalog_item").get_json()["catalog_item"]["name"] \
        == "Setup"
    moved = api.patch(f"/sign_up_page_addons/{addon['id']}", json={"sign_up_page": page["id"] + 1})
    assert moved.status_code == 400 and moved.get_json()["param"] == "sign_up_page"
    changed = api.patch(f"/sign_up_page_addons/{addon['id']}", json={"order": 2, "required": True})
    assert changed.get_json()["order"] == 2
    listed = api.get(f"/sign_up_page_addons?filter[sign_up_page]={page['id']}")
    assert listed.headers["X-Total-Count"] == "1" and listed.get_json()[0]["required"] is True
    assert api.delete(f"/sign_up_pages/{page['id']}").status_code == 204
    assert api.get(f"/sign_up_page_addons/{addon['id']}").status_code == 404


def test_sign_up_pages_through_the_client(client: invoiced.Client) -> None:
    page = client.SignUpPage.create(name="Trial", trial_period_days=14, type="autopay")
    assert "/portal/" in page.url and "/pages/" in page.url
    page.name = "Free trial"
    assert page.save() is True and client.SignUpPage.retrieve(page.id).name == "Free trial"
    assert page.delete() is True
