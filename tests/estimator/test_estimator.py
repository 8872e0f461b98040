"""tf.estimator.Estimator: train / evaluate / predict, checkpoints in model_dir, argument
passing to model_fn and input_fn, RunConfig, errors, eval metrics and predictions (TF's
behaviour pinned from TensorFlow Estimator's source: messages, defaults, loss = mean over
batches, global_step in evaluate, max_steps skipping, per-example predictions)."""
from __future__ import annotations

import os

import numpy as np
import pytest

import fluxion as tf

v1 = tf.compat.v1
RS = np.random.RandomState(0)
X = RS.randn(40, 3).astype(np.float32)
TRUE_W = np.array([1.0, -2.0, 0.5], np.float32)
Y = X @ TRUE_W + 0.3


def config(**kwargs):
    kwargs.setdefault("log_step_count_steps", None)
    return tf.estimator.RunConfig(**kwargs)


def train_input(batch=10):
    return lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).batch(batch).repeat()


def eval_input(batch=16):
    return lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).batch(batch)


def linear_model_fn(features, labels, mode, params):
    """A linear regression with a compat.v1 optimizer and metrics."""
    layer = tf.keras.layers.Dense(1, kernel_initializer="zeros")
    pred = layer(features["x"])[:, 0]
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions={"y": pred, "twice": 2.0 * pred})
    loss = v1.losses.mean_squared_error(labels, pred)
    opt = v1.train.GradientDescentOptimizer(params.get("lr", 0.1))
    train_op = opt.minimize(loss, global_step=v1.train.get_global_step())
    metrics = {"rmse": v1.metrics.root_mean_squared_error(labels, pred),
               "mae": v1.metrics.mean_absolute_error(labels, pred)}
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                      eval_metric_ops=metrics)


def make(tmp_path, model_fn=linear_model_fn, params=None, **kwargs):
    return tf.estimator.Estimator(model_fn, model_dir=str(tmp_path / "model"),
                                  config=config(**kwargs),
                                  params={"lr": 0.1} if params is None else params)


# --- train / evaluate / predict -------------------------------------------------------------
def test_train_evaluate_predict(tmp_path):
    est = make(tmp_path)
    assert est.train(train_input(), steps=120) is est
    kernel = est.get_variable_value("dense/kernel")[:, 0]
    np.testing.assert_allclose(kernel, TRUE_W, atol=1e-2)
    assert est.get_variable_value("global_step") == 120
    assert {"dense/kernel", "dense/bias", "global_step"} <= set(est.get_variable_names())
    results = est.evaluate(eval_input())
    assert set(results) == {"rmse", "mae", "loss", "global_step"}
    assert isinstance(results["global_step"], np.int64) and results["global_step"] == 120
    assert isinstance(results["loss"], np.float32) and results["loss"] < 1e-3
    bias = est.get_variable_value("dense/bias")[0]
    expected = X[:5] @ est.get_variable_value("dense/kernel")[:, 0] + bias
    preds = list(est.predict(lambda: tf.data.Dataset.from_tensor_slices({"x": X[:5]}).batch(2)))
    assert len(preds) == 5 and set(preds[0]) == {"y", "twice"}
    np.testing.assert_allclose([p["y"] for p in preds], expected, rtol=1e-5)
    np.testing.assert_allclose([p["twice"] for p in preds], 2 * expected, rtol=1e-5)


def test_evaluate_loss_is_the_mean_of_batch_losses(tmp_path):
    """TF's 'loss' is metrics.mean(loss): each batch counts once, whatever its size."""
    est = make(tmp_path)
    est.train(train_input(), steps=1)
    w = est.get_variable_value("dense/kernel")[:, 0]
    b = est.get_variable_value("dense/bias")[0]
    err = (X @ w + b - Y) ** 2
    batches = [err[0:16].mean(), err[16:32].mean(), err[32:40].mean()]
    results = est.evaluate(eval_input(16))
    np.testing.assert_allclose(results["loss"], np.mean(batches), rtol=1e-5)
    np.testing.assert_allclose(results["rmse"], np.sqrt(err.mean()), rtol=1e-5)
    results = est.evaluate(eval_input(16), steps=1)  # only the first batch
    np.testing.assert_allclose(results["loss"], batches[0], rtol=1e-5)
    assert os.path.isfile(os.path.join(est.eval_dir(), "eval_results.jsonl"))
    assert est.eval_dir("test") == os.path.join(est.model_dir, "eval_test")


