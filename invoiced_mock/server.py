"""A real threaded HTTP server around the app, for other processes and languages.

Over a real socket a scripted ``connection_error`` or ``timeout`` fault is real too: the server holds
the connection for the fault's ``delay`` seconds (a client with a shorter read timeout times out), then
drops it without an answer.
"""

from __future__ import annotations

import socket
import threading
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

from .http.wire import FinishingBodies, RequestHandler  # JSON errors, unread bodies read

# Werkzeug polls for shutdown this often; the default 0.5 s makes every stop cost half a second.
POLL_INTERVAL = 0.01


class DroppingConnections:
    """WSGI middleware: network faults taken through the app's ``network_fault`` hook drop the socket."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        hook = getattr(self.app, "network_fault", None)
        fault = hook(environ) if hook is not None and "werkzeug.socket" in environ else None
        if fault is None:
            return self.app(environ, start_response)
        self.app.faults.sleep(fault.delay)
        environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
        raise ConnectionAbortedError(f"invoiced-mock: simulated {fault.kind}")  # werkzeug drops it quietly


class ServerThread:
    """``make_server`` on a background thread: ``start()`` returns once the socket listens."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.server: BaseWSGIServer = make_server(host, port, FinishingBodies(DroppingConnections(app)),
                                                  threaded=True, request_handler=RequestHandler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL},
                                        name="invoiced-mock-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ServerThread:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
