"""``/_mock/stubs``: stubs over HTTP for callers outside Python, scoped by the caller's key as faults are."""

from __future__ import annotations

from tests.conftest import Api


def test_a_stub_added_with_a_key_answers_only_that_key_and_counts_its_hits(api: Api) -> None:
    stub = {"method": "GET", "path": "/invoices/*", "json": {"id": 1, "object": "invoice"}, "times": 1}
    added = api.http.post("/_mock/stubs", json=stub, auth=("sk_a", ""))
    assert added.status_code == 201
    assert added.get_json() == {**stub, "id": added.get_json()["id"], "status": 200, "headers": {}, "required": True,
                                "hits": 0, "match_query": None, "match_json": None, "match_headers": None}
    assert api.get("/invoices/1", auth=("sk_b", "")).status_code == 404
    assert api.get("/invoices/1", auth=("sk_a", "")).get_json() == {"id": 1, "object": "invoice"}
    assert [s["hits"] for s in api.http.get("/_mock/stubs", auth=("sk_a", "")).get_json()] == [1]
    assert api.http.get("/_mock/stubs", auth=("sk_b", "")).get_json() == []


def test_delete_and_reset_remove_the_keys_stubs(api: Api) -> None:
    for key in ("sk_a", "sk_b"):
        api.http.post("/_mock/stubs", json={"method": "GET", "path": "/customers", "json": []}, auth=(key, ""))
    assert api.http.delete("/_mock/stubs", auth=("sk_a", "")).get_json() == {"stubs": 0}
    api.http.post("/_mock/reset", auth=("sk_b", ""))
    assert api.http.get("/_mock/stubs").get_json() == []


def test_a_malformed_stub_is_refused_in_the_apis_dialect(api: Api) -> None:
    unknown = api.http.post("/_mock/stubs", json={"method": "GET", "path": "/x", "body": "hi"})
    assert unknown.status_code == 400
    assert unknown.get_json() == {"type": "invalid_request", "message": "Unknown stub option: body", "param": "body"}
    assert api.http.post("/_mock/stubs", json={"path": "/x"}).get_json()["param"] == "method"
    bad = api.http.post("/_mock/stubs", json={"method": "GET", "path": "/x", "status": 99})
    assert bad.status_code == 400 and "status must be an HTTP status" in bad.get_json()["message"]
    assert api.http.get("/_mock/stubs").get_json() == []  # nothing half-added


def test_a_stub_over_http_matches_the_request_and_answers_a_sequence(api: Api) -> None:
    stub = {"method": "POST", "path": "/customers", "status": [503, 201], "json": {"id": 9, "object": "customer"},
            "match_json": {"name": "Acme"}, "match_headers": {"idempotency-key": "signup-0001"}}
    added = api.http.post("/_mock/stubs", json=stub, auth=("sk_a", "")).get_json()
    assert (added["times"], added["status"]) == (2, [503, 201])
    sent = {"json": {"name": "Acme"}, "headers": {"Idempotency-Key": "signup-0001"}, "auth": ("sk_a", "")}
    assert [api.http.post("/customers", **sent).status_code for _ in range(3)] == [503, 201, 201]
    assert api.http.post("/customers", json={"name": "Acme"}, auth=("sk_a", "")).get_json()["id"] == 2  # the mock's
    journal = api.http.get("/_mock/requests", auth=("sk_a", "")).get_json()
    assert [c.get("stub") for c in journal] == [added["id"], added["id"], None, None]
    refused = api.http.post("/_mock/stubs", json={"method": "GET", "path": "/x", "answer": "lambda r: 1"})
    assert (refused.status_code, refused.get_json()["param"]) == (400, "answer")  # no callable crosses HTTP


def test_a_stub_header_injecting_another_is_refused_over_http_too(api: Api) -> None:
    for headers, param in [({"X-A": "b\r\nSet-Cookie: pwn=1"}, "headers[X-A]"),
                           ({"Content-Type": "text/html"}, "headers[Content-Type]")]:
        refused = api.http.post("/_mock/stubs", json={"method": "GET", "path": "/customers", "json": [],
                                                      "headers": headers})
        assert refused.status_code == 400
        assert refused.get_json()["param"] == param
    assert api.http.get("/_mock/stubs").get_json() == []
    assert "Set-Cookie" not in api.get("/customers").headers


def test_stubs_added_over_http_are_bounded_per_key(api: Api) -> None:
    from invoiced_mock.control.commands import MAX_STUBS

    stub = {"method": "GET", "path": "/customers", "json": [], "required": False}
    for _ in range(MAX_STUBS):
        assert api.http.post("/_mock/stubs", json=stub, auth=("sk_a", "")).status_code == 201
    refused = api.http.post("/_mock/stubs", json=stub, auth=("sk_a", ""))
    assert refused.status_code == 400 and f"At most {MAX_STUBS} stubs" in refused.get_json()["message"]
    assert api.http.post("/_mock/stubs", json=stub, auth=("sk_b", "")).status_code == 201  # another key's own
    assert len(api.http.get("/_mock/stubs", auth=("sk_a", "")).get_json()) == MAX_STUBS
