"""Threads for the convolution, pooling and large elementwise kernels.

NumPy releases the GIL in copies, ufuncs and matmuls, so splitting a kernel's batch between
threads uses every core for the memory-bound parts that BLAS does not parallelise. For chunked
im2col + matmul work, each worker takes whole chunks and calls BLAS single-threaded (OpenBLAS's
per-thread `openblas_set_num_threads_local`): the copy of one chunk then overlaps the matmul of
another instead of alternating with it (measured 1.5x on 2 cores). Workers take the next chunk
when they get free, so a core slowed by other work takes fewer. The calling thread works too
(a hand-off fewer).

Nested use runs inline: a worker never waits on the pool it runs in.
"""
from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fluxion import config

# below these sizes (data touched), threads cost more than they save (measured on 2 cores)
PARALLEL_BYTES = 1 << 21  # memory-bound loops (over_batch)
CHUNK_PARALLEL_BYTES = 1 << 20  # im2col + matmul chunks (run_chunks)
_pool: list = []  # [executor, pid of the process that made it]
_local = threading.local()
_blas: list = []  # [openblas_set_num_threads_local or None], looked up once


def workers() -> int:
    """Threads to use: tf.config's intra-op setting, else the cores this process may use."""
    n = config.threading.get_intra_op_parallelism_threads()
    if n <= 0:
        try:
            n = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            n = os.cpu_count() or 1
    return n


def _executor(n: int) -> ThreadPoolExecutor:
    # a forked child inherits the pool object but not its threads: it makes its own
    if not _pool or _pool[0]._max_workers < n or _pool[1] != os.getpid():
        _pool[:] = [ThreadPoolExecutor(n, thread_name_prefix="fluxion-conv",
                                       initializer=_mark_worker), os.getpid()]
    return _pool[0]


def _mark_worker() -> None:
    _local.worker = True


def _inline(n: int) -> bool:
    return n <= 1 or getattr(_local, "worker", False)


