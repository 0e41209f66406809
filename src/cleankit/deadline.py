"""A per-document time limit that interrupts a runaway cleaner (e.g. a backtracking regex).

It uses ``SIGALRM``, which interrupts Python code and the ``re`` engine alike, so it works
where cleaners run in a process's main thread (the CLI, the process pool). Elsewhere (a
thread, a platform without ``SIGALRM``) the limit is not enforced and :func:`enforceable`
says so.
"""
from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from .errors import DeadlineExceeded

__all__ = ["Deadline", "DeadlineExceeded", "enforceable"]


def enforceable() -> bool:
    """True when a time limit can be enforced in the calling thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class Deadline:
    """Arms a real-time timer; :meth:`guard` marks the code that may be interrupted."""

    __slots__ = ("seconds", "expired", "_inside", "_armed", "_previous")

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.expired = False
        self._inside = False
        self._armed = False
        self._previous: Any = None

    def arm(self) -> None:
        """Start (or restart) the clock with the full allowance."""
        if not self.seconds or not enforceable():
            return
        global _current
        handler = signal.getsignal(signal.SIGALRM)
        if handler is not _on_alarm:
            # the host's handler is put back by disarm: a library must not keep SIGALRM
            self._previous = handler
            signal.signal(signal.SIGALRM, _on_alarm)
        _current = self
        self.expired = False
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self._armed = True

    def disarm(self) -> None:
        """Stop the clock."""
        global _current
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self._armed = False
            if _current is self:
                _current = None
            if self._previous is not None:
                signal.signal(signal.SIGALRM, self._previous)
                self._previous = None

    def enter(self) -> None:
        """Mark the start of interruptible code.

        If the clock ran out outside a cleaner (in cleankit's own code), no cleaner is to
        blame: the next one starts with a fresh allowance.
        """
        if self.expired:
            self.arm()
        self._inside = True

    def leave(self) -> None:
        """Mark the end of interruptible code."""
        self._inside = False

    def _fire(self) -> None:
        self.expired = True
        if self._inside:
            self._inside = False
            raise DeadlineExceeded()


_current: Deadline | None = None


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if _current is not None:
        _current._fire()
