"""Journal assertions: what matches, and the near-miss report a failing assertion prints."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock.control.journal import Call, Journal, Requests, differences, unbracket
from tests.conftest import Api


def call(method: str, path: str, status: int = 200, json: object = None, query: dict | None = None,
         api_key: str = "k") -> Call:
    return Call(method=method, path=path, query=query or {}, json=json, headers={}, status=status,
                response=None, api_key=api_key)


@pytest.fixture
def requests_log() -> Requests:
    journal = Journal()
    for c in (
        call("POST", "/customers", 201, {"name": "Acme", "email": "a@acme.test"}),
        call("POST", "/invoices", 400, {"customer": 13, "currency": "usd"}),
        call("GET", "/invoices", 200, None, {"filter": {"customer": "12"}, "per_page": "5"}),
        call("POST", "/invoices/7/pay", 200, {}),
        call("POST", "/invoices", 201, {"customer": 12}, api_key="other"),
    ):
        journal.record(c)
    return Requests(journal, api_key="k")


def test_a_call_matches_by_method_path_pattern_and_json_subset(requests_log: Requests) -> None:
    hits = requests_log.assert_called("POST", "/customers", times=1, json={"name": "Acme"})
    assert hits[0].status == 201
    requests_log.assert_called("post", "/invoices/*/pay")
    requests_log.assert_called("*", "/invoices/**", times=3)
    requests_log.assert_called("GET", "/invoices", query={"filter": {"customer": 12}, "per_page": 5})
    requests_log.assert_not_called("DELETE", "/customers/*")


def test_the_journal_view_sees_only_its_own_key(requests_log: Requests) -> None:
    assert len(requests_log) == 4
    requests_log.assert_called("POST", "/invoices", times=1)
    assert len(Requests(requests_log.journal)) == 5


def test_a_miss_reports_the_closest_calls_and_why_each_did_not_match(requests_log: Requests) -> None:
    with pytest.raises(AssertionError) as failure:
        requests_log.assert_called("POST", "/invoices", times=1, json={"customer": 12})
    assert str(failure.value) == (
        "Expected POST /invoices json={'customer': 12} to be called 1 time; it was called 0 times "
        "(4 requests recorded).\n"
        "Closest calls:\n"
        "  #2 POST /invoices → 400: json['customer'] was 13, expected 12\n"
        "  #4 POST /invoices/7/pay → 200: path /invoices/7/pay does not match /invoices; json has no 'customer'\n"
        "  #3 GET /invoices → 200: method GET is not POST; json was None, expected an object\n"
        "  #1 POST /customers → 201: path /customers does not match /invoices; json has no 'customer'")


def test_a_wrong_count_lists_the_calls_that_did_match(requests_log: Requests) -> None:
    with pytest.raises(AssertionError) as failure:
        requests_log.assert_called("POST", "/**", times=1)
    assert str(failure.value) == (
        "Expected POST /** to be called 1 time; it was called 3 times (4 requests recorded).\n"
        "Matching calls:\n"
        "  #1 POST /customers → 201  json={'name': 'Acme', 'email': 'a@acme.test'}\n"
        "  #2 POST /invoices → 400  json={'customer': 13, 'currency': 'usd'}\n"
        "  #4 POST /invoices/7/pay → 200  json={}")


def test_an_empty_journal_says_so() -> None:
    with pytest.raises(AssertionError, match=r"called 0 times \(0 requests recorded\)\.$"):
        Requests(Journal()).assert_called("GET", "/customers")
    with pytest.raises(AssertionError, match="no request was made"):
        _ = Requests(Journal()).last


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=60)
@given(body=st.dictionaries(st.text(max_size=4), json_values, max_size=4), data=st.data())
def test_any_part_of_a_body_matches_it_and_a_changed_value_does_not(body: dict, data: st.DataObject) -> None:
    keys = data.draw(st.lists(st.sampled_from(sorted(body)), unique=True) if body else st.just([]))
    part = {k: body[k] for k in keys}
    assert differences(part, body, "json") == []
    if keys:
        changed = {**part, keys[0]: ["not", "the", "same", body[keys[0]]]}
        assert differences(changed, body, "json") == [
            f"json[{keys[0]!r}] was {body[keys[0]]!r}, expected {changed[keys[0]]!r}"]


def test_a_form_body_is_recorded_as_nested_params_and_raw_text_whoever_answers(api: Api) -> None:
    form = "name=Acme&metadata[tier]=gold&items[0][name]=Paper"
    api.post("/customers", data=form, content_type="application/x-www-form-urlencoded")
    api.app.faults.add("POST", "/customers", status=429)
    api.post("/customers", data=form, content_type="application/x-www-form-urlencoded")
    answered, faulted = api.app.journal.calls()
    assert (answered.status, faulted.status) == (201, 429)
    for call in (answered, faulted):
        assert call.json == {"name": "Acme", "metadata": {"tier": "gold"}, "items": [{"name": "Paper"}]}
        assert call.body == form
    assert api.app.journal.calls()[0].to_json()["body"] == form


def test_a_json_body_is_recorded_as_sent(api: Api) -> None:
    api.post("/customers", json={"name": "Acme", "credit_limit": 1.5})
    (call,) = api.app.journal.calls()
    assert call.json == {"name": "Acme", "credit_limit": 1.5}
    assert call.body == '{"name": "Acme", "credit_limit": 1.5}'


def test_expected_params_may_use_the_bracket_keys_sent_on_the_wire(api: Api) -> None:
    api.get("/invoices?filter[status]=past_due&per_page=5")
    api.post("/customers", data="name=Acme&metadata[tier]=gold&autopay=1&credit_limit=10",
             content_type="application/x-www-form-urlencoded")
    log = Requests(api.app.journal)
    log.assert_called("GET", "/invoices", query={"filter[status]": "past_due", "per_page": 5})
    log.assert_called("GET", "/invoices", query={"filter": {"status": "past_due"}})
    log.assert_called("POST", "/customers", json={"metadata[tier]": "gold", "autopay": True, "credit_limit": 10})
    with pytest.raises(AssertionError, match=r"json\['metadata'\]\['tier'\] was 'gold', expected 'silver'"):
        log.assert_called("POST", "/customers", json={"metadata[tier]": "silver"})


def test_headers_match_by_name_in_any_case_and_misses_say_why(api: Api) -> None:
    api.post("/customers", json={"name": "Acme"}, headers={"Idempotency-Key": "key-0001"})
    log = Requests(api.app.journal)
    log.assert_called("POST", "/customers", headers={"idempotency-key": "key-0001"})
    with pytest.raises(AssertionError) as failure:
        log.assert_called("POST", "/customers", headers={"Idempotency-Key": "k2", "X-Trace": "t"})
    assert str(failure.value).splitlines()[-1] == (
        "  #1 POST /customers → 201: headers['Idempotency-Key'] was 'key-0001', expected 'k2'; "
        "headers have no 'X-Trace'")


names = st.text(alphabet="abcdefgh_", min_size=1, max_size=5)
nested_params = st.dictionaries(names, st.text(max_size=4) | st.dictionaries(names, st.text(max_size=4), min_size=1,
                                                                             max_size=3), min_size=1, max_size=4)


@settings(max_examples=60)
@given(params=nested_params)
def test_bracket_keys_as_sent_on_the_wire_mean_the_nested_params(params: dict) -> None:
    wire = {f"{k}[{inner}]" if isinstance(v, dict) else k: value
            for k, v in params.items() for inner, value in (v.items() if isinstance(v, dict) else [(None, v)])}
    assert unbracket(wire) == params
    assert differences(unbracket(wire), params, "query") == []


def test_a_journaled_call_holds_no_more_memory_than_the_journal_counts_it_for(api: Api) -> None:
    # The journal bounds itself by weigh()'s estimate; orjson's output once kept its whole 16 KB write buffer
    # with every 1 KB body, eight times the estimate: a 10,000-call journal then held 170 MB, not 30.
    import gc
    import tracemalloc

    from invoiced_mock.control.journal import weigh

    customer = api.post("/customers", {"name": "Acme Inc", "email": "billing@acme.test"}).json
    for _ in range(20):
        api.get(f"/customers/{customer['id']}")
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(100):
            api.get(f"/customers/{customer['id']}")
        gc.collect()
        kept = (tracemalloc.get_traced_memory()[0] - before) / 100
    finally:
        tracemalloc.stop()
    body = len(api.app.journal.calls()[-1].body or "") + len(api.get(f"/customers/{customer['id']}").data)
    assert kept <= weigh(body)


def test_each_entry_says_its_place_how_long_it_took_and_which_events_it_recorded(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    api.post("/invoices", json={"customer": 999})  # refused: rolled back, no event
    api.post("/invoices", json={"customer": customer["id"], "items": [{"name": "x", "unit_cost": 5}]})
    api.get(f"/customers/{customer['id']}")
    journal = api.http.get("/_mock/requests", auth=(api.api_key, "")).get_json()
    assert [c["id"] for c in journal] == sorted({c["id"] for c in journal})
    assert all(isinstance(c["duration_ms"], float) and c["duration_ms"] >= 0 for c in journal)
    events = api.get("/events", query_string={"per_page": 100}).get_json()
    by_id = {e["id"]: e["type"] for e in events}
    assert [[by_id[i] for i in c["events"]] for c in journal] == [
        ["customer.created"], [], ["invoice.created"], []]
    assert api.app.journal.find(journal[2]["id"], api.api_key) is api.app.journal.calls(api.api_key)[2]
    assert api.app.journal.find(journal[2]["id"], "sk_someone_else") is None


def test_a_fault_or_stub_that_answered_is_named_in_the_entry(api: Api) -> None:
    fault = api.app.faults.add("GET", "/customers", status=503)
    stub = api.app.stubs.add("GET", "/invoices/7", json={"id": 7, "object": "invoice"})
    api.get("/customers")
    api.get("/invoices/7")
    faulted, stubbed = api.app.journal.calls(api.api_key)
    assert (faulted.extra, str(faulted)) == ({"fault": "respond", "fault_id": fault.id}, "GET /customers → 503")
    assert (stubbed.extra, str(stubbed)) == ({"stub": stub.id}, f"GET /invoices/7 → 200 (stub #{stub.id})")
    assert api.app.stubs.remove(stub.id) is stub and api.app.stubs.rules() == []
    assert api.app.stubs.remove(stub.id) is None
