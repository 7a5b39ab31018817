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
