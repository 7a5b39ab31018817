def test_a_customer_with_contacts_in_one_line(invoiced_mock):
    acme = invoiced_mock.factories.customer(name="Acme", contacts=[{"name": "Ann"}, {"name": "Bob"}])

    assert acme["number"] == "CUST-00001"                       # the dict the API returns
    assert [c["name"] for c in acme.related["contacts"]] == ["Ann", "Bob"]
    assert invoiced_mock.client.Customer.retrieve(acme["id"]).name == "Acme"
