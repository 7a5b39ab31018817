"""Tax rules: a tax rate for a country (upper-cased ISO code) and state."""

from __future__ import annotations

import invoiced

from tests.conftest import Api


def test_rules_name_an_existing_rate(api: Api) -> None:
    assert api.post("/tax_rules", json={}).get_json()["param"] == "tax_rate"
    assert api.post("/tax_rules", json={"tax_rate": "gst"}).get_json() == {
        "type": "invalid_request", "message": "No such tax rate: gst", "param": "tax_rate"}
    api.create("/tax_rates", id="gst", name="GST", value=5)
    assert api.post("/tax_rules", json={"tax_rate": "gst", "country": "CAN"}).get_json()["param"] == "country"
    assert api.post("/tax_rules", json={"tax_rate": "gst", "country": "ßa"}).get_json()["param"] == "country"  # "SSA"
    rule = api.create("/tax_rules", tax_rate="gst", country="ca", state="BC")
    assert (rule["tax_rate"], rule["country"], rule["state"]) == ("gst", "CA", "BC")
    assert api.get("/tax_rules?filter[country]=CA").headers["X-Total-Count"] == "1"


def test_tax_rules_through_the_client(client: invoiced.Client) -> None:
    client.TaxRate.create(id="vat", name="VAT", value=20)
    rule = client.TaxRule.create(tax_rate="vat", country="GB")
    assert [r.id for r in client.TaxRule.list()[0]] == [rule.id]
    assert rule.delete() is True
