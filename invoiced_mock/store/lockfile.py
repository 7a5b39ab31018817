"""One writer per state file: an exclusive lock on ``FILE.lock`` beside it, naming who holds it.

The operating system holds the lock for the process (``flock``; a byte past the text on Windows), so a process
that dies — even by ``kill -9`` — lets go of it at once, and a second writer is refused however it was
started. The lock file is left in place (removing it would let two writers lock two different files); what
it says is the holder's description, read by whoever is refused.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl


class Held(Exception):
    """Another writer holds the lock: ``holder`` says who (as it described itself)."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


class Lock:
    """The exclusive lock of ``path`` (``FILE.lock``), taken at once or :class:`Held`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _take(self._fd)
        except OSError:
            holder = _read(self._fd)
            os.close(self._fd)
            self._fd = None
            raise Held(holder or "another process") from None
        self.describe(f"invoiced-mock {' '.join(sys.argv[1:2]) or 'in a Python process'}")

    def describe(self, what: str) -> None:
        """Say who holds the lock (the refused read it): the process id, ``what`` it is, since when."""
        if self._fd is None:
            return
        since = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime())
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, f"pid {os.getpid()} ({what}, since {since})"[:TEXT].encode())

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor lets go of the lock
            self._fd = None


TEXT = 1000  # characters of description; Windows locks the byte after them (a locked byte cannot be read there)


def _take(fd: int) -> None:
    if sys.platform == "win32":
        os.lseek(fd, 4 * TEXT, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _read(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 4 * TEXT).decode("utf-8", "replace").strip("\x00 \n")
    except OSError:
        return ""
