"""``tf.train.Coordinator``: lets threads stop together, reporting the first exception."""
from __future__ import annotations

import contextlib
import sys
import threading
import time

from fluxion import errors

__all__ = ["Coordinator"]


class Coordinator:
    """Threads poll `should_stop()`; any of them may `request_stop(ex)`; `join()` waits for the
    registered threads and re-raises the first exception that was not a clean stop."""

    def __init__(self, clean_stop_exception_types=None) -> None:
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise = None
        self._joined = False
        self._registered_threads: set = set()

    def _filter_exception(self, ex):
        exc_info = ex if isinstance(ex, tuple) else (type(ex), ex, ex.__traceback__)
        if issubclass(exc_info[0], self._clean_stop_exception_types):
            return None
        return exc_info

    def request_stop(self, ex=None) -> None:
        """Asks the threads to stop; `ex` (an exception, or sys.exc_info()) is re-raised by
        join() unless it is a clean-stop type or another one came first."""
        with self._lock:
            ex = self._filter_exception(ex) if ex is not None else None
            if self._joined:
                if ex is not None and ex[1] is not None and \
                        self._exc_info_to_raise is None:
                    raise ex[1].with_traceback(ex[2])
                return
            if not self._stop_event.is_set():
                if ex is not None and self._exc_info_to_raise is None:
                    self._exc_info_to_raise = ex
                self._stop_event.set()

    def clear_stop(self) -> None:
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            if self._stop_event.is_set():
                self._stop_event.clear()

    def should_stop(self) -> bool:
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        """A context in which an exception requests a stop (and is reported by join())."""
        try:
            yield
        except Exception:  # noqa: BLE001 - reported through join(), as TF's
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None) -> bool:
        return self._stop_event.wait(timeout)

    def register_thread(self, thread) -> None:
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False) -> None:
        """Waits for `threads` (and the registered ones) after a stop is requested; raises
        RuntimeError naming threads still alive after the grace period, and re-raises the
        exception passed to request_stop()."""
        with self._lock:
            threads = set(threads or ()) | self._registered_threads
        while any(t.is_alive() for t in threads) and not self.wait_for_stop(1.0):
            pass
        deadline = time.monotonic() + stop_grace_period_secs
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        stragglers = [t.name for t in threads if t.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise:
                _, value, tb = self._exc_info_to_raise
                raise value.with_traceback(tb)
        if stragglers and not ignore_live_threads:
            raise RuntimeError(f"Coordinator stopped with threads still running: "
                               f"{' '.join(stragglers)}")

    @property
    def joined(self) -> bool:
        return self._joined

    def raise_requested_exception(self) -> None:
        with self._lock:
            if self._exc_info_to_raise:
                _, value, tb = self._exc_info_to_raise
                raise value.with_traceback(tb)
