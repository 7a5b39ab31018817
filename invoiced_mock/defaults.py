"""The version and the defaults the fixtures, the harness and the transports share, in a module that imports nothing.

The pytest plugin reads them while pytest starts, before any test asks for a fixture, so they must not
pull in the app (see ``import invoiced_mock`` in the package docstring).
"""

VERSION = "0.1.0"  # the one place it is written: pyproject.toml reads it (``[tool.setuptools.dynamic]``)
DEFAULT_API_KEY = "sk_test_invoiced_mock"
DEFAULT_BASE_URLS = ("https://api.invoiced.com", "https://api.sandbox.invoiced.com")
