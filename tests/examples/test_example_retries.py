import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def test_your_retrying_session_gets_through_two_rate_limits(invoiced_mock):
    session = requests.Session()          # your code's session, with its own retry policy
    session.mount("https://", HTTPAdapter(max_retries=Retry(total=3, status_forcelist=[429], allowed_methods=None)))
    invoiced_mock.fail_next("POST", "/customers", status=429, times=2)

    created = session.post("https://api.invoiced.com/customers", json={"name": "Acme"},
                           auth=(invoiced_mock.api_key, ""))

    assert created.status_code == 201
    assert [c.status for c in invoiced_mock.requests] == [429, 429, 201]


def test_a_slow_answer_is_a_read_timeout_after_your_timeout(invoiced_mock):
    invoiced_mock.add_latency(5, "GET", "/customers")

    with pytest.raises(requests.ReadTimeout):           # after 0.2 s, not 5
        requests.get("https://api.invoiced.com/customers", auth=(invoiced_mock.api_key, ""), timeout=0.2)
