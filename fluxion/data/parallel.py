"""Transformations that overlap work: prefetch (a background thread), parallel map (a thread
pool) and interleave / flat_map.

Background work always ends with its consumer: the consumer side is a generator whose `finally`
(run on exhaustion, on error, or when the iterator is garbage collected) tells the threads to
stop. An exception raised upstream is handed to the consumer and raised there, as is.
"""
from __future__ import annotations

import collections
import itertools
import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from fluxion.data.dataset import Dataset
from fluxion.data.functions import DatasetFunction
from fluxion.data.structure import AUTOTUNE, UNKNOWN, DatasetSpec, int64_arg
from fluxion.data.transforms import first_elements, parallelism
from fluxion.errors import InvalidArgumentError

AUTOTUNE_PREFETCH = 4  # elements buffered by prefetch(AUTOTUNE)
_END = object()
# a parallel map whose calls take less than this runs inline: handing an element to a thread
# costs tens of microseconds, more than such a call gains from running beside others
_INLINE_SECONDS = 2e-4
_PROBE = 4
_TASK_SECONDS = 1e-3  # work handed to a thread at a time
_MAX_CHUNK = 64


class _Failure:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


def _put(q: queue.Queue, item, stop: threading.Event) -> bool:
    """Puts `item`, giving up once the consumer has gone (`stop`)."""
    while True:
        try:
            q.put(item, timeout=0.1)
            return not stop.is_set()
        except queue.Full:
            if stop.is_set():
                return False


def _produce(source_factory, q: queue.Queue, stop: threading.Event) -> None:
    try:
        for item in source_factory():
            if not _put(q, item, stop):
                return
        _put(q, _END, stop)
    except BaseException as e:  # noqa: BLE001 - handed to the consumer, raised there
        _put(q, _Failure(e), stop)


def _drain(q: queue.Queue) -> None:
    try:
        while True:
            q.get_nowait()
    except queue.Empty:
        pass


def background(source_factory, size: int, name: str = "fluxion.data.prefetch"):
    """Iterates `source_factory()` on a daemon thread, at most `size` elements ahead."""
    q: queue.Queue = queue.Queue(maxsize=size)
    stop = threading.Event()
    threading.Thread(target=_produce, args=(source_factory, q, stop), daemon=True,
                     name=name).start()
    try:
        while True:
            item = q.get()
            if item is _END:
                return
            if type(item) is _Failure:
                raise item.error
            yield item
    finally:
        stop.set()
        _drain(q)  # unblocks a producer waiting for room, which then sees `stop`


class PrefetchDataset(Dataset):
    """``Dataset.prefetch``: the input pipeline runs on a background thread."""

    def __init__(self, dataset: Dataset, buffer_size) -> None:
        size = int64_arg(buffer_size, "buffer_size")
        if size < AUTOTUNE:
            raise InvalidArgumentError("buffer_size must be >= 0 or set buffer_size to be -1 "
                                       "for auto-tuning")
        self._size = AUTOTUNE_PREFETCH if size == AUTOTUNE else size
        self._input = dataset
        super().__init__(dataset.element_spec, dataset._card, (dataset,))

    def _elements(self):
        if self._size == 0:
            return self._input._elements()
        return background(self._input._elements, self._size)


def _probe(fn, source, results: list) -> float:
    """Runs `fn` on the first elements (results kept in `results`); seconds per call."""
    start = time.perf_counter()
    for element in source:
        results.append(fn(element))
        # an expensive function is timed on one call: the threads should start at once
        if len(results) == _PROBE or time.perf_counter() - start > _INLINE_SECONDS:
            break
    return (time.perf_counter() - start) / max(len(results), 1)


class _Chunk(list):
    """Results of one task, with the seconds the task took."""

    busy = 0.0


def _run_chunk(fn, elements: list) -> _Chunk:
    """Results of `fn` on `elements`; an error ends the list (as a _Failure), so the results
    before it still come out first."""
    start = time.perf_counter()
    results = _Chunk()
    try:
        for e in elements:
            results.append(fn(e))
    except Exception as error:  # noqa: BLE001 - raised by the consumer, in order
        results.append(_Failure(error))
    results.busy = time.perf_counter() - start
    return results


def _checked(results: list):
    for r in results:
        if type(r) is _Failure:
            raise r.error
        yield r


def parallel_map(source_factory, fn, threads: int, deterministic: bool):
    """`fn` over the elements of `source_factory()` on `threads` threads, in input order when
    `deterministic` (else as they finish). NumPy releases the GIL in large kernels.

    The parallelism adapts, as TF's autotuning does, without changing the results: the first
    calls are timed inline; calls too cheap to gain from threads keep running inline, others
    go to the threads in chunks of about a millisecond of work, and if the threads turn out
    not to be faster (the GIL, or a multithreaded BLAS competing with itself) the rest runs
    inline again."""
    source = source_factory()
    probe: list = []
    try:
        seconds = _probe(fn, source, probe)
    except Exception:  # raised after the elements before it
        yield from probe
        raise
    yield from probe
    if seconds < _INLINE_SECONDS or (yield from _threaded(fn, source, threads, deterministic,
                                                           seconds)):
        yield from map(fn, source)


