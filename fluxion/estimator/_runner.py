"""One mode's step, traced once into a graph, and the hook-driven loop that runs it.

`ModeStep` wraps the model_fn call for one mode in a `fluxion.function`: it is traced on the
first batch with `get_concrete_function` (variables are created then, with their restored
values; the trace's own updates are undone), so the hooks can see the initial state before
the first step runs. Each step then runs the graph. A batch of another shape traces again
(`reduce_retracing`): the new trace's variables alias the first trace's (see _graph.py).

The model_fn runs as graph code, without AutoGraph (TF's Estimator never converted it).
Under a distribution strategy one step takes one batch per replica and calls the model_fn per
replica with `strategy.run`, as TF's Estimator does.

A model_fn that cannot be traced (an op that only runs eagerly) falls back to running the step
eagerly each time, with a warning.
"""
from __future__ import annotations

import contextlib
import warnings

import numpy as np

from fluxion.core import nest
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.core.variable import Variable
from fluxion.errors import OperatorNotAllowedInGraphError
from fluxion.estimator import _graph
from fluxion.estimator.hooks import SessionRunArgs, SessionRunContext, SessionRunValues
from fluxion.estimator.model_fn import ModeKeys

LOSS_METRIC_KEY = "loss"


# --- batches: nests of tensors (SparseTensors as their three components) ----------------------
def _is_sparse(x) -> bool:
    return type(x).__name__ == "SparseTensor" and hasattr(x, "dense_shape")


def flatten_batch(batch):
    """(tensors, structure): the batch's leaves as Tensors, SparseTensors as 3 tensors."""
    from fluxion.graph.function import TensorSpec
    from fluxion.sparse import SparseTensorSpec

    leaves = nest.flatten(batch)
    flat, kinds = [], []
    for leaf in leaves:
        if leaf is None:
            kinds.append("none")
        elif isinstance(leaf, SparseTensorSpec):  # a Dataset's element_spec (no batch to see)
            kinds.append("sparse")
            rank = leaf.shape.rank
            flat += [TensorSpec([None, rank], "int64"), TensorSpec([None], leaf.dtype),
                     TensorSpec([rank], "int64")]
        elif isinstance(leaf, TensorSpec):
            kinds.append("dense")
            flat.append(leaf)
        elif _is_sparse(leaf):
            kinds.append("sparse")
            flat += [leaf.indices, leaf.values, leaf.dense_shape]
        else:
            kinds.append("dense")
            flat.append(leaf if isinstance(leaf, Tensor) else convert_to_tensor(leaf))
    return flat, (batch, tuple(kinds))


def pack_batch(structure, flat):
    from fluxion.sparse import SparseTensor

    batch, kinds = structure
    items, pos = [], 0
    for kind in kinds:
        if kind == "none":
            items.append(None)
        elif kind == "sparse":
            items.append(SparseTensor(*flat[pos:pos + 3]))
            pos += 3
        else:
            items.append(flat[pos])
            pos += 1
    return nest.pack_sequence_as(batch, items)


def _structure_key(structure):
    return nest.structure_key(structure[0]), structure[1]


# --- tensors held by hooks ---------------------------------------------------------------------
def find_tensors(obj, depth: int = 0, out=None) -> list:
    """Tensors (not variables) reachable from a hook's attributes, in a fixed order."""
    out = [] if out is None else out
    if depth > 4:
        return out
    if isinstance(obj, Tensor):
        if all(obj is not t for t in out):
            out.append(obj)
    elif isinstance(obj, dict):
        for key in sorted(obj, key=str):
            find_tensors(obj[key], depth + 1, out)
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            find_tensors(item, depth + 1, out)
    elif depth == 0 and hasattr(obj, "__dict__"):
        for key in sorted(vars(obj)):
            find_tensors(vars(obj)[key], depth + 1, out)
    return out


def _hooks_of(spec, mode: str) -> list:
    if mode == ModeKeys.TRAIN:
        return list(spec.training_hooks) + list(spec.training_chief_hooks)
    if mode == ModeKeys.EVAL:
        return list(spec.evaluation_hooks)
    return list(spec.prediction_hooks)


def _is_keras_metric(value) -> bool:
    return hasattr(value, "update_state") and hasattr(value, "result")


