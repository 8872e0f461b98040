"""Collectives between workers: `CommunicationOptions` and the all-reduce op graphs record.

A *group* is the set of workers one `MultiWorkerMirroredStrategy` trains with: a `LocalGroup`
(one worker, no communication) or an MPI group (`_mpi.MPIGroup`, several processes started by
`mpirun`). Groups sit in a process-wide table and ops name them by number, as the dataset ops
name their datasets, so `collective_all_reduce` is an ordinary stateful primitive: eager calls
run it at once, `tf.function` records it as a node that communicates each time the graph runs
(never folded, merged or pruned), and every worker runs its collectives in program order.
"""
from __future__ import annotations

import enum
import itertools
import threading

from fluxion.core.op import Spec, defop

__all__: list = []


class CommunicationImplementation(enum.Enum):
    """``tf.distribute.experimental.CommunicationImplementation``: which collective library
    TF uses. Fluxion's workers always communicate over MPI; the choice is recorded."""

    AUTO = "AUTO"
    RING = "RING"
    NCCL = "NCCL"


CollectiveCommunication = CommunicationImplementation  # TF's deprecated alias


class CommunicationOptions:
    """``tf.distribute.experimental.CommunicationOptions``.

    timeout_seconds: a collective that has not completed after this long raises
    `tf.errors.DeadlineExceededError` (None: no deadline; a worker that exits is still found
    by the strategy's health checks). bytes_per_pack and implementation are recorded only.
    """

    def __init__(self, bytes_per_pack: int = 0, timeout_seconds: float | None = None,
                 implementation=CommunicationImplementation.AUTO) -> None:
        if bytes_per_pack < 0:
            raise ValueError(f"Argument `bytes_per_pack` must be >=0, Received {bytes_per_pack}.")
        if isinstance(implementation, str):
            implementation = CommunicationImplementation(implementation.upper())
        if not isinstance(implementation, CommunicationImplementation):
            raise ValueError("Argument `implementation` must be instance of "  # noqa: TRY004
                             "`tf.distribute.experimental.CommunicationImplementation`.")
        self.bytes_per_pack = bytes_per_pack
        self.timeout_seconds = timeout_seconds
        self.implementation = implementation

    def merge(self, options: CommunicationOptions | None) -> CommunicationOptions:
        """These options with the ones `options` sets (not left at their defaults)."""
        if options is None:
            return self
        merged = CommunicationOptions(self.bytes_per_pack, self.timeout_seconds,
                                      self.implementation)
        if options.bytes_per_pack:
            merged.bytes_per_pack = options.bytes_per_pack
        if options.timeout_seconds is not None:
            merged.timeout_seconds = options.timeout_seconds
        if options.implementation is not CommunicationImplementation.AUTO:
            merged.implementation = options.implementation
        return merged

    def __repr__(self) -> str:
        return (f"Options(bytes_per_pack={self.bytes_per_pack},timeout_seconds="
                f"{self.timeout_seconds}, implementation={self.implementation})")


# --- groups ------------------------------------------------------------------------------------
class LocalGroup:
    """One worker: every collective returns its inputs."""

    rank, size = 0, 1

    def all_reduce(self, arrays: list, timeout=None) -> list:
        return list(arrays)

    def broadcast(self, array, root: int = 0, timeout=None):
        return array

    def all_gather(self, array, timeout=None) -> list:
        return [array]


_GROUPS: dict[int, object] = {}
_ids = itertools.count(1)
_lock = threading.Lock()


def register_group(group) -> int:
    """The number ops use for `group` (the same number for the same group)."""
    with _lock:
        for key, value in _GROUPS.items():
            if value is group:
                return key
        key = next(_ids)
        _GROUPS[key] = group
        return key


def get_group(key: int):
    return _GROUPS[key]


# --- the op ------------------------------------------------------------------------------------
def _all_reduce_kernel(xp, *arrays, group, timeout, n):
    return tuple(_GROUPS[group].all_reduce(list(arrays), timeout))


def _all_reduce_vjp(gs, outs, *inputs, group, timeout, n):
    # every worker's output is the sum of every worker's input: each input's gradient is
    # the sum over workers of the output gradients
    gs = gs if type(gs) is tuple else (gs,)
    return tuple(collective_all_reduce(*gs, group=group, timeout=timeout, n=n))


collective_all_reduce = defop(
    "collective_all_reduce", _all_reduce_kernel, vjp=_all_reduce_vjp, stateful=True,
    same_dtype=0, num_outputs="n", tf_name="CollectiveReduceV2",
    infer=lambda *specs, group, timeout, n: tuple(Spec(s.shape, s.dtype) for s in specs),
    doc="The element-wise sum of each input over the workers of `group` (one collective for "
        "all inputs); raises DeadlineExceededError after `timeout` seconds.")


def all_reduce_sum(tensors: list, group_key: int, timeout: float | None = None) -> list:
    """Sums each tensor over the workers of a group, in one collective."""
    if not tensors:
        return []
    timeout = None if timeout is None else float(timeout)
    return list(collective_all_reduce(*tensors, group=group_key, timeout=timeout,
                                      n=len(tensors)))


def local_group_key() -> int:
    """The key of this process' one-worker group."""
    return register_group(_LOCAL)


_LOCAL = LocalGroup()
