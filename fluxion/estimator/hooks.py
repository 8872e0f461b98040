"""``SessionRunHook``s: callbacks around each step of Estimator.train / evaluate / predict.

The protocol is TF's: `begin()` once the model_fn's graph is built, `after_create_session`
once its variables hold their restored values, then around every step `before_run(run_context)`
(returning `SessionRunArgs(fetches)` or None) and `after_run(run_context, run_values)` with the
fetched values, and `end(session)` when the loop finishes without an error.

Fetches may be the model_fn's tensors that a hook holds (the loss, tensors given to a
`LoggingTensorHook`), Variables (read when the step starts, as TF's "stale" global step reads)
or the names ``"loss"`` and ``"global_step"``. `run_context.session.run(x)` reads variables
now and gives a tensor's value from the last step.
"""
from __future__ import annotations

import collections
import logging
import os
import time

import numpy as np

from fluxion.estimator import _graph

_log = logging.getLogger("fluxion.estimator")


class SessionRunHook:
    """Hook to extend calls to the Estimator's step loop."""

    def begin(self) -> None:
        pass

    def after_create_session(self, session, coord) -> None:
        pass

    def before_run(self, run_context):
        return None

    def after_run(self, run_context, run_values) -> None:
        pass

    def end(self, session) -> None:
        pass


class SessionRunArgs(collections.namedtuple("SessionRunArgs",
                                            ["fetches", "feed_dict", "options"])):
    """What a hook asks to fetch in the coming step."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunValues(collections.namedtuple("SessionRunValues",
                                              ["results", "options", "run_metadata"])):
    """The values of a hook's fetches after the step."""


class SessionRunContext:
    """The step being run: its arguments, the session, and a way to stop the loop."""

    def __init__(self, original_args, session) -> None:
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self):
        return self._original_args

    @property
    def session(self):
        return self._session

    @property
    def stop_requested(self) -> bool:
        return self._stop_requested

    def request_stop(self) -> None:
        self._stop_requested = True


def _global_step_variable():
    scope = _graph.current()
    return None if scope is None else scope.global_step


# --- timers ------------------------------------------------------------------------------------
class SecondOrStepTimer:
    """Triggers at most once every `every_secs` seconds or once every `every_steps` steps."""

    def __init__(self, every_secs=None, every_steps=None) -> None:
        self.reset()
        self._every_secs = every_secs
        self._every_steps = every_steps
        if every_secs is None and every_steps is None:
            raise ValueError("Either every_secs or every_steps should be provided.")
        if every_secs is not None and every_steps is not None:
            raise ValueError("Can not provide both every_secs and every_steps.")

    def reset(self) -> None:
        self._last_triggered_step = None
        self._last_triggered_time = None

    def should_trigger_for_step(self, step) -> bool:
        if self._last_triggered_step is None:
            return True
        if self._last_triggered_step == step:
            return False
        if self._every_secs is not None and \
                time.time() >= self._last_triggered_time + self._every_secs:
            return True
        return self._every_steps is not None and step >= \
            self._last_triggered_step + self._every_steps

    def update_last_triggered_step(self, step):
        """Returns (seconds, steps) since the previous trigger, (None, None) the first time."""
        now = time.time()
        if self._last_triggered_time is None:
            elapsed = (None, None)
        else:
            elapsed = (now - self._last_triggered_time, step - self._last_triggered_step)
        self._last_triggered_time = now
        self._last_triggered_step = step
        return elapsed

    def last_triggered_step(self):
        return self._last_triggered_step


class _NeverTriggerTimer:
    def should_trigger_for_step(self, step) -> bool:
        return False

    def update_last_triggered_step(self, step):
        return None, None

    def last_triggered_step(self):
        return None

    def reset(self) -> None:
        pass


# --- hooks -------------------------------------------------------------------------------------
class LoggingTensorHook(SessionRunHook):
    """Logs the given tensors every N local steps, every N seconds, or at the end."""

    def __init__(self, tensors, every_n_iter=None, every_n_secs=None, at_end=False,
                 formatter=None) -> None:
        only_at_end = at_end and every_n_iter is None and every_n_secs is None
        if not only_at_end and (every_n_iter is None) == (every_n_secs is None):
            raise ValueError("either at_end and/or exactly one of every_n_iter and every_n_secs "
                             "must be provided.")
        if every_n_iter is not None and every_n_iter <= 0:
            raise ValueError(f"invalid every_n_iter={every_n_iter}.")
        if not isinstance(tensors, dict):
            self._tag_order = list(tensors)
            tensors = {item: item for item in tensors}
        else:
            self._tag_order = sorted(tensors)
        self._tensors = tensors
        self._formatter = formatter
        self._timer = _NeverTriggerTimer() if only_at_end else SecondOrStepTimer(
            every_secs=every_n_secs, every_steps=every_n_iter)
        self._log_at_end = at_end
        self.logged: list = []  # (tag -> value) dicts, in order: what was logged

    def begin(self) -> None:
        self._timer.reset()
        self._iter_count = 0

    def before_run(self, run_context):
        self._should_trigger = self._timer.should_trigger_for_step(self._iter_count)
        return SessionRunArgs(self._tensors) if self._should_trigger else None

    def _log_tensors(self, values) -> None:
        elapsed, _ = self._timer.update_last_triggered_step(self._iter_count)
        self.logged.append(dict(values))
        if self._formatter:
            _log.info(self._formatter(values))
            return
        text = ", ".join(f"{tag} = {values[tag]}" for tag in self._tag_order)
        _log.info("%s (%.3f sec)", text, elapsed) if elapsed is not None else _log.info(text)

    def after_run(self, run_context, run_values) -> None:
        if self._should_trigger:
            self._log_tensors(run_values.results)
        self._iter_count += 1

    def end(self, session) -> None:
        if self._log_at_end:
            self._log_tensors(session.run(self._tensors))