def over_batch(fn, batch: int, nbytes: int) -> None:
    """Runs fn(lo, hi) over slices of the batch axis, in threads when the work is large (the
    calling thread takes the first slice itself)."""
    n = min(workers(), batch)
    if _inline(n) or nbytes < PARALLEL_BYTES:
        fn(0, batch)
        return
    bounds = [batch * i // n for i in range(n + 1)]
    _share(lambda i: fn(bounds[i], bounds[i + 1]), n)


def _share(task, n: int) -> None:
    """task(0) .. task(n - 1): task(0) here, the others in the pool; nested calls run inline."""
    pending = [_executor(n).submit(task, i) for i in range(1, n)]
    _local.worker = True
    try:
        task(0)
    finally:
        _local.worker = False
        for f in pending:
            f.result()  # waits for them all, and raises what they raised


def blas_local_threads():
    """NumPy's OpenBLAS `openblas_set_num_threads_local`, or None (another BLAS, not Linux)."""
    if not _blas:
        _blas.append(_find_blas_local())
    return _blas[0]


def _find_blas_local():
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            fn = ctypes.CDLL(path).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
        return fn
    return None


def run_chunks(xp, fn, chunks: list, nbytes: int) -> list:
    """[fn(lo, hi) for each chunk]. With NumPy's OpenBLAS, big work (`nbytes` of data in all)
    is shared by workers taking the next chunk as they get free (the calling thread too, so a
    core slowed by other work takes fewer), each calling BLAS single-threaded; small work runs
    here, single-threaded too (waking BLAS threads for small matmuls costs more than they save:
    measured 2x slower for 1 MB of columns). Other BLAS libraries thread each matmul."""
    local = blas_local_threads() if xp.__name__ == "numpy" else None
    n = min(workers(), len(chunks))
    if local is None or (_inline(n) and nbytes >= CHUNK_PARALLEL_BYTES):
        return [fn(lo, hi) for lo, hi in chunks]
    if nbytes < CHUNK_PARALLEL_BYTES:
        return _single_threaded_blas(local, fn, chunks, itertools.count(), [None] * len(chunks))
    results: list = [None] * len(chunks)
    taken = itertools.count()  # next() is atomic: each chunk goes to one worker
    # NumPy's OpenBLAS applies the "local" setting process-wide, not per thread: set it once
    # here and restore it once every worker is done (per-thread restores raced, leaving the
    # whole process on one BLAS thread after a convolution: 2x slower matmuls)
    with _blas_on_one_thread(local):
        _share(lambda i: _take_chunks(local, fn, chunks, taken, results), n)
    return results


# matmuls of at least this many multiply-adds are split between the workers inside graphs
# (where BLAS runs on one thread): below it the hand-off costs more than the second core saves
SPLIT_MATMUL_MACS = 1 << 21
_one_thread = threading.local()  # depth of `one_blas_thread` regions in this thread
ONE_THREAD_REGIONS = [0]  # open regions in all threads: a cheap test for `matmul`'s callers


def one_blas_thread(run):
    """`run` with NumPy's OpenBLAS on one thread while it runs (graphs: their kernels share
    the cores with their own threads, and OpenBLAS threads spinning between calls compete
    with those: measured 1.4x slower CNN steps); matmuls inside are split by `matmul`."""
    local = blas_local_threads()
    if local is None:
        return run

    def one_thread(*args):
        with _blas_on_one_thread(local):
            _one_thread.depth = getattr(_one_thread, "depth", 0) + 1
            ONE_THREAD_REGIONS[0] += 1
            try:
                return run(*args)
            finally:
                ONE_THREAD_REGIONS[0] -= 1
                _one_thread.depth -= 1
    one_thread.source = getattr(run, "source", None)
    return one_thread


def matmul(a, b):
    """a @ b for 2-D float arrays; inside `one_blas_thread` regions, large products are
    split between the workers along their largest dimension (K: partial products summed in
    a fixed order), each part a single-threaded BLAS call."""
    m, k = a.shape
    n = b.shape[1]
    parts = workers()
    if getattr(_one_thread, "depth", 0) == 0 or m * n * k < SPLIT_MATMUL_MACS or _inline(parts):
        return a @ b
    if k >= max(m, n):
        pieces = run_chunks(np, lambda lo, hi: a[:, lo:hi] @ b[lo:hi], _parts(k, parts), 1 << 30)
        for piece in pieces[1:]:
            pieces[0] += piece
        return pieces[0]
    out = np.empty((m, n), np.result_type(a, b))

    def rows(lo, hi):
        np.matmul(a[lo:hi], b, out=out[lo:hi])

    def columns(lo, hi):
        out[:, lo:hi] = a @ b[:, lo:hi]

    run_chunks(np, rows if m >= n else columns, _parts(max(m, n), parts), 1 << 30)
    return out


def _parts(total: int, parts: int) -> list:
    bounds = [total * i // parts for i in range(parts + 1)]
    return list(zip(bounds[:-1], bounds[1:]))


_blas_lock = threading.Lock()
_blas_users = [0, None]  # [threads inside _blas_on_one_thread, the setting to restore]


@contextlib.contextmanager
def _blas_on_one_thread(local):
    """OpenBLAS on one thread while any thread is inside (the setting is process-wide in
    NumPy's build): the first to enter saves the setting, the last to leave restores it, so
    threads entering and leaving in any order never leave the process on one thread."""
    with _blas_lock:
        if _blas_users[0] == 0:
            _blas_users[1] = local(1)
        _blas_users[0] += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_users[0] -= 1
            if _blas_users[0] == 0:
                local(_blas_users[1])


def _take_chunks(local, fn, chunks: list, taken, results: list) -> list:
    """Runs the chunks numbered by `taken` into `results` with single-threaded BLAS (set
    again in this thread for BLAS builds whose setting is per thread: our workers keep it)."""
    local(1)
    for i in taken:
        if i >= len(chunks):
            break
        results[i] = fn(*chunks[i])
    return results


def _single_threaded_blas(local, fn, chunks: list, taken, results: list) -> list:
    """Runs the chunks numbered by `taken` into `results` here, with single-threaded BLAS."""
    with _blas_on_one_thread(local):
        return _take_chunks(local, fn, chunks, taken, results)
