"""In process: the client libraries' traffic to the Invoiced API answered by the app, with no socket.

urllib3 and requests (``urllib3_transport``), httpx (``httpx_transport``), the process-wide table of which base
URL goes to which app (``origins``), one request as a client library meets it (``exchange``) and the guard that
blocks the real API in tests (``guard``).
"""
