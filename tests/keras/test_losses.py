"""tf.keras.losses: every loss against NumPy implementations of Keras' formulas, the
reductions with sample weights, from_logits / label smoothing, dtypes, configs, lookup, graph
mode, the logits/mask side tables, and gradients w.r.t. y_pred by finite differences."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras import losses
from fluxion.keras.losses_base import (
    get_keras_mask,
    set_keras_logits,
    set_keras_mask,
    squeeze_or_expand_to_same_rank,
)
from tests.opcheck import assert_close, check_gradient

EPS = 1e-7
R = np.random.default_rng(11)
N, C = 6, 4
REG_T = R.uniform(0.1, 3.0, (N, C)).astype(np.float32)
REG_P = R.uniform(0.1, 3.0, (N, C)).astype(np.float32)
BIN_T = (R.random((N, C)) > 0.5).astype(np.float32)
PROBS = R.dirichlet(np.ones(C), N).astype(np.float32)
LOGITS = (R.standard_normal((N, C)) * 2).astype(np.float32)
LABELS = R.integers(0, C, N).astype(np.int32)
ONE_HOT = np.eye(C, dtype=np.float32)[LABELS]
SW = R.uniform(0.0, 2.0, N).astype(np.float32)


# --- NumPy versions of Keras' formulas -----------------------------------------------------------
def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _log_softmax(x, axis=-1):
    s = x - x.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def np_mse(t, p):
    return np.mean((t - p) ** 2, -1)


def np_mae(t, p):
    return np.mean(np.abs(t - p), -1)


def np_mape(t, p):
    return 100 * np.mean(np.abs((t - p) / np.maximum(np.abs(t), EPS)), -1)


def np_msle(t, p):
    return np.mean((np.log(np.maximum(p, EPS) + 1) - np.log(np.maximum(t, EPS) + 1)) ** 2, -1)


def np_huber(t, p, delta=1.0):
    e = p - t
    a = np.abs(e)
    return np.mean(np.where(a <= delta, 0.5 * e ** 2, delta * a - 0.5 * delta ** 2), -1)


def np_log_cosh(t, p):
    return np.mean(np.log(np.cosh(p - t)), -1)


def np_cosine(t, p, axis=-1):
    tn = t / np.maximum(np.linalg.norm(t, axis=axis, keepdims=True), EPS)
    pn = p / np.maximum(np.linalg.norm(p, axis=axis, keepdims=True), EPS)
    return -np.sum(tn * pn, axis=axis)


def _hinge_labels(t):
    return 2 * t - 1 if np.all((t == 0) | (t == 1)) else t


def np_hinge(t, p):
    return np.mean(np.maximum(1 - _hinge_labels(t) * p, 0), -1)


def np_squared_hinge(t, p):
    return np.mean(np.maximum(1 - _hinge_labels(t) * p, 0) ** 2, -1)


def np_categorical_hinge(t, p):
    return np.maximum(np.max((1 - t) * p, -1) - np.sum(t * p, -1) + 1, 0)


def np_kld(t, p):
    t, p = np.clip(t, EPS, 1), np.clip(p, EPS, 1)
    return np.sum(t * np.log(t / p), -1)


def np_poisson(t, p):
    return np.mean(p - t * np.log(p + EPS), -1)


def np_bce_elementwise(t, p, from_logits=False):
    if from_logits:
        return np.maximum(p, 0) - p * t + np.log1p(np.exp(-np.abs(p)))
    p = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def np_bce(t, p, from_logits=False, label_smoothing=0.0, axis=-1):
    t = t * (1 - label_smoothing) + 0.5 * label_smoothing
    return np.mean(np_bce_elementwise(t, p, from_logits), axis=axis)


def np_cce(t, p, from_logits=False, label_smoothing=0.0, axis=-1):
    t = t * (1 - label_smoothing) + label_smoothing / t.shape[-1]
    if from_logits:
        return -np.sum(t * _log_softmax(p, axis), axis=axis)
    p = np.clip(p / p.sum(axis=axis, keepdims=True), EPS, 1 - EPS)
    return -np.sum(t * np.log(p), axis=axis)


def np_scce(labels, p, from_logits=False):
    logits = p if from_logits else np.log(np.clip(p, EPS, 1 - EPS))
    return -np.take_along_axis(_log_softmax(logits), labels[..., None], -1)[..., 0]


def np_bfce(t, p, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
            label_smoothing=0.0):
    t = t * (1 - label_smoothing) + 0.5 * label_smoothing
    bce = np_bce_elementwise(t, p, from_logits)
    p = _sigmoid(p) if from_logits else p
    p_t = t * p + (1 - t) * (1 - p)
    out = (1 - p_t) ** gamma * bce
    if apply_class_balancing:
        out = (t * alpha + (1 - t) * (1 - alpha)) * out
    return out.mean(-1)


def np_cfce(t, p, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0):
    t = t * (1 - label_smoothing) + label_smoothing / t.shape[-1]
    if from_logits:
        p = np.exp(_log_softmax(p))
    p = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    return np.sum(alpha * (1 - p) ** gamma * -t * np.log(p), -1)


def np_dice(t, p, axis=None):
    return 1 - 2 * np.sum(t * p, axis=axis) / (np.sum(t, axis=axis) + np.sum(p, axis=axis) + EPS)


def np_tversky(t, p, alpha=0.5, beta=0.5, axis=None):
    tp = np.sum(t * p, axis=axis)
    fp = np.sum((1 - p) * t, axis=axis)
    fn = np.sum(p * (1 - t), axis=axis)
    return 1 - tp / (tp + alpha * fp + beta * fn + EPS)


def np_reduce(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Keras' weighting and reduction for per-sample values of shape (N,) or (N, M)."""
    values = np.asarray(values, np.float64)
    if sample_weight is not None:
        w = np.asarray(sample_weight, np.float64)
        if w.ndim == values.ndim + 1 and w.shape[-1] == 1:
            if values.ndim == 1:  # a rank-1 side is expanded rather than squeezed
                values = values[:, None]
            else:
                w = w[..., 0]
        elif values.ndim == w.ndim + 1 and w.ndim >= 1:
            w = w[..., None]
        values = values * w
    if reduction in (None, "none") or values.ndim == 0:
        return values
    total = values.sum()
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        return total / np.sum(w) if np.sum(w) else 0.0
    return total / values.size if values.size else 0.0


