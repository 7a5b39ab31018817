"""Attribute types: how a value sent by a client (JSON, form or query string) becomes a stored value.

Each type's ``coerce`` accepts the native JSON value and its string form (form bodies and query strings
carry only strings) and raises :class:`InvalidRequest` naming the parameter when it cannot.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import InvalidRequest

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


class FieldType:
    """Base type: accepts anything JSON can carry."""

    json_type: str | tuple[str, ...] = ()

    def coerce(self, value: Any, param: str) -> Any:
        return value

    def parse_filter(self, raw: str, param: str) -> Any:
        """A ``filter[...]`` value (always a string on the wire) as a comparable stored value."""
        if raw.lower() in ("null", "none"):
            return None
        return self.coerce(raw, param)


@dataclass(frozen=True)
class Str(FieldType):
    max_length: int | None = None
    choices: tuple[str, ...] | None = None
    lower: bool = False
    json_type = "string"

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, (bool, dict, list)):
            raise InvalidRequest(f"{_label(param)} must be a string", param)
        text = str(value) if not isinstance(value, str) else value
        if self.lower:
            text = text.lower()
        if self.max_length is not None and len(text) > self.max_length:
            raise InvalidRequest(f"{_label(param)} must be at most {self.max_length} characters", param)
        if self.choices is not None and text not in self.choices:
            raise InvalidRequest(f"{_label(param)} must be one of: {', '.join(self.choices)}", param)
        return text


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Email(Str):
    max_length: int | None = 255

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if text and not _EMAIL.match(text):
            raise InvalidRequest(f"{_label(param)} is not a valid email address: {text}", param)
        return text


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


@dataclass(frozen=True)
class Int(FieldType):
    minimum: int | None = None
    json_type = "integer"

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, bool):
            raise InvalidRequest(f"{_label(param)} must be an integer", param)
        if isinstance(value, (float, Decimal)) and value == int(value):
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            value = int(value)
        if not isinstance(value, int):
            raise InvalidRequest(f"{_label(param)} must be an integer", param)
        if self.minimum is not None and value < self.minimum:
            raise InvalidRequest(f"{_label(param)} must be at least {self.minimum}", param)
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


@dataclass(frozen=True)
class StrRef(Str):
    """The string id of a catalogue object (item, plan, coupon, tax rate)."""

    resource: str = ""


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

    minimum: Decimal | None = None
    limit: Decimal = Decimal(10) ** 12
    json_type = "number"

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, (bool, dict, list)) or value is None:
            raise InvalidRequest(f"{_label(param)} must be a number", param)
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


@dataclass(frozen=True)
class Object(FieldType):
    """A free-form JSON object (address blocks, approval details)."""

    json_type = "object"

    def coerce(self, value: Any, param: str) -> Any:
        if not isinstance(value, dict):
            raise InvalidRequest(f"{_label(param)} must be an object", param)
        return value


@dataclass(frozen=True)
class Array(FieldType):
    """A JSON array; ``of`` coerces each element when given."""

    of: FieldType | None = None
    json_type = "array"

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, dict) and all(k.isdigit() for k in value):  # form: a[0]=x&a[1]=y
            value = [value[k] for k in sorted(value, key=int)]
        if isinstance(value, str) and value == "":
            value = []
        if not isinstance(value, list):
            raise InvalidRequest(f"{_label(param)} must be an array", param)
        if self.of is None:
            return value
        return [self.of.coerce(item, f"{param}[{i}]") for i, item in enumerate(value)]


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


def _label(param: str) -> str:
    """``payment_terms`` → ``Payment terms`` for messages."""
    return param.replace("_", " ").capitalize()
