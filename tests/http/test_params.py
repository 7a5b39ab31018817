"""The bracket parser and body decoding: unit cases and round-trip properties."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.http.params import nest, parse_json_body, split_key
from tests.conftest import Api


def test_split_key_reads_php_brackets() -> None:
    assert split_key("items[0][name]") == ["items", "0", "name"]
    assert split_key("a[]") == ["a", ""]
    assert split_key("plain") == ["plain"]
    assert split_key("[odd") == ["[odd"]


def test_nest_builds_objects_lists_and_appends() -> None:
    pairs = [("metadata[icp]", "1"), ("items[0][name]", "Paper"), ("items[1][name]", "Ink"),
             ("tags[]", "a"), ("tags[]", "b"), ("name", "x"), ("name", "y")]
    assert nest(pairs) == {
        "metadata": {"icp": "1"},
        "items": [{"name": "Paper"}, {"name": "Ink"}],
        "tags": ["a", "b"],
        "name": "y",  # repeated key: last wins
    }


def test_odd_json_bodies_mean_no_parameters() -> None:
    for body in (b"", b"  ", b"{}", b"[]", b"null", b'""', b"1700000000"):
        assert parse_json_body(body) == {}
    assert parse_json_body(b"{'amount':400}") == {"amount": 400}


def flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """The inverse of ``nest``: how a PHP client would put ``value`` on the wire."""
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in flatten(v, f"{prefix}[{k}]" if prefix else k)]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in flatten(v, f"{prefix}[{i}]")]
    return [(prefix, value)]


keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
scalars = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(st.dictionaries(keys, inner, min_size=1, max_size=4),
                            st.lists(inner, min_size=1, max_size=4)),
    max_leaves=12,
)


@given(st.dictionaries(keys, trees, min_size=1, max_size=5))
def test_nest_inverts_bracket_flattening(params: dict[str, Any]) -> None:
    assert nest(flatten(params)) == params


@given(st.dictionaries(keys, trees, min_size=1, max_size=4))
def test_query_strings_parse_like_bodies(params: dict[str, Any]) -> None:
    """Percent-encoded brackets in a query decode to the same params as a form body."""
    query = urlencode(flatten(params))
    assert nest(_pairs(query)) == params


def _pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=True)


def test_form_bodies_and_query_brackets_reach_the_resource(api: Api) -> None:
    created = api.post("/customers", data="name=Acme&metadata[icp_number]=1&taxable=False&chase=0",
                       content_type="application/x-www-form-urlencoded")
    assert created.status_code == 201
    body = created.get_json()
    assert body["metadata"] == {"icp_number": "1"}
    assert body["taxable"] is False and body["chase"] is False
    found = api.get("/customers?metadata%5Bicp_number%5D=1&filter%5Btaxable%5D=False")
    assert [c["id"] for c in found.get_json()] == [body["id"]]


def test_malformed_json_says_what_is_wrong(api: Api) -> None:
    response = api.post("/customers", data='{"name": "Acme",}', content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["type"] == "invalid_request"
    assert "not valid JSON" in response.get_json()["message"]
    assert api.get("/customers").headers["X-Total-Count"] == "0"


def test_body_on_get_and_delete_is_ignored(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    assert api.request("GET", f"/customers/{customer['id']}", data="{}",
                       content_type="application/json").status_code == 200
    assert api.request("DELETE", f"/customers/{customer['id']}", data="null",
                       content_type="application/json").status_code == 204
