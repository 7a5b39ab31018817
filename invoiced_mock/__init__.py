"""invoiced-mock: the Invoiced billing API, in memory, for tests."""

from .app import InvoicedMock
from .clock import Clock
from .errors import ApiError

__all__ = ["ApiError", "Clock", "InvoicedMock"]
__version__ = "0.1.0"