def test_steps_accumulate_and_max_steps_skips(tmp_path):
    est = make(tmp_path)
    est.train(train_input(), steps=3)
    est.train(train_input(), steps=3)
    assert est.get_variable_value("global_step") == 6
    latest = est.latest_checkpoint()
    assert latest.endswith("model.ckpt-6")
    est.train(train_input(), max_steps=4)  # already past it: nothing runs
    assert est.latest_checkpoint() == latest
    est.train(train_input(), max_steps=8)
    assert est.get_variable_value("global_step") == 8


def test_training_stops_when_input_ends(tmp_path):
    est = make(tmp_path)
    once = lambda: tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).batch(10)
    est.train(once, steps=100)
    assert est.get_variable_value("global_step") == 4


def test_input_fn_may_return_tensors(tmp_path):
    """A (features, labels) tuple of tensors is one batch repeated (TF's behaviour)."""
    est = make(tmp_path)
    est.train(lambda: ({"x": tf.constant(X)}, tf.constant(Y)), steps=5)
    assert est.get_variable_value("global_step") == 5
    results = est.evaluate(lambda: ({"x": tf.constant(X)}, tf.constant(Y)), steps=2)
    assert results["global_step"] == 5


def test_each_call_starts_from_the_latest_checkpoint(tmp_path):
    def model_fn(features, labels, mode):
        v = tf.Variable(0.0, name="counter")
        loss = tf.reduce_mean(features) * 0.0 + v
        # built in every mode, as TF model_fns often do: only TRAIN runs it
        train_op = v1.group(v.assign_add(1.0), v1.train.get_global_step().assign_add(1))
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                          predictions={"v": tf.zeros_like(features) + v})

    data = lambda: tf.data.Dataset.from_tensor_slices((np.ones(4, np.float32),
                                                       np.ones(4, np.float32))).batch(2)
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path),
                                 config=config(save_checkpoints_steps=None,
                                               save_checkpoints_secs=None))
    est.train(data, steps=2)  # no checkpoints are configured: nothing is saved
    assert est.latest_checkpoint() is None
    assert est.evaluate(data)["loss"] == 0.0  # evaluate sees the initial value
    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config())
    est.train(data, steps=2)
    assert est.get_variable_value("counter") == 2.0
    assert est.evaluate(data)["loss"] == 2.0
    assert est.evaluate(data)["loss"] == 2.0  # evaluate never changes the model
    preds = list(est.predict(lambda: tf.data.Dataset.from_tensor_slices(
        np.ones(3, np.float32)).batch(3)))
    assert [p["v"] for p in preds] == [2.0, 2.0, 2.0]
    first = os.path.join(str(tmp_path), "model.ckpt-0")
    assert est.evaluate(data, checkpoint_path=first)["global_step"] == 0
    assert est.evaluate(data, checkpoint_path=first)["loss"] == 0.0


def test_checkpoint_files_and_keep_max(tmp_path):
    est = make(tmp_path, save_checkpoints_steps=2, keep_checkpoint_max=2)
    est.train(train_input(), steps=7)
    state = tf.train.get_checkpoint_state(est.model_dir)
    names = [os.path.basename(p) for p in state.all_model_checkpoint_paths]
    assert names == ["model.ckpt-6", "model.ckpt-7"]  # every 2 steps, the final step, keep 2
    assert os.path.basename(state.model_checkpoint_path) == "model.ckpt-7"
    files = sorted(f for f in os.listdir(est.model_dir) if f.startswith("model.ckpt"))
    assert files == ["model.ckpt-6.data-00000-of-00001", "model.ckpt-6.index",
                     "model.ckpt-7.data-00000-of-00001", "model.ckpt-7.index"]
    reader = tf.train.load_checkpoint(est.model_dir)
    assert reader.get_tensor("global_step") == 7


def test_metric_accumulators_are_not_checkpointed(tmp_path):
    est = make(tmp_path)

    def model_fn(features, labels, mode, params):
        spec = linear_model_fn(features, labels, mode, params)
        v1.metrics.accuracy(labels, labels)  # local variables even in TRAIN mode
        return spec

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config(),
                                 params={})
    est.train(train_input(), steps=2)
    names = est.get_variable_names()
    assert not any("accuracy" in n or "count" in n or "total" in n for n in names), names
    assert not any(n.startswith("random_seed_state") for n in names)


