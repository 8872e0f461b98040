"""tf.compat.v1 as Estimator model_fns use it: v1 optimizers (TF1 update formulas and
defaults, computed here in NumPy), metrics as (value, update_op) pairs accumulated over all
evaluation batches, losses inside a model_fn, collections, layers.dense, get_variable and
group / no_op / control_dependencies. Values TF computes eagerly are pinned by
tests/fixtures/compat_v1.json (tools/reference/compat_v1.py)."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf

v1 = tf.compat.v1
W0 = np.array([2.0, -1.0], np.float32)


def grad(w):  # d/dw sum(w^3)
    return 3 * w * w


def run_optimizer(opt, steps=3):
    w = tf.Variable(W0)
    for _ in range(steps):
        assert opt.minimize(lambda: tf.reduce_sum(w * w * w), var_list=[w]) is None
    return w.numpy()


def test_gradient_descent_and_momentum():
    w = W0.copy()
    for _ in range(3):
        w = w - 0.1 * grad(w)
    np.testing.assert_allclose(run_optimizer(v1.train.GradientDescentOptimizer(0.1)), w,
                               rtol=1e-5)
    w, accum = W0.copy(), np.zeros(2, np.float32)
    for _ in range(3):
        accum = 0.9 * accum + grad(w)
        w = w - 0.01 * accum
    np.testing.assert_allclose(run_optimizer(v1.train.MomentumOptimizer(0.01, 0.9)), w,
                               rtol=1e-5)


def test_adam_tf1_formula():
    w, m, v = W0.astype(np.float64), np.zeros(2), np.zeros(2)
    for t in range(1, 4):
        g = grad(w)
        lr_t = 0.1 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w = w - lr_t * m / (np.sqrt(v) + 1e-8)
    np.testing.assert_allclose(run_optimizer(v1.train.AdamOptimizer(0.1)), w, rtol=1e-5)


def test_adagrad_and_rmsprop_tf1_formulas():
    w, accum = W0.astype(np.float64), np.full(2, 0.1)
    for _ in range(3):
        g = grad(w)
        accum = accum + g * g
        w = w - 0.5 * g / np.sqrt(accum)  # no epsilon in TF1's Adagrad
    np.testing.assert_allclose(run_optimizer(v1.train.AdagradOptimizer(0.5)), w, rtol=1e-5)
    w, ms = W0.astype(np.float64), np.ones(2)  # TF1's mean square starts at ones
    for _ in range(3):
        g = grad(w)
        ms = 0.9 * ms + 0.1 * g * g
        w = w - 0.1 * g / np.sqrt(ms + 1e-10)
    np.testing.assert_allclose(run_optimizer(v1.train.RMSPropOptimizer(0.1)), w, rtol=1e-5)
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        v1.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match="learning_rate_power"):
        v1.train.FtrlOptimizer(0.1, learning_rate_power=0.5)


def test_optimizer_errors():
    opt = v1.train.GradientDescentOptimizer(0.1)
    with pytest.raises(RuntimeError, match="callable loss when executing eagerly"):
        opt.minimize(tf.constant(1.0))
    w = tf.Variable(1.0)
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        opt.minimize(lambda: tf.constant(1.0) + 0.0 * tf.stop_gradient(w), var_list=[w])


# --- inside an Estimator ----------------------------------------------------------------------
RS = np.random.RandomState(1)
X = RS.randn(30, 2).astype(np.float32)
LABELS = (X[:, 0] + 0.3 * RS.randn(30) > 0).astype(np.int64)
WEIGHTS = (RS.rand(30) > 0.3).astype(np.float32)


def metrics_model_fn(features, labels, mode):
    """A fixed (untrainable) linear score: metrics are then known in closed form."""
    score = features["x"][:, 0] + 0.5 * features["x"][:, 1]
    prob = tf.sigmoid(score)
    predicted = tf.cast(score > 0, tf.int64)
    w = tf.compat.v1.get_variable("w", initializer=tf.constant(0.0))
    loss = v1.losses.sigmoid_cross_entropy(labels, score + w, weights=features["w"])
    ops = {
        "accuracy": v1.metrics.accuracy(labels, predicted),
        "weighted_accuracy": v1.metrics.accuracy(labels, predicted, weights=features["w"]),
        "precision": v1.metrics.precision(labels, predicted),
        "recall": v1.metrics.recall(labels, predicted),
        "auc": v1.metrics.auc(labels, prob, num_thresholds=1000),
        "mean_prob": v1.metrics.mean(prob),
        "mse": v1.metrics.mean_squared_error(tf.cast(labels, tf.float32), prob),
        "rmse": v1.metrics.root_mean_squared_error(tf.cast(labels, tf.float32), prob),
        "tp": v1.metrics.true_positives(labels, predicted),
        "fn": v1.metrics.false_negatives(labels, predicted),
    }
    train_op = v1.train.GradientDescentOptimizer(0.0).minimize(loss, v1.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op, eval_metric_ops=ops)


def _auc(labels, scores):
    pos, neg = scores[labels == 1], scores[labels == 0]
    return np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg])


def test_metrics_accumulate_over_batches(tmp_path):
    est = tf.estimator.Estimator(metrics_model_fn, model_dir=str(tmp_path),
                                 config=tf.estimator.RunConfig(log_step_count_steps=None))
    data = lambda: tf.data.Dataset.from_tensor_slices(
        ({"x": X, "w": WEIGHTS}, LABELS)).batch(7)
    results = est.evaluate(data)
    score = X[:, 0] + 0.5 * X[:, 1]
    prob, predicted = 1 / (1 + np.exp(-score)), (score > 0).astype(np.int64)
    correct = (predicted == LABELS).astype(np.float64)
    tp = np.sum((predicted == 1) & (LABELS == 1))
    expected = {"accuracy": correct.mean(),
                "weighted_accuracy": np.sum(correct * WEIGHTS) / WEIGHTS.sum(),
                "precision": tp / np.sum(predicted == 1), "recall": tp / np.sum(LABELS == 1),
                "mean_prob": prob.mean(), "mse": np.mean((LABELS - prob) ** 2),
                "rmse": np.sqrt(np.mean((LABELS - prob) ** 2)), "tp": tp,
                "fn": np.sum((predicted == 0) & (LABELS == 1))}
    for name, value in expected.items():
        np.testing.assert_allclose(results[name], value, rtol=1e-5, err_msg=name)
    np.testing.assert_allclose(results["auc"], _auc(LABELS, prob), atol=5e-3)
    # each batch's loss: sigmoid CE weighted, divided by its non-zero weights; then the mean
    ce = np.maximum(score, 0) - score * LABELS + np.log1p(np.exp(-np.abs(score)))
    batch_losses = [np.sum(ce[i:i + 7] * WEIGHTS[i:i + 7]) / max(np.sum(WEIGHTS[i:i + 7] > 0),
                                                                 1) for i in range(0, 30, 7)]
    np.testing.assert_allclose(results["loss"], np.mean(batch_losses), rtol=1e-5)
    again = est.evaluate(data)  # accumulators start from zero at every evaluate
    np.testing.assert_allclose(again["accuracy"], expected["accuracy"], rtol=1e-6)


def test_graph_api_inside_a_model_fn(tmp_path):
    seen = {}

    def model_fn(features, labels, mode):
        hidden = v1.layers.dense(features, 3, activation=tf.nn.relu)
        out = v1.layers.dense(hidden, 1)[:, 0]
        w = v1.get_variable("scale", shape=[], initializer=tf.keras.initializers.Ones())
        loss = v1.losses.mean_squared_error(labels, out * w)
        seen["trainable"] = [v.name for v in v1.trainable_variables()]
        seen["global_step"] = v1.get_collection(v1.GraphKeys.GLOBAL_STEP)
        seen["losses"] = len(v1.get_collection(v1.GraphKeys.LOSSES))
        with v1.control_dependencies(v1.get_collection(v1.GraphKeys.UPDATE_OPS)):
            minimize = v1.train.AdamOptimizer(0.01).minimize(loss, v1.train.get_global_step())
        train_op = v1.group(minimize, v1.no_op())
        return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    est = tf.estimator.Estimator(model_fn, model_dir=str(tmp_path),
                                 config=tf.estimator.RunConfig(log_step_count_steps=None))
    est.train(lambda: (tf.constant(X), tf.constant(X[:, 0])), steps=2)
    assert seen["trainable"] == ["kernel", "bias", "kernel", "bias", "scale:0"]
    assert seen["global_step"][0] is not None and seen["losses"] == 1
    names = set(est.get_variable_names())
    assert {"dense/kernel", "dense_1/kernel", "scale", "global_step"} <= names
    assert est.get_variable_value("global_step") == 2


def test_eager_global_step_and_namespace():
    step = v1.train.get_or_create_global_step()
    assert v1.train.get_global_step() is step and step.dtype == tf.int64
    with pytest.raises(ValueError, match='"global_step" already exists'):
        v1.train.create_global_step()
    with pytest.raises(RuntimeError, match="is not supported when eager execution is enabled"):
        v1.metrics.auc([1, 0], [0.5, 0.2])
    assert v1.estimator.Estimator is tf.estimator.Estimator
    assert v1.nn.relu is tf.nn.relu and v1.logging.INFO == 20
    assert v1.summary.scalar("loss", tf.constant(1.0)) is None
    assert tf.compat.as_bytes("é") == "é".encode() and tf.compat.as_text(b"a") == "a"
    assert v1.random.set_random_seed is not None
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        v1.not_a_name  # noqa: B018