def _f64(x):
    return x if x.dtype.kind == "i" else x.astype(np.float64)


# class, kwargs, NumPy per-sample function, y_true, y_pred
CASES = [
    (losses.MeanSquaredError, {}, np_mse, REG_T, REG_P),
    (losses.MeanAbsoluteError, {}, np_mae, REG_T, REG_P),
    (losses.MeanAbsolutePercentageError, {}, np_mape, REG_T, REG_P),
    (losses.MeanSquaredLogarithmicError, {}, np_msle, REG_T, REG_P),
    (losses.Huber, {"delta": 0.7}, lambda t, p: np_huber(t, p, 0.7), REG_T, REG_P),
    (losses.LogCosh, {}, np_log_cosh, REG_T, REG_P),
    (losses.CosineSimilarity, {}, np_cosine, REG_T, REG_P),
    (losses.CosineSimilarity, {"axis": 0}, lambda t, p: np_cosine(t, p, 0), REG_T, REG_P),
    (losses.Hinge, {}, np_hinge, BIN_T, LOGITS),
    (losses.Hinge, {}, np_hinge, 2 * BIN_T - 1, LOGITS),
    (losses.SquaredHinge, {}, np_squared_hinge, BIN_T, LOGITS),
    (losses.CategoricalHinge, {}, np_categorical_hinge, ONE_HOT, LOGITS),
    (losses.KLDivergence, {}, np_kld, PROBS[::-1].copy(), PROBS),
    (losses.Poisson, {}, np_poisson, REG_T, REG_P),
    (losses.BinaryCrossentropy, {}, np_bce, BIN_T, PROBS),
    (losses.BinaryCrossentropy, {"from_logits": True},
     lambda t, p: np_bce(t, p, True), BIN_T, LOGITS),
    (losses.BinaryCrossentropy, {"label_smoothing": 0.2},
     lambda t, p: np_bce(t, p, False, 0.2), BIN_T, PROBS),
    (losses.BinaryCrossentropy, {"from_logits": True, "label_smoothing": 0.1, "axis": 0},
     lambda t, p: np_bce(t, p, True, 0.1, 0), BIN_T, LOGITS),
    (losses.CategoricalCrossentropy, {}, np_cce, ONE_HOT, PROBS),
    (losses.CategoricalCrossentropy, {"from_logits": True},
     lambda t, p: np_cce(t, p, True), ONE_HOT, LOGITS),
    (losses.CategoricalCrossentropy, {"label_smoothing": 0.3},
     lambda t, p: np_cce(t, p, False, 0.3), ONE_HOT, PROBS),
    (losses.CategoricalCrossentropy, {"from_logits": True, "label_smoothing": 0.1},
     lambda t, p: np_cce(t, p, True, 0.1), ONE_HOT, LOGITS),
    (losses.CategoricalCrossentropy, {"axis": 0},
     lambda t, p: np_cce(t, p, False, 0.0, 0), ONE_HOT, PROBS),
    (losses.SparseCategoricalCrossentropy, {}, np_scce, LABELS, PROBS),
    (losses.SparseCategoricalCrossentropy, {"from_logits": True},
     lambda t, p: np_scce(t, p, True), LABELS, LOGITS),
    (losses.BinaryFocalCrossentropy, {}, np_bfce, BIN_T, PROBS),
    (losses.BinaryFocalCrossentropy,
     {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5, "label_smoothing": 0.1},
     lambda t, p: np_bfce(t, p, True, 0.4, 1.5, False, 0.1), BIN_T, PROBS),
    (losses.BinaryFocalCrossentropy, {"from_logits": True, "gamma": 3.0},
     lambda t, p: np_bfce(t, p, gamma=3.0, from_logits=True), BIN_T, LOGITS),
    (losses.CategoricalFocalCrossentropy, {}, np_cfce, ONE_HOT, PROBS),
    (losses.CategoricalFocalCrossentropy, {"from_logits": True, "alpha": 0.5, "gamma": 1.0,
                                           "label_smoothing": 0.2},
     lambda t, p: np_cfce(t, p, 0.5, 1.0, True, 0.2), ONE_HOT, LOGITS),
    (losses.Dice, {"axis": -1}, lambda t, p: np_dice(t, p, -1), BIN_T, PROBS),
    (losses.Tversky, {"alpha": 0.3, "beta": 0.7, "axis": -1},
     lambda t, p: np_tversky(t, p, 0.3, 0.7, -1), BIN_T, PROBS),
]
IDS = [f"{c.__name__}-{i}" for i, (c, *_rest) in enumerate(CASES)]


