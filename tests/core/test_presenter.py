"""core/presenter.py: an object is shown with its declared attributes in declared order, whatever the layout of
the stored record (one made by ``Resource.blank`` is copied whole, any other is picked attribute by attribute)."""

from __future__ import annotations

import json

from invoiced_mock.core.resource import REGISTRY
from tests.conftest import API_KEY, Api


def _shown_keys(api: Api, path: str) -> list[str]:
    return list(json.loads(api.get(path).get_data()))


def test_a_stored_record_of_any_layout_is_shown_the_same(api: Api) -> None:
    customer = api.create("/customers", name="Acme", metadata={"k": "v"})
    as_made = api.get(f"/customers/{customer['id']}").get_json()
    declared = [f.name for f in REGISTRY["customer"].fields if not f.write_only and not f.hidden]
    assert list(as_made) == [name for name in declared if name in as_made]
    assert "disabled_payment_methods" not in as_made  # a write-only attribute of the stored record
    table = REGISTRY["customer"].table(api.app.business(API_KEY))
    stored = table.get(customer["id"])
    assert stored is not None
    table.put(dict(reversed(list(stored.items()))))  # the same record, its keys laid out backwards
    assert _shown_keys(api, f"/customers/{customer['id']}") == list(as_made)
    assert api.get(f"/customers/{customer['id']}").get_json() == as_made
    listed = api.get("/customers").get_json()
    assert listed == [as_made] and list(listed[0]) == list(as_made)


def test_include_and_exclude_still_shape_a_record_laid_out_as_made(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    shaped = api.get(f"/customers/{customer['id']}", query_string={"exclude": "email,metadata"}).get_json()
    assert "email" not in shaped and "metadata" not in shaped and shaped["name"] == "Acme"
    included = api.get(f"/customers/{customer['id']}", query_string={"include": "disabled_payment_methods"})
    assert "disabled_payment_methods" not in included.get_json()  # write-only: never shown, even when asked
