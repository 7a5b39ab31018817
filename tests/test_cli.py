"""``invoiced-mock serve``: a real process whose banner's curl line and client snippet work as printed."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator

import invoiced
import pytest

from invoiced_mock.cli import build_parser


@pytest.fixture
def sandbox() -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "invoiced_mock", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    lines = []
    while True:
        line = process.stdout.readline()
        assert line, f"server exited early: {process.stderr.read() if process.stderr else ''}"
        lines.append(line)
        if line.startswith("Every API key"):
            break
    banner = "".join(lines)
    url = re.search(r"listening on (http://\S+)", banner).group(1)  # type: ignore[union-attr]
    yield process, url, banner
    if process.poll() is None:
        process.kill()
        process.wait()


def test_banner_commands_work_as_printed_and_ctrl_c_stops(sandbox) -> None:
    process, _url, banner = sandbox
    curls = [line.strip() for line in banner.splitlines() if line.strip().startswith("curl ")]
    created = json.loads(subprocess.run(shlex.split(curls[0]), capture_output=True, text=True, check=True).stdout)
    assert created["name"] == "Acme Inc" and created["object"] == "customer"
    listed = json.loads(subprocess.run(shlex.split(curls[1]), capture_output=True, text=True, check=True).stdout)
    assert [c["id"] for c in listed] == [created["id"]]

    snippet = "\n".join(line[2:] for line in banner.splitlines() if line.startswith("  ") and "curl" not in line)
    namespace: dict[str, object] = {}
    exec(snippet, namespace)  # the printed Python lines, verbatim
    client = namespace["client"]
    assert isinstance(client, invoiced.Client)
    assert client.Customer.list()[1].total_count == 2

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert "stopped" in (process.stderr.read() if process.stderr else "")


def test_serve_options_parse() -> None:
    args = build_parser().parse_args(["serve", "--port", "0", "--key", "sk_a", "--key", "sk_b", "--frozen-at", "5"])
    assert (args.port, args.keys, args.frozen_at) == (0, ["sk_a", "sk_b"], 5)
