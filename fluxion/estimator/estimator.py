"""``tf.estimator.Estimator``: train, evaluate, predict and export a model given by a model_fn.

How a call works (TF's semantics, Fluxion's mechanics):
- every `train`, `evaluate`, `predict` and `export_saved_model` builds a fresh "graph"
  (`_graph.GraphScope`): a `global_step` int64 variable, then the model_fn traced once for the
  mode into a `fluxion.function` graph. Variables take their values when they are created:
  from the latest checkpoint in model_dir (or `checkpoint_path`), else from the warm-start
  checkpoint, else their initializers. So each call starts from the latest checkpoint and
  evaluate/predict never see un-checkpointed state;
- each step runs the graph on the next batch, with the SessionRunHooks around it
  (`_runner.run_loop`); `train` checkpoints through a CheckpointSaverHook
  (RunConfig.save_checkpoints_steps/secs) with fluxion.train's atomic writer, including a
  final checkpoint at the last step;
- under RunConfig(train_distribute=strategy) the model_fn runs once per replica
  (`strategy.run`) and each replica takes its own batch from input_fn's dataset, so N
  replicas consume N batches per step (TF's per-replica input_fn batches).
"""
from __future__ import annotations

import copy
import functools
import inspect
import itertools
import json
import logging
import os
import tempfile

import numpy as np

from fluxion.core.variable import Variable, VariableAggregation
from fluxion.estimator import _graph, _runner, warm_starting
from fluxion.estimator import hooks as hooks_lib
from fluxion.estimator.model_fn import EstimatorSpec, ModeKeys
from fluxion.estimator.run_config import RunConfig
from fluxion.ops import control_ops
from fluxion.train import checkpoint_management
from fluxion.train._ckpt_format import CheckpointReader

# a model_fn builds a TF1 graph: tf.group / tf.no_op give Operations there, even run eagerly
control_ops.TF1_GRAPHS.append(_graph.current)

_log = logging.getLogger("fluxion.estimator")
_VALID_MODEL_FN_ARGS = {"features", "labels", "mode", "params", "self", "config"}
EVAL_RESULTS_FILE = "eval_results.jsonl"


def fn_args(fn) -> tuple:
    """The argument names a callable takes (bound `self` and partial-bound ones left out)."""
    if isinstance(fn, functools.partial):
        names = list(fn_args(fn.func))
        names = names[len(fn.args):]
        return tuple(n for n in names if n not in (fn.keywords or {}))
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return ()
    return tuple(name for name, p in params.items()
                 if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))


def _verify_model_fn_args(model_fn, params) -> None:
    args = set(fn_args(model_fn))
    if "features" not in args:
        raise ValueError(f"model_fn ({model_fn}) must include features argument.")
    if params is not None and "params" not in args:
        raise ValueError(f"model_fn ({model_fn}) does not include params argument, but params "
                         f"({params}) is passed to Estimator.")
    if params is None and "params" in args:
        _log.warning("Estimator's model_fn (%s) includes params argument, but params are not "
                     "passed to Estimator.", model_fn)
    extra = sorted(args - _VALID_MODEL_FN_ARGS)
    if extra:
        raise ValueError(f"model_fn ({model_fn}) has following not expected args: {extra}")


def _check_hooks_type(hooks) -> list:
    hooks = list(hooks or [])
    for h in hooks:
        if not isinstance(h, hooks_lib.SessionRunHook):
            raise TypeError(f"Hooks must be a SessionRunHook, given: {h}")
    return hooks


def _check_listeners_type(listeners) -> list:
    listeners = list(listeners or [])
    for listener in listeners:
        if not isinstance(listener, hooks_lib.CheckpointSaverListener):
            raise TypeError(f"saving_listeners must be a list of CheckpointSaverListener, "
                            f"given: {listener}")
    return listeners


def _load_global_step(model_dir) -> int:
    latest = checkpoint_management.latest_checkpoint(model_dir)
    if latest is None:
        return 0
    try:
        return int(CheckpointReader(latest).read_array("global_step"))
    except Exception:  # noqa: BLE001 - TF treats any unreadable checkpoint as step 0
        return 0


