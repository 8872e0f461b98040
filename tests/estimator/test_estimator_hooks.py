"""SessionRunHooks around Estimator steps: the call protocol, fetches (the model_fn's tensors,
variables read before the step as TF's stale global-step reads, names), request_stop, hooks
from the EstimatorSpec, and the standard hooks (TF's semantics from basic_session_run_hooks:
CheckpointSaverHook saves at the start, on its timer and at the end; StopAtStepHook checks
the real step; NanTensorHook raises NanLossDuringTrainingError)."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from tests.estimator.test_estimator import X, Y, config, eval_input, linear_model_fn, train_input

v1 = tf.compat.v1


class Recorder(tf.estimator.SessionRunHook):
    def __init__(self, stop_at=None, fetch="loss") -> None:
        self.calls, self.results, self.stop_at, self.fetch = [], [], stop_at, fetch

    def begin(self):
        self.calls.append("begin")
        self.step = v1.train.get_global_step()

    def after_create_session(self, session, coord):
        self.calls.append(("after_create_session", int(session.run(self.step))))

    def before_run(self, run_context):
        self.calls.append("before_run")
        return tf.estimator.SessionRunArgs({"loss": self.fetch, "step": self.step})

    def after_run(self, run_context, run_values):
        self.calls.append("after_run")
        self.results.append(run_values.results)
        if self.stop_at is not None and run_values.results["step"] + 1 >= self.stop_at:
            run_context.request_stop()

    def end(self, session):
        self.calls.append(("end", int(session.run(self.step))))


def make(tmp_path, model_fn=linear_model_fn, **kwargs):
    return tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config(**kwargs),
                                  params={} if model_fn is linear_model_fn else None)


def test_hook_protocol_and_fetches(tmp_path):
    hook = Recorder()
    make(tmp_path).train(train_input(), steps=3, hooks=[hook])
    assert hook.calls == ["begin", ("after_create_session", 0)] + \
        ["before_run", "after_run"] * 3 + [("end", 3)]
    assert [r["step"] for r in hook.results] == [0, 1, 2]  # read before each step (stale)
    losses = [r["loss"] for r in hook.results]
    assert losses[0] > losses[1] > losses[2] and isinstance(losses[0], np.float32)
    hook = Recorder()
    make(tmp_path).train(train_input(), steps=2, hooks=[hook])  # resumes at step 3
    assert hook.calls[1] == ("after_create_session", 3) and hook.calls[-1] == ("end", 5)


def test_request_stop(tmp_path):
    est = make(tmp_path)
    est.train(train_input(), hooks=[Recorder(stop_at=4)])  # no steps: the hook stops it
    assert est.get_variable_value("global_step") == 4


def test_spec_hooks_fetch_model_tensors(tmp_path):
    logged = {}

    def model_fn(features, labels, mode):
        spec = linear_model_fn(features, labels, mode, {})
        if mode == tf.estimator.ModeKeys.PREDICT:
            return spec
        mean_label = tf.reduce_mean(labels)
        hook = tf.estimator.LoggingTensorHook({"mean_label": mean_label, "loss": spec.loss},
                                              every_n_iter=2)
        logged[mode] = hook
        return spec._replace(training_hooks=[hook], evaluation_hooks=[hook])

    est = make(tmp_path, model_fn)
    est.train(train_input(10), steps=5)
    records = logged["train"].logged
    assert len(records) == 3  # steps 0, 2 and 4
    batches = [Y[0:10], Y[10:20], Y[20:30], Y[30:40], Y[0:10]]
    np.testing.assert_allclose([r["mean_label"] for r in records],
                               [batches[0].mean(), batches[2].mean(), batches[4].mean()],
                               rtol=1e-5)
    est.evaluate(eval_input(20))
    assert len(logged["eval"].logged) == 1


def test_logging_tensor_hook_at_end_and_errors(tmp_path):
    hook = tf.estimator.LoggingTensorHook(["loss", "global_step"], at_end=True)
    make(tmp_path).train(train_input(), steps=2, hooks=[hook])
    assert len(hook.logged) == 1 and hook.logged[0]["global_step"] == 2
    with pytest.raises(ValueError, match="exactly one of every_n_iter and every_n_secs"):
        tf.estimator.LoggingTensorHook({"a": "loss"})
    with pytest.raises(ValueError, match="invalid every_n_iter=0"):
        tf.estimator.LoggingTensorHook({"a": "loss"}, every_n_iter=0)
    bad = tf.estimator.LoggingTensorHook({"a": "no_such_tensor"}, every_n_iter=1)
    with pytest.raises(ValueError, match="does not exist"):
        make(tmp_path / "b").train(train_input(), steps=1, hooks=[bad])


def test_stop_at_step_hook(tmp_path):
    est = make(tmp_path)
    est.train(train_input(), hooks=[tf.estimator.StopAtStepHook(num_steps=3)])
    assert est.get_variable_value("global_step") == 3
    est.train(train_input(), hooks=[tf.estimator.StopAtStepHook(last_step=5)])
    assert est.get_variable_value("global_step") == 5
    with pytest.raises(ValueError, match="One of num_steps or last_step"):
        tf.estimator.StopAtStepHook()
    with pytest.raises(ValueError, match="Only one of num_steps or last_step"):
        tf.estimator.StopAtStepHook(1, 2)


class Listener(tf.estimator.CheckpointSaverListener):
    def __init__(self, stop_after=None) -> None:
        self.events, self.stop_after = [], stop_after

    def begin(self):
        self.events.append("begin")

    def before_save(self, session, global_step_value):
        self.events.append(("before", int(global_step_value)))

    def after_save(self, session, global_step_value):
        self.events.append(("after", int(global_step_value)))
        return self.stop_after is not None and global_step_value >= self.stop_after

    def end(self, session, global_step_value):
        self.events.append(("end", int(global_step_value)))


def test_checkpoint_saver_listeners(tmp_path):
    listener = Listener()
    make(tmp_path, save_checkpoints_steps=2).train(train_input(), steps=5,
                                                   saving_listeners=[listener])
    assert listener.events == ["begin", ("before", 0), ("after", 0), ("before", 2),
                               ("after", 2), ("before", 4), ("after", 4), ("before", 5),
                               ("after", 5), ("end", 5)]
    stopper = Listener(stop_after=4)
    est = make(tmp_path / "s", save_checkpoints_steps=2)
    est.train(train_input(), steps=50, saving_listeners=[stopper])
    assert est.get_variable_value("global_step") == 4
    with pytest.raises(ValueError, match="There should be a CheckpointSaverHook"):
        make(tmp_path / "n", save_checkpoints_secs=None).train(
            train_input(), steps=1, saving_listeners=[Listener()])


def test_explicit_checkpoint_saver_hook_replaces_the_default(tmp_path):
    saver = tf.estimator.CheckpointSaverHook(str(tmp_path / "other"), save_steps=3,
                                             checkpoint_basename="mine.ckpt")

    def model_fn(features, labels, mode):
        return linear_model_fn(features, labels, mode, {})._replace(
            training_chief_hooks=[saver])

    est = make(tmp_path / "m", model_fn)
    est.train(train_input(), steps=4)
    assert est.latest_checkpoint() is None  # the model_fn's saver writes elsewhere
    state = tf.train.get_checkpoint_state(str(tmp_path / "other"))
    assert [p.rsplit("/", 1)[1] for p in state.all_model_checkpoint_paths] == \
        ["mine.ckpt-0", "mine.ckpt-3", "mine.ckpt-4"]
    with pytest.raises(ValueError, match="Either every_secs or every_steps"):
        tf.estimator.CheckpointSaverHook(str(tmp_path))


def test_nan_loss(tmp_path):
    def model_fn(features, labels, mode):
        spec = linear_model_fn(features, labels, mode, {})
        return spec._replace(loss=spec.loss * float("nan"))

    with pytest.raises(tf.estimator.NanLossDuringTrainingError, match="NaN loss"):
        make(tmp_path, model_fn).train(train_input(), steps=3)

    def quiet(features, labels, mode):
        spec = linear_model_fn(features, labels, mode, {})
        nan = tf.reduce_mean(labels) * float("nan")
        return spec._replace(training_hooks=[tf.estimator.NanTensorHook(
            nan, fail_on_nan_loss=False)])

    est = make(tmp_path / "b", quiet)
    est.train(train_input(), steps=3)  # stops quietly after the first step
    assert est.get_variable_value("global_step") == 1


def test_step_counter_and_timer(tmp_path):
    counter = tf.estimator.StepCounterHook(every_n_steps=2)
    make(tmp_path).train(train_input(), steps=5, hooks=[counter])
    assert len(counter.steps_per_sec) == 2 and all(r > 0 for r in counter.steps_per_sec)
    timer = tf.estimator.SecondOrStepTimer(every_steps=3)
    assert timer.should_trigger_for_step(0)
    assert timer.update_last_triggered_step(0) == (None, None)
    assert not timer.should_trigger_for_step(2) and timer.should_trigger_for_step(3)
    with pytest.raises(ValueError, match="Can not provide both"):
        tf.estimator.SecondOrStepTimer(1, 1)


def test_early_stopping_hooks(tmp_path):
    est = make(tmp_path, save_checkpoints_steps=1)
    est.train(train_input(), steps=1)
    est.evaluate(eval_input())
    est.train(train_input(), steps=1)
    est.evaluate(eval_input())
    metrics = tf.estimator.experimental.read_eval_metrics(est.eval_dir())
    assert list(metrics) == [1, 2] and metrics[2]["loss"] < metrics[1]["loss"]
    below = tf.estimator.experimental.stop_if_lower_hook(
        est, "loss", threshold=metrics[2]["loss"] * 2, run_every_secs=None, run_every_steps=1)
    est.train(train_input(), steps=10, hooks=[below])  # already below: stops after a step
    assert est.get_variable_value("global_step") == 3
    higher = tf.estimator.experimental.stop_if_higher_hook(
        est, "loss", threshold=1e9, run_every_secs=None, run_every_steps=1)
    est.train(train_input(), steps=2, hooks=[higher])
    assert est.get_variable_value("global_step") == 5
    stalled = tf.estimator.experimental.stop_if_no_increase_hook(
        est, "loss", max_steps_without_increase=1, run_every_secs=None, run_every_steps=1)
    est.train(train_input(), steps=10, hooks=[stalled])  # loss fell from step 1 to 2
    assert est.get_variable_value("global_step") == 6
    with pytest.raises(ValueError, match="Only one of `run_every_secs` and `run_every_steps`"):
        tf.estimator.experimental.stop_if_no_decrease_hook(est, "loss", 10,
                                                           run_every_steps=1)
    with pytest.raises(TypeError, match="`estimator` must have type"):
        tf.estimator.experimental.make_early_stopping_hook(object(), lambda: True)


def test_evaluation_and_prediction_hooks(tmp_path):
    hook = Recorder()
    est = make(tmp_path)
    est.train(train_input(), steps=1)
    est.evaluate(eval_input(16), hooks=[hook])
    assert hook.calls.count("before_run") == 3 and hook.calls[1] == ("after_create_session", 1)
    hook = Recorder(fetch="global_step")
    preds = est.predict(lambda: tf.data.Dataset.from_tensor_slices({"x": X[:4]}).batch(2),
                        hooks=[hook])
    assert len(list(preds)) == 4 and hook.calls.count("after_run") == 2
