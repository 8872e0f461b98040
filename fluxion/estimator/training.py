"""``tf.estimator.train_and_evaluate`` (local mode), `TrainSpec`, `EvalSpec` and the exporters.

Local mode is TF's: one `train` call to `train_spec.max_steps`; a checkpoint listener evaluates
each new checkpoint (at most once every `throttle_secs`, never the initial one) and always the
final one, then runs the exporters on the evaluated checkpoint. Returns
`(eval_metrics, export_results)` of the last evaluation.
"""
from __future__ import annotations

import collections
import logging
import os
import shutil

from fluxion.estimator import hooks as hooks_lib
from fluxion.estimator.early_stopping import read_eval_metrics

_log = logging.getLogger("fluxion.estimator")


def _validate_input_fn(input_fn) -> None:
    if not callable(input_fn):
        raise TypeError(f"`input_fn` must be callable, given: {input_fn}")


def _validate_hooks(hooks) -> tuple:
    hooks = tuple(hooks or [])
    for hook in hooks:
        if not isinstance(hook, hooks_lib.SessionRunHook):
            raise TypeError(f"All hooks must be `SessionRunHook` instances, given: {hook}")
    return hooks


def _validate_listeners(listeners) -> tuple:
    listeners = tuple(listeners or [])
    for listener in listeners:
        if not isinstance(listener, hooks_lib.CheckpointSaverListener):
            raise TypeError(f"All saving_listeners must be `CheckpointSaverListener` "
                            f"instances, given: {listener}")
    return listeners


class TrainSpec(collections.namedtuple("TrainSpec",
                                       ["input_fn", "max_steps", "hooks", "saving_listeners"])):
    """What `train_and_evaluate` trains on and for how long."""

    def __new__(cls, input_fn, max_steps=None, hooks=None, saving_listeners=None):
        _validate_input_fn(input_fn)
        if max_steps is not None and max_steps <= 0:
            raise ValueError(f"Must specify max_steps > 0, given: {max_steps}")
        return super().__new__(cls, input_fn, max_steps, _validate_hooks(hooks),
                               _validate_listeners(saving_listeners))


class Exporter:
    """Exports the model at an evaluated checkpoint."""

    @property
    def name(self) -> str:
        raise NotImplementedError

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        raise NotImplementedError


def _validate_exporters(exporters) -> tuple:
    if exporters is None:
        return ()
    if isinstance(exporters, Exporter):
        exporters = [exporters]
    names = set()
    for exporter in exporters:
        if not isinstance(exporter, Exporter):
            raise TypeError(f"`exporters` must be an Exporter, given {exporter}")
        if not exporter.name:
            raise ValueError(f"An Exporter cannot have a name that is `None` or empty. All "
                             f"exporter names: {[e.name for e in exporters]}")
        if exporter.name in names:
            raise ValueError(f"`exporters` must have unique names. Such a name cannot be "
                             f"`None`. {exporter.name} already exists.")
        names.add(exporter.name)
    return tuple(exporters)


class EvalSpec(collections.namedtuple("EvalSpec", [
        "input_fn", "steps", "name", "hooks", "exporters", "start_delay_secs",
        "throttle_secs"])):
    """What `train_and_evaluate` evaluates on, how often, and what it exports."""

    def __new__(cls, input_fn, steps=100, name=None, hooks=None, exporters=None,
                start_delay_secs=120, throttle_secs=600):
        _validate_input_fn(input_fn)
        if steps is not None and steps <= 0:
            raise ValueError(f"Must specify steps > 0, given: {steps}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"`name` must be string, given: {name}")
        if start_delay_secs < 0:
            raise ValueError(f"Must specify start_delay_secs >= 0, given: {start_delay_secs}")
        if throttle_secs < 0:
            raise ValueError(f"Must specify throttle_secs >= 0, given: {throttle_secs}")
        return super().__new__(cls, input_fn, steps, name, _validate_hooks(hooks),
                               _validate_exporters(exporters), start_delay_secs, throttle_secs)


# --- exporters ---------------------------------------------------------------------------------
def _export_folders(export_path: str) -> list:
    """The timestamped exports under `export_path`, oldest first."""
    if not os.path.isdir(export_path):
        return []
    return sorted((name for name in os.listdir(export_path) if name.isdigit()), key=int)


def _keep_newest(export_path: str, keep) -> None:
    if keep is None:
        return
    for name in _export_folders(export_path)[:-keep]:
        shutil.rmtree(os.path.join(export_path, name), ignore_errors=True)


class _SavedModelExporter(Exporter):
    def __init__(self, name, serving_input_receiver_fn, assets_extra=None,
                 as_text=False) -> None:
        self._name = name
        self._serving_input_receiver_fn = serving_input_receiver_fn
        self._assets_extra = assets_extra
        self._as_text = as_text

    @property
    def name(self) -> str:
        return self._name

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        return estimator.export_saved_model(export_path, self._serving_input_receiver_fn,
                                            assets_extra=self._assets_extra,
                                            as_text=self._as_text,
                                            checkpoint_path=checkpoint_path)


def _check_keep(exports_to_keep) -> None:
    if exports_to_keep is not None and exports_to_keep <= 0:
        raise ValueError(f"`exports_to_keep`, if provided, must be a positive number. Got "
                         f"{exports_to_keep}")


class LatestExporter(_SavedModelExporter):
    """Exports every evaluated checkpoint, keeping the newest `exports_to_keep`."""

    def __init__(self, name, serving_input_receiver_fn, assets_extra=None, as_text=False,
                 exports_to_keep=5) -> None:
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text)
        _check_keep(exports_to_keep)
        self._exports_to_keep = exports_to_keep

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        result = super().export(estimator, export_path, checkpoint_path, eval_result,
                                is_the_final_export)
        _keep_newest(export_path, self._exports_to_keep)
        return result


