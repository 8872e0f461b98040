"""``tf.distribute.MultiWorkerMirroredStrategy``: synchronous data parallelism over processes.

Start the same program once per worker with an MPI launcher (`mpirun -n 4 python train.py`,
a Slurm or Kubernetes MPI job); without a launcher the strategy is a one-worker strategy. Each
worker runs its replicas with `MirroredStrategy`'s machinery (one replica per worker on CPU, as
TF) and adds one step to every combination of replica values - all-reduces, mirrored variable
updates with SUM/MEAN aggregation, `strategy.reduce` - a sum over the workers
(`collective_ops.collective_all_reduce`, over MPI), MEAN then dividing by the global replica
count. Variables created in the strategy's scope start from worker 0's values (broadcast), and
each worker takes its own share of every global batch, so N workers on a global batch of B
train exactly like one worker on B (to float tolerance).

All workers must run the same collectives in the same order, as in TF. A worker that exits or
crashes is reported instead of a hang: see `_mpi` (timeouts, health checks).
"""
from __future__ import annotations

import collections
import math
import socket

import numpy as np

from fluxion.core import nest
from fluxion.core.op import STATE
from fluxion.core.variable import CREATION_HOOKS
from fluxion.distribute import collective_ops as cops
from fluxion.distribute import values as dv
from fluxion.distribute.cluster_resolver import (
    ClusterSpec,
    SimpleClusterResolver,
    TFConfigClusterResolver,
)
from fluxion.distribute.collective_ops import CommunicationImplementation, CommunicationOptions
from fluxion.distribute.input import InputContext, _batch_size, split_batch
from fluxion.distribute.strategy import (
    MirroredStrategy,
    ReplicaContext,
    Strategy,
    StrategyExtended,
    _reduce_values,
    _Rendezvous,
    _to_tensor,
    get_strategy,
)
from fluxion.distribute.values import DistributedValues, PerReplica, ReduceOp, as_reduce_op


class _WorkerReplicaContext(ReplicaContext):
    """A replica of one worker: its collectives also combine the other workers' replicas."""

    def __init__(self, strategy, replica_id: int, rendezvous) -> None:
        super().__init__(strategy, replica_id, rendezvous)
        self._options = None  # the CommunicationOptions of the all_reduce in progress

    @property
    def replica_id_in_sync_group(self):
        from fluxion.core.tensor import constant  # noqa: PLC0415

        s = self._strategy
        return constant(s._worker_index * s._local_count + self._replica_id, "int32")

    def all_reduce(self, reduce_op, value, options=None):
        self._options = options
        try:
            return super().all_reduce(reduce_op, value, options)
        finally:
            self._options = None

    def _combine(self, reduce_op: ReduceOp, values: list):
        """This worker's replicas summed, then summed over the workers (one collective for
        the whole nest); MEAN divides by the replicas of all workers."""
        from fluxion.ops import math_ops  # noqa: PLC0415

        flats = [nest.flatten(v) for v in values]
        merged = [None if flats[0][i] is None else
                  _reduce_values(ReduceOp.SUM, [_to_tensor(f[i]) for f in flats])
                  for i in range(len(flats[0]))]
        present = [i for i, t in enumerate(merged) if t is not None]
        summed = self._strategy._sum_over_workers([merged[i] for i in present], self._options)
        count = self._strategy.num_replicas_in_sync
        for i, total in zip(present, summed):
            merged[i] = total if reduce_op is ReduceOp.SUM else \
                math_ops.truediv(total, math_ops.cast(count, total.dtype))
        return nest.pack_sequence_as(values[0], merged)


class MultiWorkerExtended(StrategyExtended):
    """`strategy.extended`: this worker's place in the cluster, as TF's
    CollectiveAllReduceExtended names it."""

    def __init__(self, strategy, devices: tuple, resolver) -> None:
        super().__init__(strategy, devices)
        self._cluster_resolver = resolver
        self._task_type, self._task_id = resolver.task_type, resolver.task_id
        self._num_workers = strategy._num_workers
        self._communication_options = strategy._communication_options
        spec = resolver.cluster_spec()
        has_chief = "chief" in spec.jobs
        self._is_chief = (self._task_type in (None, "chief") or (
            self._task_type == "worker" and self._task_id == 0 and not has_chief))
        self.experimental_between_graph = True
        self.experimental_should_init = True

    @property
    def should_checkpoint(self) -> bool:
        return self._is_chief

    @property
    def should_save_summary(self) -> bool:
        return self._is_chief

    # health checks while a collective waits (TF's attribute names; seconds)
    @property
    def _check_health_interval(self):
        return getattr(self._strategy._group, "check_interval", None)

    @_check_health_interval.setter
    def _check_health_interval(self, seconds) -> None:
        if hasattr(self._strategy._group, "check_interval"):
            self._strategy._group.check_interval = seconds

    @property
    def _check_health_timeout(self):
        return getattr(self._strategy._group, "check_timeout", None)

    @_check_health_timeout.setter
    def _check_health_timeout(self, seconds) -> None:
        if hasattr(self._strategy._group, "check_timeout"):
            self._strategy._group.check_timeout = seconds


