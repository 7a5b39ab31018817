from werkzeug.test import Client

from invoiced_mock import InvoicedMock, Journal


def test_a_smaller_journal_and_a_number_refused_on_its_text():
    mock = InvoicedMock()
    mock.journal = Journal(limit=1_000, max_bytes=8 * 2**20, total_bytes=32 * 2**20)  # per key, all keys
    http = Client(mock)

    refused = http.post("/customers", data='{"name": "x", "owner": 1e400000}', content_type="application/json",
                        auth=("sk_test", ""))

    assert refused.status_code == 400 and refused.get_json()["param"] == "owner"
    assert http.get("/customers", auth=("sk_test", "")).get_json() == []  # a refused request writes nothing
