from werkzeug.test import Client

from invoiced_mock import InvoicedMock


def test_the_inspector_shows_a_business_to_its_key():
    mock = InvoicedMock()  # `invoiced-mock serve` serves the same pages at http://127.0.0.1:8080/_mock/ui
    http = Client(mock)
    http.post("/customers", json={"name": "Acme"}, auth=("sk_team", ""))

    index = http.get("/_mock/ui", auth=("sk_team", ""))  # a browser asks for the key as the user name
    customers = http.get("/_mock/ui/business/sk_team/objects/customer", auth=("sk_team", ""))

    assert index.status_code == 200 and "/_mock/ui/business/sk_team" in index.get_data(as_text=True)
    assert "Acme" in customers.get_data(as_text=True)
    assert http.get("/_mock/ui").status_code == 200  # a loopback server without --admin-token: open
