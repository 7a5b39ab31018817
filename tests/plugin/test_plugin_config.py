"""Plugin registration and configuration, proven on small downstream suites run by pytester."""

from __future__ import annotations

import pytest

DOWNSTREAM = '''
import invoiced

def test_key_and_clock(invoiced_mock):
    client = invoiced.Client(invoiced_mock.api_key)
    assert client.Customer.create(name="Acme").created_at == invoiced_mock.clock.now()
    print("KEY", invoiced_mock.api_key, "NOW", invoiced_mock.clock.now(), "BASES", *invoiced_mock.base_urls)
'''


def test_the_entry_point_loads_the_plugin_and_p_no_turns_it_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(DOWNSTREAM)
    assert pytester.runpytest_subprocess("-q").ret == 0
    off = pytester.runpytest_subprocess("-q", "-p", "no:invoiced_mock")
    off.stdout.fnmatch_lines(["*fixture 'invoiced_mock' not found*"])
    assert off.ret == 1


def test_ini_options_then_command_line_options_configure_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makeini("""
        [pytest]
        invoiced_mock_api_key = sk_from_ini
        invoiced_mock_frozen_at = 1600000000
        invoiced_mock_base_urls =
            https://proxy.example/invoiced
    """)
    pytester.makepyfile(DOWNSTREAM)
    from_ini = pytester.runpytest_subprocess("-q", "-s")
    from_ini.stdout.fnmatch_lines(["KEY sk_from_ini NOW 1600000000 BASES https://api.invoiced.com "
                                   "https://api.sandbox.invoiced.com https://proxy.example/invoiced"])
    from_cli = pytester.runpytest_subprocess("-q", "-s", "--invoiced-mock-api-key=sk_from_cli",
                                             "--invoiced-mock-frozen-at=1650000000")
    from_cli.stdout.fnmatch_lines(["KEY sk_from_cli NOW 1650000000 *"])


def test_the_options_have_help_text(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*--invoiced-mock-api-key=KEY*", "*--invoiced-mock-key=KEY*",
                                 "*--invoiced-mock-strict*", "*the contract check*", "*--invoiced-mock-allow-real-api*",
                                 "*invoiced_mock_keys (linelist)*", "*invoiced_mock_assert_all_stubs_used (bool)*",
                                 "*invoiced_mock_seed (string)*"])
    markers = pytester.runpytest_subprocess("--markers")
    markers.stdout.fnmatch_lines(["@pytest.mark.invoiced_mock(api_key=str, keys=[[]str[]], strict=bool*"])


