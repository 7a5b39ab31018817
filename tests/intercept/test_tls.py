"""requests' TLS file checks on calls the mock answers: they fail as on the wire, and run once per interception."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
import requests
from urllib3.exceptions import InsecureRequestWarning

from invoiced_mock import InvoicedMock
from invoiced_mock.intercept.urllib3_transport import intercept

AUTH = ("sk_tls", "")
URL = "https://api.invoiced.com/customers"


@pytest.fixture
def disk_lookups(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every ``os.path.exists``/``isdir`` of this test, counted by path."""
    seen: Counter[str] = Counter()
    for name in ("exists", "isdir"):
        original = getattr(os.path, name)

        def counted(path: str, original=original) -> bool:  # type: ignore[no-untyped-def]
            seen[str(path)] += 1
            return bool(original(path))

        monkeypatch.setattr(os.path, name, counted)
    return seen


def test_a_missing_ca_bundle_fails_each_call_as_it_would_on_the_wire(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-bundle.pem")
    with intercept(InvoicedMock()), requests.Session() as session:
        for _attempt in range(2):  # a failed check is never remembered
            with pytest.raises(OSError, match="Could not find a suitable TLS CA certificate bundle"):
                session.get(URL, auth=AUTH, verify=missing)


def test_a_missing_client_certificate_fails_as_it_would_on_the_wire(tmp_path: Path) -> None:
    with intercept(InvoicedMock()), pytest.raises(OSError, match="Could not find the TLS certificate file"):
        requests.get(URL, auth=AUTH, cert=str(tmp_path / "client.pem"))


def test_the_disk_is_asked_once_per_interception_and_a_bundle_removed_since_is_seen(
        tmp_path: Path, disk_lookups: Counter[str]) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_text("not read: no TLS happens in process\n")
    app = InvoicedMock()
    with intercept(app):
        requests.post(URL, json={"name": "Acme"}, auth=AUTH, verify=str(bundle))
        first = disk_lookups[str(bundle)]
        answers = [requests.get(f"{URL}/1", auth=AUTH, verify=str(bundle)).status_code for _ in range(5)]
    assert first >= 2  # requests' own checks ran on the first call
    assert disk_lookups[str(bundle)] == first and answers == [200] * 5
    bundle.unlink()
    with intercept(app), pytest.raises(OSError, match="invalid path"):
        requests.get(f"{URL}/1", auth=AUTH, verify=str(bundle))


def test_each_verify_setting_is_checked_on_its_own_and_decides_as_requests_does(
        tmp_path: Path, disk_lookups: Counter[str]) -> None:
    bundle, directory = tmp_path / "bundle.pem", tmp_path / "certs"
    bundle.write_text("")
    directory.mkdir()
    with intercept(InvoicedMock()), requests.Session() as session, pytest.warns(InsecureRequestWarning):
        pools = {}
        for verify in (str(bundle), str(directory), False, str(bundle), str(directory)):
            response = session.get(URL, auth=AUTH, verify=verify)
            assert response.status_code == 200
            pool = response.raw._pool
            pools[verify] = (pool.cert_reqs, pool.ca_certs, pool.ca_cert_dir)
    assert disk_lookups[str(bundle)] == disk_lookups[str(directory)] >= 2
    # Each setting reached its pool as requests' own check leaves it, the second time as the first.
    assert pools == {str(bundle): ("CERT_REQUIRED", str(bundle), None),
                     str(directory): ("CERT_REQUIRED", None, str(directory)), False: ("CERT_NONE", None, None)}
