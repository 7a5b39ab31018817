"""Attribute types: how a value sent by a client (JSON, form or query string) becomes a stored value.

Each type's ``coerce`` accepts the native JSON value and its string form (form bodies and query strings
carry only strings) and raises :class:`InvalidRequest` naming the parameter when it cannot. Each type's
``schema`` describes its JSON shape as a JSON Schema fragment, from which ``invoiced_mock.contract`` builds
the published schemas and the OpenAPI document: a new type states its shape there and nowhere else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from invoiced_mock.errors import InvalidRequest

TRUE_WORDS = {"true", "1", "yes", "on"}
UNSET: Any = object()  # ``FieldType.from_null``: a null the API reads as "not given"
FALSE_WORDS = {"false", "0", "no", "off", ""}


Schema = dict[str, Any]


@dataclass(frozen=True)
class SchemaContext:
    """Which side a schema describes: a request body (``request``) or a response; ``known`` object schemas."""

    request: bool = False
    known: frozenset[str] = frozenset()

    def ref(self, name: str) -> Schema | None:
        """A ``$ref`` to the published schema of object ``name``, or None when there is none."""
        return {"$ref": f"{name}.json"} if name in self.known else None


def nullable(schema: Schema) -> Schema:
    """``schema`` or null: responses show ``null`` for every unset attribute."""
    if not schema:
        return schema
    if "type" in schema and isinstance(schema["type"], str) and "anyOf" not in schema:
        out = {**schema, "type": [schema["type"], "null"]}
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        return out
    if set(schema) == {"anyOf"}:
        return {"anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


class FieldType:
    """Base type: accepts anything JSON can carry."""

    json_type: str | tuple[str, ...] = ()

    def coerce(self, value: Any, param: str) -> Any:
        return value

    def from_null(self) -> Any:
        """What a client's JSON ``null`` means: a stored null, unless the API reads it otherwise (``UNSET``)."""
        return None

    def schema(self, ctx: SchemaContext) -> Schema:
        """This type as a JSON Schema fragment (``{}`` accepts anything)."""
        return {}

    def parse_filter(self, raw: str, param: str) -> Any:
        """A ``filter[...]`` value (always a string on the wire) as a comparable stored value."""
        if raw.lower() in ("null", "none"):
            return None
        return self.coerce(raw, param)


TEXT_LIMIT = 65_535  # characters of a string attribute the API gives no limit for (a MySQL TEXT column)


@dataclass(frozen=True)
class Str(FieldType):
    max_length: int | None = None
    choices: tuple[str, ...] | None = None
    lower: bool = False
    json_type = "string"

    def coerce(self, value: Any, param: str) -> Any:
        text = value
        if type(text) is not str:  # a plain str, almost always, needs no check
            if isinstance(text, (bool, dict, list)):
                raise InvalidRequest(f"{_label(param)} must be a string", param)
            text = str(text)
        if self.lower:
            text = text.lower()
        limit = self.max_length if self.max_length is not None else TEXT_LIMIT
        if len(text) > limit:
            raise InvalidRequest(f"{_label(param)} must be at most {limit} characters", param)
        if self.choices is not None and text not in self.choices:
            raise InvalidRequest(f"{_label(param)} must be one of: {', '.join(self.choices)}", param)
        return text

    def schema(self, ctx: SchemaContext) -> Schema:
        out: Schema = {"type": "string"}
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        if self.choices is not None:
            out["enum"] = list(self.choices)
        return out


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Email(Str):
    max_length: int | None = 255

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if text and not _EMAIL.match(text):
            raise InvalidRequest(f"{_label(param)} is not a valid email address: {text}", param)
        return text

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "format": "email"} if ctx.request else super().schema(ctx)


@dataclass(frozen=True)
class Bool(FieldType):
    json_type = "boolean"

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        raise InvalidRequest(f"{_label(param)} must be a boolean", param)

    def from_null(self) -> Any:
        return UNSET  # the backend treats an unset flag and a null alike: Go's ``"primary": null`` changes nothing

    def schema(self, ctx: SchemaContext) -> Schema:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Int(FieldType):
    minimum: int | None = None
    maximum: int | None = None
    json_type = "integer"

    def coerce(self, value: Any, param: str) -> int:
        if isinstance(value, bool):
            raise InvalidRequest(f"{_label(param)} must be an integer", param)
        value = _integral(value, param)
        if not isinstance(value, int):
            raise InvalidRequest(f"{_label(param)} must be an integer", param)
        if not -INT_LIMIT <= value < INT_LIMIT:
            raise InvalidRequest(f"{_label(param)} is out of range", param)
        if self.minimum is not None and value < self.minimum:
            raise InvalidRequest(f"{_label(param)} must be at least {self.minimum}", param)
        if self.maximum is not None and value > self.maximum:
            raise InvalidRequest(f"{_label(param)} must be at most {self.maximum}", param)
        return value

    def schema(self, ctx: SchemaContext) -> Schema:
        bounds = {k: v for k, v in (("minimum", self.minimum), ("maximum", self.maximum)) if v is not None}
        return {"type": "integer", **bounds}