# --- model_fn / input_fn arguments ----------------------------------------------------------
def test_arguments_passed_by_signature(tmp_path):
    seen = {}

    def input_fn(params, mode, config):
        seen["input"] = (params["k"], mode, config.model_dir)
        return tf.data.Dataset.from_tensor_slices(({"x": X}, Y)).batch(8)

    def model_fn(features, labels, mode, params, config):
        seen.setdefault("modes", []).append(mode)
        seen["params"], seen["config"] = params, config
        return linear_model_fn(features, labels, mode, {"lr": 0.1})

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config(),
                                 params={"k": 3})
    est.train(input_fn, steps=1)
    assert seen["input"] == (3, "train", str(tmp_path))
    assert seen["params"] == {"k": 3} and seen["config"].model_dir == str(tmp_path)

    def small(features, mode):  # no labels, params or config
        return tf.estimator.EstimatorSpec(mode, predictions=features["x"])

    est2 = tf.estimator.Estimator(small, model_dir=str(tmp_path / "p"))
    preds = list(est2.predict(lambda: tf.data.Dataset.from_tensor_slices(
        {"x": X[:3]}).batch(3)))  # predictions not a dict: the raw rows
    np.testing.assert_allclose(np.stack(preds), X[:3])
    with pytest.raises(ValueError, match="model_fn does not take labels"):
        est2.train(train_input(), steps=1)


def test_model_fn_signature_errors(tmp_path):
    with pytest.raises(ValueError, match="must include features argument"):
        tf.estimator.Estimator(lambda x, labels: None, model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="does not include params argument"):
        tf.estimator.Estimator(lambda features: None, params={"a": 1})
    with pytest.raises(ValueError, match="not expected args"):
        tf.estimator.Estimator(lambda features, other: None)
    with pytest.raises(ValueError, match="model_fn must be provided"):
        tf.estimator.Estimator(None)
    with pytest.raises(ValueError, match="config must be an instance of `RunConfig`"):
        tf.estimator.Estimator(linear_model_fn, config={"model_dir": "x"})
    with pytest.raises(ValueError, match="`model_dir` are set both"):
        tf.estimator.Estimator(linear_model_fn, model_dir="a",
                               config=tf.estimator.RunConfig(model_dir="b"))


def test_model_fn_must_return_an_estimator_spec(tmp_path):
    est = tf.estimator.Estimator(lambda features, labels, mode: {"loss": 1.0},
                                 model_dir=str(tmp_path))
    with pytest.raises(ValueError, match="model_fn should return an EstimatorSpec"):
        est.train(train_input(), steps=1)


def test_train_argument_errors(tmp_path):
    est = make(tmp_path)
    with pytest.raises(ValueError, match="Can not provide both steps and max_steps"):
        est.train(train_input(), steps=1, max_steps=2)
    with pytest.raises(ValueError, match="Must specify steps > 0, given: 0"):
        est.train(train_input(), steps=0)
    with pytest.raises(ValueError, match="Must specify max_steps > 0, given: -1"):
        est.train(train_input(), max_steps=-1)
    with pytest.raises(TypeError, match="Hooks must be a SessionRunHook"):
        est.train(train_input(), steps=1, hooks=[object()])
    with pytest.raises(TypeError, match="saving_listeners must be a list"):
        est.train(train_input(), steps=1, saving_listeners=[object()])
    with pytest.raises(TypeError, match="input_fn must be callable"):
        est.train(tf.data.Dataset.from_tensor_slices(X), steps=1)
    with pytest.raises(ValueError, match="Must specify steps > 0"):
        est.evaluate(eval_input(), steps=0)
    with pytest.raises(ValueError, match="len 2 tuple"):
        est.train(lambda: tf.data.Dataset.from_tensor_slices((X, Y, Y)).batch(4), steps=1)
    with pytest.raises(ValueError, match="Could not find trained model"):
        make(tmp_path / "empty").get_variable_names()


def test_reserved_metric_names(tmp_path):
    def model_fn(features, labels, mode):
        spec = linear_model_fn(features, labels, mode, {})
        return spec._replace(eval_metric_ops={"loss": v1.metrics.mean(labels)})

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config())
    with pytest.raises(ValueError, match='Metric with name "loss" is not allowed'):
        est.evaluate(eval_input())


def test_keras_metric_objects_in_eval_metric_ops(tmp_path):
    def model_fn(features, labels, mode):
        spec = linear_model_fn(features, labels, mode, {})
        mean = tf.keras.metrics.Mean(name="label_mean")
        mean.update_state(labels)
        auc = v1.metrics.auc(tf.cast(labels > 0, tf.int64), tf.sigmoid(labels))
        return spec._replace(eval_metric_ops={"label/mean": mean, "auc": auc,
                                              "acc": v1.metrics.accuracy(labels > 0,
                                                                         labels > 1)})

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config())
    results = est.evaluate(eval_input(16))
    np.testing.assert_allclose(results["label/mean"], Y.mean(), rtol=1e-5)
    assert results["auc"] > 0.99  # a perfect ranking (interpolated summation)
    np.testing.assert_allclose(results["acc"], np.mean((Y > 0) == (Y > 1)), rtol=1e-6)