def _resolve_config(config, model_dir) -> RunConfig:
    if config is None:
        config = RunConfig()
    if not isinstance(config, RunConfig):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            f"config must be an instance of `RunConfig`, but provided {config}.")
    model_dir = None if model_dir is None else os.fspath(model_dir)
    if model_dir is not None and config.model_dir is not None and config.model_dir != model_dir:
        raise ValueError(f"`model_dir` are set both in constructor and `RunConfig`, but with "
                         f"different values. In constructor: '{model_dir}', in `RunConfig`: "
                         f"'{config.model_dir}' ")
    if model_dir:
        return config.replace(model_dir=model_dir)
    if config.model_dir is None:
        model_dir = tempfile.mkdtemp()
        _log.warning("Using temporary folder as model directory: %s", model_dir)
        return config.replace(model_dir=model_dir)
    return config


class _StopAfterNEvalsHook(hooks_lib.SessionRunHook):
    def __init__(self, num_evals: int) -> None:
        self._num_evals = num_evals
        self._done = 0

    def after_run(self, run_context, run_values) -> None:
        self._done += 1
        if self._done >= self._num_evals:
            run_context.request_stop()


class Estimator:
    """Estimator class to train and evaluate models given by a `model_fn` (see the module
    docstring)."""

    def __init__(self, model_fn, model_dir=None, config=None, params=None,
                 warm_start_from=None) -> None:
        self._config = _resolve_config(config, model_dir)
        self._model_dir = self._config.model_dir
        if model_fn is None:
            raise ValueError("model_fn must be provided to Estimator.")
        if not callable(model_fn):
            raise TypeError(f"model_fn must be callable, got {type(model_fn).__name__}")
        _verify_model_fn_args(model_fn, params)
        self._model_fn = model_fn
        self._params = copy.deepcopy(params or {})
        self._warm_start_settings = warm_starting.get_default_settings(warm_start_from)

    model_dir = property(lambda self: self._model_dir)
    config = property(lambda self: self._config)
    params = property(lambda self: copy.deepcopy(self._params))

    @property
    def model_fn(self):
        """The model_fn bound to `params`: `model_fn(features, labels, mode, config)`."""
        def public_model_fn(features, labels, mode, config):
            return self._call_model_fn(features, labels, mode, config)
        return public_model_fn

    # --- checkpoints -----------------------------------------------------------------------------
    def latest_checkpoint(self):
        return checkpoint_management.latest_checkpoint(self._model_dir)

    def _check_checkpoint_available(self) -> str:
        latest = self.latest_checkpoint()
        if not latest:
            raise ValueError(f"Could not find trained model in model_dir: {self._model_dir}.")
        return latest

    def get_variable_value(self, name: str):
        """The value of the variable `name` in the latest checkpoint."""
        reader = CheckpointReader(self._check_checkpoint_available())
        return reader.get_tensor(name.removesuffix(":0"))

    def get_variable_names(self) -> list:
        reader = CheckpointReader(self._check_checkpoint_available())
        return sorted(k for k in reader.get_variable_to_shape_map() if not k.startswith("_"))

    def eval_dir(self, name=None) -> str:
        return os.path.join(self._model_dir, "eval" if not name else "eval_" + name)

    # --- calling user functions ------------------------------------------------------------------
    def _call_input_fn(self, input_fn, mode, input_context=None):
        if not callable(input_fn):
            raise TypeError(f"input_fn must be callable (a function returning a Dataset or "
                            f"(features, labels)), got {type(input_fn).__name__}")
        args = fn_args(input_fn)
        kwargs = {}
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = self.config
        if input_context is not None and "input_context" in args:
            kwargs["input_context"] = input_context
        return input_fn(**kwargs)

    def _call_model_fn(self, features, labels, mode, config):
        args = fn_args(self._model_fn)
        kwargs = {}
        if "labels" in args:
            kwargs["labels"] = labels
        elif labels is not None:
            raise ValueError("model_fn does not take labels, but input_fn returns labels.")
        if "mode" in args:
            kwargs["mode"] = mode
        if "params" in args:
            kwargs["params"] = self.params
        if "config" in args:
            kwargs["config"] = config
        spec = self._model_fn(features=features, **kwargs)
        if not isinstance(spec, EstimatorSpec):
            raise ValueError(f"model_fn should return an EstimatorSpec. Got "  # noqa: TRY004
                             f"{type(spec).__name__} in mode {mode!r}.")
        return spec

    # --- one call's graph ---------------------------------------------------------------
    def _scope(self, mode, checkpoint_path, strategy=None) -> _graph.GraphScope:
        reader = CheckpointReader(checkpoint_path) if checkpoint_path else None
        warm = None
        if reader is None and self._warm_start_settings is not None:
            warm = warm_starting.WarmStarter(self._warm_start_settings)
        scope = _graph.GraphScope(mode, reader, warm, self._config.tf_random_seed)
        with scope:
            if strategy is not None:
                with strategy.scope():
                    scope.global_step = _create_global_step()
            else:
                scope.global_step = _create_global_step()
        return scope

    def _step_batches(self, input_fn, mode, strategy=None, seen=None):
        """An iterator of per-step lists of batches (one per replica). `seen` (a dict) gets
        input_fn's result as "result" once it is called."""
        replicas = 1 if strategy is None else strategy.num_replicas_in_sync
        context = None
        if strategy is not None:
            from fluxion.distribute import InputContext

            context = InputContext(1, 0, replicas)
        result = self._call_input_fn(input_fn, mode, context)
        if seen is not None:
            seen["result"] = result
        elements = _elements(result, mode)
        while True:
            group = list(itertools.islice(elements, replicas))
            if len(group) < replicas:  # TF drops a last incomplete group of replica batches
                return
            yield group

    # --- train -----------------------------------------------------------------------------------
    def train(self, input_fn, hooks=None, steps=None, max_steps=None, saving_listeners=None):
        """Trains `steps` more steps, up to `max_steps` in total, or until input_fn ends."""
        if steps is not None and max_steps is not None:
            raise ValueError("Can not provide both steps and max_steps.")
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        if max_steps is not None and max_steps <= _load_global_step(self._model_dir):
            _log.info("Skipping training since max_steps has already saved.")
            return self
        hooks = _check_hooks_type(hooks)
        if steps is not None or max_steps is not None:
            hooks.append(hooks_lib.StopAtStepHook(steps, max_steps))
        listeners = _check_listeners_type(saving_listeners)
        loss = self._train_model(input_fn, hooks, listeners)
        _log.info("Loss for final step: %s.", loss)
        return self

    def _train_model(self, input_fn, hooks, listeners):
        strategy = self._config.train_distribute
        scope = self._scope(ModeKeys.TRAIN, self.latest_checkpoint(), strategy)
        config = self._config
        scope.saver = _graph.Saver(scope, config.keep_checkpoint_max,
                                   config.keep_checkpoint_every_n_hours)
        with scope:
            batches = self._step_batches(input_fn, ModeKeys.TRAIN, strategy)
            first = next(batches, None)
            if first is None:
                _log.warning("Training with estimator made no steps. Perhaps input is empty or "
                             "misspecified.")
                return None
            step = _runner.ModeStep(self, scope, ModeKeys.TRAIN, strategy)
            step.build(first)
            if scope.warm_start is not None:
                scope.warm_start.check_unused()
            all_hooks = self._training_hooks(step.spec, scope, hooks, listeners)
            loss = None
            for outputs in _runner.run_loop(step, itertools.chain([first], batches),
                                            all_hooks):
                loss = outputs["loss"]
        return None if loss is None else loss.numpy()

    def _training_hooks(self, spec, scope, hooks, listeners) -> list:
        config = self._config
        worker = list(hooks) + [hooks_lib.NanTensorHook(spec.loss)]
        if config.log_step_count_steps:
            worker.append(hooks_lib.LoggingTensorHook(
                {"loss": spec.loss, "step": scope.global_step},
                every_n_iter=config.log_step_count_steps))
        worker += list(spec.training_hooks)
        chief = list(spec.training_chief_hooks)
        savers = [h for h in worker + chief if isinstance(h, hooks_lib.CheckpointSaverHook)]
        defaults = []
        if (config.save_checkpoints_secs or config.save_checkpoints_steps) and not savers:
            defaults.append(hooks_lib.CheckpointSaverHook(
                self._model_dir, save_secs=config.save_checkpoints_secs,
                save_steps=config.save_checkpoints_steps, scaffold=spec.scaffold))
            savers = defaults[:1]
        if listeners:
            if not savers:
                raise ValueError("There should be a CheckpointSaverHook to use saving_listeners. "
                                 "Please set one of the RunConfig.save_checkpoints_steps or "
                                 "RunConfig.save_checkpoints_secs.")
            for listener in listeners:
                if listener not in savers[0]._listeners:
                    savers[0]._listeners.append(listener)
        if config.log_step_count_steps:
            defaults.append(hooks_lib.StepCounterHook(every_n_steps=config.log_step_count_steps,
                                                      output_dir=self._model_dir))
        return chief + defaults + worker

    # --- evaluate --------------------------------------------------------------------------------
    def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None, name=None):
        """Evaluates on input_fn's data (all of it, or `steps` batches); returns the metrics,
        'loss' (the mean of the batches' losses) and 'global_step'."""
        hooks = _check_hooks_type(hooks)
        if steps is not None:
            if steps <= 0:
                raise ValueError(f"Must specify steps > 0, given: {steps}")
            hooks.append(_StopAfterNEvalsHook(steps))
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
            if not checkpoint_path:
                _log.info("Could not find trained model in model_dir: %s, running "
                          "initialization to evaluate.", self._model_dir)
        strategy = self._config.eval_distribute
        scope = self._scope(ModeKeys.EVAL, checkpoint_path, strategy)
        with scope:
            seen: dict = {}
            batches = self._step_batches(input_fn, ModeKeys.EVAL, strategy, seen)
            first = next(batches, None)
            step = _runner.ModeStep(self, scope, ModeKeys.EVAL, strategy)
            # no batch at all: the graph is built from the dataset's element_spec and no step
            # runs, so the metrics report their initial state (TF: the first run is out of
            # range, then the final ops are evaluated) and the loss mean is 0
            step.build(first if first is not None else _spec_batches(seen, step.replicas))
            all_hooks = hooks + list(step.spec.evaluation_hooks)
            total, count = np.float32(0), 0
            steps = batches if first is None else itertools.chain([first], batches)
            for outputs in _runner.run_loop(step, steps, all_hooks):
                total = np.float32(total + np.float32(outputs["loss"].numpy()))
                count += 1
            results = {name: _final_value(how, step, name) for name, how in step.final.items()}
            results["loss"] = np.float32(total / count) if count else np.float32(0)
            results["global_step"] = np.int64(scope.global_step._value)
        self._write_eval_results(results, name, checkpoint_path)
        return results

    def _write_eval_results(self, results, name, checkpoint_path) -> None:
        folder = self.eval_dir(name)
        os.makedirs(folder, exist_ok=True)
        record = {"global_step": int(results["global_step"]),
                  "checkpoint_path": checkpoint_path,
                  "metrics": {k: _jsonable(v) for k, v in results.items()
                              if k != "global_step" and _jsonable(v) is not None}}
        with open(os.path.join(folder, EVAL_RESULTS_FILE), "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        _log.info("Saving dict for global step %d: %s", results["global_step"],
                  ", ".join(f"{k} = {v}" for k, v in sorted(results.items())))

    # --- predict ---------------------------------------------------------------------------------
    def predict(self, input_fn, predict_keys=None, hooks=None, checkpoint_path=None,
                yield_single_examples=True):
        """Yields predictions: one dict (or value) per example, or per batch when
        `yield_single_examples` is False."""
        hooks = _check_hooks_type(hooks)
        if not checkpoint_path:
            checkpoint_path = self.latest_checkpoint()
            if not checkpoint_path:
                _log.info("Could not find trained model in model_dir: %s, running "
                          "initialization to predict.", self._model_dir)
        scope = self._scope(ModeKeys.PREDICT, checkpoint_path)
        with scope:
            batches = self._step_batches(input_fn, ModeKeys.PREDICT)
            first = next(batches, None)
            if first is None:
                return
            step = _runner.ModeStep(self, scope, ModeKeys.PREDICT, predict_keys=predict_keys)
            step.build(first)
            loop = _runner.run_loop(step, itertools.chain([first], batches),
                                    hooks + list(step.spec.prediction_hooks))
        while True:
            with scope:  # the graph is active only while a step runs, not between yields
                outputs = next(loop, None)
            if outputs is None:
                return
            values = _to_numpy(outputs["predictions"])
            yield from _split_predictions(values, yield_single_examples)

    # --- export ----------------------------------------------------------------------------------
    def export_saved_model(self, export_dir_base, serving_input_receiver_fn, assets_extra=None,
                           as_text=False, checkpoint_path=None,
                           experimental_mode=ModeKeys.PREDICT):
        """Writes `export_dir_base/<timestamp>` (a SavedModel with one signature per
        export output) and returns its path as bytes."""
        from fluxion.estimator import _export

        if not serving_input_receiver_fn:
            raise ValueError("An input_receiver_fn must be defined.")
        return _export.export_saved_model(self, export_dir_base, serving_input_receiver_fn,
                                          assets_extra, checkpoint_path, experimental_mode)

    def experimental_export_all_saved_models(self, export_dir_base, input_receiver_fn_map,
                                             assets_extra=None, as_text=False,
                                             checkpoint_path=None):
        """Exports the PREDICT receiver of the map (Fluxion exports serving graphs only)."""
        if ModeKeys.PREDICT not in input_receiver_fn_map:
            raise ValueError(f"No valid modes for exporting found. Got "
                             f"{list(input_receiver_fn_map)}.")
        return self.export_saved_model(export_dir_base, input_receiver_fn_map[ModeKeys.PREDICT],
                                       assets_extra, as_text, checkpoint_path)


