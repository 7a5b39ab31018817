import requests


def test_the_journal_matches_parameters_as_sent_on_the_wire(invoiced_mock):
    requests.post("https://api.invoiced.com/customers", data={"name": "Acme", "metadata[tier]": "gold"},
                  headers={"Idempotency-Key": "signup-0001"}, auth=(invoiced_mock.api_key, ""))
    invoiced_mock.client.Invoice.list(filter={"status": "past_due"})

    invoiced_mock.requests.assert_called("POST", "/customers", json={"metadata": {"tier": "gold"}},
                                         headers={"idempotency-key": "signup-0001"})
    invoiced_mock.requests.assert_called("GET", "/invoices", query={"filter[status]": "past_due"})
    assert invoiced_mock.requests[0].body == "name=Acme&metadata%5Btier%5D=gold"
