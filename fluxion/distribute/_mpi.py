"""Workers started by an MPI launcher (`mpirun -n 2 python train.py`): collectives over mpi4py.

mpi4py is imported here only, when a `MultiWorkerMirroredStrategy` is created under a launcher.
Every collective is non-blocking and polled against a deadline, so a worker that has exited
never turns into a hang:
- `timeout_seconds` (CommunicationOptions) bounds each collective: DeadlineExceededError, as
  TF raises when a collective times out;
- health checks while a collective waits: every `check_health_interval` seconds this worker
  pings the others; each worker answers from a background thread (or from its own waits
  where MPI gives no thread support), so a busy worker answers and one that has exited or
  crashed does not: UnavailableError names it.
After a failure the group is aborted: later collectives raise the same error class at once
("Collective ops is aborted by: ..."), as TF does, since the workers' collectives no longer
pair up.
"""
from __future__ import annotations

import atexit
import os
import threading
import time

import numpy as np

from fluxion import errors

# environment variables that MPI launchers (Open MPI, MPICH/Hydra, PMIx, MVAPICH, Intel MPI)
# set in the processes they start
_LAUNCHER_SIZE_VARS = ("OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MV2_COMM_WORLD_SIZE")
_LAUNCHER_RANK_VARS = ("OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", "MV2_COMM_WORLD_RANK")

_PING = 1  # tag of a health check; the answer comes back on the tag the ping carries
_ANSWER_TAGS = 30000  # answers use tags 100 .. 100 + _ANSWER_TAGS (MPI guarantees >= 32767)
_BUSY_SECONDS = 2e-3  # a waiting collective polls without sleeping this long, then sleeps
_MAX_SLEEP = 1e-3


def launched_by_mpi() -> bool:
    return any(v in os.environ for v in _LAUNCHER_SIZE_VARS + _LAUNCHER_RANK_VARS)


def launcher_size() -> int | None:
    for name in _LAUNCHER_SIZE_VARS:
        if name in os.environ:
            try:
                return int(os.environ[name])
            except ValueError:
                return None
    return None


def import_mpi():
    """mpi4py's MPI module, or ImportError saying how to install it."""
    try:
        from mpi4py import MPI  # noqa: PLC0415 - optional extra, imported on first use
    except ImportError as exc:
        raise ImportError(
            "MultiWorkerMirroredStrategy under an MPI launcher needs mpi4py (an optional "
            "extra): pip install 'fluxion[mpi]' (and an MPI library, e.g. apt-get install "
            f"openmpi-bin libopenmpi-dev). Import failed with: {exc}") from exc
    return MPI


_WIRE_TYPES = {np.dtype(np.float16): np.float32, np.dtype(np.bool_): np.int32}