class MultiWorkerMirroredStrategy(Strategy):
    """Synchronous training on the workers of an MPI job (one worker without a launcher).

    cluster_resolver: describes the cluster (default: the MPI job, or TF_CONFIG's cluster when
    no launcher is in use - which must then have one worker: fluxion's workers communicate
    over MPI, not gRPC). communication_options: `CommunicationOptions`, e.g.
    `timeout_seconds` for every collective.
    """

    def __init__(self, cluster_resolver=None, communication_options=None) -> None:
        if communication_options is None:
            communication_options = CommunicationOptions()
        if not isinstance(communication_options, CommunicationOptions):
            raise ValueError("communication_options must be an instance of "  # noqa: TRY004
                             "tf.distribute.experimental.CommunicationOptions")
        self._communication_options = communication_options
        self._group, resolver = _join_cluster(cluster_resolver, communication_options)
        self._group_key = cops.register_group(self._group)
        self._num_workers, self._worker_index = self._group.size, self._group.rank
        self._local = MirroredStrategy(["/cpu:0"])  # TF: one replica per worker on CPU
        self._local_count = self._local.num_replicas_in_sync
        job = "localhost" if resolver.task_type is None else resolver.task_type
        task = 0 if resolver.task_id is None else resolver.task_id
        devices = tuple(f"/job:{job}/replica:0/task:{task}/device:CPU:{i}"
                        for i in range(self._local_count))
        super().__init__(devices)
        self._extended = MultiWorkerExtended(self, devices, resolver)

    @property
    def num_replicas_in_sync(self) -> int:
        return self._num_workers * self._local_count

    @property
    def cluster_resolver(self):
        return self._extended._cluster_resolver

    # --- running replicas ------------------------------------------------------------------------
    def run(self, fn, args=(), kwargs=None, options=None):
        """Runs `fn` on this worker's replicas (PerReplica arguments: this worker's values, or
        one value per replica of all workers, of which this worker takes its own)."""
        args, kwargs = self._local_values((args, kwargs or {}))

        def replica_fn(*a, **k):
            base = dv.current_replica()
            dv._TLS.replica = _WorkerReplicaContext(
                self, base._replica_id, base._rendezvous or _Rendezvous(1, serial=True))
            try:
                return fn(*a, **k)
            finally:
                dv._TLS.replica = base

        return self._local.run(replica_fn, args, kwargs, options)

    def _local_values(self, s):
        """`s` with PerReplica values over all workers' replicas cut to this worker's."""
        if isinstance(s, DistributedValues):
            if len(s) == self.num_replicas_in_sync and self._num_workers > 1:
                start = self._worker_index * self._local_count
                return PerReplica(s[start:start + self._local_count])
            return s
        if isinstance(s, dict):
            return type(s)((k, self._local_values(v)) for k, v in s.items())
        if isinstance(s, tuple) and hasattr(type(s), "_fields"):
            return type(s)(*[self._local_values(v) for v in s])
        if isinstance(s, (list, tuple)):
            return type(s)(self._local_values(v) for v in s)
        return s

    def _sum_over_workers(self, tensors: list, options=None) -> list:
        if self._num_workers == 1 or not tensors:
            return list(tensors)
        timeout = self._communication_options.merge(
            options if isinstance(options, CommunicationOptions) else None).timeout_seconds
        return cops.all_reduce_sum([_to_tensor(t) for t in tensors], self._group_key, timeout)

    # --- cross-replica reductions --------------------------------------------------------------
    def reduce(self, reduce_op, value, axis=None):
        """Combines a value over the replicas of all workers (a tensor: this worker's single
        replica's value); with `axis`, also over that axis (MEAN divides by the total count)."""
        if self._num_workers == 1:
            return super().reduce(reduce_op, value, axis)
        from fluxion.ops import array_ops, math_ops, reduce_ops  # noqa: PLC0415

        reduce_op = as_reduce_op(reduce_op)
        if (not isinstance(value, DistributedValues) and reduce_op is ReduceOp.SUM
                and self._local_count > 1):
            raise ValueError(f"A non-DistributedValues value {value} cannot be reduced with the "
                             f"given reduce op {reduce_op}.")
        parts = [_to_tensor(p) for p in self.experimental_local_results(value)]
        if axis is None:
            (total,) = self._sum_over_workers([_reduce_values(ReduceOp.SUM, parts)])
            if reduce_op is ReduceOp.MEAN:
                count = self._num_workers * len(parts)
                total = math_ops.truediv(total, math_ops.cast(count, total.dtype))
            return total
        local = _reduce_values(ReduceOp.SUM, [reduce_ops.reduce_sum(p, axis=axis) for p in parts])
        if reduce_op is ReduceOp.SUM:
            return self._sum_over_workers([local])[0]
        sizes = [math_ops.cast(array_ops.shape(p)[axis], local.dtype) for p in parts]
        total, count = self._sum_over_workers([local, _reduce_values(ReduceOp.SUM, sizes)])
        return math_ops.truediv(total, count)

    def gather(self, value, axis):
        """The replicas' values of all workers concatenated along `axis`, in replica order
        (eager only: the parts' sizes may differ between workers)."""
        local = super().gather(value, axis)
        if self._num_workers == 1:
            return local
        if STATE.trace is not None:
            raise NotImplementedError("MultiWorkerMirroredStrategy.gather across workers runs "
                                      "eagerly: call it outside tf.function")
        from fluxion.core.tensor import wrap  # noqa: PLC0415

        moved = np.moveaxis(np.asarray(local._value), axis, 0)
        parts = self._group.all_gather(moved, self._communication_options.timeout_seconds)
        return wrap(np.moveaxis(np.concatenate(parts, axis=0), 0, axis))

    # --- input -----------------------------------------------------------------------------------
    def experimental_distribute_dataset(self, dataset, options=None):
        """Each worker takes its share of every global batch (TF's AUTO/DATA sharding; with
        `auto_shard_policy` OFF every worker runs every share in turn)."""
        if self._num_workers == 1:
            return super().experimental_distribute_dataset(dataset, options)
        return WorkerDistributedDataset(dataset, self._num_workers, self._worker_index,
                                        self._local_count)

    def distribute_datasets_from_function(self, dataset_fn, options=None):
        """`dataset_fn(InputContext)` once on each worker (its pipeline id is the worker's
        index); this worker's replicas take its batches in turn."""
        if self._num_workers == 1:
            return super().distribute_datasets_from_function(dataset_fn, options)
        context = InputContext(self._num_workers, self._worker_index, self.num_replicas_in_sync)
        return _WorkerDatasetFromFunction(dataset_fn(context), self._local_count)


