"""Attachments through HTTP: write-only file ids on documents, the attachment list, the Java POST list."""

from __future__ import annotations

import io

import invoiced

from tests.conftest import Api

LINE = [{"name": "Design", "unit_cost": 100}]


def _files(api: Api, *names: str) -> list[int]:
    return [api.create("/files", name=name, type="application/pdf", size=10)["id"] for name in names]


def test_attachments_are_listed_as_attachment_objects_with_headers(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    first, second = _files(api, "contract.pdf", "po.pdf")
    invoice = api.create("/invoices", customer=customer["id"], items=LINE, attachments=[first, second])
    assert "attachments" not in invoice
    response = api.get(f"/invoices/{invoice['id']}/attachments")
    assert response.headers["X-Total-Count"] == "2" and 'rel="last"' in response.headers["Link"]
    listed = response.get_json()
    assert [(a["id"], a["object"], a["file"]["name"]) for a in listed] == [
        (first, "attachment", "contract.pdf"), (second, "attachment", "po.pdf")]


def test_patch_replaces_the_attachments_and_omitting_them_keeps_them(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    first, second = _files(api, "a.pdf", "b.pdf")
    estimate = api.create("/estimates", customer=customer["id"], items=LINE, attachments=[first])
    api.patch(f"/estimates/{estimate['id']}", json={"notes": "kept"})
    assert [a["id"] for a in api.get(f"/estimates/{estimate['id']}/attachments").get_json()] == [first]
    api.patch(f"/estimates/{estimate['id']}", json={"attachments": [second]})
    assert [a["id"] for a in api.get(f"/estimates/{estimate['id']}/attachments").get_json()] == [second]


def test_unknown_file_ids_are_refused(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    response = api.post("/credit_notes", json={"customer": customer["id"], "items": LINE, "attachments": [404]})
    assert response.status_code == 400 and response.get_json()["param"] == "attachments"
    junk = api.post("/credit_notes", json={"customer": customer["id"], "attachments": ["x"]})
    assert junk.status_code == 400 and junk.get_json()["param"] == "attachments"
    assert api.get("/credit_notes").get_json() == []


def test_java_lists_with_post_and_an_empty_body(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    [file_id] = _files(api, "a.pdf")
    note = api.create("/credit_notes", customer=customer["id"], items=LINE, attachments=[file_id])
    response = api.post(f"/credit_notes/{note['id']}/attachments", data=b"",
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 200 and [a["id"] for a in response.get_json()] == [file_id]


def test_a_deleted_file_drops_out_of_the_list(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    first, second = _files(api, "a.pdf", "b.pdf")
    invoice = api.create("/invoices", customer=customer["id"], items=LINE, attachments=[first, second])
    api.delete(f"/files/{first}")
    assert [a["id"] for a in api.get(f"/invoices/{invoice['id']}/attachments").get_json()] == [second]


def test_uploaded_file_attached_through_the_official_client(client: invoiced.Client, live_server) -> None:
    import requests

    upload = requests.post(f"{live_server.base_url}/files", auth=(client.api_key, ""),
                           files={"file": ("scan.png", io.BytesIO(b"\x89PNG...."), "image/png")}, timeout=10)
    assert upload.status_code == 201
    file_id = upload.json()["id"]
    customer = client.Customer.create(name="Acme")
    invoice = client.Invoice.create(customer=customer.id, items=LINE, attachments=[file_id])
    attachments, metadata = invoice.attachments()
    assert metadata.total_count == 1
    assert attachments[0].id == file_id and attachments[0].file["name"] == "scan.png"
    assert attachments[0].file["size"] == 8


def test_voided_and_closed_documents_still_take_attachments(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    [file_id] = _files(api, "proof.pdf")
    voided = api.create("/invoices", customer=customer["id"], items=LINE)
    api.post(f"/invoices/{voided['id']}/void")
    assert api.patch(f"/invoices/{voided['id']}", json={"attachments": [file_id]}).status_code == 200
    assert api.patch(f"/invoices/{voided['id']}", json={"notes": "x"}).status_code == 400
    paid = api.create("/invoices", customer=customer["id"], items=[{"name": "free", "unit_cost": 0}])
    assert paid["closed"] is True
    assert api.patch(f"/invoices/{paid['id']}", json={"attachments": [file_id]}).status_code == 200
    for invoice in (voided, paid):
        assert [a["id"] for a in api.get(f"/invoices/{invoice['id']}/attachments").get_json()] == [file_id]
