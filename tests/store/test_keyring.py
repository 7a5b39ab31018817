"""The key ring (store/keyring.py) and how Tenants and Business use it: an issued secret opens its business
while the business holds it, in open and in restricted mode."""

from __future__ import annotations

from invoiced_mock import Clock
from invoiced_mock.store.business import Tenants
from invoiced_mock.store.keyring import SECRET, TABLE, KeyRing
from tests.conftest import EPOCH


def _issue(tenants: Tenants, owner: str, secret: str, row_id: int = 1) -> None:
    business = tenants.get(owner) or tenants.add(owner)
    business.table(TABLE, indexed=(SECRET,)).put({"id": row_id, SECRET: secret})
    business.keyring.issue(secret, owner)


def test_the_ring_remembers_whose_a_secret_is() -> None:
    ring = KeyRing()
    ring.issue("s1", "owner")
    ring.learn("other", ["s2"])
    assert (ring.owner("s1"), ring.owner("s2"), ring.owner("s3")) == ("owner", "other", None)


def test_an_issued_secret_opens_its_business_while_held() -> None:
    for keys in (None, ("sk_owner",)):  # open mode and restricted mode alike
        tenants = Tenants(Clock(frozen_at=EPOCH), keys)
        _issue(tenants, "sk_owner", "issued")
        owner = tenants.get("sk_owner")
        assert tenants.get("issued") is owner and owner is not None and owner.holds_key("issued")
        owner.tables[TABLE].remove(1)
        assert tenants.get("issued") is None  # never a business of its own, even in open mode
        assert not owner.holds_key("issued")


def test_a_reset_business_holds_none_of_its_old_secrets() -> None:
    tenants = Tenants(Clock(frozen_at=EPOCH))
    _issue(tenants, "sk_owner", "issued")
    tenants.reset("sk_owner")
    assert tenants.get("issued") is None


def test_a_restored_business_teaches_the_ring_its_secrets() -> None:
    tenants = Tenants(Clock(frozen_at=EPOCH))
    _issue(tenants, "sk_owner", "issued")
    memento = tenants.get("sk_owner").snapshot()  # type: ignore[union-attr]
    elsewhere = Tenants(Clock(frozen_at=EPOCH), ("sk_owner",))  # restricted: an unknown key opens nothing
    target = elsewhere.get("sk_owner")
    assert target is not None
    assert elsewhere.get("issued") is None
    target.restore(memento)
    assert elsewhere.get("issued") is target
