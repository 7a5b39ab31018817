from hypothesis import given, settings

from invoiced_mock import Harness, strategies


@settings(max_examples=25)
@given(payload=strategies.create_payload("customer"))
def test_every_valid_customer_is_accepted_and_read_back(payload):
    with Harness.in_process() as mock:  # a fresh mock per example (a fixture would be shared by all of them)
        created = mock.client.Customer.create(**payload)

        assert mock.client.Customer.retrieve(created.id).name == payload["name"]


@settings(max_examples=10)
@given(steps=strategies.graph("contact"))  # a customer, then contacts under it
def test_linked_objects_are_created_in_order(steps):
    with Harness.in_process() as mock:
        def post(path, payload):  # the official client's raw request: the created object is the body
            return mock.client.request("POST", path, payload)["body"]

        created = strategies.create_all(steps, post)

        assert [obj["object"] for obj in created] == [step.object for step in steps]
