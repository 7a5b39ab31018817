"""The in-process requests transport: what it intercepts, what it leaves alone, how network faults surface."""

from __future__ import annotations

import json

import pytest
import requests
import responses
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import InvoicedMock
from invoiced_mock.intercept.origins import ROUTES, Base, Group
from invoiced_mock.intercept.urllib3_transport import intercept

AUTH = ("sk_transport", "")


def test_requests_to_both_invoiced_hosts_are_answered_by_the_app_in_process() -> None:
    app = InvoicedMock()
    with intercept(app):
        created = requests.post("https://api.invoiced.com/customers", json={"name": "Acme"}, auth=AUTH)
        # The sandbox host reaches the same app; the business is the key's, whichever host.
        listed = requests.get("https://api.sandbox.invoiced.com/customers", auth=AUTH)
    assert created.status_code == 201
    assert created.json()["statement_pdf_url"] == "https://api.invoiced.com/customers/1/statement.pdf"
    assert [c["name"] for c in listed.json()] == ["Acme"]
    assert listed.headers["X-Total-Count"] == "1"
    assert [str(call) for call in app.journal] == ["POST /customers → 201", "GET /customers → 200"]


def test_a_session_of_the_callers_own_is_intercepted_too() -> None:
    app = InvoicedMock()
    with intercept(app), requests.Session() as session:
        session.auth = AUTH
        response = session.get("https://api.invoiced.com/customers?filter%5Bname%5D=Acme%20Inc")
    assert response.status_code == 200
    assert app.journal.calls()[0].query == {"filter": {"name": "Acme Inc"}}


def test_interception_ends_with_the_block_and_restores_requests_and_urllib3() -> None:
    from urllib3.connectionpool import HTTPSConnectionPool

    before = (requests.Session.get_adapter, HTTPSConnectionPool._new_conn, ROUTES.groups)
    with intercept(InvoicedMock()):
        assert ROUTES.groups != before[2]
    assert (requests.Session.get_adapter, HTTPSConnectionPool._new_conn, ROUTES.groups) == before


@responses.activate
def test_other_hosts_are_untouched_and_the_responses_library_still_answers_them() -> None:
    responses.add(responses.GET, "https://example.com/rates", json={"eur": 1.1})
    app = InvoicedMock()
    with intercept(app):
        other = requests.get("https://example.com/rates")
        ours = requests.get("https://api.invoiced.com/customers", auth=AUTH)
    assert other.json() == {"eur": 1.1}
    assert ours.status_code == 200 and ours.json() == []
    assert len(responses.calls) == 1 and len(app.journal) == 1


def test_a_lookalike_host_is_not_ours_and_host_case_does_not_matter() -> None:
    app = InvoicedMock()
    with intercept(app):
        assert ROUTES.find_url("https://api.invoiced.com.evil.example/customers") is None
        assert ROUTES.find_url("https://API.invoiced.com/customers") == (Base.parse("https://api.invoiced.com"), app)
        assert ROUTES.find_url("https://api.invoiced.com:8443/customers") is None


def test_an_extra_base_url_with_a_path_prefix_mounts_the_api_under_it() -> None:
    app = InvoicedMock()
    with intercept(app, ["https://billing.internal/invoiced/"]):
        response = requests.post("https://billing.internal/invoiced/customers", json={"name": "A"}, auth=AUTH)
    assert response.status_code == 201
    # Object URLs point back at where the caller reached the API, prefix included.
    assert response.json()["statement_pdf_url"] == "https://billing.internal/invoiced/customers/1/statement.pdf"


def test_nested_interceptions_use_the_innermost_app_and_unwind_in_order() -> None:
    outer, inner = InvoicedMock(), InvoicedMock()
    with intercept(outer):
        with intercept(inner):
            requests.get("https://api.invoiced.com/customers", auth=AUTH)
        requests.get("https://api.invoiced.com/customers", auth=AUTH)
    assert (len(outer.journal), len(inner.journal)) == (1, 1)


def test_scripted_connection_errors_and_timeouts_are_raised_in_process_and_journaled() -> None:
    app = InvoicedMock()
    app.faults.add("POST", "/customers", kind="connection_error")
    app.faults.add("GET", "/customers/*", kind="timeout", times=2)
    with intercept(app):
        with pytest.raises(requests.ConnectionError, match=r"Connection aborted.*simulated connection error on POST"):
            requests.post("https://api.invoiced.com/customers", json={"name": "A"}, auth=AUTH)
        with pytest.raises(requests.ReadTimeout, match=r"Read timed out. \(read timeout=5\)"):
            requests.get("https://api.invoiced.com/customers/1", auth=AUTH, timeout=5)
        # No read timeout: the real API would leave the client hanging; the mock drops the connection instead.
        with pytest.raises(requests.ConnectionError, match="read timeout is not set"):
            requests.get("https://api.invoiced.com/customers/1", auth=AUTH)
        retried = requests.post("https://api.invoiced.com/customers", json={"name": "A"}, auth=AUTH)
    assert retried.status_code == 201
    assert [str(c) for c in app.journal] == [
        "POST /customers → connection_error", "GET /customers/1 → timeout", "GET /customers/1 → timeout",
        "POST /customers → 201"]
    assert app.journal.calls()[0].status is None and app.journal.calls()[0].json == {"name": "A"}


def test_a_delay_fault_waits_through_the_faults_sleep_then_answers() -> None:
    waited: list[float] = []
    app = InvoicedMock()
    app.faults.sleep = waited.append
    app.faults.add("GET", "/customers", kind="delay", delay=2.5)
    with intercept(app):
        response = requests.get("https://api.invoiced.com/customers", auth=AUTH)
    assert response.status_code == 200 and waited == [2.5]