def test_an_unknown_marker_option_is_a_usage_error_naming_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
        import pytest

        @pytest.mark.invoiced_mock(frozen=1)
        def test_typo(invoiced_mock):
            pass
    """)
    result = pytester.runpytest_subprocess("-q")
    result.stdout.fnmatch_lines(["*unknown option 'frozen'*"])
    assert result.ret != 0


def test_an_ini_seed_seeds_every_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(world="def build(mock):\n    return mock.factories.customer(name='Seeded')['id']\n")
    pytester.makeini("[pytest]\ninvoiced_mock_seed = world:build\npythonpath = .\n")
    pytester.makepyfile("""
        def test_seeded(invoiced_mock):
            assert invoiced_mock.world == 1
            assert invoiced_mock.client.Customer.retrieve(1).name == "Seeded"
    """)
    assert pytester.runpytest_subprocess("-q").ret == 0


def test_safe_under_xdist_with_two_workers(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_many="""
        import pytest

        @pytest.mark.parametrize("n", range(12))
        def test_in_process(invoiced_mock, n):
            assert invoiced_mock.client.Customer.list()[0] == []
            assert invoiced_mock.client.Customer.create(name=str(n)).id == 1

        @pytest.mark.parametrize("n", range(6))
        def test_server(invoiced_mock_server, n):
            assert invoiced_mock_server.client.Customer.create(name=str(n)).id == 1
            invoiced_mock_server.requests.assert_called("POST", "/customers", times=1)
    """)
    result = pytester.runpytest_subprocess("-q", "-n", "2", "-p", "xdist")
    result.assert_outcomes(passed=18)


def test_keys_and_strict_come_from_ini_and_command_line_too(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ninvoiced_mock_keys =\n    sk_from_ini\n")
    pytester.makepyfile("""
        import requests

        def post(key, **body):
            return requests.post("https://api.invoiced.com/customers", json=body, auth=(key, "")).status_code

        def test_keys(invoiced_mock):
            assert [post(k, name="A") for k in ("sk_from_ini", "sk_from_cli", "sk_unknown")] == [201, 201, 401]
            assert post(invoiced_mock.api_key, name="A", colour="red") == 400  # strict: the contract check
    """)
    result = pytester.runpytest_subprocess("-q", "--invoiced-mock-key=sk_from_cli", "--invoiced-mock-strict")
    result.assert_outcomes(passed=1)


TEARDOWN_SUITE = '''
import pytest

def test_unused_stub(invoiced_mock):
    invoiced_mock.stub("GET", "/invoices/*", json={"id": 1})

def test_unused_optional_stub(invoiced_mock):
    invoiced_mock.stub("GET", "/invoices/*", json={"id": 1}, required=False)

@pytest.mark.invoiced_mock(assert_all_stubs_used=False)
def test_unused_stub_marker_opt_out(invoiced_mock):
    invoiced_mock.stub("GET", "/invoices/*", json={"id": 1})

def consumer(event):
    raise KeyError("customer_tier")

def test_raising_handler(invoiced_mock):
    invoiced_mock.webhooks(consumer)
    invoiced_mock.client.Customer.create(name="Acme")

def test_raising_handler_opt_out(invoiced_mock):
    hooks = invoiced_mock.webhooks(consumer, raise_errors=False)
    invoiced_mock.client.Customer.create(name="Acme")
    assert len(hooks.failures) == 1

def test_raising_handler_on_the_server(invoiced_mock_server):
    invoiced_mock_server.webhooks(consumer)
    invoiced_mock_server.client.Customer.create(name="Acme")
'''


def test_teardown_fails_a_test_on_unused_stubs_and_raising_handlers_unless_opted_out(pytester: pytest.Pytester) -> None:
    suite = pytester.makepyfile(TEARDOWN_SUITE)
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=6, errors=3)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_unused_stub *",
        "*1 stub was not used up*",
        "*GET /invoices/* → 200 (answered 0, expected at least once)*",
    ])
    result.stdout.fnmatch_lines(["*def consumer(event):*", "*raise KeyError*",
                                 "*The above exception was the direct cause*",
                                 "*HandlerError: the webhook handler 'consumer' raised KeyError*"])
    assert "test_unused_optional_stub" not in "".join(line for line in result.outlines if "ERROR" in line)
    pytester.makeini("[pytest]\ninvoiced_mock_assert_all_stubs_used = false\n")
    assert pytester.runpytest_subprocess("-q", f"{suite.name}::test_unused_stub").ret == 0


ENV_KEY = '''
import os

import invoiced
import pytest


def charge_the_customer():  # your code: it reads its key from the environment, as in production
    return invoiced.Client(os.environ["INVOICED_API_KEY"]).Customer.create(name="Acme")


def test_reads_the_key_from_the_environment(invoiced_mock):
    assert os.environ["INVOICED_API_KEY"] == invoiced_mock.api_key
    assert charge_the_customer().id == 1


@pytest.mark.invoiced_mock(api_key_env="MY_INVOICED_KEY", api_key="sk_marked")
def test_the_marker_names_another_variable(invoiced_mock):
    assert os.environ["MY_INVOICED_KEY"] == "sk_marked"
    assert os.environ.get("INVOICED_API_KEY") == "kept"  # a variable the option does not name is left alone


def test_the_server_fixture_exports_its_fresh_key(invoiced_mock_server):
    assert os.environ["INVOICED_API_KEY"] == invoiced_mock_server.api_key


def test_afterwards_the_environment_is_as_it_was():
    assert os.environ.get("INVOICED_API_KEY") == "kept" and "MY_INVOICED_KEY" not in os.environ
'''


def test_the_fixture_exports_its_key_to_a_named_environment_variable_for_the_tests_duration(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INVOICED_API_KEY", "kept")
    monkeypatch.delenv("MY_INVOICED_KEY", raising=False)
    pytester.makepyfile(ENV_KEY)
    pytester.makeini("""
        [pytest]
        invoiced_mock_api_key_env = INVOICED_API_KEY
    """)
    from_ini = pytester.runpytest_subprocess("-q", "-p", "no:randomly")
    from_ini.assert_outcomes(passed=4)
    pytester.makeini("[pytest]\n")
    from_cli = pytester.runpytest_subprocess("-q", "-p", "no:randomly", "--invoiced-mock-api-key-env=INVOICED_API_KEY",
                                             "-k", "not marker")
    from_cli.assert_outcomes(passed=3, deselected=1)
    bad = pytester.runpytest_subprocess("-q", "--invoiced-mock-api-key-env=NOT=A NAME", "-k", "environment")
    bad.stderr.fnmatch_lines(["*'NOT=A NAME' is not an environment variable name*"])
