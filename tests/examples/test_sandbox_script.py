"""``sandbox.sh``, the shell example of docs/how-to/sandbox.md, run against a loopback server of its own."""

import json
import os
import subprocess
from pathlib import Path

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread

SCRIPT = Path(__file__).with_name("sandbox.sh")


def bodies(text):
    """The JSON bodies curl printed one after another (the sandbox indents JSON for a curl user)."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        body, at = decoder.raw_decode(text, at)
        found.append(body)
    return found


def test_the_shell_example_drives_the_sandbox():
    with ServerThread(InvoicedMock(clock=Clock(frozen_at=1_700_000_000))) as server:
        out = subprocess.run(["sh", str(SCRIPT)], env={**os.environ, "BASE": server.base_url, "KEY": "sk_shell"},
                             capture_output=True, text=True, check=True, timeout=60).stdout

    created, listed, fault, clock, stub, stubbed, journal = bodies(out)
    assert created["name"] == "Acme Inc" and [c["id"] for c in listed] == [created["id"]]
    assert (fault["status"], fault["times"]) == (429, 1)
    assert clock == {"now": 1_700_000_000 + 31 * 86_400, "frozen": True}
    assert stub["hits"] == 0 and stubbed["status"] == "pending"
    assert [(c["method"], c["path"]) for c in journal] == [("POST", "/customers"), ("GET", "/customers"),
                                                          ("GET", "/invoices/7")]
