"""Fault rules: path patterns, counting down ``times``, key scoping; answers in Invoiced's error dialect."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import InvoicedMock
from invoiced_mock.control.faults import Fault, Faults, compile_pattern
from tests.conftest import Api

segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=6)
paths = st.lists(segment, min_size=1, max_size=5).map(lambda parts: "/" + "/".join(parts))


@settings(max_examples=60)
@given(path=paths)
def test_star_is_one_segment_and_double_star_any_number(path: str) -> None:
    parts = path.strip("/").split("/")
    one_star = "/" + "/".join(["*"] * len(parts))
    assert compile_pattern(one_star).fullmatch(path)
    assert not compile_pattern(one_star + "/*").fullmatch(path)
    assert compile_pattern("/**").fullmatch(path)
    assert compile_pattern("/" + parts[0] + "/**").fullmatch(path)
    assert compile_pattern(path).fullmatch(path + "/")  # a trailing slash is the same path


def test_a_rule_is_used_up_after_times_and_first_added_wins() -> None:
    faults = Faults()
    faults.add("POST", "/invoices/*/pay", status=429, times=2)
    faults.add("*", "/**", status=503, times=None)
    assert faults.take("POST", "/invoices/7/pay", None).status == 429
    assert faults.take("post", "/invoices/8/pay", None).status == 429
    assert faults.take("POST", "/invoices/8/pay", None).status == 503
    assert faults.take("GET", "/customers", None).status == 503
    assert len(faults) == 1


def test_a_rule_scoped_to_a_key_spares_other_keys_and_clearing_a_key_keeps_global_rules() -> None:
    faults = Faults()
    faults.add("GET", "/customers", api_key="sk_a", times=None)
    faults.add("GET", "/items", times=None)
    assert faults.take("GET", "/customers", "sk_b") is None
    assert faults.take("GET", "/customers", "sk_a") is not None
    faults.clear("sk_a")
    assert [f.pattern for f in faults.rules()] == ["/items"]


def test_a_scripted_error_reaches_the_caller_as_the_apis_json_error(api: Api) -> None:
    api.app.faults.add("POST", "/customers", status=429)
    first = api.post("/customers", json={"name": "Acme"})
    second = api.post("/customers", json={"name": "Acme"})
    assert first.status_code == 429
    assert first.get_json() == {"type": "rate_limit_error",
                                "message": "Too many concurrent requests. The concurrent request limit is 20."}
    assert second.status_code == 201
    # The refused request wrote nothing: the customer created next is number 1.
    assert second.get_json()["id"] == 1


def test_next_n_matching_requests_fail_then_normal_service_resumes(app: InvoicedMock, api: Api) -> None:
    app.faults.add("POST", "/customers", status=429, times=2)
    for _ in range(2):
        response = api.post("/customers", json={"name": "Acme"})
        assert response.status_code == 429
        assert response.get_json()["type"] == "rate_limit_error"
    assert api.post("/customers", json={"name": "Acme"}).status_code == 201
    assert api.get("/customers").headers["X-Total-Count"] == "1"


def test_patterns_match_one_segment_per_star(app: InvoicedMock, api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    app.faults.add("GET", "/customers/*", status=500, message="database on fire", times=None)
    broken = api.get(f"/customers/{customer['id']}")
    assert broken.status_code == 500
    assert broken.get_json() == {"type": "api_error", "message": "database on fire"}
    assert api.get("/customers").status_code == 200  # /customers has no second segment
    assert api.get(f"/customers/{customer['id']}/contacts").status_code == 200


def test_faults_can_be_scoped_to_one_api_key(app: InvoicedMock, api: Api) -> None:
    app.faults.add("*", "/**", status=403, message="You do not have permission to do that", api_key="sk_other")
    assert api.get("/customers").status_code == 200
    denied = Api(app, "sk_other").get("/customers")
    assert denied.status_code == 403 and denied.get_json()["type"] == "invalid_request"


def test_fault_kinds_are_checked() -> None:
    with pytest.raises(ValueError):
        Fault("GET", "/x", kind="explode")


def test_a_fault_may_only_use_the_error_types_the_api_sends() -> None:
    import pytest

    from invoiced_mock.control.faults import Faults, InvalidFault
    from invoiced_mock.errors import ERROR_TYPES

    assert ERROR_TYPES == ("invalid_request", "rate_limit_error", "api_error")
    faults = Faults()
    with pytest.raises(InvalidFault) as refused:
        faults.add("GET", "/customers", status=402, type="card_error")
    assert refused.value.param == "type" and "invalid_request" in str(refused.value)
    assert faults.add("GET", "/customers", status=402, type="invalid_request").type == "invalid_request"


def test_a_rule_is_removed_by_its_id_whatever_its_key_and_ids_are_never_reused() -> None:
    faults = Faults()
    shared = faults.add("GET", "/a")
    mine = faults.add("GET", "/b", api_key="k")
    assert faults.remove(mine.id) is mine and faults.remove(mine.id) is None
    assert faults.rules("k") == [shared]
    later = faults.add("GET", "/c", api_key="k")
    assert later.id > mine.id > shared.id
    assert faults.remove(shared.id) is shared and faults.rules("k") == [later]