class StopAtStepHook(SessionRunHook):
    """Requests stop after `num_steps` more steps, or once the global step reaches
    `last_step`."""

    def __init__(self, num_steps=None, last_step=None) -> None:
        if num_steps is None and last_step is None:
            raise ValueError("One of num_steps or last_step must be specified.")
        if num_steps is not None and last_step is not None:
            raise ValueError("Only one of num_steps or last_step can be specified.")
        self._num_steps = num_steps
        self._last_step = last_step

    def begin(self) -> None:
        self._global_step_tensor = _global_step_variable()
        if self._global_step_tensor is None:
            raise RuntimeError("Global step should be created to use StopAtStepHook.")

    def after_create_session(self, session, coord) -> None:
        if self._last_step is None:
            self._last_step = int(session.run(self._global_step_tensor)) + self._num_steps

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values) -> None:
        # the fetched value is the step before this run: check the real one
        if run_values.results + 1 >= self._last_step and \
                run_context.session.run(self._global_step_tensor) >= self._last_step:
            run_context.request_stop()


class CheckpointSaverListener:
    """Callbacks around the checkpoints a CheckpointSaverHook writes; `after_save` returning
    True requests that training stop."""

    def begin(self) -> None:
        pass

    def before_save(self, session, global_step_value) -> None:
        pass

    def after_save(self, session, global_step_value):
        pass

    def end(self, session, global_step_value) -> None:
        pass


class CheckpointSaverHook(SessionRunHook):
    """Saves checkpoints every N steps or seconds: at the start (the restored step), when the
    timer triggers, and at the end if the last step is not saved yet."""

    def __init__(self, checkpoint_dir, save_secs=None, save_steps=None, saver=None,
                 checkpoint_basename="model.ckpt", scaffold=None, listeners=None,
                 save_graph_def=True) -> None:
        if saver is not None and scaffold is not None:
            raise ValueError("You cannot provide both saver and scaffold.")
        self._saver = saver
        self._checkpoint_dir = os.fspath(checkpoint_dir)
        self._save_path = os.path.join(self._checkpoint_dir, checkpoint_basename)
        self._scaffold = scaffold
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)
        self._listeners = list(listeners or [])
        self._steps_per_run = 1
        self._save_graph_def = save_graph_def

    def begin(self) -> None:
        self._global_step_tensor = _global_step_variable()
        if self._global_step_tensor is None:
            raise RuntimeError("Global step should be created to use CheckpointSaverHook.")
        if self._saver is None:
            scope = _graph.current()
            self._saver = getattr(self._scaffold, "saver", None) or getattr(scope, "saver", None)
        if self._saver is None:
            raise RuntimeError("No saver: CheckpointSaverHook runs inside an Estimator call, "
                               "or give it a `saver`.")
        for listener in self._listeners:
            listener.begin()

    def after_create_session(self, session, coord) -> None:
        step = int(session.run(self._global_step_tensor))
        self._save(session, step)  # the checkpoint of the state at `step`
        self._timer.update_last_triggered_step(step)

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values) -> None:
        if self._timer.should_trigger_for_step(run_values.results + self._steps_per_run):
            step = int(run_context.session.run(self._global_step_tensor))
            if self._timer.should_trigger_for_step(step):
                self._timer.update_last_triggered_step(step)
                if self._save(run_context.session, step):
                    run_context.request_stop()

    def end(self, session) -> None:
        last_step = int(session.run(self._global_step_tensor))
        if last_step != self._timer.last_triggered_step():
            self._save(session, last_step)
        for listener in self._listeners:
            listener.end(session, last_step)

    def _save(self, session, step: int) -> bool:
        """Writes the checkpoint; True when a listener asks to stop."""
        for listener in self._listeners:
            listener.before_save(session, step)
        _log.info("Saving checkpoints for %d into %s.", step, self._save_path)
        self._saver.save(session, self._save_path, global_step=step)
        stop = False
        for listener in self._listeners:
            if listener.after_save(session, step):
                _log.info("A CheckpointSaverListener requested that training be stopped. "
                          "listener: %s", listener)
                stop = True
        return stop


