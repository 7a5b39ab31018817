"""Optional dependencies: which extra brings which library, imported only when a feature first needs it.

The core install (``pip install invoiced-mock``) needs werkzeug and requests alone, so the fixture fits
beside projects that pin other versions of the heavy libraries (Singer taps pin ``jsonschema==2.6.0``).
Contract checks need ``invoiced-mock[contract]`` (jsonschema, jsonschema-rs), PDFs ``invoiced-mock[pdf]``
(fpdf2); ``invoiced-mock[all]`` brings both. A missing library raises :class:`MissingExtra`, which names
the command that installs it, and which the app answers as a JSON 501 in the API's dialect.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from invoiced_mock.errors import ServerError

# The extra that provides each optional library (by import name), as declared in pyproject.toml.
EXTRAS = {
    "jsonschema": "contract",
    "referencing": "contract",
    "jsonschema_rs": "contract",
    "fpdf": "pdf",
}


class MissingExtra(ServerError, ImportError):
    """An optional library a feature needs is not installed; the message says which extra brings it.

    An ``ImportError`` for library callers, and a 501 ``api_error`` when a request needed it.
    """

    status = 501

    def __init__(self, module: str, feature: str, installed: str | None = None) -> None:
        extra = EXTRAS[module]
        what = (f"a newer {module!r} package than the one installed ({installed})" if installed
                else f"the {module!r} package, which is not installed")
        super().__init__(f"{feature} needs {what}: pip install 'invoiced-mock[{extra}]'")
        self.name = module
        self.extra = extra


def require(module: str, feature: str, needs: str | None = None) -> ModuleType:
    """Import ``module`` (one of :data:`EXTRAS`), or raise :class:`MissingExtra` naming its extra; also when
    the installed version is too old to have attribute ``needs`` (``jsonschema==2.6.0``, pinned by Singer taps)."""
    try:
        found = sys.modules.get(module) or importlib.import_module(module)  # every contract check asks
    except ImportError as missing:
        if missing.name != module and not (missing.name or "").startswith(f"{module}."):
            raise  # the library is there but broken: show its own error
        raise MissingExtra(module, feature) from missing
    if needs is not None and not hasattr(found, needs):
        raise MissingExtra(module, feature, installed=str(getattr(found, "__version__", "an older version")))
    return found
