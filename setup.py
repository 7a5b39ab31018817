"""Only the package list: the library's packages, found, plus the pytest plugin built from ``conftest_plugin/``
(under its own name, ``pytest_invoiced_mock``; see ``[tool.setuptools.package-dir]`` in pyproject.toml).
pyproject.toml cannot mix package discovery with an explicitly renamed package.

Installs are silent: namespace discovery lists ``invoiced_mock/schemas`` (JSON only, no ``__init__.py``) as
a package, so its data ships without a warning that it would not; and the editable install's notice that the
renamed plugin needs a meta path finder (folders named like a package in the working directory could shadow
it; ours are the same sources) is information only, about this deliberate layout, so it is not repeated.
"""

import warnings

from setuptools import find_namespace_packages, setup
from setuptools.warnings import InformationOnly

LIBRARY = find_namespace_packages(include=["invoiced_mock", "invoiced_mock.*"], exclude=["*.__pycache__"])

warnings.filterwarnings("ignore", message="Editable installation", category=InformationOnly)
setup(packages=[*LIBRARY, "pytest_invoiced_mock"])
