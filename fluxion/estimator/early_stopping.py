"""``tf.estimator.experimental`` early stopping: hooks that stop training when the evaluation
metrics (written by `Estimator.evaluate` into its eval_dir) cross a threshold or stop
improving.

Fluxion writes no TensorBoard event files: `evaluate` appends one JSON line per evaluation to
``<eval_dir>/eval_results.jsonl`` and `read_eval_metrics` reads those.
"""
from __future__ import annotations

import collections
import json
import logging
import operator
import os

from fluxion.estimator import hooks as hooks_lib

_log = logging.getLogger("fluxion.estimator")
EVAL_RESULTS_FILE = "eval_results.jsonl"


def read_eval_metrics(eval_dir) -> collections.OrderedDict:
    """{global_step: {metric: value}} of the evaluations in `eval_dir`, by step (a later
    evaluation of the same step wins)."""
    results: dict = {}
    path = os.path.join(os.fspath(eval_dir), EVAL_RESULTS_FILE)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by a crash
                results.setdefault(record["global_step"], {}).update(record["metrics"])
    return collections.OrderedDict(sorted(results.items()))


class _StopOnPredicateHook(hooks_lib.SessionRunHook):
    """Requests stop when `should_stop_fn()` returns True, checked every N secs or steps."""

    def __init__(self, should_stop_fn, run_every_secs=60, run_every_steps=None) -> None:
        if not callable(should_stop_fn):
            raise TypeError("`should_stop_fn` must be callable.")
        self._should_stop_fn = should_stop_fn
        self._timer = hooks_lib.SecondOrStepTimer(every_secs=run_every_secs,
                                                  every_steps=run_every_steps)

    def begin(self) -> None:
        self._global_step_tensor = hooks_lib._global_step_variable()
        if self._global_step_tensor is None:
            raise RuntimeError("Global step should be created to use early stopping hooks.")

    def before_run(self, run_context):
        return hooks_lib.SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values) -> None:
        step = run_values.results
        if self._timer.should_trigger_for_step(step):
            self._timer.update_last_triggered_step(step)
            if self._should_stop_fn():
                _log.info("Requesting early stopping at global step %d", step)
                run_context.request_stop()


def make_early_stopping_hook(estimator, should_stop_fn, run_every_secs=60,
                             run_every_steps=None):
    """A hook that stops training when `should_stop_fn()` returns True."""
    from fluxion.estimator.estimator import Estimator

    if not isinstance(estimator, Estimator):
        raise TypeError(f"`estimator` must have type `tf.estimator.Estimator`. Got: "
                        f"{type(estimator)}")
    if run_every_secs is not None and run_every_steps is not None:
        raise ValueError("Only one of `run_every_secs` and `run_every_steps` must be set.")
    return _StopOnPredicateHook(should_stop_fn, run_every_secs, run_every_steps)


def _threshold_hook(estimator, metric_name, threshold, higher_is_better, eval_dir, min_steps,
                    run_every_secs, run_every_steps):
    eval_dir = eval_dir or estimator.eval_dir()
    better = operator.gt if higher_is_better else operator.lt

    def stop_if_threshold_crossed():
        for step, metrics in read_eval_metrics(eval_dir).items():
            if step < min_steps:
                continue
            if better(metrics[metric_name], threshold):
                _log.info("At step %s, metric %r has value %s which is %s than the threshold "
                          "%s, so stopping training.", step, metric_name, metrics[metric_name],
                          "greater" if higher_is_better else "less", threshold)
                return True
        return False

    return make_early_stopping_hook(estimator, stop_if_threshold_crossed, run_every_secs,
                                    run_every_steps)


def _no_improvement_hook(estimator, metric_name, max_steps_without_improvement,
                         higher_is_better, eval_dir, min_steps, run_every_secs,
                         run_every_steps):
    eval_dir = eval_dir or estimator.eval_dir()
    better = operator.gt if higher_is_better else operator.lt

    def stop_if_no_improvement():
        best, best_step = None, None
        for step, metrics in read_eval_metrics(eval_dir).items():
            if step < min_steps:
                continue
            value = metrics[metric_name]
            if best is None or better(value, best):
                best, best_step = value, step
            if step - best_step >= max_steps_without_improvement:
                _log.info("No %s in metric %r for %s steps, which is greater than or equal to "
                          "max steps (%s) configured for early stopping.",
                          "increase" if higher_is_better else "decrease", metric_name,
                          step - best_step, max_steps_without_improvement)
                return True
        return False

    return make_early_stopping_hook(estimator, stop_if_no_improvement, run_every_secs,
                                    run_every_steps)


def stop_if_higher_hook(estimator, metric_name, threshold, eval_dir=None, min_steps=0,
                        run_every_secs=60, run_every_steps=None):
    """Stops once an evaluation's `metric_name` is higher than `threshold`."""
    return _threshold_hook(estimator, metric_name, threshold, True, eval_dir, min_steps,
                           run_every_secs, run_every_steps)


def stop_if_lower_hook(estimator, metric_name, threshold, eval_dir=None, min_steps=0,
                       run_every_secs=60, run_every_steps=None):
    """Stops once an evaluation's `metric_name` is lower than `threshold`."""
    return _threshold_hook(estimator, metric_name, threshold, False, eval_dir, min_steps,
                           run_every_secs, run_every_steps)


def stop_if_no_increase_hook(estimator, metric_name, max_steps_without_increase, eval_dir=None,
                             min_steps=0, run_every_secs=60, run_every_steps=None):
    """Stops when `metric_name` has not increased for `max_steps_without_increase` steps."""
    return _no_improvement_hook(estimator, metric_name, max_steps_without_increase, True,
                                eval_dir, min_steps, run_every_secs, run_every_steps)


def stop_if_no_decrease_hook(estimator, metric_name, max_steps_without_decrease, eval_dir=None,
                             min_steps=0, run_every_secs=60, run_every_steps=None):
    """Stops when `metric_name` has not decreased for `max_steps_without_decrease` steps."""
    return _no_improvement_hook(estimator, metric_name, max_steps_without_decrease, False,
                                eval_dir, min_steps, run_every_secs, run_every_steps)


class InMemoryEvaluatorHook(hooks_lib.SessionRunHook):
    """Evaluates the estimator every `every_n_iter` training steps on the latest checkpoint
    (Fluxion evaluates from the checkpoint in model_dir, like `evaluate`)."""

    def __init__(self, estimator, input_fn, steps=None, hooks=None, name=None,
                 every_n_iter=100) -> None:
        if every_n_iter is None or every_n_iter <= 0:
            raise ValueError(f"invalid every_n_iter={every_n_iter}.")
        self._estimator, self._input_fn, self._steps = estimator, input_fn, steps
        self._hooks, self._name, self._every_n_iter = hooks, name, every_n_iter
        self._iter_count = 0
        self.results: list = []

    def after_run(self, run_context, run_values) -> None:
        self._iter_count += 1
        if self._iter_count % self._every_n_iter == 0 and self._estimator.latest_checkpoint():
            self.results.append(self._estimator.evaluate(self._input_fn, steps=self._steps,
                                                         hooks=self._hooks, name=self._name))
