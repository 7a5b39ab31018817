"""Fault rules are validated when added, and many rules never slow another key's traffic."""

from __future__ import annotations

import pytest

from invoiced_mock.control.faults import MAX_RULES, Fault, Faults, InvalidFault
from tests.conftest import Api


@pytest.mark.parametrize(("options", "param"), [
    ({"status": 99}, "status"), ({"status": 600}, "status"), ({"status": True}, "status"),
    ({"status": "500"}, "status"), ({"kind": "explode"}, "kind"), ({"method": "BREW"}, "method"),
    ({"method": 7}, "method"), ({"path": "customers"}, "path"), ({"path": "/a b"}, "path"),
    ({"path": "/" + "a" * 5000}, "path"), ({"path": 12}, "path"), ({"times": 0}, "times"),
    ({"times": 1.5}, "times"), ({"delay": -1}, "delay"), ({"delay": 1e308}, "delay"),
    ({"message": 5}, "message"), ({"type": "x" * 5000}, "type"),
])
def test_bad_fault_rules_are_400s_naming_the_option(api: Api, options: dict, param: str) -> None:
    response = api.http.post("/_mock/faults", json=options)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["param"] == param
    assert api.http.get("/_mock/faults").get_json() == []
    assert api.get("/customers").status_code == 200  # nothing was left to break the next status line


def test_status_bounds_are_inclusive() -> None:
    assert Fault("GET", "/x", status=100).status == 100
    assert Fault("get", "**", status=599).method == "GET"
    with pytest.raises(InvalidFault):
        Fault("GET", "/x", status=99)


def test_rules_per_key_are_capped_and_others_keys_never_scan_them() -> None:
    faults = Faults()
    for i in range(MAX_RULES):
        faults.add("GET", f"/customers/{i}", api_key="sk_noisy", times=None)
    with pytest.raises(InvalidFault):
        faults.add("GET", "/customers/x", api_key="sk_noisy")
    faults.add("GET", "/items", api_key="sk_quiet")
    assert faults.take("GET", "/customers/3", "sk_quiet") is None
    assert faults.take("GET", "/items", "sk_quiet") is not None
    assert faults.take("GET", "/customers/3", "sk_noisy").pattern == "/customers/3"


def test_first_added_is_first_matched_across_shared_and_own_rules() -> None:
    faults = Faults()
    faults.add("*", "/**", status=503, api_key="sk_a")
    faults.add("*", "/**", status=500)
    assert [f.status for f in faults.rules("sk_a")] == [503, 500]
    assert faults.take("GET", "/x", "sk_a").status == 503
    assert faults.take("GET", "/x", "sk_a").status == 500
