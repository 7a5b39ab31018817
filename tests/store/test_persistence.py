"""Durable state (``--state``): what was acknowledged survives a restart, and a ``kill -9``, exactly."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.store import business as business_module
from tests.conftest import EPOCH

KEY = ("sk_durable", "")


def test_objects_numbering_clock_events_webhooks_and_idempotency_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    first_app = InvoicedMock(clock=Clock(frozen_at=EPOCH), state=state)
    first = Client(first_app)
    customer = first.post("/customers", json={"name": "Acme"}, auth=KEY).get_json()
    invoice = first.post("/invoices", auth=KEY, json={"customer": customer["id"],
                                                      "items": [{"name": "Design", "unit_cost": 10.05}]}).get_json()
    hook = first.post("/webhooks", json={"url": "http://127.0.0.1:9/h", "enabled": False}, auth=KEY).get_json()
    replayed = first.post("/customers", json={"name": "Once"}, auth=KEY, headers={"Idempotency-Key": "key-0001"})
    first.post("/_mock/clock", json={"advance": {"hours": 1}})  # inside the 24 h idempotency window
    events_before = first.get("/events", auth=KEY).get_json()
    first_app.close()  # one app writes a file at a time

    second = Client(InvoicedMock(state=state))
    assert second.get("/_mock/clock").get_json() == {"now": EPOCH + 3_600, "frozen": True}
    assert second.get(f"/invoices/{invoice['id']}", auth=KEY).get_json()["total"] == 10.05
    assert second.get(f"/invoices/{invoice['id']}", auth=KEY).get_json()["balance"] == 10.05
    assert second.get("/webhooks", auth=KEY).get_json() == [hook]
    assert second.get("/events", auth=KEY).get_json() == events_before
    again = second.post("/customers", json={"name": "Once"}, auth=KEY, headers={"Idempotency-Key": "key-0001"})
    assert again.get_json() == replayed.get_json()
    assert second.post("/customers", json={"name": "Next"}, auth=KEY).get_json()["number"] == "CUST-00003"


def test_a_large_table_is_written_plain_and_read_back_packed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Packed rows (a large table: ``LARGE_TABLE`` lowered to 20) reach the file as plain data, events' kept
    objects included, and a restart packs them again with every list index: the same answers as before."""
    monkeypatch.setattr(business_module, "LARGE_TABLE", 20)
    state = tmp_path / "sandbox.db"
    first_app = InvoicedMock(clock=Clock(frozen_at=EPOCH), state=state)
    first = Client(first_app)
    for n in range(30):
        first.post("/customers", json={"name": f"Customer {29 - n:02d}", "metadata": {"n": str(n)}}, auth=KEY)
    first.patch("/customers/3", json={"name": "Renamed"}, auth=KEY)
    queries = ["/customers?sort=name asc&per_page=5", "/customers?metadata[n]=7", "/events?per_page=3",
               "/customers/3"]
    before = [first.get(query, auth=KEY).get_json() for query in queries]
    assert first_app.business(KEY[0]).tables["customer"].rows.packing
    first_app.close()

    second_app = InvoicedMock(state=state)
    second = Client(second_app)
    assert [second.get(query, auth=KEY).get_json() for query in queries] == before
    customers = second_app.business(KEY[0]).tables["customer"]
    assert customers.rows.packing and "name" in customers.indexes.ordered and len(customers) == 30


