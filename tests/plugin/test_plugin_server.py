"""``invoiced_mock_server``: one real loopback server per session, each test isolated on a fresh key."""

from __future__ import annotations

import subprocess
import sys

import invoiced
import pytest
import requests

from invoiced_mock.testing.harness import Harness

FROZEN = 1_700_000_000
KEYS_SEEN: list[str] = []


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_its_own_key_and_an_empty_business(invoiced_mock_server: Harness, run: int) -> None:
    assert invoiced_mock_server.base_url.startswith("http://127.0.0.1:")
    assert invoiced_mock_server.api_key not in KEYS_SEEN
    KEYS_SEEN.append(invoiced_mock_server.api_key)
    client = invoiced_mock_server.client
    assert client.Customer.list()[0] == []
    assert client.Customer.create(name=f"Run {run}").id == 1
    assert len(invoiced_mock_server.requests) == 2


def test_a_subprocess_talks_to_it_over_http(invoiced_mock_server: Harness) -> None:
    code = ("import invoiced, sys; c = invoiced.Client(sys.argv[1]); c.api_url = sys.argv[2]; "
            "print(c.Customer.create(name='From a subprocess').id)")
    out = subprocess.run([sys.executable, "-c", code, invoiced_mock_server.api_key, invoiced_mock_server.base_url],
                         capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "1"
    invoiced_mock_server.requests.assert_called("POST", "/customers", times=1, json={"name": "From a subprocess"})


def test_faults_are_scoped_to_the_tests_key(invoiced_mock_server: Harness) -> None:
    invoiced_mock_server.fail_next("GET", "/customers", status=429, times=None)
    with pytest.raises(invoiced.errors.RateLimitError):
        invoiced_mock_server.client.Customer.list()
    other = requests.get(f"{invoiced_mock_server.base_url}/customers", auth=("sk_someone_else", ""))
    assert other.status_code == 200  # another caller of the same server is not affected


@pytest.mark.invoiced_mock(frozen_at=FROZEN)
def test_the_marker_freezes_the_servers_clock_for_this_test(invoiced_mock_server: Harness) -> None:
    assert invoiced_mock_server.client.Customer.create(name="A").created_at == FROZEN
    invoiced_mock_server.clock.advance(days=1)
    assert invoiced_mock_server.client.Customer.create(name="B").created_at == FROZEN + 86_400


def test_the_clock_is_running_again_after_a_test_froze_it(invoiced_mock_server: Harness) -> None:
    assert not invoiced_mock_server.clock.frozen
    assert invoiced_mock_server.clock.now() > FROZEN + 86_400


def test_factories_seed_the_tests_business_on_the_server(invoiced_mock_server: Harness) -> None:
    acme = invoiced_mock_server.factories.customer(name="Acme")
    fetched = requests.get(f"{invoiced_mock_server.base_url}/customers/{acme['id']}",
                           auth=(invoiced_mock_server.api_key, ""))
    assert fetched.json()["name"] == "Acme"


def test_a_dropped_connection_is_real_over_the_socket(invoiced_mock_server: Harness) -> None:
    invoiced_mock_server.drop_connection("POST", "/customers")
    with pytest.raises(invoiced.errors.ApiConnectionError):
        invoiced_mock_server.client.Customer.create(name="Lost")
    assert invoiced_mock_server.client.Customer.create(name="Kept").id == 1  # the lost one wrote nothing
    assert [str(c) for c in invoiced_mock_server.requests] == ["POST /customers → connection_error",
                                                               "POST /customers → 201"]


SEEDED: list[str] = []


def small_world(mock: Harness) -> int:
    SEEDED.append(mock.api_key)
    return int(mock.factories.customer(name="Seeded")["id"])


@pytest.mark.invoiced_mock(seed=small_world)
@pytest.mark.parametrize("run", [1, 2])
def test_a_seed_is_built_once_and_copied_under_each_tests_fresh_key(invoiced_mock_server: Harness, run: int) -> None:
    assert invoiced_mock_server.client.Customer.retrieve(invoiced_mock_server.world).name == "Seeded"
    assert len(SEEDED) == 1


def test_snapshot_on_the_server_rolls_back_this_tests_business(invoiced_mock_server: Harness) -> None:
    invoiced_mock_server.factories.customer(name="Kept")
    with invoiced_mock_server.snapshot():
        invoiced_mock_server.client.Customer.create(name="Dropped")
    assert [c.name for c in invoiced_mock_server.client.Customer.list()[0]] == ["Kept"]
