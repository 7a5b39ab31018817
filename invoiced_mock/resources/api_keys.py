"""API keys (backend ``ListApiKeysRoute``, ``CreateApiKeyRoute``, ``DeleteApiKeyRoute``): ``GET|POST /api_keys``,
``DELETE /api_keys/:id``.

A created key has a random 32-character ``secret`` (letters and digits, as the backend makes them) that
authenticates as the business that made it, in every mode of the mock (``keys=`` included), until the key
is deleted: then it gets 401 like any unknown key (``store/keyring.py``). The key the business was first
reached with is its own, like the backend's protected dashboard keys: never listed, never deletable.
Shown as the backend shows a key: ``id, description, secret, last_used, created_at, updated_at``, no
``object``. Differences: ``last_used`` stays null (the mock writes nothing on authentication), and keys
never expire.
"""

from __future__ import annotations

import secrets
import string

from invoiced_mock.core.fields import Str, Timestamp
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record
from invoiced_mock.store.keyring import SECRET, TABLE

_ALPHABET = string.ascii_letters + string.digits
SECRET_LENGTH = 32


class ApiKeys(Setting):
    object = TABLE
    path = "api_keys"
    label = "API Key"
    operations = frozenset({"list", "create", "delete"})
    indexed = (SECRET,)  # how a request's key finds its row (Business.holds_key)
    fields = (
        Field("description", Str(max_length=255)),
        Field(SECRET, Str(), read_only=True),
        Field("last_used", Timestamp(), read_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            record[SECRET] = _new_secret(business)

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            business.keyring.issue(record[SECRET], business.api_key)


def _new_secret(business: Business) -> str:
    while True:  # a clash with any issued secret is as likely as guessing one, but costs one lookup to rule out
        secret = "".join(secrets.choice(_ALPHABET) for _ in range(SECRET_LENGTH))
        if business.keyring.owner(secret) is None:
            return secret