class StepCounterHook(SessionRunHook):
    """Measures global steps per second (`steps_per_sec` keeps the measurements) and warns
    when the global step does not increase."""

    def __init__(self, every_n_steps=100, every_n_secs=None, output_dir=None,
                 summary_writer=None) -> None:
        if (every_n_steps is None) == (every_n_secs is None):
            raise ValueError("exactly one of every_n_steps and every_n_secs should be provided.")
        self._timer = SecondOrStepTimer(every_steps=every_n_steps, every_secs=every_n_secs)
        self._output_dir = output_dir
        self._last_global_step = None
        self._steps_per_run = 1
        self._warned = 0
        self.steps_per_sec: list = []

    def begin(self) -> None:
        self._global_step_tensor = _global_step_variable()
        if self._global_step_tensor is None:
            raise RuntimeError("Global step should be created to use StepCounterHook.")

    def before_run(self, run_context):
        return SessionRunArgs(self._global_step_tensor)

    def after_run(self, run_context, run_values) -> None:
        stale = run_values.results
        if self._timer.should_trigger_for_step(stale + self._steps_per_run):
            step = int(run_context.session.run(self._global_step_tensor))
            if self._timer.should_trigger_for_step(step):
                elapsed_time, elapsed_steps = self._timer.update_last_triggered_step(step)
                if elapsed_time is not None and elapsed_time > 0:
                    rate = elapsed_steps / elapsed_time
                    self.steps_per_sec.append(rate)
                    _log.info("global_step/sec: %g", rate)
        if stale == self._last_global_step and self._warned < 5:
            self._warned += 1
            _log.warning("It seems that global step (tf.train.get_global_step) has not been "
                         "increased. Current value (could be stable): %s vs previous value: %s. "
                         "You could increase the global step by passing "
                         "tf.train.get_global_step() to Optimizer.apply_gradients or "
                         "Optimizer.minimize.", stale, self._last_global_step)
        self._last_global_step = stale


class NanLossDuringTrainingError(RuntimeError):
    def __str__(self) -> str:
        return "NaN loss during training."


class NanTensorHook(SessionRunHook):
    """Raises NanLossDuringTrainingError (or just stops) when the loss becomes NaN."""

    def __init__(self, loss_tensor, fail_on_nan_loss=True) -> None:
        self._loss_tensor = loss_tensor
        self._fail_on_nan_loss = fail_on_nan_loss

    def before_run(self, run_context):
        return SessionRunArgs(self._loss_tensor)

    def after_run(self, run_context, run_values) -> None:
        if np.isnan(run_values.results):
            if self._fail_on_nan_loss:
                _log.error("Model diverged with loss = NaN.")
                raise NanLossDuringTrainingError
            _log.warning("Model diverged with loss = NaN.")
            run_context.request_stop()


class SummarySaverHook(SessionRunHook):
    """Accepted for compatibility: Fluxion writes no TensorBoard event files yet, so this hook
    only validates its arguments."""

    def __init__(self, save_steps=None, save_secs=None, output_dir=None, summary_writer=None,
                 scaffold=None, summary_op=None) -> None:
        if (scaffold is None) == (summary_op is None):
            raise ValueError("Exactly one of scaffold or summary_op must be provided.")
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)


class FinalOpsHook(SessionRunHook):
    """Fetches `final_ops` when the loop ends; `final_ops_values` holds the results."""

    def __init__(self, final_ops, final_ops_feed_dict=None) -> None:
        self._final_ops = final_ops
        self._final_ops_values = None

    @property
    def final_ops_values(self):
        return self._final_ops_values

    def end(self, session) -> None:
        if self._final_ops is not None:
            self._final_ops_values = session.run(self._final_ops)


class GlobalStepWaiterHook(SessionRunHook):
    """Delays the start until the global step reaches `wait_until_step`. A local Estimator
    has no other worker to advance it, so the hook only checks it once."""

    def __init__(self, wait_until_step) -> None:
        self._wait_until_step = wait_until_step

    def begin(self) -> None:
        self._global_step_tensor = _global_step_variable()
        if self._global_step_tensor is None:
            raise RuntimeError("Global step should be created to use _GlobalStepWaiterHook.")


class FeedFnHook(SessionRunHook):
    """Runs `feed_fn` before each step. Fluxion's graphs have no placeholders to feed: the
    returned feed dict must be empty."""

    def __init__(self, feed_fn) -> None:
        self.feed_fn = feed_fn

    def before_run(self, run_context):
        return SessionRunArgs(fetches=None, feed_dict=self.feed_fn())
