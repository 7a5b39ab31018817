"""Only the package list: the library's packages, found, plus the pytest plugin built from ``conftest_plugin/``
(under its own name, ``pytest_invoiced_mock``; see ``[tool.setuptools.package-dir]`` in pyproject.toml).
pyproject.toml cannot mix package discovery with an explicitly renamed package."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["invoiced_mock", "invoiced_mock.*"]), "pytest_invoiced_mock"])