INT_LIMIT = 2**63  # integers are 64-bit signed, as in the API's database
_INTEGER_TEXT = re.compile(r"\s*-?[0-9]+\s*")


def _integral(value: Any, param: str) -> Any:
    """``value`` as an int when it is one (``12``, ``"12"``, ``12.0``), else as it was.

    Range-checked before conversion: turning ``1e400000`` or 5,000 digits into an int costs seconds.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite():
        if value.adjusted() >= 19:
            raise InvalidRequest(f"{_label(param)} is out of range", param)
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value):
        if len(value.strip().lstrip("-")) > 19:
            raise InvalidRequest(f"{_label(param)} is out of range", param)
        return int(value)
    return value


@dataclass(frozen=True)
class Timestamp(Int):
    """A UNIX timestamp in seconds."""

    minimum: int | None = 0


@dataclass(frozen=True)
class Ref(Int):
    """The integer id of another resource; ``resource`` names it for existence checks and ``expand``."""

    resource: str = ""
    minimum: int | None = 1

    def schema(self, ctx: SchemaContext) -> Schema:
        return expandable(super().schema(ctx), self.resource, ctx)


@dataclass(frozen=True)
class StrRef(Str):
    """The string id of a catalogue object (item, plan, coupon, tax rate)."""

    resource: str = ""

    def schema(self, ctx: SchemaContext) -> Schema:
        return expandable(super().schema(ctx), self.resource, ctx)


def expandable(id_schema: Schema, resource: str, ctx: SchemaContext) -> Schema:
    """A reference: its id, or in a response the object itself once ``expand`` asked for it."""
    target = None if ctx.request else ctx.ref(resource)
    return id_schema if target is None else {"anyOf": [id_schema, target]}


@dataclass(frozen=True)
class RefList(FieldType):
    """A list of catalogue ids (``taxes: ["vat"]``), shown as the full objects (clients decode objects).

    Accepts ids or objects carrying an ``id`` (the Go and Java clients send objects back).
    """

    resource: str = ""
    json_type = "array"

    def coerce(self, value: Any, param: str) -> Any:
        items = Array().coerce(value, param)
        ids = []
        for item in items:
            if isinstance(item, dict):
                item = item.get("id")
            if item in (None, "") or isinstance(item, (bool, list, dict)):
                raise InvalidRequest(f"{_label(param)} must be a list of IDs", param)
            if str(item) not in ids:
                ids.append(str(item))
        return ids

    def schema(self, ctx: SchemaContext) -> Schema:
        if ctx.request:
            one = {"type": ["string", "integer"]}
            return {"type": "array", "items": {"anyOf": [one, {"type": "object", "required": ["id"]}]}}
        return {"type": "array", "items": ctx.ref(self.resource) or {"type": "object"}}


@dataclass(frozen=True)
class IntRefList(RefList):
    """A list of integer ids of another resource (``attachments: [12, 13]``); objects with an ``id`` too."""

    def coerce(self, value: Any, param: str) -> Any:
        ids: list[int] = []
        for one in super().coerce(value, param):
            try:
                number = Ref(resource=self.resource).coerce(one, param)
            except InvalidRequest:
                raise InvalidRequest(f"{_label(param)} must be a list of IDs", param) from None
            ids.append(number)
        return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class Number(FieldType):
    """A decimal number (money in major units, quantities, rates). Stored as Decimal, never float.

    Magnitudes above ``limit`` (10^12) are refused: money is worked in integer minor units with 28
    significant digits, and a quantity times a unit cost within the limit always fits.
    """

    minimum: Decimal | int | None = None
    limit: Decimal = Decimal(10) ** 12
    json_type = "number"

    def coerce(self, value: Any, param: str) -> Any:
        kind = type(value)
        if kind is Decimal:  # a JSON body's fraction (``safejson``): already what its text parses to
            number = value
        elif kind is int:  # exact as it is (what its text would parse to)
            number = Decimal(value)
        elif kind is float:  # by its shortest text (15.5), not its binary value
            number = Decimal(repr(value))
        elif isinstance(value, (bool, dict, list)) or value is None:
            raise InvalidRequest(f"{_label(param)} must be a number", param)
        else:
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                raise InvalidRequest(f"{_label(param)} must be a number", param) from None
        if not number.is_finite():
            raise InvalidRequest(f"{_label(param)} must be a number", param)
        if self.minimum is not None and number < self.minimum:
            raise InvalidRequest(f"{_label(param)} must be at least {self.minimum}", param)
        if abs(number) > self.limit:
            raise InvalidRequest(f"{_label(param)} must be between -{self.limit:,} and {self.limit:,}", param)
        return number

    def schema(self, ctx: SchemaContext) -> Schema:
        if self.minimum is None:
            return {"type": "number"}
        bound = int(self.minimum) if self.minimum == int(self.minimum) else float(self.minimum)
        return {"type": "number", "minimum": bound}


@dataclass(frozen=True)
class Object(FieldType):
    """A free-form JSON object (address blocks, approval details)."""

    json_type = "object"

    def coerce(self, value: Any, param: str) -> Any:
        if not isinstance(value, dict):
            raise InvalidRequest(f"{_label(param)} must be an object", param)
        return value

    def schema(self, ctx: SchemaContext) -> Schema:
        return {"type": "object"}


@dataclass(frozen=True)
class Array(FieldType):
    """A JSON array; ``of`` coerces each element when given."""

    of: FieldType | None = None
    json_type = "array"

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, dict) and all(k.isascii() and k.isdigit() and len(k) < 10 for k in value):  # a[0]=x
            value = [value[k] for k in sorted(value, key=int)]
        if isinstance(value, str) and value == "":
            value = []
        if not isinstance(value, list):
            raise InvalidRequest(f"{_label(param)} must be an array", param)
        if self.of is None:
            return value
        return [self.of.coerce(item, f"{param}[{i}]") for i, item in enumerate(value)]

    def schema(self, ctx: SchemaContext) -> Schema:
        items = self.of.schema(ctx) if self.of is not None else {}
        return {"type": "array", "items": items} if items else {"type": "array"}


_LIST = Array()


@dataclass(frozen=True)
class Embedded(FieldType):
    """Another resource's object shown inside this one (a charge's refunds); computed, never sent.

    ``unsaved``: the object as a preview shows it before it is stored, so its ``id`` is null
    (``<resource>_unsaved.json``).
    """

    resource: str = ""
    unsaved: bool = False
    json_type = "object"

    @property
    def schema_name(self) -> str:
        return f"{self.resource}_unsaved" if self.unsaved else self.resource

    def schema(self, ctx: SchemaContext) -> Schema:
        return ctx.ref(self.schema_name) or {"type": "object"}


def discriminated(objects: tuple[str, ...]) -> Schema:
    """One of several objects told apart by their ``object`` key, so a wrong attribute fails at its own path."""
    return {"type": "object", "required": ["object"], "properties": {"object": {"enum": list(objects)}},
            "allOf": [{"if": {"properties": {"object": {"const": n}}}, "then": {"$ref": f"{n}.json"}}
                      for n in objects]}


@dataclass(frozen=True)
class Either(FieldType):
    """One of several resources' objects (an answer that is an invoice or a credit note); a ``name``
    publishes it as a schema of its own."""

    objects: tuple[str, ...] = ()
    name: str = ""
    json_type = "object"

    def schema(self, ctx: SchemaContext) -> Schema:
        return ctx.ref(self.name) or discriminated(self.objects)


@dataclass(frozen=True)
class Entries(Array):
    """A list of declared shapes (``of``) that the resource's own rules parse entry by entry (line items,
    applied rates): coercion only checks for a list, the rules name what is wrong. ``shorthand`` lists the
    JSON Schemas of the other forms a request may use for an entry (a rate id) or for the whole value (a
    number: the ``tax``/``discount`` shorthands)."""

    entry_shorthand: tuple[Schema, ...] = ()
    value_shorthand: tuple[Schema, ...] = ()

    def coerce(self, value: Any, param: str) -> Any:
        return _LIST.coerce(value, param)

    def schema(self, ctx: SchemaContext) -> Schema:
        items = self.of.schema(ctx) if self.of is not None else {}
        if not ctx.request:
            return {"type": "array", "items": items} if items else {"type": "array"}
        entry = {"anyOf": [items, *self.entry_shorthand]} if self.entry_shorthand else items
        listed = {"type": "array", "items": entry} if entry else {"type": "array"}
        return {"anyOf": [listed, *self.value_shorthand]} if self.value_shorthand else listed


@dataclass(frozen=True)
class Shape(FieldType):
    """An embedded object whose attributes are declared: a line item, a discount, a shipping address.

    ``properties`` pairs each attribute with its type; ``required`` names those a request must carry.
    A ``name`` publishes the shape as an object schema of its own (``line_item.json``) that responses
    ``$ref``; without one it is described inline. ``closed`` shapes refuse attributes they do not
    declare (400 naming them) and their schema says ``additionalProperties: false``.
    """

    properties: tuple[tuple[str, FieldType], ...] = ()
    required: tuple[str, ...] = ()
    name: str = ""
    closed: bool = True
    json_type = "object"

    def coerce(self, value: Any, param: str) -> Any:
        if not isinstance(value, dict):
            raise InvalidRequest(f"{_label(param)} must be an object", param)
        types = dict(self.properties)
        out = dict(value)
        for key, item in value.items():
            if key not in types:
                if self.closed:
                    raise InvalidRequest(f"Unknown attribute of {param}: {key}", f"{param}[{key}]")
                continue
            out[key] = None if item is None else types[key].coerce(item, f"{param}[{key}]")
        for key in self.required:
            if out.get(key) in (None, ""):
                raise InvalidRequest(f"{_label(param)} is missing {key}", f"{param}[{key}]")
        return out

    def schema(self, ctx: SchemaContext) -> Schema:
        if self.name and not ctx.request and ctx.ref(self.name) is not None:
            return ctx.ref(self.name) or {}
        return self.body(ctx)

    def body(self, ctx: SchemaContext) -> Schema:
        """The shape itself, inline (what ``<name>.json`` holds for a named shape)."""
        props = {key: t.schema(ctx) if ctx.request else nullable(t.schema(ctx)) for key, t in self.properties}
        out: Schema = {"type": "object", "properties": props}
        if self.required:
            out["required"] = list(self.required)
        if self.closed:
            out["additionalProperties"] = False
        return out

    @property
    def names(self) -> tuple[str, ...]:
        """The attributes it declares (what a request may send)."""
        return tuple(key for key, _ in self.properties)

    def shapes(self) -> list[Shape]:
        """This shape and every shape nested in it."""
        return [self, *nested_shapes(t for _, t in self.properties)]


def nested_shapes(types: Any) -> list[Shape]:
    """Every :class:`Shape` inside ``types`` (through arrays and other shapes)."""
    found: list[Shape] = []
    for t in types:
        if isinstance(t, Array) and t.of is not None:
            found.extend(nested_shapes([t.of]))
        elif isinstance(t, Shape):
            found.extend(t.shapes())
    return found


METADATA_MAX_KEYS = 10
METADATA_MAX_KEY_LENGTH = 40
METADATA_MAX_VALUE_LENGTH = 255


@dataclass(frozen=True)
class Metadata(FieldType):
    """Metadata: at most 10 keys of at most 40 characters, values of at most 255 once encoded."""

    json_type = "object"

    def coerce(self, value: Any, param: str) -> Any:
        if value in ("", None) or value == []:
            return {}
        if not isinstance(value, dict):
            raise InvalidRequest("Metadata must be an object", param)
        if len(value) > METADATA_MAX_KEYS:
            raise InvalidRequest(f"There can only be up to {METADATA_MAX_KEYS} metadata values", param)
        for key, item in value.items():
            if len(key) > METADATA_MAX_KEY_LENGTH:
                raise InvalidRequest(
                    f"Metadata keys must be {METADATA_MAX_KEY_LENGTH} characters or less: {key}", param)
            text = json.dumps(item, default=str) if isinstance(item, (dict, list)) else str(item)
            if len(text) > METADATA_MAX_VALUE_LENGTH:
                raise InvalidRequest(
                    f"Metadata values must be {METADATA_MAX_VALUE_LENGTH} characters or less: {key}", param)
        return dict(value)

    def from_null(self) -> Any:
        return {}

    def schema(self, ctx: SchemaContext) -> Schema:
        out: Schema = {"type": "object", "maxProperties": METADATA_MAX_KEYS,
                       "propertyNames": {"maxLength": METADATA_MAX_KEY_LENGTH}}
        if ctx.request:
            out["additionalProperties"] = {"type": ["string", "number", "boolean"],
                                           "maxLength": METADATA_MAX_VALUE_LENGTH}
        return out


def _label(param: str) -> str:
    """``payment_terms`` → ``Payment terms`` for messages."""
    return param.replace("_", " ").capitalize()
