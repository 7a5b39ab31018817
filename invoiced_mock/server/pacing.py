"""How fast a client must send, and which connection gives way when every slot is taken.

A per-read idle timeout alone lets a client that sends one byte every few seconds hold a connection (and
its thread) for ever; 256 such sockets held every slot of the pool. So each connection reads through a
:class:`PacedReader` that enforces, besides the idle timeout:

- a **header deadline**: the request line and headers must all arrive within ``header_timeout`` seconds of
  the request's first byte;
- a **minimum body rate**: the body may take ``header_timeout`` seconds plus one second per ``min_rate``
  bytes received, however it trickles.

And when the pool is full, a new connection does not get a 503 while some connection is only *waiting for
the client* (idle between requests, or mid-request but silent): the one that has waited longest is closed
and the new one takes its slot (:meth:`Pacing.evict`). Connections whose request the app is working on
are never closed; only when every one is busy does a new connection get the 503.
"""

from __future__ import annotations

import contextlib
import io
import math
import socket
import threading
import time
from typing import Any

HEADER_TIMEOUT = 10.0  # seconds from a request's first byte to the end of its headers
MIN_RATE = 1024  # bytes per second a body must keep up, on average, after the header timeout's grace


class Pace:
    """One connection's pace: what it is waiting for, and by when it must have arrived."""

    __slots__ = ("_body_since", "_received", "deadline", "header_timeout", "min_rate", "phase", "sock",
                 "waiting_since")

    def __init__(self, sock: socket.socket, header_timeout: float, min_rate: float) -> None:
        self.sock = sock
        self.header_timeout = header_timeout
        self.min_rate = min_rate
        self.phase = "idle"  # idle (between requests) → head → body → busy (the app has it) → idle
        self.deadline = math.inf
        self.waiting_since: float | None = None  # set while blocked reading from the client
        self._body_since = 0.0
        self._received = 0

    def idle(self) -> None:
        """Between requests: only the idle timeout applies until the next request's first byte."""
        self.phase, self.deadline = "idle", math.inf

    def body(self) -> None:
        """The headers are in: the body has the header timeout's grace and must then keep ``min_rate``."""
        self.phase, self._body_since, self._received = "body", time.monotonic(), 0
        self.deadline = self._body_since + self.header_timeout

    def received(self, count: int, now: float) -> None:
        if self.phase == "idle" and count:
            self.phase, self.deadline = "head", now + self.header_timeout
        elif self.phase == "body":
            self._received += count
            self.deadline = self._body_since + self.header_timeout + self._received / self.min_rate


class PacedReader(io.RawIOBase):
    """The connection's socket as a raw stream that holds the client to its :class:`Pace`: a read waits at
    most until the deadline (less than the socket's own timeout when nearer), then raises ``TimeoutError``."""

    def __init__(self, pace: Pace) -> None:
        self.pace = pace

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        pace, sock = self.pace, self.pace.sock
        now = time.monotonic()
        left = pace.deadline - now
        if left <= 0:
            raise TimeoutError("the client sent too slowly (header deadline or minimum body rate)")
        usual = sock.gettimeout()
        shorter = usual is None or left < usual
        if shorter:
            sock.settimeout(left)
        pace.waiting_since = now
        try:
            count = sock.recv_into(buffer)  # TimeoutError when the client stays silent
        finally:
            pace.waiting_since = None
            if shorter:
                sock.settimeout(usual)
        pace.received(count, time.monotonic())
        return count


class Pacing:
    """The pool's view of every open connection's pace, to pick the one to close when a slot is needed."""

    def __init__(self) -> None:
        self._open: set[Pace] = set()
        self._lock = threading.Lock()

    def opened(self, pace: Pace) -> None:
        with self._lock:
            self._open.add(pace)

    def closed(self, pace: Pace) -> None:
        with self._lock:
            self._open.discard(pace)

    def evict(self) -> bool:
        """Close the connection that has waited longest for its client; False when none is waiting."""
        with self._lock:
            waiting = [(since, id(p), p) for p in self._open if (since := p.waiting_since) is not None]
        if not waiting:
            return False
        _, _, victim = min(waiting)
        with contextlib.suppress(OSError):  # its read returns at once; its thread ends and frees the slot
            victim.sock.shutdown(socket.SHUT_RDWR)
        return True
