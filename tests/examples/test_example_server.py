import subprocess
import sys

import requests


def test_a_subprocess_uses_the_shared_server(invoiced_mock_server):
    script = "import sys, requests; print(requests.post(sys.argv[1] + '/customers', auth=(sys.argv[2], ''), " \
             "json={'name': 'Acme'}).status_code)"
    out = subprocess.run([sys.executable, "-c", script, invoiced_mock_server.base_url, invoiced_mock_server.api_key],
                         capture_output=True, text=True, check=True)

    assert out.stdout.strip() == "201"
    invoiced_mock_server.requests.assert_called("POST", "/customers", times=1)


def test_the_control_plane_drives_the_server_over_http(invoiced_mock_server):
    base, auth = invoiced_mock_server.base_url, (invoiced_mock_server.api_key, "")
    requests.post(f"{base}/_mock/faults", json={"method": "GET", "path": "/customers", "status": 503}, auth=auth)
    requests.post(f"{base}/_mock/clock", json={"freeze": 1_700_000_000})

    assert requests.get(f"{base}/customers", auth=auth).status_code == 503
    assert requests.get(f"{base}/_mock/clock").json() == {"now": 1_700_000_000, "frozen": True}
    assert [c["status"] for c in requests.get(f"{base}/_mock/requests", auth=auth).json()] == [503]
