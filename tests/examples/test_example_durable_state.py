import json

from werkzeug.test import Client

from invoiced_mock import InvoicedMock
from invoiced_mock.cli import main

KEY = ("sk_team", "")


def test_a_restarted_sandbox_keeps_what_it_acknowledged(tmp_path):
    state = tmp_path / "sandbox.db"  # what `invoiced-mock serve --state sandbox.db` keeps
    server = InvoicedMock(state=state)
    Client(server).post("/customers", json={"name": "Acme"}, auth=KEY)
    server.close()  # the server stops: one server writes a file at a time

    after = Client(InvoicedMock(state=state))  # a new process on the same file

    assert [c["name"] for c in after.get("/customers", auth=KEY).get_json()] == ["Acme"]
    assert after.post("/customers", json={"name": "Bolt"}, auth=KEY).get_json()["number"] == "CUST-00002"


def test_a_business_moves_between_sandboxes_as_json(tmp_path, capsys):
    exported = Client(InvoicedMock()).get("/_mock/export", auth=KEY)  # GET /_mock/export: the caller's business
    assert exported.status_code == 200

    source, target = tmp_path / "a.db", tmp_path / "b.db"
    Client(InvoicedMock(state=source)).post("/customers", json={"name": "Acme"}, auth=KEY)
    main(["export", "--state", str(source), "--key", "sk_team"])  # invoiced-mock export ... > acme.json
    (tmp_path / "acme.json").write_text(capsys.readouterr().out)
    main(["import", "--state", str(target), "--key", "sk_team", str(tmp_path / "acme.json")])

    moved = Client(InvoicedMock(state=target)).get("/customers", auth=KEY).get_json()
    assert [c["name"] for c in moved] == ["Acme"]
    assert json.loads((tmp_path / "acme.json").read_text())
