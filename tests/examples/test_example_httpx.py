import asyncio

import httpx


def test_httpx_sync_and_async(invoiced_mock):
    auth = (invoiced_mock.api_key, "")
    with httpx.Client(transport=invoiced_mock.httpx_transport(), auth=auth) as http:
        assert http.post("https://api.invoiced.com/customers", json={"name": "Acme"}).status_code == 201

    async def count():
        async with httpx.AsyncClient(transport=invoiced_mock.httpx_transport(asynchronous=True), auth=auth) as http:
            return (await http.get("https://api.invoiced.com/customers")).headers["X-Total-Count"]

    assert asyncio.run(count()) == "1"


def test_httpx_clients_of_your_own_reach_the_mock_too(invoiced_mock):
    with httpx.Client(auth=(invoiced_mock.api_key, "")) as http:   # no transport: as in production
        http.post("https://api.invoiced.com/customers", json={"name": "Acme"})
        assert http.get("https://api.invoiced.com/customers").json()[0]["name"] == "Acme"