class _CollectiveAllReduceStrategyExperimental(MultiWorkerMirroredStrategy):
    """``tf.distribute.experimental.MultiWorkerMirroredStrategy`` (deprecated signature)."""

    def __init__(self, communication=CommunicationImplementation.AUTO,
                 cluster_resolver=None) -> None:
        super().__init__(cluster_resolver,
                         CommunicationOptions(implementation=communication))


# --- joining the cluster -----------------------------------------------------------------------
def _join_cluster(resolver, options: CommunicationOptions):
    """(group, cluster resolver) of this process."""
    from fluxion.distribute import _mpi  # noqa: PLC0415

    size = _mpi.launcher_size()
    if _mpi.launched_by_mpi() and (size is None or size > 1):
        group = _mpi.world_group(options.timeout_seconds)
        if group.size > 1:
            return group, _mpi_resolver(group, resolver, options)
    resolver = TFConfigClusterResolver() if resolver is None else resolver
    workers = sum(resolver.cluster_spec().num_tasks(job) for job in ("chief", "worker")
                  if job in resolver.cluster_spec().jobs)
    if workers > 1:
        raise NotImplementedError(
            f"The cluster has {workers} workers but this process was not started by an MPI "
            f"launcher: fluxion's MultiWorkerMirroredStrategy connects its workers over MPI. "
            f"Start them with `mpirun -n {workers} python <script>` (TF_CONFIG is not needed).")
    return cops.LocalGroup(), resolver


