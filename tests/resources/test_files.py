"""Files through HTTP: multipart uploads, external files by URL, retrieve and delete."""

from __future__ import annotations

import io

from tests.conftest import EPOCH, Api


def test_multipart_upload_records_name_type_and_size(api: Api) -> None:
    response = api.post("/files", data={"file": (io.BytesIO(b"%PDF-1.4 twelve"), "contract.pdf",
                                                  "application/pdf")})
    assert response.status_code == 201
    file = response.get_json()
    assert (file["object"], file["name"], file["type"], file["size"]) == ("file", "contract.pdf",
                                                                        "application/pdf", 15)
    assert file["created_at"] == EPOCH
    assert api.get(f"/files/{file['id']}").get_json() == file


def test_external_file_by_json_and_by_form(api: Api) -> None:
    by_json = api.create("/files", name="terms.pdf", size=2048, type="application/pdf",
                         url="https://example.com/terms.pdf")
    assert by_json["url"] == "https://example.com/terms.pdf" and by_json["size"] == 2048
    by_form = api.post("/files", data={"name": "logo.png", "size": "10", "type": "image/png",
                                       "url": "https://example.com/logo.png"})
    assert by_form.status_code == 201 and by_form.get_json()["size"] == 10


def test_a_file_needs_a_name_and_a_sane_size(api: Api) -> None:
    nameless = api.post("/files", json={"url": "https://example.com/x"})
    assert nameless.status_code == 400 and nameless.get_json()["param"] == "name"
    negative = api.post("/files", json={"name": "x", "size": -1})
    assert negative.status_code == 400 and negative.get_json()["param"] == "size"


def test_delete_then_gone(api: Api) -> None:
    file = api.create("/files", name="a.txt")
    assert api.delete(f"/files/{file['id']}").status_code == 204
    gone = api.get(f"/files/{file['id']}")
    assert gone.status_code == 404 and gone.get_json()["message"] == f"File was not found: {file['id']}"
    assert [e["type"] for e in api.get("/events").get_json()] == ["file.deleted", "file.created"]
