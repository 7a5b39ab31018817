"""The published schemas: generated from the declarations, fresh on disk, valid draft 2020-12, strict on drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from invoiced_mock.contract import ContractError, validate, violations
from invoiced_mock.contract.publish import stale, write
from invoiced_mock.contract.schemas import SCHEMA_DIR, build
from invoiced_mock.core.fields import Int, SchemaContext, Shape, Str
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_shipped_schemas_match_the_declarations() -> None:
    assert stale() == [], "schemas/ is stale: run `make schemas`"


def test_a_stale_directory_is_reported_file_by_file(tmp_path: Path) -> None:
    write(tmp_path)
    assert stale(tmp_path) == []
    (tmp_path / "customer.json").write_text("{}")
    (tmp_path / "gone.json").write_text("{}")
    (tmp_path / "item_list.json").unlink()
    assert stale(tmp_path) == ["customer.json", "gone.json", "item_list.json"]


def test_repository_schemas_dir_is_the_package_data() -> None:
    root = Path(__file__).resolve().parents[2] / "schemas"
    assert root.resolve() == SCHEMA_DIR.resolve()


def test_every_resource_has_object_list_and_request_schemas() -> None:
    schemas = build()
    for name, resource in REGISTRY.items():
        assert {name, f"{name}_list"} <= set(schemas)
        for kind in ("create", "update"):
            assert (f"{name}_{kind}" in schemas) == (kind in resource.operations)
    assert "event_create" not in schemas  # events are read-only
    assert "error" in schemas


@pytest.mark.parametrize("name", sorted(build()))
def test_each_schema_is_valid_draft_2020_12_with_an_id(name: str) -> None:
    schema = build()[name]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{name}.json")
    assert json.loads((SCHEMA_DIR / f"{name}.json").read_text()) == schema


def test_response_schemas_reject_unknown_attributes() -> None:
    found = violations({"id": 1, "object": "customer", "name": "Acme", "surprise": 1}, "customer")
    assert [(v.path, v.rule) for v in found] == [("$", "additionalProperties")]
    assert "surprise" in found[0].message


def test_expanded_references_and_tax_objects_use_refs() -> None:
    customer = build()["customer"]["properties"]
    assert {"$ref": "customer.json"} in customer["parent_customer"]["anyOf"]
    assert customer["taxes"]["items"] == {"$ref": "tax_rate.json"}
    validate({"id": 2, "object": "customer", "name": "Child",
              "parent_customer": {"id": 1, "object": "customer", "name": "Parent"}}, "customer")
    with pytest.raises(ContractError, match=r"\$\.taxes\[0\]\.value.*rule: type"):
        validate({"id": 1, "object": "customer", "name": "A",
                  "taxes": [{"id": "vat", "object": "tax_rate", "name": "VAT", "value": "5%"}]}, "customer")


def test_write_only_attributes_are_in_requests_not_responses() -> None:
    assert "disabled_payment_methods" in build()["customer_create"]["properties"]
    assert "disabled_payment_methods" not in build()["customer"]["properties"]


def test_create_requires_what_the_declaration_requires_and_refuses_read_only() -> None:
    create = build()["plan_create"]
    assert create["required"] == ["name", "interval"]
    assert create["properties"]["name"]["minLength"] == 1
    assert create["properties"]["num_subscriptions"] == {"readOnly": True}  # sent back unchanged: ignored
    assert "required" not in build()["plan_update"]
    assert create["properties"]["id"]["pattern"] == "^[A-Za-z0-9_.-]{1,255}$"


def test_cross_attribute_rules_are_published() -> None:
    coupon = build()["coupon_create"]
    validate({"name": "Half", "value": 50}, "coupon_create")
    with pytest.raises(ContractError, match=r"\$\.value.*rule: maximum"):
        validate({"name": "Too much", "value": 150}, "coupon_create")
    validate({"name": "Fixed", "value": 150, "is_percent": False}, "coupon_create")
    assert coupon["allOf"]


def test_the_api_references_example_customer_validates() -> None:
    example = json.loads((FIXTURES / "customer_example.json").read_text())
    validate(example, "customer")
    assert example["payment_source"]["object"] == "card"


def test_error_schema() -> None:
    validate({"type": "invalid_request", "message": "Name is missing", "param": "name"}, "error")
    with pytest.raises(ContractError, match=r"'message' is a required property \(rule: required\)"):
        validate({"type": "invalid_request"}, "error")


def test_unknown_schema_name_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"no schema named 'invoicee'.*customer"):
        validate({}, "invoicee")


LINE = Shape(name="line_item", properties=(("name", Str(max_length=5)), ("quantity", Int(minimum=1))),
             required=("name",))


def test_a_shape_describes_an_embedded_object() -> None:
    inline = LINE.schema(SchemaContext(request=True))
    assert inline == {"type": "object", "additionalProperties": False, "required": ["name"],
                      "properties": {"name": {"type": "string", "maxLength": 5},
                                     "quantity": {"type": "integer", "minimum": 1}}}
    response = SchemaContext(request=False, known=frozenset({"line_item"}))
    assert LINE.schema(response) == {"$ref": "line_item.json"}
    assert LINE.body(response)["properties"]["quantity"] == {"type": ["integer", "null"], "minimum": 1}


def test_a_shape_coerces_what_it_declares_and_names_what_it_refuses() -> None:
    assert LINE.coerce({"name": "Pen", "quantity": "2"}, "items[0]") == {"name": "Pen", "quantity": 2}
    with pytest.raises(InvalidRequest) as unknown:
        LINE.coerce({"name": "Pen", "colour": "red"}, "items[0]")
    assert unknown.value.param == "items[0][colour]"
    with pytest.raises(InvalidRequest) as missing:
        LINE.coerce({"quantity": 1}, "items[0]")
    assert missing.value.param == "items[0][name]"
    with pytest.raises(InvalidRequest) as bad:
        LINE.coerce({"name": "Pen", "quantity": 0}, "items[0]")
    assert bad.value.param == "items[0][quantity]"


def test_event_data_is_a_declared_shape(api: Any) -> None:
    customer = api.create("/customers", name="Acme")
    api.patch(f"/customers/{customer['id']}", json={"name": "Acme Ltd"})
    updated, created = api.get("/events").get_json()
    assert updated["data"]["previous"] == {"name": "Acme"}
    validate(updated, "event")
    with pytest.raises(ContractError, match=r"\$\.data: Additional properties.*'extra' was unexpected"):
        validate({**created, "data": {**created["data"], "extra": 1}}, "event")


def test_every_declared_field_type_describes_its_shape() -> None:
    """A new FieldType subclass must override ``schema``, or its attributes would be published as 'anything'."""
    from invoiced_mock.core.fields import FieldType

    loose = [f"{name}.{f.name}: {type(f.type).__name__}" for name, r in REGISTRY.items() for f in r.fields
             if type(f.type) is not FieldType and f.type.schema(SchemaContext()) == {}]
    assert loose == []
