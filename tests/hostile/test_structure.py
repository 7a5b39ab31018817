"""Deep, wide and oversized requests: a JSON 4xx in the API's dialect, never a 500, never a partial write."""

from __future__ import annotations

import pytest

from invoiced_mock.http import limits, params
from invoiced_mock.http.safejson import MAX_DEPTH
from tests.conftest import Api

JSON = {"Content-Type": "application/json"}


def assert_refused(response, status: int, param: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["type"] == "invalid_request"
    if param is not None:
        assert body["param"] == param
    return body


@pytest.mark.parametrize("body", ["[" * 1000 + "]" * 1000, '{"a":' * 1000 + "1" + "}" * 1000,
                                  '{"name": "x", "metadata": ' + "[" * 40 + "]" * 40 + "}"])
def test_deep_json_is_a_400_with_or_without_a_key(api: Api, body: str) -> None:
    assert_refused(api.post("/customers", data=body, headers=JSON), 400)
    assert_refused(api.http.post("/customers", data=body, headers=JSON), 400)  # unauthenticated too
    assert [call.status for call in api.app.journal] == [400, 400]  # journaled, not lost in an HTML page


def test_json_nesting_up_to_the_limit_is_fine(api: Api) -> None:
    nested = "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    response = api.post("/customers", data='{"name": "x", "shipping": {"x": ' + nested + "}}", headers=JSON)
    assert response.status_code in (201, 400) and response.mimetype == "application/json"


def test_brackets_1000_deep_in_a_query_are_a_400_naming_the_param(api: Api) -> None:
    assert_refused(api.get("/customers?a" + "[]" * 1000 + "=1"), 400, "a")


def test_the_clock_refuses_absurd_steps_in_json(api: Api) -> None:
    assert_refused(api.http.post("/_mock/clock", json={"advance": {"days": 1e308}}), 400, "advance")
    assert_refused(api.http.post("/_mock/clock", data='{"advance": {"days": 1e400000}}'), 400, "advance[days]")
    assert_refused(api.http.post("/_mock/clock", json={"advance": {"days": 4_000_000}}), 400, "advance")
    assert_refused(api.http.post("/_mock/clock", json={"freeze": 2**62}), 400, "freeze")
    assert_refused(api.http.post("/_mock/clock", data='{"advance": NaN}'), 400)
    assert api.http.get("/_mock/clock").get_json()["now"] == 1_700_000_000


def test_a_body_over_the_limit_is_a_413_before_it_is_read(api: Api) -> None:
    body = '{"name": "x", "notes": "%s"}' % ("a" * (limits.MAX_BODY + 1))
    assert_refused(api.post("/customers", data=body, headers=JSON), 413, "request")
    assert api.get("/customers").get_json() == []
    assert api.app.journal.calls()[0].json is None  # the journal never holds the refused body


def test_a_form_of_20000_appends_is_a_413_and_parsing_is_linear(api: Api) -> None:
    form = "&".join(["a[]=x"] * 20_000)
    assert_refused(api.post("/customers", data=form, content_type="application/x-www-form-urlencoded"), 413)
    assert params.nest([("a[]", "x")] * limits.MAX_PARAMETERS)["a"] == ["x"] * limits.MAX_PARAMETERS


def test_a_refused_form_is_journaled_raw_never_parsed(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """The journal must not parse the 20,000 pairs the refusal spared the handler (26 ms a request, with the
    GIL other keys' requests wait on): the refused call keeps its raw text and no parameters."""
    parsed: list[object] = []
    monkeypatch.setattr(params, "parse_body", lambda request: parsed.append(request) or {})
    form = "&".join(["a[]=x"] * 20_000)
    assert_refused(api.post("/customers", data=form, content_type="application/x-www-form-urlencoded"), 413)
    call = api.app.journal.calls()[-1]
    assert (call.status, call.json, call.body) == (413, None, form)
    assert parsed == []


def test_appends_after_explicit_indexes_keep_their_place() -> None:
    assert params.nest([("a[5]", "x"), ("a[]", "y"), ("b[0][]", "1"), ("b[0][]", "2")]) == {
        "a": ["x", "y"], "b": [["1", "2"]]}
    assert params.nest([("a[" + "9" * 5000 + "]", "x")]) == {"a": {"9" * 5000: "x"}}


def test_too_many_query_parameters_are_a_413(api: Api) -> None:
    query = "&".join(f"k{i}=1" for i in range(limits.MAX_PARAMETERS + 1))
    assert_refused(api.get("/customers?" + query), 413)


def test_multipart_with_too_many_parts_or_a_big_field_is_a_413(api: Api) -> None:
    many = {f"f{i}": "x" for i in range(limits.MAX_PARTS + 1)}
    assert_refused(api.post("/customers", data=many, content_type="multipart/form-data"), 413, "request")
    big = {"name": "a" * (limits.MAX_FIELD + 1)}
    assert_refused(api.post("/customers", data=big, content_type="multipart/form-data"), 413, "request")
    assert api.get("/customers").get_json() == []


def test_urls_and_headers_over_the_limits_are_414_and_431(api: Api) -> None:
    assert_refused(api.get("/customers?q=" + "a" * limits.MAX_URL), 414)
    assert_refused(api.get("/customers", headers={"X-Big": "a" * limits.MAX_HEADER}), 431)
    many = {f"X-H{i}": "1" for i in range(limits.MAX_HEADER_COUNT)}
    assert_refused(api.get("/customers", headers=many), 431)
    assert_refused(api.http.get("/_mock/clock", headers={"X-Big": "a" * limits.MAX_HEADER}), 431)


def test_header_sizes_are_held_one_by_one_and_together(api: Api) -> None:
    name = "HTTP_X_BIG"  # as the environ holds it: the size counted is the environ's name and value
    at_limit = api.get("/customers", headers={"X-Big": "a" * (limits.MAX_HEADER - len(name))})
    assert at_limit.status_code == 200
    over = api.get("/customers", headers={"X-Big": "a" * (limits.MAX_HEADER - len(name) + 1)})
    assert (over.status_code, "header is longer" in over.get_json()["message"]) == (431, True)
    under_each = {f"X-H{i}": "a" * 7_000 for i in range(5)}  # each under the limit, together over it
    together = api.get("/customers", headers=under_each)
    assert (together.status_code, "headers are longer" in together.get_json()["message"]) == (431, True)
    assert api.get("/customers", headers=dict(list(under_each.items())[:3])).status_code == 200


def test_an_arabic_indic_digit_is_no_id(api: Api) -> None:
    api.create("/customers", name="Acme")
    assert_refused(api.get("/customers/%D9%A1/contacts"), 404)
    assert_refused(api.get("/customers/%D9%A1"), 404)
    assert api.get("/customers/1").status_code == 200


def test_undecodable_paths_answer_json(api: Api) -> None:
    for path in ("/customers/%FF%FE", "/%C0%AF", "/customers/%00"):
        response = api.get(path)
        assert 400 <= response.status_code < 500 and response.mimetype == "application/json"


def test_link_headers_of_a_unicode_path_are_latin1(api: Api) -> None:
    response = api.get("/customers/%D9%A1/contacts")
    for value in response.headers.values():
        value.encode("latin-1")
