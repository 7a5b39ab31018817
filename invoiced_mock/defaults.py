"""The version, defaults and checks the fixtures, the harness and the transports share, in a module that imports
nothing.

The pytest plugin reads them while pytest starts, before any test asks for a fixture, so they must not
pull in the app (see ``import invoiced_mock`` in the package docstring).
"""

VERSION = "0.1.0"  # the one place it is written: pyproject.toml reads it (``[tool.setuptools.dynamic]``)
DEFAULT_API_KEY = "sk_test_invoiced_mock"
DEFAULT_BASE_URLS = ("https://api.invoiced.com", "https://api.sandbox.invoiced.com")


def env_name(name: object) -> bool:
    """Whether ``name`` can name an environment variable (not empty, no ``=``, no NUL): ``api_key_env``."""
    return isinstance(name, str) and bool(name) and "=" not in name and "\0" not in name