def _mpi_resolver(group, resolver, options):
    host = np.frombuffer(socket.gethostname().encode(), np.uint8)
    hosts = [bytes(h).decode() for h in group.all_gather(host, options.timeout_seconds)]
    if resolver is None:
        return SimpleClusterResolver(ClusterSpec({"worker": hosts}), task_type="worker",
                                     task_id=group.rank, rpc_layer="mpi")
    spec = resolver.cluster_spec()
    workers = sum(spec.num_tasks(job) for job in ("chief", "worker") if job in spec.jobs)
    if workers != group.size:
        raise ValueError(f"The cluster resolver describes {workers} workers but the MPI job "
                         f"has {group.size} processes.")
    return resolver


# --- variables start equal on every worker -------------------------------------------------------
def _broadcast_in_scope(variable) -> None:
    """A variable created under a multi-worker strategy takes worker 0's initial value."""
    strategy = get_strategy()
    if isinstance(strategy, MultiWorkerMirroredStrategy) and strategy._num_workers > 1:
        variable._value = np.asarray(strategy._group.broadcast(
            variable._value, 0, strategy._communication_options.timeout_seconds))


if _broadcast_in_scope not in CREATION_HOOKS:
    CREATION_HOOKS.append(_broadcast_in_scope)


# --- input -------------------------------------------------------------------------------------
def split_for_replicas(element, count: int) -> list:
    """One global batch as `count` nests (one per replica of all workers), by TF's rule: each
    replica in turn takes ceil(size / count) rows of this batch, the last ones fewer or none.
    Leaves without a batch dimension go to every replica unchanged."""
    flat = nest.flatten(element)
    per = max(1, math.ceil(_batch_size([v for v in flat if v is not None]) / count))
    pieces = [None if v is None or not v.shape.rank else split_batch(v, per, count)
              for v in flat]
    return [nest.pack_sequence_as(element, [v if p is None else p[k] for v, p in
                                            zip(flat, pieces)]) for k in range(count)]


class WorkerDistributedIterator:
    def __init__(self, iterator, workers: int, index: int, local: int, shard: bool) -> None:
        self._iterator = iterator
        self._workers, self._index, self._local = workers, index, local
        self._shard = shard
        self._ready: collections.deque = collections.deque()

    def __iter__(self) -> WorkerDistributedIterator:
        return self

    def __next__(self):
        while not self._ready:
            self._take(next(self._iterator))
        return self._ready.popleft()

    def get_next(self):
        return next(self)

    def _take(self, element) -> None:
        count = self._workers * self._local
        parts = split_for_replicas(element, count)
        starts = [self._index * self._local] if self._shard else range(0, count, self._local)
        for start in starts:
            mine = [nest.flatten(p) for p in parts[start:start + self._local]]
            self._ready.append(nest.pack_sequence_as(
                element, [PerReplica(list(leaves)) for leaves in zip(*mine)]))


class WorkerDistributedDataset:
    """``strategy.experimental_distribute_dataset(ds)`` on one of several workers: iterating
    gives this worker's per-replica batches (PerReplica values, one per local replica)."""

    def __init__(self, dataset, workers: int, index: int, local: int) -> None:
        self._dataset = dataset
        self._workers, self._index, self._local = workers, index, local

    def __iter__(self) -> WorkerDistributedIterator:
        from fluxion.data.options import AutoShardPolicy  # noqa: PLC0415

        policy = None
        if hasattr(self._dataset, "options"):
            policy = self._dataset.options().experimental_distribute.auto_shard_policy
        return WorkerDistributedIterator(iter(self._dataset), self._workers, self._index,
                                         self._local, policy != AutoShardPolicy.OFF)

    @property
    def element_spec(self):
        return self._dataset.element_spec


class _WorkerDatasetFromFunction:
    """This worker's pipeline; its replicas take its batches in turn (empty batches for
    replicas past the end, as TF)."""

    def __init__(self, dataset, local: int) -> None:
        self._dataset, self._local = dataset, local

    def __iter__(self):
        iterator = iter(self._dataset)
        while True:
            batches = [b for _, b in zip(range(self._local), iterator)]
            if not batches:
                return
            while len(batches) < self._local:
                batches.append(nest.map_structure(lambda v: split_batch(v, 0, 1)[0],
                                                  batches[0]))
            flats = [nest.flatten(b) for b in batches]
            yield nest.pack_sequence_as(batches[0], [PerReplica(list(p)) for p in zip(*flats)])