@pytest.mark.parametrize("cls,kwargs,fn,yt,yp", CASES, ids=IDS)
def test_per_sample_values(cls, kwargs, fn, yt, yp):
    loss = cls(reduction="none", **kwargs)
    out = loss(tf.constant(yt), tf.constant(yp))
    assert_close(out, fn(_f64(yt), yp.astype(np.float64)).astype(np.float32), rtol=2e-5,
                 atol=2e-6)


@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", "mean",
                                       "mean_with_sample_weight", "none", None])
@pytest.mark.parametrize("cls,kwargs,fn,yt,yp", CASES[::3], ids=IDS[::3])
def test_reductions_with_sample_weights(cls, kwargs, fn, yt, yp, reduction):
    values = fn(_f64(yt), yp.astype(np.float64))
    loss = cls(reduction=reduction, **kwargs)
    weights = SW[: values.shape[0]]
    for sw in (None, weights, weights[:, None], 1.5):
        out = loss(tf.constant(yt), tf.constant(yp),
                   sample_weight=None if sw is None else tf.constant(sw))
        want = np_reduce(values, sw, reduction)
        assert out.dtype == tf.float32
        assert_close(out, np.asarray(want, np.float32), rtol=2e-5, atol=2e-6)


def test_per_element_weights_on_unreduced_axes():
    yt, yp = REG_T.reshape(2, 3, C), REG_P.reshape(2, 3, C)
    w = R.uniform(0, 1, (2, 3)).astype(np.float32)
    values = np_mse(yt.astype(np.float64), yp.astype(np.float64))
    for reduction in ("none", "sum", "sum_over_batch_size", "mean_with_sample_weight"):
        out = losses.MeanSquaredError(reduction=reduction)(yt, yp, sample_weight=w)
        assert_close(out, np.asarray(np_reduce(values, w, reduction), np.float32), rtol=2e-5)


