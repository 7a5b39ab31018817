"""The ``invoiced_mock`` fixture as a downstream user meets it: code that only knows invoiced.Client."""

from __future__ import annotations

import httpx
import invoiced
import pytest
import requests
import shop

from invoiced_mock.testing.harness import Harness

FROZEN = 1_700_000_000  # 2023-11-14T22:13:20Z


@pytest.mark.parametrize("run", ["first", "second"])
def test_every_test_starts_from_an_empty_mock(invoiced_mock: Harness, run: str) -> None:
    # Run twice: had the first run's customer leaked, the second would find it and get id 2.
    assert invoiced_mock.client.Customer.list()[0] == []
    assert shop.sign_up("Acme", "billing@acme.test") == 1
    assert [str(c) for c in invoiced_mock.requests] == ["GET /customers → 200", "GET /customers → 200",
                                                        "POST /customers → 201"]


def test_code_under_test_reaches_the_mock_with_no_change(invoiced_mock: Harness) -> None:
    first = shop.sign_up("Acme", "billing@acme.test")
    again = shop.sign_up("Acme again", "billing@acme.test")
    assert first == again == 1
    invoiced_mock.requests.assert_called("POST", "/customers", times=1, json={"email": "billing@acme.test"})
    invoiced_mock.requests.assert_called("GET", "/customers", times=2, query={"filter": {"email": "billing@acme.test"}})
    assert invoiced_mock.requests.last.headers["User-Agent"] == "Invoiced Python/3.0.0"


def test_factories_put_objects_where_the_client_finds_them(invoiced_mock: Harness) -> None:
    acme = invoiced_mock.factories.customer(name="Acme", email="billing@acme.test",
                                            contacts=[{"name": "Ann"}, {"name": "Bob"}])
    assert shop.sign_up("Ignored", "billing@acme.test") == acme["id"]
    customer = invoiced_mock.client.Customer.retrieve(acme["id"])
    assert [c.name for c in customer.contacts().list()[0]] == ["Ann", "Bob"]
    invoiced_mock.requests.assert_not_called("POST", "/customers")


def test_a_rate_limit_reaches_the_client_as_its_rate_limit_error(invoiced_mock: Harness) -> None:
    invoiced_mock.fail_next("POST", "/customers", status=429)
    with pytest.raises(invoiced.errors.RateLimitError) as error:
        invoiced_mock.client.Customer.create(name="Acme")
    assert error.value.status_code == 429
    assert error.value.error == {"type": "rate_limit_error",
                                 "message": "Too many concurrent requests. The concurrent request limit is 20."}
    assert invoiced_mock.client.Customer.create(name="Acme").id == 1  # used up after one


def test_a_server_error_reaches_the_client_as_api_error_with_our_message(invoiced_mock: Harness) -> None:
    invoiced_mock.fail_next("GET", "/customers/*", status=503, message="Down for maintenance")
    with pytest.raises(invoiced.errors.ApiError, match="Down for maintenance") as error:
        invoiced_mock.client.Customer.retrieve(1)
    assert type(error.value) is invoiced.errors.ApiError and error.value.status_code == 503


def test_retrying_code_gets_through_a_rate_limit_and_a_dropped_connection(invoiced_mock: Harness) -> None:
    customer = invoiced_mock.factories.customer(name="Acme")
    invoiced_mock.fail_next("PATCH", f"/customers/{customer['id']}", status=429)
    invoiced_mock.drop_connection("PATCH", "/customers/*")
    assert shop.rename_with_retry(customer["id"], "Acme Inc") == 3
    invoiced_mock.requests.assert_called("PATCH", "/customers/*", times=3, json={"name": "Acme Inc"})
    # The dropped connection is raised before the app sees the request, so it comes first.
    assert [c.status for c in invoiced_mock.requests.matching("PATCH")] == [None, 429, 200]


def test_a_timeout_reaches_the_client_as_a_connection_error(invoiced_mock: Harness) -> None:
    invoiced_mock.time_out("GET", "/customers")
    with pytest.raises(invoiced.errors.ApiConnectionError, match="timed out reading"):
        invoiced_mock.client.Customer.list()


