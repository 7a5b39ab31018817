"""The end of a pytest session that used the loopback server: webhook deliveries still queued for a receiver
that never answers are abandoned (and logged), never waited for."""

from __future__ import annotations

import time

import pytest

DOWNSTREAM = '''
import socket
import time

import requests

SILENT = socket.socket()  # accepts connections (the backlog) and never answers
SILENT.bind(("127.0.0.1", 0))
SILENT.listen(64)


def test_forty_deliveries_stay_queued(invoiced_mock_server):
    auth = (invoiced_mock_server.api_key, "")
    hook = f"http://127.0.0.1:{SILENT.getsockname()[1]}/hook"
    base = invoiced_mock_server.base_url
    assert requests.post(f"{base}/webhooks", json={"url": hook}, auth=auth).status_code == 201
    for i in range(40):
        assert requests.post(f"{base}/customers", json={"name": f"C{i}"}, auth=auth).status_code == 201
    print("LAST TEST ENDED", time.time())
'''


def test_a_session_ends_at_once_abandoning_the_webhook_deliveries_still_queued(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(DOWNSTREAM)
    result = pytester.runpytest_subprocess("-q", "-s", "-p", "no:cacheprovider", "-o", "log_cli=true",
                                           "-o", "log_cli_level=WARNING")
    ended = time.time()
    assert result.ret == 0
    last = next(float(line.split()[-1]) for line in result.outlines if "LAST TEST ENDED" in line)
    assert ended - last < 5  # a structural bound: the session used to wait 30 s on the receiver
    result.stdout.fnmatch_lines(["*abandoned * pending webhook deliveries*"])