def test_sum_over_batch_size_divides_by_element_count_not_weights():
    # Keras 3: the weighted sum is divided by the number of loss elements
    out = losses.MeanSquaredError()(tf.ones([4, 2]), tf.zeros([4, 2]),
                                    sample_weight=tf.constant([1.0, 0.0, 0.0, 0.0]))
    assert_close(out, np.float32(0.25))
    out = losses.MeanSquaredError(reduction="mean_with_sample_weight")(
        tf.ones([4, 2]), tf.zeros([4, 2]), sample_weight=tf.constant([1.0, 0.0, 0.0, 0.0]))
    assert_close(out, np.float32(1.0))


def test_scalar_and_empty_values_are_not_reduced():
    out = losses.MeanSquaredError()(tf.zeros([0, 3]), tf.zeros([0, 3]))
    assert out.shape == (0,) and out.dtype == tf.float32
    out = losses.MeanSquaredError()(tf.zeros([2, 0]), tf.zeros([2, 0]))  # mean of nothing
    assert out.shape == () and np.isnan(float(out))
    out = losses.Dice()(tf.constant(BIN_T), tf.constant(PROBS))  # axis=None: one value
    assert_close(out, np.float32(np_dice(BIN_T.astype(np.float64), PROBS.astype(np.float64))))


def test_float64_inputs_are_cast_to_the_loss_dtype():
    out = losses.MeanSquaredError()(tf.constant(REG_T, tf.float64), tf.constant(REG_P, tf.float64))
    assert out.dtype == tf.float32
    out = losses.MeanSquaredError(dtype="float64")(REG_T.astype(np.float64),
                                                   REG_P.astype(np.float64))
    assert out.dtype == tf.float64
    assert_close(out, np.mean((REG_T.astype(np.float64) - REG_P) ** 2), rtol=1e-12)
    # functions keep the predictions' dtype and cast the labels to it
    out = losses.binary_crossentropy(tf.constant(BIN_T), tf.constant(PROBS, tf.float64))
    assert out.dtype == tf.float64
    assert_close(out, np_bce(BIN_T.astype(np.float64), PROBS.astype(np.float64)), rtol=1e-6)


def test_integer_labels_and_python_values():
    out = losses.CategoricalCrossentropy()(ONE_HOT.astype(np.int32), PROBS)
    assert_close(out, np.float32(np_cce(ONE_HOT, PROBS.astype(np.float64)).mean()), rtol=2e-5)
    out = losses.MeanSquaredError()([[0.0, 1.0]], [[1.0, 1.0]])
    assert_close(out, np.float32(0.5))
    out = losses.SparseCategoricalCrossentropy()(LABELS.astype(np.float32)[:, None], PROBS)
    assert_close(out, np.float32(np_scce(LABELS, PROBS.astype(np.float64)).mean()), rtol=2e-5)


