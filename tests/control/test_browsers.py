"""What a browser may do on the control plane: no other site (nor a DNS-rebound name) drives it, its writes
take JSON or the inspector's own form token, and its pages cannot be framed or sniffed."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH

KEY = ("sk_browsed", "")
EVIL = "http://evil.test"


@pytest.fixture
def app() -> InvoicedMock:
    mock = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    Client(mock).post("/customers", json={"name": "Acme"}, auth=KEY)
    return mock


def untouched(app: InvoicedMock) -> None:
    http = Client(app)
    assert [c["name"] for c in http.get("/customers", auth=KEY).get_json()] == ["Acme"]
    assert http.get("/_mock/clock").get_json() == {"now": EPOCH, "frozen": True}
    assert http.get("/_mock/faults").get_json() == []


@pytest.mark.parametrize("path, body", [("/_mock/reset", ""), ("/_mock/clock", '{"advance": {"days": 400}}'),
                                        ("/_mock/faults", '{"status": 503, "times": null}')])
@pytest.mark.parametrize("headers", [{"Origin": EVIL}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                                     {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:9999"},
                                     {"Origin": EVIL, "Content-Type": "application/json"}])
def test_another_site_cannot_write_through_the_control_plane(app: InvoicedMock, path: str, body: str,
                                                             headers: dict[str, str]) -> None:
    sent = {"Content-Type": "text/plain", **headers}
    refused = Client(app).post(path, data=body, headers=sent)
    assert refused.status_code == 403, refused.get_data(as_text=True)
    assert refused.get_json()["param"] in ("Origin", "Sec-Fetch-Site")
    untouched(app)


def test_a_page_of_the_same_origin_may_write(app: InvoicedMock) -> None:
    http = Client(app)
    same = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert http.post("/_mock/clock", json={"advance": 60}, headers=same).get_json()["now"] == EPOCH + 60
    assert http.post("/_mock/clock", json={"advance": 60}, headers={"Sec-Fetch-Site": "none"}).status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          "application/xml"])
def test_a_write_takes_a_json_body_not_one_a_form_could_send(app: InvoicedMock, content_type: str) -> None:
    refused = Client(app).post("/_mock/reset", data='{"x": 1}', content_type=content_type)
    assert refused.status_code == 415
    assert refused.get_json() == {"type": "invalid_request", "param": "Content-Type",
                                  "message": "The control plane takes JSON: send Content-Type: application/json"}
    moved = Client(app).post("/_mock/clock", data='{"advance": 60}', content_type="text/plain;charset=UTF-8")
    assert moved.status_code == 415
    untouched(app)


@pytest.mark.parametrize("host", ["rebind.attacker.test", "rebind.attacker.test:8080", "localhost.attacker.test",
                                  "evil.localhost"])
def test_a_name_other_than_the_servers_own_is_refused_as_dns_rebinding(app: InvoicedMock, host: str) -> None:
    http = Client(app)
    for method, path in [("GET", "/_mock/requests"), ("GET", "/_mock/ui"), ("POST", "/_mock/reset"),
                         ("GET", "/_mock/export")]:
        refused = http.open(path, method=method, headers={"Host": host}, auth=KEY)
        assert refused.status_code == 403, (path, refused.get_data(as_text=True))
        assert "--allowed-host" in refused.get_data(as_text=True)
        if refused.is_json:  # the inspector's pages say it as a page
            assert refused.get_json()["param"] == "Host"
    untouched(app)


@pytest.mark.parametrize("host", ["localhost", "localhost:8080", "127.0.0.1:8080", "[::1]:8080", "10.1.2.3",
                                  "sandbox.internal:8080"])
def test_the_bound_address_localhost_ip_literals_and_allowed_names_are_served(host: str) -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH), allowed_hosts=["sandbox.internal"])
    assert Client(app).get("/_mock/clock", headers={"Host": host}).status_code == 200


def test_the_api_itself_refuses_a_write_from_another_site_and_still_answers_reads(app: InvoicedMock) -> None:
    http = Client(app)
    for headers in ({"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}):
        refused = http.post("/customers", data="name=Evil", content_type="application/x-www-form-urlencoded",
                            headers=headers, auth=KEY)
        assert refused.status_code == 403 and refused.get_json()["param"] in ("Origin", "Sec-Fetch-Site")
        assert http.get("/customers", headers=headers, auth=KEY).status_code == 200
    untouched(app)


def test_inspector_forms_carry_a_token_and_a_form_without_it_is_refused(app: InvoicedMock) -> None:
    http = Client(app)
    page = http.get("/_mock/ui/business/sk_browsed/reset").get_data(as_text=True)
    token = re.search(r'name="token" value="([0-9a-f]+)"', page)
    assert token is not None
    same_origin = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    forged = http.post("/_mock/ui/business/sk_browsed/reset", data={}, headers=same_origin)
    assert forged.status_code == 403
    wrong = http.post("/_mock/ui/business/sk_browsed/reset", data={"token": "0" * len(token.group(1))},
                      headers=same_origin)
    assert wrong.status_code == 403
    untouched(app)
    done = http.post("/_mock/ui/business/sk_browsed/reset", data={"token": token.group(1)}, headers=same_origin)
    assert done.status_code == 303
    assert http.get("/customers", auth=KEY).get_json() == []


def test_a_token_is_bound_to_the_credential_that_fetched_it() -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH), admin_token="t0k")
    http = Client(app)
    http.post("/customers", json={"name": "A"}, auth=KEY)
    page = http.get("/_mock/ui/business/sk_browsed/reset", auth=KEY).get_data(as_text=True)
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    reset = "/_mock/ui/business/sk_browsed/reset"
    assert http.post(reset, data={"token": token}, auth=("t0k", "")).status_code == 403  # the admin's is another
    assert http.get("/customers", auth=KEY).get_json() != []
    assert http.post(reset, data={"token": token}, auth=KEY).status_code == 303


@pytest.mark.parametrize("path", ["/_mock/ui", "/_mock/ui/business/sk_browsed", "/_mock/requests", "/_mock/nothing"])
def test_every_answer_of_the_control_plane_forbids_framing_and_sniffing(app: InvoicedMock, path: str) -> None:
    answer = Client(app).get(path)
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert answer.headers["Cache-Control"] == "no-store"


ATTACK = """<!doctype html><html><head><title>attacking</title></head><body>
<iframe name=sink style="display:none"></iframe>
<form id=reset method=post action="{base}/_mock/reset" enctype="text/plain" target=sink>
  <input name='{{"x":"' value='"}}'></form>
