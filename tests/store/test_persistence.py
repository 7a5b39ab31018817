"""Durable state (``--state``): what was acknowledged survives a restart, and a ``kill -9``, exactly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import EPOCH

KEY = ("sk_durable", "")


def test_objects_numbering_clock_events_webhooks_and_idempotency_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    first = Client(InvoicedMock(clock=Clock(frozen_at=EPOCH), state=state))
    customer = first.post("/customers", json={"name": "Acme"}, auth=KEY).get_json()
    invoice = first.post("/invoices", auth=KEY, json={"customer": customer["id"],
                                                      "items": [{"name": "Design", "unit_cost": 10.05}]}).get_json()
    hook = first.post("/webhooks", json={"url": "http://127.0.0.1:9/h", "enabled": False}, auth=KEY).get_json()
    replayed = first.post("/customers", json={"name": "Once"}, auth=KEY, headers={"Idempotency-Key": "key-0001"})
    first.post("/_mock/clock", json={"advance": {"hours": 1}})  # inside the 24 h idempotency window
    events_before = first.get("/events", auth=KEY).get_json()

    second = Client(InvoicedMock(state=state))
    assert second.get("/_mock/clock").get_json() == {"now": EPOCH + 3_600, "frozen": True}
    assert second.get(f"/invoices/{invoice['id']}", auth=KEY).get_json()["total"] == 10.05
    assert second.get(f"/invoices/{invoice['id']}", auth=KEY).get_json()["balance"] == 10.05
    assert second.get("/webhooks", auth=KEY).get_json() == [hook]
    assert second.get("/events", auth=KEY).get_json() == events_before
    again = second.post("/customers", json={"name": "Once"}, auth=KEY, headers={"Idempotency-Key": "key-0001"})
    assert again.get_json() == replayed.get_json()
    assert second.post("/customers", json={"name": "Next"}, auth=KEY).get_json()["number"] == "CUST-00003"


def test_a_refused_request_or_a_reset_leaves_nothing_behind(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    first = Client(InvoicedMock(state=state))
    first.post("/customers", json={"name": "Kept"}, auth=KEY)
    assert first.post("/invoices", json={"customer": 1, "items": [{"unit_cost": "x"}]}, auth=KEY).status_code == 400
    first.post("/customers", json={"name": "Gone"}, auth=("sk_other", ""))
    first.post("/_mock/reset", auth=("sk_other", ""))
    second = Client(InvoicedMock(state=state))
    assert [c["name"] for c in second.get("/customers", auth=KEY).get_json()] == ["Kept"]
    assert second.get("/invoices", auth=KEY).get_json() == []
    assert second.get("/customers", auth=("sk_other", "")).get_json() == []


def test_export_and_import_through_the_control_plane_and_the_cli(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    http = Client(InvoicedMock(state=state))
    http.post("/customers", json={"name": "Acme", "metadata": {"tier": "gold"}}, auth=KEY)
    http.post("/invoices", json={"customer": 1, "items": [{"name": "x", "unit_cost": 0.1, "quantity": 3}]}, auth=KEY)
    exported = http.get("/_mock/export", auth=KEY).get_json()
    assert http.post("/_mock/import", json=exported, auth=("sk_copy", "")).status_code == 200
    assert http.get("/invoices/1", auth=("sk_copy", "")).get_json()["total"] == 0.3
    assert http.post("/_mock/import", json={"tables": 1}, auth=("sk_copy", "")).status_code == 400
    assert http.get("/customers/1", auth=("sk_copy", "")).get_json()["metadata"] == {"tier": "gold"}

    out = subprocess.run([sys.executable, "-m", "invoiced_mock", "export", "--state", str(state), "--key", "sk_copy"],
                         capture_output=True, text=True, check=True).stdout
    path = tmp_path / "copy.json"
    path.write_text(out)
    subprocess.run([sys.executable, "-m", "invoiced_mock", "import", "--state", str(state), "--key", "sk_third",
                    str(path)], capture_output=True, text=True, check=True)
    third = Client(InvoicedMock(state=state))
    assert third.get("/customers/1", auth=("sk_third", "")).get_json()["name"] == "Acme"
    assert json.loads(out)["sequences"]["customer"] == 1


def _serve(state: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "invoiced_mock", "serve", "--port", "0", "--state", str(state)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    url = ""
    while not url:
        line = process.stdout.readline()
        assert line, "server exited early"
        if "listening on" in line:
            url = line.split("listening on ")[1].strip()
    return process, url


def test_kill_9_under_eight_concurrent_writers_loses_no_acknowledged_write(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    process, url = _serve(state)
    acknowledged: list[tuple[str, int, str]] = []
    stop = threading.Event()

    def writer(n: int) -> None:
        session, key, i = requests.Session(), f"sk_writer_{n}", 0
        while not stop.is_set():
            i += 1
            try:
                answer = session.post(f"{url}/customers", json={"name": f"w{n}-{i}"}, auth=(key, ""), timeout=5)
            except requests.RequestException:
                return  # the server died mid-request: that write was never acknowledged
            if answer.status_code == 201:
                acknowledged.append((key, answer.json()["id"], f"w{n}-{i}"))

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in writers:
        thread.start()
    time.sleep(1.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stop.set()
    for thread in writers:
        thread.join()
    assert len(acknowledged) > 20

    restarted, url = _serve(state)
    try:
        for key in {k for k, _, _ in acknowledged}:
            stored = {c["id"]: c["name"] for c in _all(url, key)}
            mine = {cid: name for k, cid, name in acknowledged if k == key}
            assert {cid: stored.get(cid) for cid in mine} == mine
    finally:
        restarted.kill()
        restarted.wait()


def _all(url: str, key: str) -> list[dict[str, object]]:
    found, page = [], 1
    while True:
        batch = requests.get(f"{url}/customers", params={"per_page": 100, "page": page}, auth=(key, "")).json()
        found.extend(batch)
        if len(batch) < 100:
            return found
        page += 1
