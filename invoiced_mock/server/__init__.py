"""The fake sandbox: the app behind a real threaded HTTP/1.1 server on a socket, for other processes and
languages.
"""

from invoiced_mock.moved import forward

__getattr__ = forward(__name__)  # the names of the 0.1 module ``invoiced_mock.server``, for one release