def test_bodies_given_as_text_bytes_or_form_fields_arrive_whole() -> None:
    app = InvoicedMock()
    with intercept(app):
        requests.post("https://api.invoiced.com/customers", data='{"name": "Text"}', auth=AUTH,
                      headers={"Content-Type": "application/json"})
        requests.post("https://api.invoiced.com/customers", data=b'{"name": "Bytes"}', auth=AUTH,
                      headers={"Content-Type": "application/json"})
        requests.post("https://api.invoiced.com/customers", data={"name": "Form"}, auth=AUTH)
        names = [c["name"] for c in requests.get("https://api.invoiced.com/customers", auth=AUTH).json()]
    assert names == ["Text", "Bytes", "Form"]


segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)


@settings(max_examples=40, deadline=None)
@given(path=st.lists(segment, max_size=4).map(lambda parts: "".join("/" + p for p in parts)))
def test_every_path_under_a_base_is_matched_to_it_and_a_longer_base_wins(path: str) -> None:
    group = Group.of(["https://api.invoiced.com", "https://api.invoiced.com/v2/"], None)
    longest = next(b for b in group.bases if b.holds("/v2" + path))
    assert longest.url == "https://api.invoiced.com/v2"
    assert all(b.url == "https://api.invoiced.com" for b in group.bases if b.holds("/v3" + path))


def test_threads_of_the_code_under_test_share_the_interception_safely() -> None:
    from concurrent.futures import ThreadPoolExecutor

    app = InvoicedMock()
    with intercept(app), ThreadPoolExecutor(max_workers=4) as pool:
        made = list(pool.map(lambda n: requests.post("https://api.invoiced.com/customers", json={"name": f"C{n}"},
                                                     auth=AUTH).json()["id"], range(16)))
    assert sorted(made) == list(range(1, 17))


def test_a_streamed_response_reads_the_same_bytes() -> None:
    app = InvoicedMock()
    with intercept(app):
        requests.post("https://api.invoiced.com/customers", json={"name": "Acme"}, auth=AUTH)
        streamed = requests.get("https://api.invoiced.com/customers", auth=AUTH, stream=True)
        body = b"".join(streamed.iter_content(chunk_size=7))
    assert [c["name"] for c in json.loads(body)] == ["Acme"]


metadata_values = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)


@settings(max_examples=30, deadline=None)
@given(name=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                    max_size=40).filter(str.strip),
       metadata=st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,9}", fullmatch=True), metadata_values, max_size=3))
def test_any_json_body_arrives_and_is_journaled_exactly_as_sent(name: str, metadata: dict[str, str]) -> None:
    app = InvoicedMock()
    with intercept(app):
        response = requests.post("https://api.invoiced.com/customers", json={"name": name, "metadata": metadata},
                                 auth=AUTH)
    assert response.status_code == 201, response.text
    assert (response.json()["name"], response.json()["metadata"]) == (name, metadata)
    assert app.journal.calls()[0].json == {"name": name, "metadata": metadata}


def test_responses_started_inside_an_interception_still_leaves_invoiced_hosts_to_the_mock() -> None:
    app = InvoicedMock()
    with intercept(app), responses.RequestsMock() as mocked:
        mocked.add(responses.POST, "https://hooks.example/notify", status=204)
        assert requests.post("https://hooks.example/notify").status_code == 204
        assert requests.get("https://api.invoiced.com/customers", auth=AUTH).status_code == 200
    assert [str(c) for c in app.journal] == ["GET /customers → 200"]


def test_a_connect_timeout_fault_is_the_connect_side_exception_and_retried_as_a_connect_error() -> None:
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    app = InvoicedMock()
    app.faults.add("POST", "/customers", kind="connect_timeout")
    with intercept(app), requests.Session() as session:
        with pytest.raises(requests.ConnectTimeout, match="simulated connect timeout on POST"):
            session.post("https://api.invoiced.com/customers", json={"name": "A"}, auth=AUTH, timeout=3)
        app.faults.add("POST", "/customers", kind="connect_timeout")
        # urllib3 retries connect errors even for POST: the request never left the client.
        session.mount("https://", HTTPAdapter(max_retries=Retry(total=1, connect=1)))
        assert session.post("https://api.invoiced.com/customers", json={"name": "A"}, auth=AUTH).status_code == 201
    assert [str(c) for c in app.journal] == ["POST /customers → connect_timeout", "POST /customers → connect_timeout",
                                             "POST /customers → 201"]


def test_a_session_pooled_across_interceptions_follows_the_current_one() -> None:
    first, second = InvoicedMock(), InvoicedMock()
    with requests.Session() as session:
        session.auth = AUTH
        with intercept(first):
            session.get("https://api.invoiced.com/customers")
        with intercept(second):
            session.get("https://api.invoiced.com/customers")
    assert (len(first.journal), len(second.journal)) == (1, 1)


def test_on_a_routed_host_paths_outside_the_base_go_to_the_real_server() -> None:
    from werkzeug import Response

    from invoiced_mock.server.threads import ServerThread

    def elsewhere(environ: dict, start_response: object) -> object:
        return Response(f"real {environ['PATH_INFO']}")(environ, start_response)

    app = InvoicedMock()
    with ServerThread(elsewhere) as server, intercept(app, [f"{server.base_url}/api"]), requests.Session() as session:
        for _ in range(2):  # and again on the pooled connection
            assert session.get(f"{server.base_url}/api/customers", auth=AUTH).json() == []
            assert session.get(f"{server.base_url}/wiki").text == "real /wiki"
    assert len(app.journal) == 2