def test_a_refused_request_or_a_reset_leaves_nothing_behind(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    first_app = InvoicedMock(state=state)
    first = Client(first_app)
    first.post("/customers", json={"name": "Kept"}, auth=KEY)
    assert first.post("/invoices", json={"customer": 1, "items": [{"unit_cost": "x"}]}, auth=KEY).status_code == 400
    first.post("/customers", json={"name": "Gone"}, auth=("sk_other", ""))
    first.post("/_mock/reset", auth=("sk_other", ""))
    first_app.close()
    second = Client(InvoicedMock(state=state))
    assert [c["name"] for c in second.get("/customers", auth=KEY).get_json()] == ["Kept"]
    assert second.get("/invoices", auth=KEY).get_json() == []
    assert second.get("/customers", auth=("sk_other", "")).get_json() == []


def test_export_and_import_through_the_control_plane_and_the_cli(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    app = InvoicedMock(state=state)
    http = Client(app)
    http.post("/customers", json={"name": "Acme", "metadata": {"tier": "gold"}}, auth=KEY)
    http.post("/invoices", json={"customer": 1, "items": [{"name": "x", "unit_cost": 0.1, "quantity": 3}]}, auth=KEY)
    exported = http.get("/_mock/export", auth=KEY).get_json()
    assert http.post("/_mock/import", json=exported, auth=("sk_copy", "")).status_code == 200
    assert http.get("/invoices/1", auth=("sk_copy", "")).get_json()["total"] == 0.3
    assert http.post("/_mock/import", json={"tables": 1}, auth=("sk_copy", "")).status_code == 400
    assert http.get("/customers/1", auth=("sk_copy", "")).get_json()["metadata"] == {"tier": "gold"}
    app.close()  # the offline import below writes the file: no server may hold it

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


# -- one writer per file, and every unusable file a one-line refusal ------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``invoiced-mock ARGS`` run to its end."""
    return subprocess.run([sys.executable, "-m", "invoiced_mock", *args], capture_output=True, text=True, timeout=60)


def _refused(done: subprocess.CompletedProcess[str], *said: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    for words in said:
        assert words in done.stderr


def test_a_second_server_on_the_same_state_file_exits_2_naming_the_file_and_its_holder(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    first, url = _serve(state)
    try:
        assert requests.post(f"{url}/customers", json={"name": "First"}, auth=KEY).status_code == 201
        second = _cli("serve", "--port", "0", "--state", str(state))
        _refused(second, str(state), f"pid {first.pid}", url)
        third = _cli("import", "--state", str(state), "--key", "sk_x", str(tmp_path / "none.json"))
        _refused(third, str(state), f"pid {first.pid}")
        assert requests.post(f"{url}/customers", json={"name": "Still"}, auth=KEY).json()["id"] == 2
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=10)
    again, url = _serve(state)
    try:
        assert [c["name"] for c in requests.get(f"{url}/customers", auth=KEY).json()] == ["First", "Still"]
    finally:
        again.kill()
        again.wait()


def test_two_apps_in_one_process_cannot_hold_one_file_and_a_closed_one_lets_go(tmp_path: Path) -> None:
    from invoiced_mock.store.persistence import StateFileError

    state = tmp_path / "sandbox.db"
    first = InvoicedMock(state=state)
    with pytest.raises(StateFileError, match=f"{state} is in use by pid {os.getpid()}"):
        InvoicedMock(state=state)
    first.close()
    InvoicedMock(state=state).close()


def _sqlite(path: Path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def _ours_with_a_bad_row(path: Path) -> None:
    Client(app := InvoicedMock(state=path)).post("/customers", json={"name": "A"}, auth=KEY)
    app.close()
    _sqlite(path, "UPDATE rows SET body = x'00ff00ff' WHERE tbl = 'customer'")


def _ours_with_a_hostile_row(path: Path) -> None:
    Client(app := InvoicedMock(state=path)).post("/customers", json={"name": "A"}, auth=KEY)
    app.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE rows SET body = ? WHERE tbl = 'customer'", (pickle.dumps(Hostile()),))
    db.commit()
    db.close()


class Hostile:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch /tmp/invoiced-mock-pwned",))


def _truncated(path: Path) -> None:
    Client(app := InvoicedMock(state=path)).post("/customers", json={"name": "A" * 5000}, auth=KEY)
    app.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


@pytest.mark.parametrize("make, said", [
    (lambda p: None, "no folder"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: p.write_bytes(os.urandom(8192)), "not an SQLite database"),
    (lambda p: p.write_text("customers:\n  - Acme\n" * 50), "not an SQLite database"),
    (lambda p: _sqlite(p, "CREATE TABLE users (id INTEGER, name TEXT)", "INSERT INTO users VALUES (1, 'x')"),
     "another program's SQLite database"),
    (_ours_with_a_bad_row, "row customer 1 of sk_durable cannot be read"),
    (_ours_with_a_hostile_row, "posix.system"),
    (_truncated, "damaged"),
])
def test_every_unusable_state_file_is_one_line_and_exit_2(tmp_path: Path, make: object, said: str) -> None:
    path = tmp_path / ("missing" if said == "no folder" else "") / "sandbox.db"
    make(path)  # type: ignore[operator]
    for command in (["serve", "--port", "0"], ["export", "--key", "sk_durable"], ["state"]):
        _refused(_cli(*command, "--state", str(path)), str(path), said)
    assert not Path("/tmp/invoiced-mock-pwned").exists()


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` read-only while the block runs: immutable for root (who ignores file modes), else by its mode."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    else:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_file_or_folder_is_refused_at_start(tmp_path: Path) -> None:
    file = tmp_path / "sandbox.db"
    InvoicedMock(state=file).close()
    with read_only(file):
        _refused(_cli("serve", "--port", "0", "--state", str(file)), str(file), "read-only")
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        _refused(_cli("serve", "--port", "0", "--state", str(folder / "sandbox.db")), str(folder), "read-only")
    written = tmp_path / "written.db"
    InvoicedMock(state=written).close()
    with read_only(tmp_path):  # the file is writable, but its WAL and lock cannot be made beside it
        _refused(_cli("serve", "--port", "0", "--state", str(written)), str(tmp_path), "read-only")


def test_a_clean_stop_leaves_one_file_and_state_copies_one_after_a_kill_9(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    process, url = _serve(state)
    for i in range(20):
        assert requests.post(f"{url}/customers", json={"name": f"C{i}"}, auth=KEY).status_code == 201
    while_running = _cli("state", "--state", str(state), "--copy-to", str(tmp_path / "live.db"))
    assert while_running.returncode == 0, while_running.stderr
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert (tmp_path / "sandbox.db-wal").stat().st_size > 0  # the newest writes live in the WAL alone
    summary = _cli("state", "--state", str(state), "--copy-to", str(tmp_path / "copy.db"))
    assert summary.returncode == 0, summary.stderr
    assert "1 business" in summary.stdout and "not in use" in summary.stdout
    for copy in ("live.db", "copy.db"):
        assert not (tmp_path / f"{copy}-wal").exists()
        assert len(_customers_in(tmp_path / copy, tmp_path / f"alone-{copy}")) == 20

    process, url = _serve(state)
    requests.post(f"{url}/customers", json={"name": "C20"}, auth=KEY)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert not (tmp_path / "sandbox.db-wal").exists() or (tmp_path / "sandbox.db-wal").stat().st_size == 0
    assert len(_customers_in(state, tmp_path / "alone.db")) == 21


def _customers_in(state: Path, alone: Path) -> list[str]:
    """The customers of a state file copied without its -wal and -shm files (as a plain ``cp`` would)."""
    shutil.copyfile(state, alone)
    app = InvoicedMock(state=alone)
    try:
        return [c["name"] for c in Client(app).get("/customers", query_string={"per_page": 100}, auth=KEY).get_json()]
    finally:
        app.close()