def test_clipping_of_probabilities():
    out = losses.BinaryCrossentropy(reduction="none")([[1.0, 0.0]], [[0.0, 1.0]])
    # float32: 1 - eps rounds to 1 - 2**-23, so the two terms differ
    want = np_bce(np.float32([[1.0, 0.0]]), np.float32([[0.0, 1.0]]))
    assert_close(out, want.astype(np.float32), rtol=1e-6)
    assert 15.9 < float(out[0]) < 16.1
    out = losses.CategoricalCrossentropy(reduction="none")([[0.0, 1.0]], [[1.0, 0.0]])
    assert_close(out, np.float32([-np.log(np.float32(EPS))]), rtol=1e-4)
    out = losses.sparse_categorical_crossentropy(tf.constant([0]), tf.constant([[0.0, 1.0]]))
    assert np.isfinite(np.asarray(out)).all() and float(out[0]) > 15


def test_logits_are_stable():
    out = losses.BinaryCrossentropy(from_logits=True, reduction="none")(
        [[1.0, 0.0]], [[-200.0, 300.0]])
    assert_close(out, np.float32([250.0]))
    out = losses.CategoricalCrossentropy(from_logits=True, reduction="none")(
        [[0.0, 0.0, 1.0]], [[100.0, 0.0, -100.0]])
    assert_close(out, np.float32([200.0]))


def test_sparse_ignore_class_masks_the_mean():
    labels = np.array([0, 2, 1, 2], np.int32)
    per = np_scce(np.where(labels == 2, 0, labels), PROBS[:4].astype(np.float64))
    per = np.where(labels == 2, 0.0, per)
    out = losses.SparseCategoricalCrossentropy(ignore_class=2)(labels, PROBS[:4])
    assert_close(out, np.float32(per.sum() / 2), rtol=2e-5)
    out = losses.SparseCategoricalCrossentropy(ignore_class=2, reduction="sum")(labels, PROBS[:4])
    assert_close(out, np.float32(per.sum()), rtol=2e-5)
    values = losses.sparse_categorical_crossentropy(labels, PROBS[:4], ignore_class=2)
    assert_close(values, per.astype(np.float32), rtol=2e-5)
    assert np.array_equal(np.asarray(get_keras_mask(values)), labels != 2)


def test_keras_logits_side_table_is_used():
    logits = tf.constant([[100.0, 0.0, -100.0]])
    probs = tf.nn.softmax(logits)
    clipped = losses.categorical_crossentropy([[0.0, 0.0, 1.0]], probs)
    assert_close(clipped, np.float32([-np.log(np.float32(EPS))]), rtol=1e-4)
    set_keras_logits(probs, logits)
    assert_close(losses.categorical_crossentropy([[0.0, 0.0, 1.0]], probs), np.float32([200.0]))
    assert_close(losses.CategoricalCrossentropy()([[0.0, 0.0, 1.0]], probs), np.float32(200.0))
    sig_logits = tf.constant([[-50.0, 30.0]])
    sig = tf.sigmoid(sig_logits)
    set_keras_logits(sig, sig_logits)
    assert_close(losses.binary_crossentropy([[1.0, 0.0]], sig), np.float32([40.0]))
    with pytest.warns(UserWarning, match="from_logits=True"):
        losses.binary_crossentropy([[1.0, 0.0]], sig, from_logits=True)


def test_side_table_entries_die_with_their_tensors():
    from fluxion.keras.losses_base import _LOGITS  # noqa: PLC0415

    before = len(_LOGITS._entries)
    out = tf.nn.softmax(tf.constant([1.0, 2.0]))
    set_keras_logits(out, tf.constant([1.0, 2.0]))
    assert len(_LOGITS._entries) == before + 1
    del out
    assert len(_LOGITS._entries) == before


def test_input_mask_weights_the_reduction():
    yp = tf.constant([[0.5], [1.0], [3.0], [2.0]])
    set_keras_mask(yp, tf.constant([True, True, False, False]))
    yt = tf.zeros([4, 1])
    # mean over the valid entries only: (0.25 + 1) / 2
    assert_close(losses.MeanSquaredError()(yt, yp), np.float32(0.625))
    assert_close(losses.MeanSquaredError(reduction="sum")(yt, yp), np.float32(1.25))


