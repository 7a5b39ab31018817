import pytest


def big_world(mock):  # runs once per session; every test gets its own independent copy
    acme = mock.factories.customer(name="Acme")
    mock.factories.many("customer", 50)
    return {"acme": acme["id"]}


@pytest.mark.invoiced_mock(seed=big_world)
def test_starts_from_the_seeded_world(invoiced_mock):
    acme = invoiced_mock.client.Customer.retrieve(invoiced_mock.world["acme"])
    acme.name = "Renamed here only"
    acme.save()

    with invoiced_mock.snapshot():         # and roll back inside a test when you want
        invoiced_mock.client.Customer.create(name="Temporary")
    customers, metadata = invoiced_mock.client.Customer.list(per_page=1)
    assert metadata.total_count == 51
    assert customers[0].name == "Renamed here only"
