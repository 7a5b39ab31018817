import invoiced


def register(name, email):  # your code: it builds the client exactly as in production
    client = invoiced.Client("sk_test_invoiced_mock")
    return client.Customer.create(name=name, email=email)


def test_register_creates_the_customer(invoiced_mock):
    customer = register("Acme Inc", "billing@acme.test")

    assert customer.number == "CUST-00001"
    invoiced_mock.requests.assert_called("POST", "/customers", times=1, json={"name": "Acme Inc"})