def test_squeeze_or_expand_to_same_rank():
    a, b = squeeze_or_expand_to_same_rank(tf.zeros([3, 1]), tf.zeros([3]))
    assert a.shape == (3, 1) and b.shape == (3, 1)
    a, b = squeeze_or_expand_to_same_rank(tf.zeros([3, 4, 1]), tf.zeros([3, 4]))
    assert a.shape == (3, 4) and b.shape == (3, 4)
    a, b = squeeze_or_expand_to_same_rank(tf.zeros([3]), tf.zeros([3, 1]), expand_rank_1=False)
    assert a.shape == (3,) and b.shape == (3,)


# --- options, configs, lookup --------------------------------------------------------------------
def test_invalid_reduction_and_arguments():
    with pytest.raises(ValueError, match="reduction"):
        losses.MeanSquaredError(reduction="auto")
    with pytest.raises(ValueError, match="axis"):
        losses.categorical_crossentropy([[1.0, 0.0]], [[0.5, 0.5]], axis=True)
    with pytest.raises(ValueError, match="same shape"):
        losses.BinaryCrossentropy()([[1.0, 0.0]], [[0.5, 0.5, 0.1]])
    with pytest.raises(ValueError, match="axis=-1"):
        losses.sparse_categorical_crossentropy(tf.constant([0, 1]), PROBS[:2], axis=0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="outside the valid range"):
        losses.SparseCategoricalCrossentropy(from_logits=True)(tf.constant([0, 9]), LOGITS[:2])
    with pytest.raises(ValueError, match="q must be"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.0)


def test_one_class_warning():
    with pytest.warns(SyntaxWarning, match="binary_crossentropy"):
        losses.categorical_crossentropy([[1.0]], [[0.7]])


CONFIG_CASES = [
    losses.MeanSquaredError(reduction="sum", name="a"),
    losses.Huber(delta=2.0),
    losses.CosineSimilarity(axis=0),
    losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1, axis=0, name="b"),
    losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.4, gamma=3.0),
    losses.CategoricalCrossentropy(label_smoothing=0.2, reduction=None),
    losses.CategoricalFocalCrossentropy(alpha=0.5, gamma=1.0, from_logits=True),
    losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=3),
    losses.Dice(axis=(1, 2)),
    losses.Tversky(alpha=0.2, beta=0.8),
    losses.Circle(gamma=10.0, margin=0.2, remove_diagonal=False),
    losses.CategoricalGeneralizedCrossEntropy(q=0.3),
]


@pytest.mark.parametrize("loss", CONFIG_CASES, ids=[type(x).__name__ for x in CONFIG_CASES])
def test_config_round_trip(loss):
    config = loss.get_config()
    assert config["name"] == loss.name and config["reduction"] == loss.reduction
    again = type(loss).from_config(config)
    assert again.get_config() == config
    restored = losses.deserialize(losses.serialize(loss))
    assert type(restored) is type(loss) and restored.get_config() == config


def test_configs_match_keras_keys():
    assert losses.Huber(delta=3.0).get_config() == {"name": "huber_loss",
                                                    "reduction": "sum_over_batch_size"}
    assert losses.SparseCategoricalCrossentropy().get_config() == {
        "name": "sparse_categorical_crossentropy", "reduction": "sum_over_batch_size",
        "from_logits": False, "ignore_class": None}
    assert losses.serialize(losses.MeanSquaredError()) == {
        "module": "keras.losses", "class_name": "MeanSquaredError",
        "config": {"name": "mean_squared_error", "reduction": "sum_over_batch_size"},
        "registered_name": None}


