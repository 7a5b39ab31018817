"""The /_mock/ control plane: clock, faults, journal and reset over HTTP, scoped by the caller's key."""

from __future__ import annotations

import requests

from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH, Api


def test_the_clock_is_read_frozen_and_advanced(api: Api) -> None:
    assert api.http.get("/_mock/clock").get_json() == {"now": EPOCH, "frozen": True}
    moved = api.http.post("/_mock/clock", json={"advance": {"days": 31, "hours": 1}})
    assert moved.get_json() == {"now": EPOCH + 31 * 86_400 + 3600, "frozen": True}
    frozen = api.http.post("/_mock/clock", json={"freeze": 1_800_000_000})
    assert frozen.get_json() == {"now": 1_800_000_000, "frozen": True}
    assert api.http.post("/_mock/clock", json={"advance": 60}).get_json()["now"] == 1_800_000_060
    # What the API stamps follows the control plane's clock.
    assert api.create("/customers", name="Acme")["created_at"] == 1_800_000_060


def test_bad_clock_moves_are_refused_in_the_apis_dialect(api: Api) -> None:
    back = api.http.post("/_mock/clock", json={"advance": {"days": -1}})
    assert back.status_code == 400
    assert back.get_json() == {"type": "invalid_request", "message": "the clock only moves forward",
                               "param": "advance"}
    assert api.http.post("/_mock/clock", json={"advance": {"fortnights": 1}}).get_json()["param"] == "advance"
    assert api.http.post("/_mock/clock", json={"advance": {"months": 0.5}}).get_json() == {
        "type": "invalid_request", "message": "months must be a whole number, not 0.5", "param": "advance"}
    for at in ("next tuesday", None, False, {"day": 1}):
        refused = api.http.post("/_mock/clock", json={"freeze": at})
        assert refused.status_code == 400 and refused.get_json()["param"] == "freeze"
    assert api.http.get("/_mock/clock").get_json() == {"now": EPOCH, "frozen": True}


def test_the_clock_freezes_at_iso_dates_and_advances_by_calendar_months(api: Api) -> None:
    frozen = api.http.post("/_mock/clock", json={"freeze": "2024-01-31"})
    assert frozen.get_json() == {"now": 1_706_659_200, "frozen": True}
    assert api.http.post("/_mock/clock", json={"advance": {"months": 1}}).get_json()["now"] == 1_709_164_800  # Feb 29
    assert api.http.post("/_mock/clock", json={"advance": {"years": 1, "weeks": 1}}).get_json()["now"] == (
        1_740_700_800 + 7 * 86_400)  # 2025-02-28, then a week
    assert api.http.post("/_mock/clock", json={"freeze": "2024-03-01T09:30:00+01:00"}).get_json()["now"] == (
        1_709_281_800)
    assert api.http.post("/_mock/clock", data="nope").status_code == 400


def test_a_fault_added_with_a_key_hits_only_that_key(api: Api) -> None:
    added = api.http.post("/_mock/faults", json={"method": "POST", "path": "/customers", "status": 429},
                          auth=("sk_a", ""))
    assert added.status_code == 201
    assert added.get_json()["status"] == 429 and added.get_json()["times"] == 1
    assert api.post("/customers", json={"name": "B"}, auth=("sk_b", "")).status_code == 201
    refused = api.post("/customers", json={"name": "A"}, auth=("sk_a", ""))
    assert refused.status_code == 429 and refused.get_json()["type"] == "rate_limit_error"
    assert api.http.get("/_mock/faults", auth=("sk_a", "")).get_json() == []


def test_faults_are_listed_and_cleared_and_unknown_options_refused(api: Api) -> None:
    api.http.post("/_mock/faults", json={"path": "/items/**", "kind": "delay", "delay": 0, "times": None})
    assert [f["pattern"] for f in api.http.get("/_mock/faults").get_json()] == ["/items/**"]
    assert api.http.delete("/_mock/faults").get_json() == {"faults": 0}
    unknown = api.http.post("/_mock/faults", json={"path": "/items", "colour": "red"})
    assert unknown.status_code == 400 and unknown.get_json()["param"] == "colour"
    assert api.http.post("/_mock/faults", json={"kind": "explode"}).get_json()["param"] == "kind"


def test_the_journal_is_served_per_key_without_credentials(api: Api) -> None:
    api.create("/customers", name="Mine")
    api.post("/customers", json={"name": "Theirs"}, auth=("sk_other", ""))
    mine = api.http.get("/_mock/requests", auth=(api.api_key, "")).get_json()
    assert [(c["method"], c["path"], c["status"], c["json"]) for c in mine] == [
        ("POST", "/customers", 201, {"name": "Mine"})]
    assert "Authorization" not in mine[0]["headers"]
    assert len(api.http.get("/_mock/requests").get_json()) == 2
    api.http.delete("/_mock/requests", auth=(api.api_key, ""))
    assert [c["json"]["name"] for c in api.http.get("/_mock/requests").get_json()] == ["Theirs"]


