"""httpx transports, sync and async: Invoiced URLs answered in process, network faults as httpx's exceptions."""

from __future__ import annotations

import asyncio

import httpx
import pytest

import invoiced_mock
from invoiced_mock import InvoicedMock

AUTH = ("sk_httpx", "")


def test_sync_client_reaches_the_app_with_query_body_and_list_headers() -> None:
    app = InvoicedMock()
    with httpx.Client(transport=invoiced_mock.httpx_transport(app), auth=AUTH) as client:
        created = client.post("https://api.invoiced.com/customers", json={"name": "Acme Inc"})
        found = client.get("https://api.sandbox.invoiced.com/customers", params={"filter[name]": "Acme Inc"})
    assert created.status_code == 201 and created.json()["number"] == "CUST-00001"
    assert [c["id"] for c in found.json()] == [1]
    assert found.headers["x-total-count"] == "1"


def test_async_client_reaches_the_same_app() -> None:
    app = InvoicedMock()

    async def scenario() -> list[int]:
        transport = invoiced_mock.httpx_transport(app, asynchronous=True)
        async with httpx.AsyncClient(transport=transport, auth=AUTH) as client:
            await client.post("https://api.invoiced.com/customers", json={"name": "A"})
            await client.post("https://api.invoiced.com/customers", json={"name": "B"})
            response = await client.get("https://api.invoiced.com/customers")
        return [c["id"] for c in response.json()]

    assert asyncio.run(scenario()) == [1, 2]


def test_network_faults_raise_httpx_exceptions_sync_and_async() -> None:
    app = InvoicedMock()
    app.faults.add("GET", "/customers", kind="connection_error")
    app.faults.add("GET", "/customers", kind="timeout")
    # A dropped connection is what httpcore reports when a server hangs up unanswered.
    with httpx.Client(transport=invoiced_mock.httpx_transport(app), auth=AUTH) as client, \
            pytest.raises(httpx.RemoteProtocolError, match="simulated connection error on GET"):
        client.get("https://api.invoiced.com/customers")

    async def timed_out() -> None:
        async with httpx.AsyncClient(transport=invoiced_mock.httpx_transport(app, asynchronous=True),
                                     auth=AUTH) as client:
            await client.get("https://api.invoiced.com/customers")

    with pytest.raises(httpx.ReadTimeout):
        asyncio.run(timed_out())
    assert [str(c) for c in app.journal] == ["GET /customers → connection_error", "GET /customers → timeout"]


def test_other_hosts_go_to_the_fallback_transport() -> None:
    seen: list[str] = []

    def other(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"ok": True})

    transport = invoiced_mock.httpx_transport(InvoicedMock())
    transport.fallback = httpx.MockTransport(other)
    with httpx.Client(transport=transport) as client:
        assert client.get("https://example.com/x").json() == {"ok": True}
    assert seen == ["https://example.com/x"]


def test_clients_built_without_a_transport_reach_the_mock_while_intercepting() -> None:
    from werkzeug import Response

    from invoiced_mock.intercept.urllib3_transport import intercept
    from invoiced_mock.server.threads import ServerThread

    def elsewhere(environ: dict, start_response: object) -> object:
        return Response("real server")(environ, start_response)

    app = InvoicedMock()

    async def listed() -> list[dict]:
        async with httpx.AsyncClient(auth=AUTH) as client:
            return (await client.get("https://api.sandbox.invoiced.com/customers")).json()  # type: ignore[no-any-return]

    before = (httpx.HTTPTransport.handle_request, httpx.AsyncHTTPTransport.handle_async_request)
    with ServerThread(elsewhere) as server, intercept(app):
        with httpx.Client(auth=AUTH) as client:
            assert client.post("https://api.invoiced.com/customers", json={"name": "Acme"}).status_code == 201
            assert client.get(server.base_url).text == "real server"  # other hosts untouched
        assert [c["name"] for c in asyncio.run(listed())] == ["Acme"]
    assert (httpx.HTTPTransport.handle_request, httpx.AsyncHTTPTransport.handle_async_request) == before
    assert [str(c) for c in app.journal] == ["POST /customers → 201", "GET /customers → 200"]


def test_latency_past_the_requests_read_timeout_is_a_read_timeout_sync_and_async() -> None:
    app = InvoicedMock()
    waited: list[float] = []
    app.faults.sleep = waited.append
    app.faults.add("GET", "/customers", kind="delay", delay=2, times=None)
    app.faults.add("POST", "/customers", kind="connect_timeout")
    timeout = httpx.Timeout(5, read=0.5)
    with httpx.Client(transport=invoiced_mock.httpx_transport(app), auth=AUTH, timeout=timeout) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get("https://api.invoiced.com/customers")
        with pytest.raises(httpx.ConnectTimeout):
            client.post("https://api.invoiced.com/customers", json={"name": "A"})
        assert client.get("https://api.invoiced.com/customers", timeout=3).status_code == 200

    async def timed_out() -> None:
        async with httpx.AsyncClient(transport=invoiced_mock.httpx_transport(app, asynchronous=True), auth=AUTH,
                                     timeout=timeout) as client:
            await client.get("https://api.invoiced.com/customers")

    with pytest.raises(httpx.ReadTimeout):
        asyncio.run(timed_out())
    assert waited == [0.5, 2, 0.5]