def test_get_and_aliases():
    assert losses.get("mse") is losses.mean_squared_error
    assert losses.get("MAE") is losses.mean_absolute_error
    assert losses.get("bce") is losses.binary_crossentropy
    assert losses.get("kld") is losses.kl_divergence
    assert isinstance(losses.get("Huber"), losses.Huber)
    assert losses.get(None) is None
    fn = losses.get({"class_name": "BinaryCrossentropy", "config": {"from_logits": True}})
    assert isinstance(fn, losses.BinaryCrossentropy) and fn.from_logits
    obj = losses.Poisson()
    assert losses.get(obj) is obj
    with pytest.raises(ValueError, match="Could not interpret loss identifier"):
        losses.get("huber_loss")
    assert tf.keras.losses.mse is losses.mean_squared_error
    assert tf.keras.losses.logcosh is losses.log_cosh


def test_function_wrapper_config_round_trip():
    wrapped = losses.LossFunctionWrapper(losses.huber, name="h", delta=0.5)
    config = wrapped.get_config()
    assert config["fn"]["config"] == "huber" and config["delta"] == 0.5
    again = losses.LossFunctionWrapper.from_config(config)
    yt, yp = tf.constant(REG_T), tf.constant(REG_P)
    assert_close(again(yt, yp), wrapped(yt, yp))


def test_resolve_loss_from_shapes():
    bce = losses.resolve_loss("crossentropy", (None, 1), (None, 1))
    assert bce.fn is losses.binary_crossentropy and bce.name == "crossentropy"
    assert losses.resolve_loss("ce", (None,), (None, 5)).fn is \
        losses.sparse_categorical_crossentropy
    assert losses.resolve_loss("ce", (None, 1), (None, 5)).fn is \
        losses.sparse_categorical_crossentropy
    assert losses.resolve_loss("ce", (None, 5), (None, 5)).fn is losses.categorical_crossentropy
    mse = losses.resolve_loss("mse", (None, 2), (None, 2))
    assert isinstance(mse, losses.LossFunctionWrapper) and mse.name == "mse"
    huber = losses.Huber()
    assert losses.resolve_loss(huber, (None, 2), (None, 2)) is huber
    assert losses.resolve_loss(losses.poisson, (None, 2), (None, 2)).name == "poisson"


def test_custom_subclass_and_structures():
    class Pairwise(losses.Loss):
        def call(self, y_true, y_pred):
            return tf.abs(y_true["a"] - y_pred["a"]) + tf.abs(y_true["b"] - y_pred["b"])

    loss = Pairwise(reduction="sum")
    out = loss({"a": tf.constant([1.0, 2.0]), "b": tf.constant([0.0, 1.0])},
               {"a": tf.constant([0.0, 2.0]), "b": tf.constant([0.5, 1.0])})
    assert_close(out, np.float32(1.5))
    assert loss.get_config() == {"name": loss.name, "reduction": "sum"}
    assert loss.name.startswith("pairwise")


def test_graph_mode_matches_eager():
    loss = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    sloss = losses.SparseCategoricalCrossentropy(ignore_class=1)
    step = tf.function(lambda t, p, w: (loss(t, p, sample_weight=w), sloss(
        tf.argmax(t, axis=-1), tf.nn.softmax(p))))
    for _ in range(2):
        logits = (R.standard_normal((N, C)) * 2).astype(np.float32)
        graph = step(tf.constant(ONE_HOT), tf.constant(logits), tf.constant(SW))
        eager = (loss(ONE_HOT, logits, sample_weight=SW),
                 sloss(tf.argmax(ONE_HOT, axis=-1), tf.nn.softmax(logits)))
        assert_close(graph[0], np.asarray(eager[0]), rtol=1e-6)
        assert_close(graph[1], np.asarray(eager[1]), rtol=1e-6)
    assert step.experimental_get_tracing_count() == 1


# --- gradients w.r.t. y_pred (float64, finite differences) ---------------------------------------
def _away_from_kinks(x, kinks, gap=0.05):
    x = np.array(x, np.float64)
    for k in kinks:
        close = np.abs(x - k) < gap
        x[close] = k + gap * np.sign(x[close] - k + 1e-12)
    return x


