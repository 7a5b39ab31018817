"""Email, SMS and PDF templates: enums and languages checked, through HTTP and the official client."""

from __future__ import annotations

import invoiced

from tests.conftest import Api


def test_template_enums_and_languages(api: Api) -> None:
    email = {"id": "reminder", "name": "Reminder", "type": "chasing", "subject": "Hi", "body": "Pay"}
    assert api.post("/email_templates", json={**email, "type": "letter"}).get_json()["param"] == "type"
    assert api.post("/email_templates", json={**email, "language": "eng"}).get_json()["param"] == "language"
    assert api.post("/sms_templates", json={"name": "x", "message": "y", "template_engine": "jinja"}
                    ).get_json()["param"] == "template_engine"
    assert api.post("/pdf_templates", json={"name": "x", "document_type": "bill", "html": "h", "css": "c"}
                    ).get_json()["param"] == "document_type"
    created = api.create("/email_templates", **email, language="DE", options={"attach_pdf": False})
    assert (created["language"], created["options"]) == ("de", {"button_text": "Pay Now", "attach_pdf": False})


def test_standard_email_templates_know_their_name_type_and_options(api: Api) -> None:
    assert api.post("/email_templates", json={"subject": "s", "body": "b"}).get_json()["param"] == "name"
    assert api.post("/email_templates", json={"name": "n", "subject": "s", "body": "b"}).get_json()["param"] == "type"
    standard = api.create("/email_templates", id="new_invoice_email", type="statement", subject="New invoice",
                          body="{{invoice_number}}", options={"send_on_issue": True})
    assert (standard["name"], standard["type"]) == ("New Invoice", "invoice")
    assert standard["options"] == {"send_on_subscription_invoice": True, "send_on_issue": True,
                                   "button_text": "View Invoice", "send_reminder_every_days": 0,
                                   "attach_pdf": True, "attach_secondary_files": False}
    generated = api.create("/email_templates", name="Mine", type="estimate", subject="s", body="b")
    assert generated["id"] and generated["options"]["button_text"] == "View Estimate"
    assert api.get(f"/email_templates/{generated['id']}").get_json() == generated


def test_templates_through_the_client(client: invoiced.Client) -> None:
    email = client.EmailTemplate.create(id="thanks", name="Thanks", type="transaction", subject="Thanks",
                                        body="Received {{amount}}")
    sms = client.SmsTemplate.create(name="Due", message="Due {{url}}")
    pdf = client.PdfTemplate.create(name="Receipt", document_type="receipt", html="<p/>", css="p{}")
    assert client.EmailTemplate.retrieve("thanks").template_engine == "twig"
    assert client.SmsTemplate.retrieve(sms.id).message == "Due {{url}}"
    assert client.PdfTemplate.retrieve(pdf.id).margin_top == "0.5cm"
    assert all(t.delete() is True for t in (email, sms, pdf))
