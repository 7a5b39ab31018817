"""The 0.1 layout's import paths keep working for one release, each with a DeprecationWarning naming the new one."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from invoiced_mock.moved import MOVED, PACKAGES_NOW


@pytest.mark.parametrize("old", sorted(set(MOVED) - PACKAGES_NOW))
def test_an_old_module_path_is_the_new_module_with_a_warning(old: str) -> None:
    code = ("import importlib, warnings\n"
            "with warnings.catch_warnings(record=True) as caught:\n"
            "    warnings.simplefilter('always')\n"
            f"    old = importlib.import_module('invoiced_mock.{old}')\n"
            f"new = importlib.import_module('invoiced_mock.{MOVED[old]}')\n"
            "print(old is new, new.__spec__.name == new.__name__, [str(w.message) for w in caught])\n")
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    same, spec_kept, warnings = printed.split(" ", 2)
    assert (same, spec_kept) == ("True", "True")
    assert f"invoiced_mock.{old} moved to invoiced_mock.{MOVED[old]}" in warnings


@pytest.mark.parametrize(("package", "name"), [("store", "Business"), ("server", "ServerThread"),
                                               ("delivery", "Delivery")])
def test_a_module_that_became_a_package_still_answers_its_old_names(package: str, name: str) -> None:
    old = importlib.import_module(f"invoiced_mock.{package}")
    with pytest.warns(DeprecationWarning, match=f"invoiced_mock.{package}.{name} moved to"):
        value = getattr(old, name)
    assert value is getattr(importlib.import_module(f"invoiced_mock.{MOVED[package]}"), name)


def test_the_public_names_come_from_the_package_root() -> None:
    import invoiced_mock

    for name in invoiced_mock.__all__:
        assert getattr(invoiced_mock, name) is not None