def test_latency_is_added_through_the_faults_sleep(invoiced_mock: Harness) -> None:
    slept: list[float] = []
    invoiced_mock.app.faults.sleep = slept.append
    invoiced_mock.add_latency(1.5, "GET", "/customers", times=2)
    for _ in range(3):
        invoiced_mock.client.Customer.list()
    assert slept == [1.5, 1.5]


def test_a_failing_journal_assertion_shows_the_near_misses(invoiced_mock: Harness) -> None:
    shop.sign_up("Acme", "billing@acme.test")
    with pytest.raises(AssertionError) as failure:
        invoiced_mock.requests.assert_called("POST", "/customers", json={"email": "ops@acme.test"})
    assert str(failure.value).splitlines()[:3] == [
        "Expected POST /customers json={'email': 'ops@acme.test'} to be called at least once; "
        "it was called 0 times (2 requests recorded).",
        "Closest calls:",
        "  #2 POST /customers → 201: json['email'] was 'billing@acme.test', expected 'ops@acme.test'",
    ]


def test_the_clock_drives_timestamps(invoiced_mock: Harness) -> None:
    invoiced_mock.clock.freeze(FROZEN)
    assert invoiced_mock.client.Customer.create(name="A").created_at == FROZEN
    invoiced_mock.clock.advance(days=31)
    assert invoiced_mock.client.Customer.create(name="B").created_at == FROZEN + 31 * 86_400


@pytest.mark.invoiced_mock(frozen_at=FROZEN)
def test_the_marker_freezes_the_clock(invoiced_mock: Harness) -> None:
    assert invoiced_mock.clock.now() == FROZEN
    assert invoiced_mock.factories.customer()["created_at"] == FROZEN


def test_webhooks_with_duplicates_test_the_consumers_idempotency(invoiced_mock: Harness) -> None:
    counter = shop.CustomerCounter()
    hooks = invoiced_mock.webhooks(counter, duplicates=1.0, reorder=True, seed=7)
    shop.sign_up("Acme", "a@acme.test")
    shop.sign_up("Bolt", "b@bolt.test")
    hooks.flush()
    assert len(hooks.events) == 4  # every event twice
    assert counter.customers == 2


def test_snapshot_rolls_back_what_the_block_wrote(invoiced_mock: Harness) -> None:
    invoiced_mock.factories.customer(name="Kept")
    with invoiced_mock.snapshot():
        shop.sign_up("Temporary", "t@example.test")
        assert len(invoiced_mock.client.Customer.list()[0]) == 2
    assert [c.name for c in invoiced_mock.client.Customer.list()[0]] == ["Kept"]


@pytest.mark.invoiced_mock(api_key="sk_live_configured")
def test_a_key_the_fixture_does_not_know_gets_a_401_saying_how_to_allow_it(invoiced_mock: Harness) -> None:
    assert invoiced_mock.client.Customer.create(name="A").id == 1
    with pytest.raises(invoiced.errors.AuthenticationError) as refused:
        shop.client().Customer.list()  # the code under test still uses the default key
    assert str(refused.value) == (
        "(401): We could not authenticate you with the API Key: sk_test_invoiced_mock. The invoiced_mock fixture "
        "accepts only its own key 'sk_live_configured'. To let the code under test use 'sk_test_invoiced_mock', "
        "give that key a business of its own with @pytest.mark.invoiced_mock(keys=['sk_test_invoiced_mock']) "
        "(ini invoiced_mock_keys, --invoiced-mock-key), or make it the fixture's key with "
        "@pytest.mark.invoiced_mock(api_key='sk_test_invoiced_mock') (ini invoiced_mock_api_key, "
        "--invoiced-mock-api-key).")
    assert [str(c) for c in invoiced_mock.requests] == ["POST /customers → 201"]  # the refused call is not its