def test_predict_keys_and_batches(tmp_path):
    est = make(tmp_path)
    est.train(train_input(), steps=2)
    data = lambda: tf.data.Dataset.from_tensor_slices({"x": X[:5]}).batch(2)
    preds = list(est.predict(data, predict_keys=["twice"]))
    assert len(preds) == 5 and set(preds[0]) == {"twice"}
    batches = list(est.predict(data, yield_single_examples=False))
    assert [b["y"].shape for b in batches] == [(2,), (2,), (1,)]
    with pytest.raises(ValueError, match="Expected to run at least one output"):
        list(est.predict(data, predict_keys=["nope"]))

    def bad(features, mode):
        return tf.estimator.EstimatorSpec(mode, predictions={"a": features["x"],
                                                             "b": tf.constant([1.0])})

    with pytest.raises(ValueError, match="Batch length of predictions should be same"):
        list(tf.estimator.Estimator(bad, model_dir=str(tmp_path / "b")).predict(data))


def test_random_seed_makes_initialization_repeatable(tmp_path):
    def model_fn(features, labels, mode):
        pred = tf.keras.layers.Dense(1)(features["x"])[:, 0]
        return tf.estimator.EstimatorSpec(mode, predictions=pred)

    def first(path, seed):
        est = tf.estimator.Estimator(model_fn, model_dir=str(path), config=config(
            tf_random_seed=seed))
        return next(est.predict(lambda: tf.data.Dataset.from_tensor_slices(
            {"x": X[:1]}).batch(1)))

    assert first(tmp_path / "a", 7) == first(tmp_path / "b", 7)
    assert first(tmp_path / "a", 7) != first(tmp_path / "c", 8)


# --- RunConfig --------------------------------------------------------------------------------
def test_run_config_defaults_and_errors():
    c = tf.estimator.RunConfig()
    assert (c.save_checkpoints_secs, c.save_checkpoints_steps) == (600, None)
    assert (c.keep_checkpoint_max, c.keep_checkpoint_every_n_hours) == (5, 10000)
    assert (c.log_step_count_steps, c.save_summary_steps, c.tf_random_seed) == (100, 100, None)
    assert c.is_chief and c.num_worker_replicas == 1 and c.task_type == "worker"
    steps = tf.estimator.RunConfig(save_checkpoints_steps=10)
    assert (steps.save_checkpoints_secs, steps.save_checkpoints_steps) == (None, 10)
    with pytest.raises(ValueError, match="cannot be both set"):
        tf.estimator.RunConfig(save_checkpoints_steps=1, save_checkpoints_secs=1)
    swapped = steps.replace(save_checkpoints_secs=5)
    assert (swapped.save_checkpoints_secs, swapped.save_checkpoints_steps) == (5, None)
    with pytest.raises(ValueError, match="Replacing master is not supported"):
        c.replace(master="x")
    for kwargs, message in [({"model_dir": ""}, "model_dir should be non-empty"),
                            ({"keep_checkpoint_max": -1}, "keep_checkpoint_max should be >= 0"),
                            ({"save_checkpoints_steps": -1}, "should be >= 0"),
                            ({"keep_checkpoint_every_n_hours": 0}, "should be > 0"),
                            ({"tf_random_seed": 1.0}, "tf_random_seed must be integer")]:
        with pytest.raises(ValueError, match=message):
            tf.estimator.RunConfig(**kwargs)
    est = tf.estimator.Estimator(linear_model_fn, params={})
    assert os.path.isdir(est.model_dir)  # a temporary model_dir when none is given


def test_untraceable_model_fn_falls_back_to_eager_steps(tmp_path):
    def model_fn(features, labels, mode):
        x = features["x"]
        scale = float(np.abs(x.numpy()).max() > -1.0)  # Python on a value: not traceable
        pred = tf.keras.layers.Dense(1, kernel_initializer="zeros")(x * scale)[:, 0]
        if mode == tf.estimator.ModeKeys.PREDICT:
            return tf.estimator.EstimatorSpec(mode, predictions=pred)
        loss = v1.losses.mean_squared_error(labels, pred)
        train_op = v1.train.GradientDescentOptimizer(0.1).minimize(
            loss, v1.train.get_global_step())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config())
    with pytest.warns(UserWarning, match="cannot be traced into a graph"):
        est.train(train_input(), steps=60)
    np.testing.assert_allclose(est.get_variable_value("dense/kernel")[:, 0], TRUE_W, atol=1e-2)
    assert est.get_variable_value("global_step") == 60
    with pytest.warns(UserWarning, match="running its steps eagerly"):
        assert est.evaluate(eval_input())["loss"] < 1e-3


