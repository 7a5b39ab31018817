"""GL accounts: names of 2 to 100 characters, unique codes of 4+ letters, digits or dashes, optional parent."""

from __future__ import annotations

import invoiced
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import EPOCH, Api


def test_names_codes_and_parents(api: Api) -> None:
    assert api.post("/gl_accounts", json={"name": "S", "code": "4000"}).get_json()["param"] == "name"
    assert api.post("/gl_accounts", json={"name": "S" * 101, "code": "4000"}).get_json()["param"] == "name"
    assert api.post("/gl_accounts", json={"name": "Sales", "code": "400"}).get_json()["param"] == "code"
    assert api.post("/gl_accounts", json={"name": "Sales", "code": "40_00"}).get_json()["param"] == "code"
    sales = api.create("/gl_accounts", name="Sales", code="REV-4000")
    taken = api.post("/gl_accounts", json={"name": "Other", "code": "rev-4000"})
    assert taken.status_code == 400 and taken.get_json()["param"] == "code"
    assert api.post("/gl_accounts", json={"name": "Sub", "code": "4100", "parent_id": 99}
                    ).get_json()["param"] == "parent_id"
    child = api.create("/gl_accounts", name="Online sales", code="4100", parent_id=sales["id"])
    assert child["parent_id"] == sales["id"]
    loop = api.patch(f"/gl_accounts/{sales['id']}", json={"parent_id": child["id"]}).get_json()
    assert loop == {"type": "invalid_request", "param": "parent_id",
                    "message": "Detected circular dependency in account hierarchy: REV-4000 -> 4100 -> REV-4000"}
    assert api.patch(f"/gl_accounts/{sales['id']}", json={"parent_id": sales["id"]}).get_json()["param"] == "parent_id"
    blocked = api.delete(f"/gl_accounts/{sales['id']}")
    assert blocked.status_code == 400 and "sub-account" in blocked.get_json()["message"]
    assert api.patch(f"/gl_accounts/{sales['id']}", json={"code": "REV-4000"}).status_code == 200  # its own code
    assert api.patch(f"/gl_accounts/{sales['id']}", json={"code": "4100"}).get_json()["param"] == "code"
    renamed = api.patch(f"/gl_accounts/{sales['id']}", json={"code": "4001"}).get_json()
    assert renamed["code"] == "4001"
    assert api.create("/gl_accounts", name="Reuse", code="REV-4000")["code"] == "REV-4000"  # freed by the rename


def test_at_most_five_levels(api: Api) -> None:
    parent = None
    for level in range(5):
        parent = api.create("/gl_accounts", name=f"Level {level}", code=f"100{level}", parent_id=parent)["id"]
    too_deep = api.post("/gl_accounts", json={"name": "Level 5", "code": "1005", "parent_id": parent})
    assert too_deep.status_code == 400 and too_deep.get_json()["message"] == (
        "The maximum number of sub-account levels (5) has been exceeded")


def test_gl_accounts_through_the_client(client: invoiced.Client) -> None:
    account = client.GlAccount.create(name="Services", code="5000")
    assert client.GlAccount.retrieve(account.id).code == "5000"
    assert [a.id for a in client.GlAccount.list()[0]] == [account.id]
    assert account.delete() is True


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 7), st.none() | st.integers(1, 7)), max_size=15))
def test_any_reparenting_keeps_the_chart_free_of_loops(moves: list[tuple[int, int | None]]) -> None:
    # As the API checks it: the moved account's own chain up to the root (at most five levels, no loop).
    # Its sub-accounts are not re-checked, so only the moved account's depth is bounded.
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    for i in range(1, 8):
        api.create("/gl_accounts", name=f"Account {i}", code=f"{1000 + i}")

    def chain(start: int) -> list[int]:
        parents = {a["id"]: a["parent_id"] for a in api.get("/gl_accounts").get_json()}
        links, node = [start], parents[start]
        while node is not None:
            assert node not in links  # no loops, ever
            links.append(node)
            node = parents[node]
        return links

    for child, parent in moves:
        response = api.patch(f"/gl_accounts/{child}", json={"parent_id": parent})
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert len(chain(child)) <= 5
    for i in range(1, 8):
        chain(i)