GRAD_CASES = [
    (losses.MeanSquaredError, {}, REG_T, REG_P),
    (losses.MeanAbsoluteError, {}, REG_T, REG_P + 0.03),
    (losses.MeanAbsolutePercentageError, {}, REG_T, REG_P + 0.03),
    (losses.MeanSquaredLogarithmicError, {}, REG_T, REG_P),
    (losses.Huber, {"delta": 0.7}, REG_T, REG_P),
    (losses.LogCosh, {}, REG_T, REG_P),
    (losses.CosineSimilarity, {}, REG_T, REG_P),
    (losses.Hinge, {}, BIN_T, _away_from_kinks(LOGITS, [-1.0, 1.0])),
    (losses.SquaredHinge, {}, BIN_T, _away_from_kinks(LOGITS, [-1.0, 1.0])),
    (losses.CategoricalHinge, {}, ONE_HOT, LOGITS),
    (losses.KLDivergence, {}, PROBS[::-1].copy(), PROBS),
    (losses.Poisson, {}, REG_T, REG_P),
    (losses.BinaryCrossentropy, {}, BIN_T, np.clip(PROBS, 0.02, 0.98)),
    (losses.BinaryCrossentropy, {"from_logits": True, "label_smoothing": 0.1}, BIN_T, LOGITS),
    (losses.CategoricalCrossentropy, {}, ONE_HOT, PROBS),
    (losses.CategoricalCrossentropy, {"from_logits": True, "label_smoothing": 0.2},
     ONE_HOT, LOGITS),
    (losses.SparseCategoricalCrossentropy, {}, LABELS, PROBS),
    (losses.SparseCategoricalCrossentropy, {"from_logits": True}, LABELS, LOGITS),
    (losses.BinaryFocalCrossentropy, {"apply_class_balancing": True}, BIN_T,
     np.clip(PROBS, 0.02, 0.98)),
    (losses.BinaryFocalCrossentropy, {"from_logits": True}, BIN_T, LOGITS),
    (losses.CategoricalFocalCrossentropy, {}, ONE_HOT, PROBS),
    (losses.CategoricalFocalCrossentropy, {"from_logits": True}, ONE_HOT, LOGITS),
    (losses.Dice, {}, BIN_T, PROBS),
    (losses.Tversky, {"alpha": 0.3, "beta": 0.7}, BIN_T, PROBS),
]


@pytest.mark.parametrize("cls,kwargs,yt,yp", GRAD_CASES,
                         ids=[f"{c.__name__}-{i}" for i, (c, *_r) in enumerate(GRAD_CASES)])
def test_gradient_wrt_predictions(cls, kwargs, yt, yp):
    loss = cls(dtype="float64", **kwargs)
    labels = tf.constant(yt) if yt.dtype.kind == "i" else tf.constant(yt.astype(np.float64))
    weights = tf.constant(SW.astype(np.float64))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_gradient(lambda p: loss(labels, p, sample_weight=weights), [yp], rtol=1e-5,
                       atol=1e-7)


def test_graph_with_unknown_batch_size_divides_by_the_run_s_count():
    mse = losses.MeanSquaredError()
    scce = losses.SparseCategoricalCrossentropy(ignore_class=0)

    # the second shape traces with the batch dim unknown; later shapes reuse that graph
    @tf.function(reduce_retracing=True)
    def step(x, labels):
        return mse(x, tf.zeros_like(x)), scce(labels, tf.nn.softmax(x))

    for n in (2, 5, 3, 7):
        x = np.full((n, 3), float(n), np.float32)
        labels = np.arange(n, dtype=np.int32) % 3
        got_mse, got_scce = step(tf.constant(x), tf.constant(labels))
        assert_close(got_mse, np.float32(n * n))
        assert_close(got_scce, np.float32(np.log(3.0)), rtol=1e-6)  # uniform over valid ones
    assert step.experimental_get_tracing_count() == 2


def test_serialized_module_of_user_subclasses():
    class Scaled(losses.MeanSquaredError):
        pass

    assert losses.serialize(losses.Huber())["module"] == "keras.losses"
    assert losses.serialize(Scaled())["module"] == __name__