def test_eval_and_predict_never_update_the_model(tmp_path):
    """A model_fn that applies a Keras optimizer in every mode: only TRAIN changes weights,
    as TF never runs the train op in EVAL / PREDICT graphs."""
    def model_fn(features, labels, mode):
        layer = tf.keras.layers.Dense(1, kernel_initializer="ones")
        with tf.GradientTape() as tape:
            pred = layer(features["x"])[:, 0]
            loss = tf.reduce_mean(tf.square(pred - (0.0 if labels is None else labels)))
        grads = tape.gradient(loss, layer.trainable_weights)
        tf.keras.optimizers.SGD(0.1).apply_gradients(zip(grads, layer.trainable_weights))
        v1.train.get_global_step().assign_add(1)
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=v1.no_op(),
                                          predictions=layer(features["x"])[:, 0])

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path), config=config())
    est.train(train_input(), steps=2)
    kernel = est.get_variable_value("dense/kernel")
    first = est.evaluate(eval_input())
    assert est.evaluate(eval_input())["loss"] == first["loss"]
    assert first["global_step"] == 2
    preds = list(est.predict(lambda: tf.data.Dataset.from_tensor_slices({"x": X[:2]}).batch(2)))
    np.testing.assert_allclose(preds, X[:2] @ kernel[:, 0] +
                               est.get_variable_value("dense/bias")[0], rtol=1e-5)


def test_numpy_input_fn_and_add_metrics(tmp_path):
    numpy_input_fn = v1.estimator.inputs.numpy_input_fn
    fn = numpy_input_fn({"x": X}, Y, batch_size=16, num_epochs=1, shuffle=False)
    batches = list(fn())
    assert [len(labels) for _, labels in batches] == [16, 16, 8]
    np.testing.assert_array_equal(batches[0][0]["x"].numpy(), X[:16])
    shuffled = numpy_input_fn({"x": X}, Y, batch_size=40, shuffle=True)
    assert sorted(next(iter(shuffled()))[1].numpy().tolist()) == sorted(Y.tolist())
    with pytest.raises(ValueError, match="shuffle must be provided and explicitly set"):
        numpy_input_fn({"x": X}, Y)
    with pytest.raises(ValueError, match="Length of tensors in x and y is mismatched"):
        numpy_input_fn({"x": X}, Y[:3], shuffle=False)
    est = make(tmp_path)
    est.train(numpy_input_fn({"x": X}, Y, batch_size=10, num_epochs=None, shuffle=True),
              steps=5)

    def metric_fn(labels, predictions):
        assert predictions is None  # this model_fn gives no predictions in EVAL
        return {"label_max": v1.metrics.mean(tf.reduce_max(labels))}

    extended = tf.estimator.add_metrics(est, metric_fn)
    results = extended.evaluate(numpy_input_fn({"x": X}, Y, batch_size=40, shuffle=False))
    assert {"label_max", "rmse", "mae", "loss", "global_step"} == set(results)
    np.testing.assert_allclose(results["label_max"], Y.max(), rtol=1e-6)
    with pytest.raises(ValueError, match="must include predictions argument"):
        tf.estimator.add_metrics(est, lambda labels: {})


def test_variables_created_outside_the_model_fn_are_reported(tmp_path):
    outside = tf.keras.layers.Dense(1)
    outside(X[:1])  # built eagerly, before any Estimator graph

    def model_fn(features, labels, var_list=None):
        loss = v1.losses.mean_squared_error(labels, outside(features["x"])[:, 0])
        train_op = v1.train.GradientDescentOptimizer(0.1).minimize(
            loss, v1.train.get_global_step(), var_list=var_list)
        return tf.estimator.EstimatorSpec("train", loss=loss, train_op=train_op)

    est = tf.estimator.Estimator(lambda features, labels: model_fn(features, labels),
                                 model_dir=str(tmp_path / "a"), config=config())
    with pytest.raises(ValueError, match="No variables to optimize"):
        est.train(train_input(), steps=1)  # the graph's trainable variables: none
    est = tf.estimator.Estimator(
        lambda features, labels: model_fn(features, labels, outside.trainable_weights),
        model_dir=str(tmp_path / "b"), config=config())
    with pytest.warns(UserWarning, match="uses variables created outside it"):
        est.train(train_input(), steps=1)
    assert "dense/kernel" not in est.get_variable_names()