def test_reset_with_a_key_empties_only_that_business(api: Api) -> None:
    api.create("/customers", name="Mine")
    api.post("/customers", json={"name": "Theirs"}, auth=("sk_other", ""))
    assert api.http.post("/_mock/reset", auth=(api.api_key, "")).get_json() == {"reset": "key"}
    assert api.get("/customers").get_json() == []
    assert len(api.get("/customers", auth=("sk_other", "")).get_json()) == 1
    assert api.http.post("/_mock/reset").get_json() == {"reset": "all"}
    assert api.get("/customers", auth=("sk_other", "")).get_json() == []


def test_unknown_control_routes_and_methods_answer_json(api: Api) -> None:
    assert api.http.get("/_mock/nothing").get_json()["message"] == "Request was not recognized: GET /_mock/nothing"
    assert api.http.put("/_mock/clock").status_code == 405


def test_a_subprocess_style_caller_drives_the_server_over_loopback(live_server: ServerThread) -> None:
    base, auth = live_server.base_url, ("sk_control_loopback", "")
    requests.post(f"{base}/_mock/faults", json={"method": "GET", "path": "/customers", "status": 503}, auth=auth)
    assert requests.get(f"{base}/customers", auth=auth).status_code == 503
    assert requests.get(f"{base}/customers", auth=auth).status_code == 200
    statuses = [c["status"] for c in requests.get(f"{base}/_mock/requests", auth=auth).json()]
    assert statuses == [503, 200]
    requests.post(f"{base}/_mock/reset", auth=auth)


def test_an_outage_is_one_fault_rule_that_lasts_seconds_of_mock_time(api: Api) -> None:
    added = api.post("/_mock/faults", json={"path": "/customers", "status": 503, "times": None, "seconds": 60})
    assert added.status_code == 201 and added.get_json()["ends_at"] == EPOCH + 60
    assert [api.get("/customers").status_code for _ in range(3)] == [503, 503, 503]
    api.post("/_mock/clock", json={"advance": 60})
    assert api.get("/customers").status_code == 200 and api.get("/_mock/faults").get_json() == []
    refused = api.post("/_mock/faults", json={"path": "/customers", "seconds": -1})
    assert (refused.status_code, refused.get_json()["param"]) == (400, "seconds")
    refused = api.post("/_mock/faults", json={"path": "/customers", "seconds": 5, "clock": "sundial"})
    assert (refused.status_code, refused.get_json()["param"]) == (400, "clock")


def test_a_connection_error_fault_drops_the_socket_for_any_caller(live_server: ServerThread) -> None:
    base, auth = live_server.base_url, ("sk_control_drop", "")
    added = requests.post(f"{base}/_mock/faults", json={"path": "/customers", "kind": "connection_error"}, auth=auth)
    assert added.status_code == 201
    try:
        requests.get(f"{base}/customers", auth=auth, timeout=5)
        raise AssertionError("the connection was not dropped")
    except requests.ConnectionError:
        pass
    assert requests.get(f"{base}/customers", auth=auth, timeout=5).status_code == 200
    journal = requests.get(f"{base}/_mock/requests", auth=auth).json()
    assert [(c["status"], c.get("fault")) for c in journal] == [(None, "connection_error"), (200, None)]
    # A rule on every path spares the control plane, so it can always be removed again.
    requests.post(f"{base}/_mock/faults", json={"path": "/**", "kind": "connection_error", "times": None}, auth=auth)
    assert requests.delete(f"{base}/_mock/faults", auth=auth).json() == {"faults": 0}
    assert requests.get(f"{base}/customers", auth=auth, timeout=5).status_code == 200
    requests.post(f"{base}/_mock/reset", auth=auth)


def test_the_route_table_is_exactly_what_the_plane_serves(api: Api) -> None:
    """The reference page is generated from ``plane.ROUTES``: every row answers, and nothing else does."""
    from invoiced_mock.control.plane import ROUTES

    served = {(route.method, route.name) for route in ROUTES}
    assert {"clock", "faults", "stubs", "requests", "reset", "export", "import"} == {name for _, name in served}
    for method, name in sorted(served):
        answered = api.request(method, f"/_mock/{name}", json={} if method == "POST" else None)
        assert answered.status_code not in (404, 405), (method, name, answered.get_json())
    for method, name in (("PUT", "clock"), ("GET", "reset"), ("POST", "export")):
        assert api.request(method, f"/_mock/{name}").status_code == 405
    assert all(route.does and route.run for route in ROUTES)