def add_metrics(estimator, metric_fn) -> Estimator:
    """A new Estimator whose EVAL mode adds the metrics `metric_fn` returns; metric_fn takes
    some of (features, labels, predictions, config) and must take predictions."""
    args = set(fn_args(metric_fn))
    if "predictions" not in args:
        raise ValueError(f"metric_fn ({metric_fn}) must include predictions argument.")
    extra = sorted(args - {"features", "labels", "predictions", "config"})
    if extra:
        raise ValueError(f"metric_fn ({metric_fn}) has following not expected args: {extra}")

    def new_model_fn(features, labels, mode, config):
        spec = estimator.model_fn(features, labels, mode, config)
        if mode != ModeKeys.EVAL:
            return spec
        given = {"features": features, "labels": labels, "predictions": spec.predictions,
                 "config": config}
        new = metric_fn(**{k: v for k, v in given.items() if k in args})
        return spec._replace(eval_metric_ops={**(spec.eval_metric_ops or {}), **new})

    return Estimator(new_model_fn, model_dir=estimator.model_dir, config=estimator.config,
                     warm_start_from=estimator._warm_start_settings)


def _create_global_step() -> Variable:
    return Variable(np.int64(0), trainable=False, name="global_step",
                    aggregation=VariableAggregation.ONLY_FIRST_REPLICA)