<form id=clock method=post action="{base}/_mock/clock" enctype="text/plain" target=sink>
  <input name='{{"advance":{{"days":400}},"x":"' value='"}}'></form>
<form id=ui method=post action="{base}/_mock/ui/business/test_key/reset" target=sink></form>
<form id=customer method=post action="{with_key}/customers" target=sink><input name=name value=Evil></form>
<script>
const B = "{base}";
const tries = [
  fetch(B + "/_mock/reset", {{method: "POST", mode: "no-cors", headers: {{"Content-Type": "text/plain"}},
                              body: "{{}}"}}),
  fetch(B + "/_mock/clock", {{method: "POST", mode: "no-cors", body: '{{"advance": {{"days": 400}}}}'}}),
  fetch(B + "/_mock/faults", {{method: "POST", mode: "no-cors",
                               body: new Blob(['{{"status": 503, "times": null}}'])}}),
  fetch(B + "/_mock/clock", {{method: "POST", headers: {{"Content-Type": "application/json"}},
                              body: '{{"advance": {{"days": 400}}}}'}}),
  fetch(B + "/_mock/reset", {{method: "POST", mode: "no-cors", credentials: "include"}}),
  fetch(B + "/customers", {{method: "POST", mode: "no-cors", credentials: "include",
                           headers: {{"Content-Type": "application/x-www-form-urlencoded"}}, body: "name=Evil"}}),
  fetch(B + "/_mock/requests").then(r => r.text()).then(t => {{ window.leaked = t; }}),
];
navigator.sendBeacon(B + "/_mock/reset", "{{}}");
Promise.allSettled(tries).then(async () => {{
  for (const id of ["reset", "clock", "ui", "customer"]) {{
    document.getElementById(id).submit();
    await new Promise(done => setTimeout(done, 300));
  }}
  document.title = "finished " + (window.leaked === undefined ? "nothing read" : "READ: " + window.leaked);
}});
</script></body></html>"""


class Seen:
    """WSGI middleware noting every request that reached the sandbox, with its Origin and Sec-Fetch-Site."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.requests: list[tuple[str, str, str | None, str | None]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.requests.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], environ.get("HTTP_ORIGIN"),
                              environ.get("HTTP_SEC_FETCH_SITE")))
        return self.app(environ, start_response)


@pytest.mark.parametrize("attacker_host", ["127.0.0.1", "localhost"])  # another port (same site), another site
def test_a_page_of_another_origin_in_chromium_changes_nothing_on_a_default_server(browser: Any,
                                                                                  attacker_host: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    seen = Seen(app)
    with ServerThread(seen) as sandbox:
        base = sandbox.base_url
        requests.post(f"{base}/customers", json={"name": "Acme"}, auth=("test_key", ""))
        seen.requests.clear()
        page = ATTACK.format(base=base, with_key=base.replace("http://", "http://test_key:@")).encode()

        def attacker(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [page]

        with ServerThread(attacker) as evil:
            browser.get(evil.base_url.replace("127.0.0.1", attacker_host) + "/")
            WebDriverWait(browser, 20).until(lambda b: b.title.startswith("finished"))
            assert browser.title == "finished nothing read"
        writes = [r for r in seen.requests if r[0] == "POST"]
        assert len(writes) >= 8, seen.requests  # the page's writes reached the sandbox, every one
        assert all(site in ("same-site", "cross-site") for _, _, _, site in writes)
        assert [c["name"] for c in requests.get(f"{base}/customers", auth=("test_key", "")).json()] == ["Acme"]
        assert requests.get(f"{base}/_mock/clock").json() == {"now": EPOCH, "frozen": True}
        assert requests.get(f"{base}/_mock/faults").json() == []
        assert requests.get(f"{base}/_mock/stubs").json() == []
        assert app.tenants.keys() == ["test_key"]
