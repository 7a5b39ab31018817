from werkzeug.test import Client

from invoiced_mock import InvoicedMock


def test_the_app_answers_like_the_api():
    mock = InvoicedMock(keys=["sk_test"])  # only that key; without keys= every key is a business of its own
    http = Client(mock)

    created = http.post("/customers", json={"name": "Acme"}, auth=("sk_test", ""))
    refused = http.get("/customers", auth=("sk_other", ""))

    assert created.status_code == 201 and created.get_json()["number"] == "CUST-00001"
    assert refused.status_code == 401 and refused.get_json()["type"] == "invalid_request"
    assert [call.status for call in mock.journal.calls()] == [201, 401]