def _parse_element(element, mode):
    if isinstance(element, (tuple, list)) and not hasattr(type(element), "_fields"):
        if len(element) != 2:
            raise ValueError("input_fn should return (features, labels) as a len 2 tuple.")
        features, labels = element
    else:
        features, labels = element, None
    return (features,) if mode == ModeKeys.PREDICT else (features, labels)


def _elements(result, mode):
    """input_fn's result as an iterator of (features, labels) / (features,) tuples. A Dataset
    is iterated once; tensors are one batch repeated forever (TF's behaviour)."""
    from fluxion.data import Dataset

    if isinstance(result, Dataset):
        return (_parse_element(e, mode) for e in result)
    if mode == ModeKeys.PREDICT:
        _log.warning("Input graph does not use tf.data.Dataset or contain a QueueRunner. That "
                     "means predict yields forever. This is probably a mistake.")
    return itertools.repeat(_parse_element(result, mode))


def _spec_batches(seen: dict, replicas: int) -> list:
    """Per-replica batches of TensorSpecs from the input Dataset's element_spec, for an input
    that gave no batch."""
    from fluxion.data import Dataset

    result = seen.get("result")
    if not isinstance(result, Dataset):
        raise ValueError(  # noqa: TRY004 - missing data, as before
            "evaluate: input_fn gave no data to evaluate on.")
    return [_parse_element(result.element_spec, ModeKeys.EVAL)] * replicas


