"""assert_valid_response for werkzeug, requests and httpx responses; ``invoiced-mock validate`` on files
and VCR cassettes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import yaml

from invoiced_mock.cli import main
from invoiced_mock.contract import ContractError, assert_valid_response
from invoiced_mock.contract.recorded import Exchange, schema_of
from invoiced_mock.server.threads import ServerThread
from tests.conftest import API_KEY, Api

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_werkzeug_responses_objects_lists_errors_and_empties(api: Api) -> None:
    created = api.post("/customers", json={"name": "Acme"})
    assert_valid_response(created)
    assert_valid_response(api.get("/customers"))
    assert_valid_response(api.get("/tax_rates"))  # an empty list: the schema comes from the endpoint
    assert_valid_response(api.get("/customers/999"))
    assert_valid_response(api.delete(f"/customers/{created.get_json()['id']}"))  # 204, no body


def test_the_schema_comes_from_status_then_endpoint_then_object() -> None:
    assert schema_of(Exchange({"type": "x", "message": "y"}, 404, "GET", "/customers/1")) == "error"
    assert schema_of(Exchange([], 200, "GET", "/customers/1/contacts")) == "contact_list"
    assert schema_of(Exchange({}, 201, "POST", "/tax_rates")) == "tax_rate"
    assert schema_of(Exchange({"object": "plan"}, 200)) == "plan"
    assert schema_of(Exchange([{"object": "item"}], 200)) == "item_list"
    assert schema_of(Exchange({"object": "plan"}, 200), explicit="coupon") == "coupon"
    assert schema_of(Exchange({"no": "object"}, 200, "GET", "/unknown")) is None


@pytest.fixture
def server(live_server: ServerThread) -> str:
    return live_server.base_url


def test_requests_and_httpx_responses(server: str) -> None:
    auth = (API_KEY + "_recorded", "")
    made = requests.post(f"{server}/customers", json={"name": "Acme"}, auth=auth, timeout=5)
    assert_valid_response(made)
    assert_valid_response(requests.get(f"{server}/customers", auth=auth, timeout=5))
    with httpx.Client(base_url=server, auth=auth) as http:
        assert_valid_response(http.get(f"/customers/{made.json()['id']}"))
        assert_valid_response(http.get("/customers/0"))


class Recorded:
    """A response recorded elsewhere, shaped like a requests.Response."""

    def __init__(self, body: Any, status: int = 200, method: str = "GET", url: str = "https://api.invoiced.com/x"):
        self.status_code = status
        self.content = json.dumps(body).encode()
        self.request = type("Req", (), {"method": method, "url": url})()


def test_a_mismatch_names_request_path_and_rule() -> None:
    drifted = Recorded([{"id": 1, "object": "customer", "name": "A", "balance": 3}], url="https://api.invoiced.com/customers?page=2")
    with pytest.raises(ContractError) as caught:
        assert_valid_response(drifted)
    assert str(caught.value) == ("GET /customers → 200: customer_list: $[0]: Additional properties are not "
                                 "allowed ('balance' was unexpected) (rule: additionalProperties)")
    with pytest.raises(ContractError, match=r"\$\.id: 'x' is not of type 'integer'"):
        assert_valid_response(Recorded({"id": "x", "object": "customer", "name": "A"}, url="https://h/customers/1"))


def cassette(interactions: list[tuple[str, str, int, Any]]) -> dict[str, Any]:
    return {"version": 1, "interactions": [
        {"request": {"method": m, "uri": f"https://api.invoiced.com{p}", "body": None, "headers": {}},
         "response": {"status": {"code": c, "message": ""}, "headers": {},
                      "body": {"string": json.dumps(b) if b is not None else ""}}}
        for m, p, c, b in interactions]}


GOOD = [("POST", "/customers", 201, json.loads((FIXTURES / "customer_example.json").read_text())),
        ("GET", "/customers/1/contacts", 200, []),
        ("DELETE", "/customers/1", 204, None),
        ("GET", "/customers/2", 404, {"type": "invalid_request", "message": "Customer was not found: 2"})]
BAD = [("GET", "/items", 200, [{"id": "pen", "object": "item", "name": "Pen", "unit_cost": "1.00"}]),
       ("GET", "/plans/x", 404, {"error": "not found"})]


def test_cli_validates_json_and_yaml_cassettes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good_json, good_yaml = tmp_path / "good.json", tmp_path / "good.yaml"
    good_json.write_text(json.dumps(cassette(GOOD)))
    good_yaml.write_text(yaml.safe_dump(cassette(GOOD)))
    assert main(["validate", str(good_json), str(good_yaml)]) == 0
    assert "8 bodies checked, 0 mismatches" in capsys.readouterr().err


def test_cli_lists_every_mismatch_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump(cassette(GOOD + BAD)))
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        f"{bad} #4 GET /items → 200: item_list: $[0].unit_cost: '1.00' is not of type 'number', 'null' (rule: type)",
        f"{bad} #5 GET /plans/x → 404: error: $: Additional properties are not allowed ('error' was unexpected) "
        "(rule: additionalProperties)",
        f"{bad} #5 GET /plans/x → 404: error: $: 'type' is a required property (rule: required)",
        f"{bad} #5 GET /plans/x → 404: error: $: 'message' is a required property (rule: required)",
    ]
    assert "6 bodies checked, 4 mismatches" in out.err


def test_cli_plain_json_files_with_and_without_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    example = str(FIXTURES / "customer_example.json")
    assert main(["validate", example]) == 0
    assert main(["validate", example, "--schema", "customer"]) == 0
    assert main(["validate", example, "--schema", "contact"]) == 1
    unknown = tmp_path / "unknown.json"
    unknown.write_text('{"hello": 1}')
    assert main(["validate", str(unknown)]) == 1
    assert "cannot tell which schema applies" in capsys.readouterr().out