@pytest.mark.invoiced_mock(keys=["sk_second"])
def test_keys_are_each_an_isolated_business_reached_through_for_key(invoiced_mock: Harness,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_INVOICED_KEY", "sk_second")
    assert shop.sign_up("Acme", "billing@acme.test") == 1
    second = invoiced_mock.for_key("sk_second")
    assert [c.name for c in second.client.Customer.list()[0]] == ["Acme"]
    assert invoiced_mock.client.Customer.list()[0] == []
    second.requests.assert_called("POST", "/customers", times=1, json={"email": "billing@acme.test"})
    invoiced_mock.requests.assert_not_called("POST", "/customers")
    with pytest.raises(ValueError, match="does not accept the API key 'sk_third'"):
        invoiced_mock.for_key("sk_third")


@pytest.mark.invoiced_mock(strict=True)
def test_strict_turns_the_contract_check_on(invoiced_mock: Harness) -> None:
    refused = requests.post("https://api.invoiced.com/customers", json={"name": "Acme", "colour": "red"},
                            auth=(invoiced_mock.api_key, ""))
    assert refused.status_code == 400
    assert refused.json() == {"type": "invalid_request", "message": "Unknown request parameters: colour",
                              "param": "colour"}
    assert invoiced_mock.app.strict


@pytest.mark.invoiced_mock(base_urls=["https://invoiced.internal/proxy"])
def test_extra_base_urls_are_served_and_other_hosts_are_not(invoiced_mock: Harness) -> None:
    response = requests.post("https://invoiced.internal/proxy/customers", json={"name": "Via proxy"},
                             auth=(invoiced_mock.api_key, ""))
    assert response.status_code == 201
    with pytest.raises(requests.ConnectionError):
        requests.get("http://127.0.0.1:9/not-ours", timeout=1)


def test_httpx_code_uses_the_fixtures_transport(invoiced_mock: Harness) -> None:
    with httpx.Client(transport=invoiced_mock.httpx_transport(), auth=(invoiced_mock.api_key, "")) as http:
        http.post("https://api.invoiced.com/customers", json={"name": "From httpx"})
    assert invoiced_mock.client.Customer.retrieve(1).name == "From httpx"


def build_world(mock: Harness) -> dict[str, int]:
    """A seeded world: built once per session, copied into each test that asks for it."""
    BUILT.append(1)
    acme = mock.factories.customer(name="Acme", contacts=[{"name": "Ann"}])
    return {"acme": acme["id"], "contacts": len(acme.related["contacts"])}


BUILT: list[int] = []


@pytest.mark.invoiced_mock(seed=build_world)
@pytest.mark.parametrize("run", [1, 2])
def test_a_seeded_world_is_built_once_and_each_test_gets_a_fresh_copy(invoiced_mock: Harness, run: int) -> None:
    assert invoiced_mock.world == {"acme": 1, "contacts": 1}
    customer = invoiced_mock.client.Customer.retrieve(invoiced_mock.world["acme"])
    assert customer.name == "Acme"
    customer.name = f"Changed by run {run}"
    customer.save()
    assert invoiced_mock.client.Customer.create(name="New").id == 2  # the sequence came with the copy
    assert len(BUILT) == 1


def test_the_app_loads_before_the_first_test_only_when_a_test_uses_the_mock(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("""
        import sys

        seen = []

        def pytest_runtest_setup(item):
            if not seen:
                seen.append("invoiced_mock.app" in sys.modules)
                print("app loaded before the first test:", seen[0])
    """)
    pytester.makepyfile(test_a="""
        def test_plain():
            pass
    """, test_b="""
        def test_uses_the_mock(invoiced_mock):
            assert invoiced_mock.client.Customer.create(name="Acme").id == 1
    """)
    ran = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    ran.assert_outcomes(passed=2)
    ran.stdout.fnmatch_lines(["*app loaded before the first test: True*"])
    plain = pytester.runpytest_subprocess("-s", "-p", "no:cacheprovider", "test_a.py")
    plain.assert_outcomes(passed=1)
    plain.stdout.fnmatch_lines(["*app loaded before the first test: False*"])