def _final_value(how, step, name=None):
    kind, what = how
    if kind != "fn" and not step.last:
        raise ValueError(f"evaluate: input_fn gave no data, and the value of metric {name!r} "
                         f"is only known once a batch has run.")
    value = what() if kind == "fn" else step.last["values"][what]
    return np.asarray(getattr(value, "numpy", lambda: value)())[()]


def _jsonable(value):
    arr = np.asarray(value)
    if arr.dtype.kind in "biuf" and arr.ndim == 0:
        return arr.item()
    return None


def _to_numpy(values):
    if isinstance(values, dict):
        return {k: np.asarray(v.numpy() if hasattr(v, "numpy") else v) for k, v in values.items()}
    return np.asarray(values.numpy() if hasattr(values, "numpy") else values)


def _split_predictions(values, single: bool):
    if not single:
        yield values
        return
    if not isinstance(values, dict):
        yield from values
        return
    length = None
    for key, value in values.items():
        if value.ndim == 0:
            raise ValueError(f"Prediction values must be tensors with a batch dimension; "
                             f"{key} is a scalar. Use yield_single_examples=False.")
        length = length or value.shape[0]
        if value.shape[0] != length:
            raise ValueError(f"Batch length of predictions should be same. {key} has different "
                             f"batch length than others.")
    for i in range(length or 0):
        yield {key: value[i] for key, value in values.items()}
