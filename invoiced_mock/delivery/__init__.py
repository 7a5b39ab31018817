"""Events leaving the mock: webhooks POSTed over HTTP (``outbound``) and delivered to Python callables
(``handlers``).
"""

from invoiced_mock.moved import forward

__getattr__ = forward(__name__)  # the names of the 0.1 module ``invoiced_mock.delivery``, for one release