class MPIGroup:
    """All the processes of MPI's world, as one group of workers."""

    def __init__(self, init_timeout: float | None = None) -> None:
        self.MPI = MPI = import_mpi()
        world = MPI.COMM_WORLD
        self.rank, self.size = world.Get_rank(), world.Get_size()
        self.check_interval: float | None = 30.0  # TF's health-check interval and timeout
        self.check_timeout = 10.0
        self._failure: tuple | None = None  # (error class, message) once a collective failed
        self._collectives = 0
        self._answer = 0
        self._sent: list = []  # (request, buffer) of sends in flight (buffers must live)
        self._sent_lock = threading.Lock()
        self._threaded = MPI.Query_thread() == MPI.THREAD_MULTIPLE
        self.comm = self._dup(world, init_timeout)  # collectives apart from the user's own
        self.health = self._dup(world, init_timeout)  # pings apart from the collectives
        self._stop = threading.Event()
        self._responder = None
        if self._threaded and self.size > 1:
            self._responder = threading.Thread(target=self._respond, name="mpi_health",
                                               daemon=True)
            self._responder.start()
            atexit.register(self.close)  # before mpi4py finalizes MPI

    def _dup(self, world, timeout):
        if not hasattr(world, "Idup"):  # mpi4py before 3.1: a blocking duplicate
            comm = world.Dup()
        else:
            comm, request = world.Idup()
            self._wait([request], timeout, "creating the workers' communicator", health=False)
        comm.Set_errhandler(self.MPI.ERRORS_RETURN)
        return comm

    def close(self) -> None:
        self._stop.set()
        if self._responder is not None and self._responder is not threading.current_thread():
            self._responder.join()

    # --- collectives -----------------------------------------------------------------------------
    def all_reduce(self, arrays: list, timeout: float | None = None) -> list:
        """The element-wise sum over the workers of each array: one MPI all-reduce per dtype,
        all in flight at once."""
        arrays = [np.asarray(a) for a in arrays]
        by_dtype: dict = {}
        for i, a in enumerate(arrays):
            by_dtype.setdefault(a.dtype, []).append(i)
        requests, packs = [], []
        for dtype, members in by_dtype.items():
            wire = _WIRE_TYPES.get(dtype, dtype)
            if len(members) == 1:
                send = np.ascontiguousarray(arrays[members[0]], wire).reshape(-1)
            else:
                send = np.concatenate([arrays[i].reshape(-1) for i in members]).astype(
                    wire, copy=False)
            recv = np.empty_like(send)
            requests.append(self._start(lambda s=send, r=recv: self.comm.Iallreduce(s, r)))
            packs.append((members, recv))
        self._wait(requests, timeout, f"all-reduce of {len(arrays)} tensor(s)")
        out = [None] * len(arrays)
        for members, recv in packs:
            offset = 0
            for i in members:
                size = arrays[i].size
                out[i] = recv[offset:offset + size].reshape(arrays[i].shape).astype(
                    arrays[i].dtype, copy=False)
                offset += size
        return out

    def broadcast(self, array, root: int = 0, timeout: float | None = None):
        """Worker `root`'s array, on every worker (same shape and dtype everywhere)."""
        array = np.asarray(array)
        buffer = np.array(array, _WIRE_TYPES.get(array.dtype, array.dtype), order="C")
        request = self._start(lambda: self.comm.Ibcast(buffer, root=root))
        self._wait([request], timeout, f"broadcast from worker {root}")
        return buffer.astype(array.dtype, copy=False)

    def all_gather(self, array, timeout: float | None = None) -> list:
        """Every worker's array (same rank and dtype, any shape), in worker order."""
        array = np.ascontiguousarray(array)
        shape = np.array(array.shape, np.int64)
        shapes = np.empty((self.size, len(shape)), np.int64)
        request = self._start(lambda: self.comm.Iallgather(shape, shapes))
        self._wait([request], timeout, "all-gather of shapes")
        counts = [int(np.prod(s)) for s in shapes]
        wire = _WIRE_TYPES.get(array.dtype, array.dtype)
        recv = np.empty(sum(counts), wire)
        send = array.astype(wire, copy=False).reshape(-1)
        request = self._start(lambda: self.comm.Iallgatherv(send, [recv, counts]))
        self._wait([request], timeout, "all-gather")
        offsets = np.cumsum([0] + counts)
        return [recv[offsets[k]:offsets[k + 1]].reshape(shapes[k]).astype(array.dtype)
                for k in range(self.size)]

    def _start(self, post):
        if self._failure is not None:
            cls, message = self._failure
            raise cls(None, None, f"Collective ops is aborted by: {message}\nThe error could be "
                                  f"from a previous operation. Restart your program to reset. "
                                  f"[Op:CollectiveReduceV2]")
        try:
            return post()
        except self.MPI.Exception as exc:
            raise self._fail(errors.UnavailableError,
                             f"MPI could not start a collective: {exc.Get_error_string()}")

    # --- waiting with a deadline -----------------------------------------------------------------
    def _wait(self, requests: list, timeout, what: str, health: bool = True) -> None:
        """Polls until `requests` complete: busy for the first milliseconds (a collective
        between workers in step takes microseconds; a sleep costs ~100), then sleeping."""
        MPI = self.MPI
        self._collectives += 1
        start = time.monotonic()
        busy_until = start + _BUSY_SECONDS
        deadline = None if timeout is None else start + max(float(timeout), 0.0)
        interval = self.check_interval if health and self.size > 1 else None
        next_check = None if interval is None else start + interval
        polls, sleep = 0, 5e-5
        try:
            while not MPI.Request.Testall(requests):
                polls += 1
                if polls % 64:
                    continue  # read the clock every 64 polls
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    raise self._timed_out(what, timeout, health)
                if next_check is not None and now >= next_check:
                    self._check_health(what)
                    next_check = time.monotonic() + interval
                if now < busy_until:
                    continue
                if not self._threaded:
                    self._answer_pings()
                time.sleep(sleep)
                sleep = min(sleep * 2, _MAX_SLEEP)
        except MPI.Exception as exc:
            raise self._fail(errors.UnavailableError,
                             f"MPI reported an error during the {what} on worker {self.rank} "
                             f"of {self.size}: {exc.Get_error_string()}") from None

    def _timed_out(self, what: str, timeout, health: bool):
        message = (f"Collective has timed out waiting for other workers: the {what} (collective "
                   f"#{self._collectives} of worker {self.rank} of {self.size}) did not "
                   f"complete within {timeout} s.")
        if health and self.size > 1:
            silent = self.unresponsive_peers(min(self.check_timeout, 1.0))
            others = [p for p in range(self.size) if p != self.rank]
            if silent:
                message += (f" Worker(s) {_names(silent)} did not answer a health check: "
                            f"exited, crashed or unreachable.")
            else:
                message += (f" Worker(s) {_names(others)} are alive but did not join this "
                            f"collective: every worker must run the same collectives in the "
                            f"same order.")
        return self._fail(errors.DeadlineExceededError, message)

    def _check_health(self, what: str) -> None:
        silent = self.unresponsive_peers(self.check_timeout)
        if silent:
            raise self._fail(errors.UnavailableError,
                             f"Worker(s) {_names(silent)} of {self.size} did not answer a "
                             f"health check within {self.check_timeout} s while worker "
                             f"{self.rank} waited in the {what}: exited, crashed or "
                             f"unreachable.")

    def _fail(self, cls, message: str):
        self._failure = (cls, message)
        return cls(None, None, f"{message} [Op:CollectiveReduceV2]")

    # --- health checks -----------------------------------------------------------------------
    def unresponsive_peers(self, grace: float) -> list:
        """The other workers that do not answer a ping within `grace` seconds."""
        self._answer = (self._answer + 1) % _ANSWER_TAGS
        tag = 100 + self._answer
        peers = [p for p in range(self.size) if p != self.rank]
        answers = {p: np.zeros(1, np.int64) for p in peers}
        receives = {p: self.health.Irecv(answers[p], source=p, tag=tag) for p in peers}
        for p in peers:
            self._send(np.array([tag], np.int64), p, _PING)
        answered: set = set()
        end = time.monotonic() + grace
        while len(answered) < len(peers) and time.monotonic() < end:
            answered.update(p for p, r in receives.items() if p not in answered and r.Test())
            if not self._threaded:
                self._answer_pings()
            time.sleep(1e-3)
        for p, request in receives.items():
            if p not in answered:
                request.Cancel()
                request.Wait()
        return [p for p in peers if p not in answered]

    def _send(self, buffer, dest: int, tag: int) -> None:
        with self._sent_lock:
            self._sent = [(r, b) for r, b in self._sent if not r.Test()]
            self._sent.append((self.health.Isend(buffer, dest=dest, tag=tag), buffer))

    def _answer_pings(self) -> None:
        MPI = self.MPI
        status = MPI.Status()
        while self.health.Iprobe(source=MPI.ANY_SOURCE, tag=_PING, status=status):
            source = status.Get_source()
            ping = np.zeros(1, np.int64)
            self.health.Recv(ping, source=source, tag=_PING)
            self._send(ping, source, int(ping[0]))

    def _respond(self) -> None:
        while not self._stop.wait(0.02):
            try:
                self._answer_pings()
            except self.MPI.Exception:  # a peer went away mid-answer: nothing to answer
                pass


def _names(ranks: list) -> str:
    return ", ".join(str(r) for r in ranks)


_GROUP: MPIGroup | None = None


def world_group(init_timeout: float | None = None) -> MPIGroup:
    """The MPI group of this process (created once: every worker must create it)."""
    global _GROUP
    if _GROUP is None:
        _GROUP = MPIGroup(init_timeout)
    return _GROUP