def _threaded(fn, source, threads: int, deterministic: bool, seconds: float):
    """Yields results computed on a thread pool; returns True when it stopped early because
    threads were not faster than `seconds` per call inline (the caller goes on inline)."""
    chunk = max(1, min(_MAX_CHUNK, int(_TASK_SECONDS / max(seconds, 1e-7))))
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="fluxion.data.map")
    pending: collections.deque = collections.deque()
    finished: queue.Queue = queue.Queue()
    upstream_error, busy, done, judged = None, 0.0, 0, False
    try:
        while upstream_error is None:
            elements: list = []
            try:
                elements.extend(itertools.islice(source, chunk))
            except Exception as error:  # noqa: BLE001 - raised after the elements before it
                upstream_error = error
            if not elements:
                break
            future = pool.submit(_run_chunk, fn, elements)
            if not deterministic:
                future.add_done_callback(finished.put)
            pending.append(future)
            if len(pending) < 2 * threads:
                continue
            results = _next_results(pending, finished, deterministic)
            busy, done = busy + results.busy, done + len(results)
            yield from _checked(results)
            if not judged and done >= 2 * threads * chunk and upstream_error is None:
                judged = True
                if busy / done / threads > 0.8 * seconds:  # threads do not pay here
                    while pending:
                        yield from _checked(_next_results(pending, finished, deterministic))
                    return True
        while pending:
            yield from _checked(_next_results(pending, finished, deterministic))
        if upstream_error is not None:
            raise upstream_error
        return False
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)


def _next_results(pending: collections.deque, finished: queue.Queue, deterministic: bool):
    if deterministic:
        return pending.popleft().result()
    future = finished.get()
    pending.remove(future)
    return future.result()


def default_cycle_length() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class InterleaveDataset(Dataset):
    """``Dataset.interleave`` (and ``flat_map``: one open dataset at a time).

    `map_func` returns a dataset per input element; up to `cycle_length` of them are open, and
    `block_length` consecutive elements are taken from each in turn (TF's order). With
    `num_parallel_calls`, each open dataset is read ahead on its own thread.
    """

    def __init__(self, dataset: Dataset, map_func, cycle_length, block_length,
                 num_parallel_calls, what: str) -> None:
        self._cycle = _positive(cycle_length, "cycle_length", default_cycle_length())
        self._block = _positive(block_length, "block_length", 1)
        self._parallel = num_parallel_calls is not None and parallelism(num_parallel_calls) > 1
        self._fn = DatasetFunction(map_func, dataset.element_spec, what,
                                   first_elements(dataset), eager=True)
        out = self._fn.output_structure
        if not isinstance(out, DatasetSpec):
            raise TypeError(f"`map_func` of `{what}` must return a `Dataset` object, got "
                            f"elements {out}.")
        self._input = dataset
        super().__init__(out.element_spec, UNKNOWN, (dataset,))

    def _open(self, element):
        inner = self._fn.call_nested(element)
        if not isinstance(inner, Dataset):
            raise TypeError(f"`map_func` must return a `Dataset` object, got {type(inner)}")
        if self._parallel:
            return background(inner._elements, 2 * self._block, "fluxion.data.interleave")
        return inner._elements()

    def _elements(self):
        if self._cycle == 1 and self._block == 1:
            for element in self._input._elements():
                yield from self._open(element)
            return
        yield from self._interleaved()

    def _interleaved(self):
        source, cycle_length, block_length = self._input._elements(), self._cycle, self._block
        cycle: list = [None] * cycle_length
        index = block = num_open = 0
        input_done = False
        while not input_done or num_open > 0:
            current = cycle[index]
            if current is not None:
                element = next(current, None)
                if element is not None:
                    block += 1
                    if block == block_length:
                        block, index = 0, (index + 1) % cycle_length
                    yield element
                    continue
                cycle[index] = None
                num_open -= 1
            elif not input_done:
                element = next(source, None)
                if element is None:
                    input_done = True
                else:
                    cycle[index] = self._open(element)
                    num_open += 1
                continue
            block, index = 0, (index + 1) % cycle_length


def _positive(value, what: str, default: int) -> int:
    if value is None:
        return default
    n = int64_arg(value, what)
    if n == AUTOTUNE:
        return default
    if n <= 0:
        raise InvalidArgumentError(f"{what} must be greater than zero.")
    return n
