"""`compile`, `fit`, `evaluate`, `predict` and the `*_on_batch` calls of `keras.Model`.

Each step (`train_step`, `test_step`, `predict_step`, all overridable) runs as one
`fluxion.function` graph unless `run_eagerly`: forward pass, loss, gradients, the optimizer
update and the metric updates become a single compiled graph, as Keras does with tf.function.

A model created in the scope of a strategy with several replicas (`MirroredStrategy`) trains
data-parallel, as Keras does on TensorFlow: each global batch is split over the replicas
(`_ReplicatedStep`), every replica runs the step on its share with its mean losses divided by
the replicas in sync, the optimizer sums the replicas' gradients, and metric variables
(mirrored, SUM-aggregated) add up every replica's update.
"""
from __future__ import annotations

import contextlib
import sys
import warnings

import numpy as np

import fluxion as tf
from fluxion.core import nest
from fluxion.keras.engine import data_adapter
from fluxion.keras.losses_base import replicas_in_sync
from fluxion.keras.engine.data_adapter import unpack_x_y_sample_weight


class Trainer:
    def __init__(self) -> None:
        self.compiled = False
        self.optimizer = None
        self.stop_training = False
        self.history = None
        self._run_eagerly = False
        self._functions: dict = {}
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._initial_epoch = None  # set by BackupAndRestore to resume an interrupted fit
        # Keras: a model created under a strategy's scope trains with that strategy
        self._distribute_strategy = _strategy_in_scope()

    @property
    def distribute_strategy(self):
        return self._distribute_strategy or tf.distribute.get_strategy()

    def _replicated_strategy(self):
        """The strategy this model trains data-parallel with (None: one replica)."""
        strategy = self._distribute_strategy
        return strategy if strategy is not None and strategy.num_replicas_in_sync > 1 else None

    def _strategy_scope(self):
        strategy = self._replicated_strategy()
        return contextlib.nullcontext() if strategy is None else strategy.scope()

    # --- compile -------------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True) -> None:
        from fluxion.keras import metrics as metrics_mod  # noqa: PLC0415
        from fluxion.keras import optimizers  # noqa: PLC0415
        from fluxion.keras.engine.compile_utils import CompileLoss, CompileMetrics  # noqa

        with self._strategy_scope():  # the optimizer's and metrics' variables are mirrored
            self.optimizer = optimizers.get(optimizer)
            if auto_scale_loss and self.optimizer is not None and \
                    self.dtype_policy.name == "mixed_float16" and \
                    not isinstance(self.optimizer, optimizers.LossScaleOptimizer):
                self.optimizer = optimizers.LossScaleOptimizer(self.optimizer,
                                                               name="loss_scale_optimizer")
            names = self._output_names()
            self._compile_loss = None if loss is None else \
                CompileLoss(loss, loss_weights, names)
            self._compile_metrics = None if metrics is None and weighted_metrics is None \
                else CompileMetrics(metrics, weighted_metrics, names)
            self._loss_tracker = metrics_mod.Mean(name="loss")
        self._run_eagerly = bool(run_eagerly)
        self._functions = {}
        self.compiled = True
        self.stop_training = False

    def _output_names(self) -> list:
        outputs = getattr(self, "outputs", None)
        if outputs:
            names = [t._keras_history[0].name for t in outputs]
            structure = self._graph.outputs if getattr(self, "_graph", None) else None
            if isinstance(structure, dict):
                return sorted(structure)  # dict outputs are matched by key
            return names
        return ["output"]

    @property
    def run_eagerly(self) -> bool:
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value: bool) -> None:
        self._run_eagerly = bool(value)
        self._functions = {}

    @property
    def metrics(self) -> list:
        out = [] if self._loss_tracker is None else [self._loss_tracker]
        if self._compile_loss is not None:
            out += [t for t in self._compile_loss.trackers if t is not None]
        if self._compile_metrics is not None:
            out.append(self._compile_metrics)
        return out

    @property
    def metrics_names(self) -> list:
        """The names of `self.metrics`, as Keras 3 ("loss", per-output losses,
        "compile_metrics")."""
        return [m.name for m in self.metrics]

    def _flat_metrics(self) -> list:
        out = [] if self._loss_tracker is None else [self._loss_tracker]
        if self._compile_loss is not None:
            out += [t for t in self._compile_loss.trackers if t is not None]
        if self._compile_metrics is not None:
            out += [m for m, _, _ in self._compile_metrics.metrics]
        return out

    def reset_metrics(self) -> None:
        for m in self.metrics:
            m.reset_state()

    # --- steps ---------------------------------------------------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus the losses layers added (regularization, add_loss)."""
        total = None
        if self._compile_loss is not None and y is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        extra = self.losses
        if extra:
            reg = tf.add_n([tf.cast(v, "float32") for v in extra])
            replicas = replicas_in_sync()
            if replicas > 1:  # Keras scales the added losses like the compiled ones
                reg = reg * (1.0 / replicas)
            total = reg if total is None else total + tf.cast(reg, total.dtype)
        if total is None:
            total = tf.constant(0.0)
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self) -> dict:
        logs = {}
        for m in self.metrics:
            result = m.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[m.name] = result
        return logs

    def _batch_size(self, x):
        first = nest.flatten(x)[0]
        return tf.shape(first)[0]

    def train_step(self, data) -> dict:
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
            scaled = self.optimizer.scale_loss(loss)  # loss scaling (mixed_float16)
        variables = self.trainable_weights
        grads = tape.gradient(scaled, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        self._loss_tracker.update_state(_unscaled(loss), sample_weight=self._batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data) -> dict:
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(_unscaled(loss), sample_weight=self._batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _function(self, kind: str):
        if kind not in self._functions:
            step = getattr(self, f"{kind}_step")
            strategy = self._replicated_strategy()
            if strategy is not None:
                self._functions[kind] = _ReplicatedStep(step, strategy, kind, self._run_eagerly)
            else:
                self._functions[kind] = step if self._run_eagerly else \
                    tf.function(step, reduce_retracing=True)
        return self._functions[kind]

    make_train_function = lambda self, force=False: self._function("train")  # noqa: E731
    make_test_function = lambda self, force=False: self._function("test")  # noqa: E731
    make_predict_function = lambda self, force=False: self._function("predict")  # noqa: E731

    def _assert_compiled(self, what: str) -> None:
        if not self.compiled:
            raise ValueError(f"You must call `compile()` before using the model ({what}).")

    def _ensure_built(self, data: data_adapter.EpochData) -> None:
        """Builds the optimizer's slots and the metrics outside any graph on the first batch,
        as Keras' symbolic build does."""
        if self._replicated_strategy() is not None:
            self._build_replicated(data, optimizer=True)
            return
        if self.optimizer is not None and not getattr(self.optimizer, "built", True):
            if not self.built and not self._call_is_missing():
                for batch in data.batches():
                    self(unpack_x_y_sample_weight(batch)[0])
                    break
            self.optimizer.build(self.trainable_weights)

    def _call_is_missing(self) -> bool:
        """A subclassed model with its own train_step may leave call() out (a GAN or VAE
        that only calls its sub-models): Keras then builds nothing more."""
        from fluxion.keras.models.model import Model  # noqa: PLC0415

        return getattr(self, "_graph", 1) is None and type(self).call is Model.call

    def _build_replicated(self, data: data_adapter.EpochData, optimizer: bool) -> None:
        """In the strategy's scope: builds the model (and the optimizer) on the first batch,
        and mirrors state made outside the scope (an optimizer passed in, layers built
        before), so that writes inside the replicas are merged once."""
        from fluxion.distribute import values  # noqa: PLC0415

        with self._replicated_strategy().scope():
            if not self.built and not self._call_is_missing():
                for batch in data.batches():
                    self(unpack_x_y_sample_weight(batch)[0])
                    break
            if optimizer and self.optimizer is not None and \
                    not getattr(self.optimizer, "built", True):
                self.optimizer.build(self.trainable_weights)
        state = list(self.weights)
        if self.optimizer is not None:
            state += list(self.optimizer.variables)
        for metric in self._flat_metrics():
            state += list(metric.variables)
        for variable in state:
            values.mirror(variable)

    # --- fit -----------------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        from fluxion.keras.callbacks import CallbackList  # noqa: PLC0415

        self._assert_compiled("fit")
        if shuffle and data_adapter._is_dataset(x):
            warnings.warn("`shuffle=True` was passed, but will be ignored since the data `x` "
                          "was provided as a tf.data.Dataset. The Dataset is expected to "
                          "already be shuffled (via `.shuffle(buffer_size)`).", UserWarning,
                          stacklevel=2)
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = data_adapter.split_validation(
                x, y, sample_weight, validation_split)
        data = data_adapter.EpochData(x, y, sample_weight, batch_size, steps_per_epoch,
                                      shuffle=shuffle, class_weight=class_weight)
        verbose = 1 if verbose == "auto" else verbose
        cbs = callbacks if isinstance(callbacks, CallbackList) else CallbackList(
            callbacks, add_history=True, add_progbar=verbose != 0, model=self,
            verbose=verbose, epochs=epochs, steps=data.steps)
        self._ensure_built(data)
        train = self._function("train")
        self.stop_training = False
        cbs.on_train_begin()
        if self._initial_epoch:  # BackupAndRestore found a backup in on_train_begin
            initial_epoch, self._initial_epoch = self._initial_epoch, None
        logs: dict = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            cbs.on_epoch_begin(epoch)
            step_logs = {}
            for step, batch in enumerate(data.batches()):
                cbs.on_train_batch_begin(step)
                step_logs = train(batch)
                cbs.on_train_batch_end(step, step_logs)
                if self.stop_training:
                    break
            logs = _numpy_logs(step_logs)
            if validation_data is not None and (epoch + 1) % validation_freq == 0:
                val = self._validation(validation_data, validation_batch_size or batch_size,
                                       validation_steps, cbs)
                logs.update({f"val_{k}": v for k, v in val.items()})
            cbs.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        if epochs > 0 and hasattr(self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self.trainable_weights)  # EMA weights
        cbs.on_train_end(logs)
        return cbs.history

    def _validation(self, validation_data, batch_size, steps, cbs) -> dict:
        if isinstance(validation_data, (tuple, list)):
            vx, vy, vsw = unpack_x_y_sample_weight(tuple(validation_data))
        else:
            vx, vy, vsw = validation_data, None, None
        return self.evaluate(vx, vy, batch_size=batch_size, sample_weight=vsw, steps=steps,
                             verbose=0, return_dict=True, _callbacks=cbs)

    # --- evaluate / predict -------------------------------------------------------------------
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, _callbacks=None, **kwargs):
        from fluxion.keras.callbacks import CallbackList  # noqa: PLC0415

        self._assert_compiled("evaluate")
        data = data_adapter.EpochData(x, y, sample_weight, batch_size, steps, shuffle=False)
        verbose = 1 if verbose == "auto" else verbose
        # inside fit, validation reports to fit's callbacks (the progress bar stays quiet)
        cbs = _callbacks if _callbacks is not None else CallbackList(
            callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
            steps=data.steps)
        if self._replicated_strategy() is not None:
            self._build_replicated(data, optimizer=False)
        test = self._function("test")
        self.reset_metrics()
        cbs.on_test_begin()
        step_logs = {}
        for step, batch in enumerate(data.batches()):
            cbs.on_test_batch_begin(step)
            step_logs = test(batch)
            cbs.on_test_batch_end(step, step_logs)
        logs = _numpy_logs(step_logs) if step_logs else _numpy_logs(self.get_metrics_result())
        cbs.on_test_end(logs)
        if return_dict:
            return logs
        values = [logs[m.name] for m in self._flat_metrics() if m.name in logs]
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        from fluxion.keras.callbacks import CallbackList  # noqa: PLC0415

        data = data_adapter.EpochData(x, None, None, batch_size, steps, shuffle=False)
        verbose = 1 if verbose == "auto" else verbose
        cbs = CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose,
                           epochs=1, steps=data.steps)
        if self._replicated_strategy() is not None:
            self._build_replicated(data, optimizer=False)
        predict = self._function("predict")
        cbs.on_predict_begin()
        outputs = []
        for step, batch in enumerate(data.batches()):
            cbs.on_predict_batch_begin(step)
            out = predict(batch)
            outputs.append(nest.map_structure(lambda t: np.asarray(t._value), out))
            cbs.on_predict_batch_end(step, {"outputs": out})
        cbs.on_predict_end()
        if not outputs:
            raise ValueError("Unexpected result of `predict_function` (Empty batch_outputs). "
                             "Please use `Model.compile(..., run_eagerly=True)`, or "
                             "`tf.config.run_functions_eagerly(True)` for more information "
                             "of where went wrong, or file a issue/bug to `tf.keras`.")
        return nest.map_structure(lambda *parts: np.concatenate(parts), *outputs)

    # --- single batches ------------------------------------------------------------------------
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        self._assert_compiled("train_on_batch")
        data = data_adapter.EpochData(x, y, sample_weight, batch_size=None, shuffle=False,
                                      class_weight=class_weight)
        data.batch_size = max(data.num_samples, 1)
        self._ensure_built(data)
        logs = {}
        train = self._function("train")
        if isinstance(train, _ReplicatedStep):
            self.reset_metrics()  # as Keras (an uneven batch runs whole on every replica)
        for batch in data.batches():
            # replicated: TF gives every replica the whole batch; split only where that
            # changes nothing (an even split)
            logs = train.on_batch(batch) if isinstance(train, _ReplicatedStep) else train(batch)
        return self._batch_result(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        self._assert_compiled("test_on_batch")
        data = data_adapter.EpochData(x, y, sample_weight, batch_size=None, shuffle=False)
        data.batch_size = max(data.num_samples, 1)
        if self._replicated_strategy() is not None:
            self._build_replicated(data, optimizer=False)
            self.reset_metrics()  # as Keras
        logs = {}
        for batch in data.batches():
            logs = self._function("test")(batch)
        return self._batch_result(logs, return_dict)

    def predict_on_batch(self, x):
        if self._replicated_strategy() is not None and not self.built:
            with self._strategy_scope():
                self(x if isinstance(x, (tuple, list, dict)) else data_adapter._to_tensor(x))
        out = self._function("predict")((data_adapter._to_tensor(x),) if not isinstance(
            x, (tuple, list, dict)) else (nest.map_structure(data_adapter._to_tensor, x),))
        return nest.map_structure(lambda t: np.asarray(t._value), out)

    def _batch_result(self, logs, return_dict: bool):
        logs = _numpy_logs(logs)
        if return_dict:
            return logs
        values = [logs[m.name] for m in self._flat_metrics() if m.name in logs]
        return values[0] if len(values) == 1 else values


def _numpy_logs(logs: dict) -> dict:
    """Python floats (arrays when not scalar); nested dicts (a train_step returning
    `compile_metrics`' results) are flattened into the top level, as Keras does."""
    out = {}
    for key, value in (logs or {}).items():
        if isinstance(value, dict):
            out.update(_numpy_logs(value))
            continue
        v = np.asarray(getattr(value, "_value", value))
        out[key] = float(v) if v.ndim == 0 else v
    return dict(sorted(out.items()))  # Keras' logs come out of its tree utilities sorted


# --- data parallelism ----------------------------------------------------------------------------
def _strategy_in_scope():
    """The strategy whose scope is open, if any (without importing fluxion.distribute)."""
    distribute = sys.modules.get("fluxion.distribute")
    if distribute is None or not distribute.has_strategy():
        return None
    return distribute.get_strategy()


def _unscaled(loss):
    """The loss a replica reports: its scaled loss times the replicas in sync (Keras'
    `unscale_loss_for_distribution`), i.e. its batch's mean, weighted by its batch size."""
    replicas = replicas_in_sync()
    return loss if replicas == 1 else loss * float(replicas)


class _ReplicatedStep:
    """A step run by every replica of `strategy` on its share of each global batch (split
    by TF's rule, `split_global_batch`), as one traced graph: the strategy records its
    replicas one after the other into that graph (its serial mode; a graph runs its ops in
    order, each NumPy kernel using the BLAS threads). The replicas' outputs are averaged (the
    metrics, equal on every replica) or, for `predict`, concatenated in replica order.
    Each batch is split for all `num_replicas_in_sync` replicas: a multi-worker strategy's
    `run` keeps this worker's shares."""

    def __init__(self, step, strategy, kind: str, eager: bool) -> None:
        from fluxion.distribute.input import split_global_batch  # noqa: PLC0415

        self._split = split_global_batch
        self._strategy = strategy
        self._count = strategy.num_replicas_in_sync
        self._concat = kind == "predict"
        self._eager = eager
        # the wrapper is not converted by AutoGraph, so the step is converted on its own
        self._step = step if eager else tf.autograph.to_graph(step)
        self._graphs: dict = {}  # structure of the replicas' data -> its function

    def _replicated(self, data):
        outputs = self._strategy.run(self._step, args=(data,))
        return _reduce_per_replica(outputs, self._concat)

    def _run(self, data):
        if self._eager:
            return self._replicated(data)
        # the graph takes the flat tensors (tf.function's fast call) and rebuilds the nest
        key = nest.structure_key(data)
        graph = self._graphs.get(key)
        if graph is None:
            skeleton = nest.map_structure(lambda _: None, data)  # keeps no batch alive
            graph = self._graphs[key] = tf.function(
                lambda *flat: self._replicated(nest.pack_sequence_as(skeleton, flat)),
                reduce_retracing=True, autograph=False)
        return graph(*nest.flatten(data))

    def __call__(self, batch):
        return self._run(self._split(batch, self._count))

    def on_batch(self, batch):
        """`train_on_batch`: TF runs the whole batch on every replica (each replica's mean
        loss is scaled by 1 / replicas, so the update is the batch's); an even split gives
        the same update with each replica computing its share only."""
        size = next((int(v.shape[0]) for v in nest.flatten(batch)
                     if v is not None and v.shape.rank), 0)
        if size and size % self._count == 0:
            return self(batch)
        return self._run(batch)


def _reduce_per_replica(outputs, concat: bool):
    """PerReplica leaves of `outputs` reduced as Keras' `reduce_per_replica` does: the mean
    over replicas ("auto" off TPUs), or their concatenation along axis 0 (scalars stacked)."""
    from fluxion.distribute.values import DistributedValues  # noqa: PLC0415

    if isinstance(outputs, DistributedValues):
        parts = list(outputs.values)
        if concat:
            return tf.stack(parts) if parts[0].shape.rank == 0 else tf.concat(parts, 0)
        return tf.reduce_mean(tf.stack(parts), axis=0)
    if isinstance(outputs, dict):
        return type(outputs)((k, _reduce_per_replica(v, concat)) for k, v in outputs.items())
    if isinstance(outputs, (list, tuple)) and not hasattr(type(outputs), "_fields"):
        return type(outputs)(_reduce_per_replica(v, concat) for v in outputs)
    return outputs
