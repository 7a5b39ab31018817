"""Events leaving the mock over the network: webhooks signed and POSTed to their URLs off the request thread,
to the hosts the allow-list admits (``outbound``). Delivery to a Python callable in a test is a test aid:
``invoiced_mock.testing.webhooks``.
"""

from invoiced_mock.moved import forward

__getattr__ = forward(__name__)  # the names of the 0.1 module ``invoiced_mock.delivery``, for one release
