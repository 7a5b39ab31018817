import invoiced


def test_the_official_client_on_the_sandbox(invoiced_mock_server):
    client = invoiced.Client(invoiced_mock_server.api_key)  # any key: each is a business of its own
    client.api_url = invoiced_mock_server.base_url  # "http://127.0.0.1:8080" for `invoiced-mock serve`; no "/"

    customer = client.Customer.create(name="Acme Inc")

    assert client.Customer.retrieve(customer.id).name == "Acme Inc"
