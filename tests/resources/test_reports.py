"""Reports: created on request with computed content and a working CSV download."""

from __future__ import annotations

import invoiced

from tests.conftest import EPOCH, Api


def test_an_aging_summary_report(api: Api) -> None:
    report = api.create("/reports", type="aging_summary", parameters={"$currency": "eur"})
    assert {k: report[k] for k in ("type", "title", "timestamp", "data", "parameters", "definition", "pdf_url")} == {
        "type": "aging_summary", "title": "Aging Summary", "timestamp": EPOCH, "data": [],
        "parameters": {"$currency": "eur"}, "definition": None, "pdf_url": None}
    assert report["filename"] == f"Aging Summary {report['id']}.csv"
    assert report["csv_url"] == f"http://localhost/reports/{report['id']}/download"
    assert api.get(f"/reports/{report['id']}").get_json() == report
    download = api.get(report["csv_url"].removeprefix("http://localhost"))
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.get_data(as_text=True) == (
        "customer,customer_name,currency,0_7_days,8_14_days,15_30_days,31_60_days,61_plus_days,total\n")


def test_report_types(api: Api) -> None:
    assert api.post("/reports", json={}).get_json()["param"] == "type"
    custom = api.post("/reports", json={"type": "custom", "definition": {"title": "x"}})
    assert custom.status_code == 400 and "report builder" in custom.get_json()["message"]
    unknown = api.post("/reports", json={"type": "mrr"})
    assert unknown.status_code == 400 and unknown.get_json()["param"] == "type"
    assert api.get("/reports").status_code == 405
    assert api.get("/reports/99").status_code == 404
    assert api.post("/reports", json={"type": "aging_summary", "parameters": None}).status_code == 201  # was a 500


def test_reports_through_the_client(client: invoiced.Client) -> None:
    report = client.Report.create(type="aging_summary")
    assert report.title == "Aging Summary"
    assert client.Report.retrieve(report.id).csv_url.endswith(f"/reports/{report.id}/download")


def test_downloading_a_report_by_post_gives_a_url_for_each_format(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 100}])
    report = api.create("/reports", type="aging_summary")
    for kind, mimetype, start in (("csv", "text/csv", b"customer,customer_name"), ("json", "application/json", b"["),
                                  ("pdf", "application/pdf", b"%PDF")):
        answer = api.post(f"/reports/{report['id']}/download", json={"format": kind})
        assert answer.status_code == 200, answer.get_data(as_text=True)
        url = answer.get_json()["url"]
        assert url == f"http://localhost/reports/{report['id']}/download?format={kind}"
        file = api.get(url.removeprefix("http://localhost"))
        assert file.mimetype == mimetype and file.get_data().startswith(start)
    rows = api.get(f"/reports/{report['id']}/download", query_string={"format": "json"}).get_json()
    assert [(r["customer_name"], r["total"]) for r in rows] == [("Acme", 100)]
    missing = api.post(f"/reports/{report['id']}/download", json={})
    assert missing.status_code == 400 and missing.get_json()["param"] == "format"
    assert api.post(f"/reports/{report['id']}/download", json={"format": "xls"}).get_json()["param"] == "format"
    assert api.post("/reports/99/download", json={"format": "csv"}).status_code == 404


def test_refreshing_a_report_builds_a_new_one_from_what_is_in_the_business_now(api: Api) -> None:
    report = api.create("/reports", type="aging_summary", parameters={"$currency": "usd"})
    customer = api.create("/customers", name="Acme")
    api.create("/invoices", customer=customer["id"], currency="eur", items=[{"unit_cost": 100}])
    refreshed = api.post(f"/reports/{report['id']}/refresh", json={"parameters": {"$currency": "eur"}})
    assert refreshed.status_code == 201
    fresh = refreshed.get_json()
    assert fresh["id"] != report["id"] and fresh["type"] == "aging_summary"
    assert fresh["parameters"] == {"$currency": "eur"} and [r["total"] for r in fresh["data"]] == [100]
    assert api.get(f"/reports/{report['id']}").get_json()["data"] == []  # the old one is as it was
    same = api.post(f"/reports/{report['id']}/refresh", json={}).get_json()
    assert same["parameters"] == {}
    assert api.post("/reports/99/refresh", json={}).status_code == 404