class ModeStep:
    """The model_fn of one mode as a callable step (see the module docstring)."""

    def __init__(self, estimator, scope, mode: str, strategy=None, predict_keys=None) -> None:
        from fluxion.graph.function import function

        self._estimator = estimator
        self._scope = scope
        self._mode = mode
        self._strategy = strategy
        self._predict_keys = predict_keys
        self._structure = None
        self._fn = function(self._body, reduce_retracing=True, autograph=False,
                            name=f"{mode}_step")
        self._call = self._fn
        self.spec = None  # the EstimatorSpec of the first trace (replica 0)
        self.slots: dict = {}  # id(tensor of the first trace) -> index in "fetch"
        self.final: dict = {}  # EVAL: metric name -> ("fn", callable) or ("out", index)
        self.eager = False
        self.last: dict = {}

    @property
    def replicas(self) -> int:
        return 1 if self._strategy is None else self._strategy.num_replicas_in_sync

    # --- the traced body -----------------------------------------------------------------------
    def _body(self, *flat):
        size = len(flat) // self.replicas
        batches = [pack_batch(self._structure, list(flat[i * size:(i + 1) * size]))
                   for i in range(self.replicas)]
        if self._strategy is None:
            return self._replica_step(*batches[0])
        from fluxion.distribute import PerReplica

        flats = [nest.flatten(b) for b in batches]
        merged = nest.pack_sequence_as(batches[0], [
            None if leaves[0] is None else PerReplica(list(leaves)) for leaves in zip(*flats)])
        with self._strategy.scope():
            result = self._strategy.run(self._replica_step, args=tuple(merged))
        return self._cross_replica(result)

    def _cross_replica(self, result) -> dict:
        strategy = self._strategy
        first = _first_replica({k: v for k, v in result.items() if k != "loss"})
        if "loss" in result:
            scaled = self._scope.loss_scaled_by_optimizer
            how = "MEAN" if scaled or self._mode != ModeKeys.TRAIN else "SUM"
            first["loss"] = strategy.reduce(how, result["loss"], axis=None)
            # hooks fetching the loss (slot 0) get the reduced loss, as TF's estimator spec
            first["fetch"] = [first["loss"]] + list(first["fetch"][1:])
        return first

    def _replica_step(self, features, labels=None) -> dict:
        scope, mode = self._scope, self._mode
        with scope.model_fn_call() as inv:
            if mode == ModeKeys.TRAIN:
                from fluxion.core.tape import GradientTape

                recording = GradientTape(persistent=True)
            else:
                recording = contextlib.nullcontext()
            with recording as tape:
                inv.tape = tape
                spec = self._estimator._call_model_fn(features, labels, mode,
                                                      self._estimator.config)
            inv.tape = None
        first = self.spec is None
        if first and _replica_id() == 0:
            self.spec = spec
        return self._outputs(spec, first and _replica_id() == 0)

    def _outputs(self, spec, first: bool) -> dict:
        held = [spec.loss] if spec.loss is not None else []
        for hook in _hooks_of(spec, self._mode):
            find_tensors(hook, 0, held)
        out = {"fetch": list(held)}
        if first:
            self.slots = {id(t): i for i, t in enumerate(held)}
            self._held_first = held  # keeps the ids valid
        if spec.loss is not None:
            out["loss"] = spec.loss
        if self._mode == ModeKeys.EVAL:
            out["values"] = self._eval_values(spec, first)
        elif self._mode == ModeKeys.PREDICT:
            out["predictions"] = extract_keys(spec.predictions, self._predict_keys)
        return out

    def _eval_values(self, spec, first: bool) -> list:
        metrics = dict(spec.eval_metric_ops or {})
        for reserved in (LOSS_METRIC_KEY, "global_step"):
            if reserved in metrics:
                raise ValueError(f'Metric with name "{reserved}" is not allowed, because '
                                 f"Estimator already defines a default metric with the same "
                                 f"name.")
        values = []
        for name in sorted(metrics):
            metric = metrics[name]
            if _is_keras_metric(metric):
                how = ("fn", metric.result)
            elif isinstance(metric, (tuple, list)) and len(metric) == 2:
                fn = self._scope.value_fns.get(id(metric[0]))
                if fn is not None:
                    how = ("fn", fn)
                else:
                    how = ("out", len(values))
                    values.append(metric[0])
            else:
                raise TypeError(f"eval_metric_ops[{name!r}] must be a Keras Metric or a "
                                f"(metric_value, update_op) pair; got {type(metric).__name__}")
            if first:
                self.final[name] = how
        return values

    # --- building and running ------------------------------------------------------------------
    def build(self, step_batches: list) -> None:
        """Traces the step on its first batches (one per replica) without running it; a batch
        may be given by its specs (TensorSpec / SparseTensorSpec leaves) instead."""
        flat, self._structure = self._flatten(step_batches)
        try:
            concrete = self._fn.get_concrete_function(*flat)
        except (NotImplementedError, OperatorNotAllowedInGraphError) as e:
            if any(not isinstance(x, Tensor) for x in flat):
                raise ValueError(f"Estimator: input_fn gave no data and the model_fn cannot be "
                                 f"traced into a graph from the input's specs ({e}).") from e
            warnings.warn(f"Estimator: the model_fn cannot be traced into a graph ({e}); "
                          f"running its steps eagerly instead (slower).", stacklevel=4)
            self.eager = True
            self._call = self._body
            self._build_eagerly(flat)
            return
        foreign = [v.name for v in concrete.captured_variables
                   if v.trainable and not self._scope.owns(v)]
        if foreign:
            warnings.warn(f"Estimator: the model_fn uses variables created outside it "
                          f"({foreign[:5]}): they are neither restored from nor saved to "
                          f"model_dir. Create layers and variables inside the model_fn.",
                          stacklevel=4)

    def _build_eagerly(self, flat) -> None:
        scope = self._scope
        self._body(*flat)  # creates the variables (and runs one step, undone below)
        for name, variable in scope.primaries.items():
            variable._value = scope.created_values[name]

    def _flatten(self, step_batches: list):
        flat, structures = [], []
        for batch in step_batches:
            part, structure = flatten_batch(batch)
            flat += part
            structures.append(structure)
        if any(_structure_key(s) != _structure_key(structures[0]) for s in structures):
            raise ValueError("input_fn: every replica's batch must have the same structure")
        return flat, structures[0]

    def __call__(self, step_batches: list) -> dict:
        flat, structure = self._flatten(step_batches)
        if _structure_key(structure) != _structure_key(self._structure):
            raise ValueError(f"input_fn: a batch's structure changed during {self._mode}: "
                             f"{structure[0]!r}")
        self.last = self._call(*flat)
        return self.last

    def fetch_value(self, x):
        """The value of a fetched tensor from the last step."""
        slot = self.slots.get(id(x))
        if slot is not None and self.last:
            return self.last["fetch"][slot].numpy()
        return x.numpy()  # a tensor computed outside the model_fn (eager)


