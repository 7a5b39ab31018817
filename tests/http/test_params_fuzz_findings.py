"""What the schemathesis run found in the parameter parser: both answered 500 before."""

from __future__ import annotations

from invoiced_mock.http.params import nest
from tests.conftest import Api


def test_non_ascii_digits_are_keys_not_list_indexes(api: Api) -> None:
    assert nest([("filter[³]", "x")]) == {"filter": {"³": "x"}}
    assert nest([("a[0]", "x"), ("a[1]", "y")]) == {"a": ["x", "y"]}
    response = api.get("/customers", query_string="filter[%C2%B3]=x")
    assert response.status_code == 400
    assert response.get_json()["message"] == "Invalid filter parameter: ³"


def test_numeric_top_level_keys_stay_a_mapping(api: Api) -> None:
    assert nest([("0", "x")]) == {"0": "x"}
    assert api.get("/customers", query_string="0=x").status_code == 200
