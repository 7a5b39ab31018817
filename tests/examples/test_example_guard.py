import invoiced
import pytest

from invoiced_mock import RealApiBlocked


def test_forgetting_the_fixture_fails_loudly():   # no invoiced_mock here
    with pytest.raises(RealApiBlocked, match="invoiced_mock"):
        invoiced.Client("sk_live_oops").Customer.list()