def _first_replica(value):
    """Replica 0's part of what `strategy.run` returned (PerReplica leaves in a nest)."""
    from fluxion.distribute import DistributedValues

    if isinstance(value, DistributedValues):
        return value[0]
    if isinstance(value, dict):
        return {k: _first_replica(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_first_replica(v) for v in value)
    return value


def _replica_id() -> int:
    ctx = None
    import sys

    values = sys.modules.get("fluxion.distribute.values")
    if values is not None:
        ctx = values.current_replica()
    return 0 if ctx is None else ctx._replica_id


def extract_keys(predictions, predict_keys):
    if not predict_keys:
        return predictions
    if not isinstance(predictions, dict):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            "predict_keys argument is not valid in case of non-dict predictions.")
    kept = {k: v for k, v in predictions.items() if k in predict_keys}
    if not kept:
        raise ValueError(f"Expected to run at least one output from {list(predictions)}, "
                         f"provided {list(predict_keys)}.")
    return kept


# --- the loop ------------------------------------------------------------------------------------
class HookSession:
    """`run_context.session`: `run(fetches)` reads variables now and tensors' last values."""

    def __init__(self, step: ModeStep) -> None:
        self._step = step

    graph = None

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        return nest.map_structure(self._value, fetches)

    def _value(self, x):
        if x is None:
            return None
        if isinstance(x, Variable):
            return np.asarray(x._value)[()]
        if isinstance(x, str):
            return self._named(x, pre_run=False)
        if isinstance(x, Tensor):
            return self._step.fetch_value(x)
        return x

    def _named(self, name: str, pre_run: bool):
        base = name.removesuffix(":0")
        scope = _graph.current()
        if base == "global_step" and scope is not None and scope.global_step is not None:
            return np.asarray(scope.global_step._value)[()]
        spec = self._step.spec
        if base == LOSS_METRIC_KEY and spec is not None and spec.loss is not None:
            return _Pending("slot", 0) if pre_run else self._step.fetch_value(spec.loss)
        raise ValueError(f"The name {name!r} refers to a Tensor which does not exist: Fluxion's "
                         f"graphs name only 'loss' and 'global_step'; give hooks the tensors "
                         f"themselves.")

    def before(self, fetches):
        """Resolves a hook's fetches before the step: variables read now, tensors by slot."""
        def resolve(x):
            if isinstance(x, Variable):
                return _Pending("value", np.asarray(x._value)[()])
            if isinstance(x, str):
                got = self._named(x, pre_run=True)
                return got if isinstance(got, _Pending) else _Pending("value", got)
            if isinstance(x, Tensor):
                slot = self._step.slots.get(id(x))
                if slot is not None:
                    return _Pending("slot", slot)
                return _Pending("value", self._step.fetch_value(x))
            return _Pending("value", x)
        return nest.map_structure(resolve, fetches)

    def after(self, pending):
        def finish(item):
            if item.kind == "slot":
                return self._step.last["fetch"][item.value].numpy()
            return item.value
        return nest.map_structure(finish, pending)


class _Pending:
    """A fetch resolved before the step: a value, or the index of a step output."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value) -> None:
        self.kind, self.value = kind, value


def run_loop(step: ModeStep, step_batches, hooks: list):
    """Runs steps over `step_batches` (an iterator of per-step batch lists, whose first item
    was already used to build `step`) with the hooks; yields each step's outputs."""
    session = HookSession(step)
    for hook in hooks:
        hook.begin()
    for hook in hooks:
        hook.after_create_session(session, None)
    for batches in step_batches:
        context = SessionRunContext(SessionRunArgs(None), session)
        pending = []
        for hook in hooks:
            args = hook.before_run(context)
            if args is not None and args.feed_dict:
                raise ValueError("SessionRunArgs.feed_dict is not supported: Fluxion's graphs "
                                 "have no placeholders to feed")
            pending.append(None if args is None else session.before(args.fetches))
        outputs = step(batches)
        for hook, item in zip(hooks, pending):
            results = None if item is None else session.after(item)
            hook.after_run(context, SessionRunValues(results, None, None))
        yield outputs
        if context.stop_requested:
            break
    for hook in hooks:
        hook.end(session)