class FinalExporter(_SavedModelExporter):
    """Exports only the final evaluated checkpoint (at `train_spec.max_steps`)."""

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        if not is_the_final_export:
            return None
        return super().export(estimator, export_path, checkpoint_path, eval_result,
                              is_the_final_export)


def _loss_smaller(best_eval_result, current_eval_result) -> bool:
    key = "loss"
    if not best_eval_result or key not in best_eval_result:
        raise ValueError("best_eval_result cannot be empty or no loss is found in it.")
    if not current_eval_result or key not in current_eval_result:
        raise ValueError("current_eval_result cannot be empty or no loss is found in it.")
    return best_eval_result[key] > current_eval_result[key]


class BestExporter(_SavedModelExporter):
    """Exports when an evaluation is better than every earlier one (`compare_fn`, default:
    smaller loss); earlier evaluations are read from the model_dir's eval results."""

    def __init__(self, name="best_exporter", serving_input_receiver_fn=None,
                 event_file_pattern="eval/*.tfevents.*", compare_fn=_loss_smaller,
                 assets_extra=None, as_text=False, exports_to_keep=5) -> None:
        super().__init__(name, serving_input_receiver_fn, assets_extra, as_text)
        if not callable(compare_fn):
            raise ValueError("`compare_fn` must not be None.")  # noqa: TRY004 - as TF
        _check_keep(exports_to_keep)
        self._compare_fn = compare_fn
        self._event_file_pattern = event_file_pattern
        self._exports_to_keep = exports_to_keep
        self._model_dir = None
        self._best_eval_result = None

    def _best_so_far(self, model_dir):
        if not self._event_file_pattern:
            return None
        folder = os.path.dirname(os.path.join(model_dir, self._event_file_pattern))
        best = None
        for step, metrics in read_eval_metrics(folder).items():
            if best is None or self._compare_fn(best_eval_result=best,
                                                current_eval_result=metrics):
                best = dict(metrics, global_step=step)
        return best

    def export(self, estimator, export_path, checkpoint_path, eval_result, is_the_final_export):
        if self._model_dir != estimator.model_dir:
            self._model_dir = estimator.model_dir
            best = self._best_so_far(self._model_dir)
            # the evaluation being exported is already in the results: compare with earlier ones
            if best is not None and best.get("global_step") == eval_result.get("global_step"):
                best = None
            self._best_eval_result = best
        if self._best_eval_result is None or self._compare_fn(
                best_eval_result=self._best_eval_result, current_eval_result=eval_result):
            self._best_eval_result = eval_result
            result = super().export(estimator, export_path, checkpoint_path, eval_result,
                                    is_the_final_export)
            _keep_newest(export_path, self._exports_to_keep)
            return result
        return None


# --- train_and_evaluate ------------------------------------------------------------------------
class _EvaluateOnCheckpoints(hooks_lib.CheckpointSaverListener):
    """Evaluates (and exports) new checkpoints as training saves them."""

    def __init__(self, estimator, eval_spec, max_steps) -> None:
        self._estimator, self._eval_spec, self._max_steps = estimator, eval_spec, max_steps
        self.eval_result = None
        self.export_results = None

    def begin(self) -> None:
        self._timer = hooks_lib.SecondOrStepTimer(every_secs=self._eval_spec.throttle_secs)
        self._first = True

    def after_save(self, session, global_step_value):
        if self._first:  # the checkpoint written when training starts
            self._first = False
            return
        if self._timer.should_trigger_for_step(global_step_value):
            self._evaluate(global_step_value)
        else:
            _log.info("Skip the current checkpoint eval due to throttle secs (%s secs).",
                      self._eval_spec.throttle_secs)
        return

    def end(self, session, global_step_value) -> None:
        if global_step_value != self._timer.last_triggered_step():
            self._evaluate(global_step_value)

    def _evaluate(self, global_step_value) -> None:
        self._timer.update_last_triggered_step(global_step_value)
        estimator, spec = self._estimator, self._eval_spec
        checkpoint = estimator.latest_checkpoint()
        metrics = estimator.evaluate(spec.input_fn, steps=spec.steps, hooks=spec.hooks,
                                     checkpoint_path=checkpoint, name=spec.name)
        final = bool(self._max_steps) and metrics["global_step"] >= self._max_steps
        base = os.path.join(estimator.model_dir, "export")
        self.export_results = [
            exporter.export(estimator, os.path.join(base, exporter.name), checkpoint, metrics,
                            final) for exporter in spec.exporters]
        self.eval_result = metrics


def train_and_evaluate(estimator, train_spec, eval_spec):
    """Trains, evaluating each new checkpoint; returns (eval metrics, export results)."""
    from fluxion.estimator.estimator import Estimator

    if not isinstance(estimator, Estimator):
        raise TypeError(f"`estimator` must have type `tf.estimator.Estimator`. Got: "
                        f"{type(estimator)}")
    if not isinstance(train_spec, TrainSpec):
        raise TypeError(f"`train_spec` must have type `tf.estimator.TrainSpec`. Got: "
                        f"{type(train_spec)}")
    if not isinstance(eval_spec, EvalSpec):
        raise TypeError(f"`eval_spec` must have type `tf.estimator.EvalSpec`. Got: "
                        f"{type(eval_spec)}")
    listener = _EvaluateOnCheckpoints(estimator, eval_spec, train_spec.max_steps)
    estimator.train(train_spec.input_fn, hooks=list(train_spec.hooks),
                    max_steps=train_spec.max_steps,
                    saving_listeners=list(train_spec.saving_listeners) + [listener])
    # no evaluation when training did not run (max_steps already reached): (None, None), as TF
    return listener.eval_result, listener.export_results
