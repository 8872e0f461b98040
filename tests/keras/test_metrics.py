"""tf.keras.metrics: accumulation over several batches (with sample weights) against NumPy
implementations of Keras' algorithms, reset, graph mode equal to eager, configs, lookup and
the compile-time resolution of "accuracy"."""
from __future__ import annotations

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras import metrics
from fluxion.keras.variables import KerasVariable
from tests.opcheck import assert_close

EPS = 1e-7
R = np.random.default_rng(3)
N, C = 16, 4


def _batch(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    probs = rng.dirichlet(np.ones(C), N).astype(np.float32)
    labels = rng.integers(0, C, N).astype(np.int32)
    return {"probs": probs, "labels": labels, "one_hot": np.eye(C, dtype=np.float32)[labels],
            "binary": (rng.random((N, C)) > 0.5).astype(np.float32),
            "scores": rng.random((N, C)).astype(np.float32),
            "logits": (rng.standard_normal((N, C)) * 2).astype(np.float32),
            "reg_t": rng.uniform(0.1, 3, (N, C)).astype(np.float32),
            "reg_p": rng.uniform(0.1, 3, (N, C)).astype(np.float32),
            "sw": rng.uniform(0, 2, N).astype(np.float32)}


BATCHES = [_batch(s) for s in (1, 2, 3)]


def _dnn(a, b):
    a, b = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64))
    out = np.zeros_like(a)
    np.divide(a, b, out=out, where=b != 0)
    return out


# --- reduction metrics ---------------------------------------------------------------------------
def test_mean_and_sum_accumulate_weighted_batches():
    mean, total = metrics.Mean(), metrics.Sum()
    values, weights = [], []
    for b in BATCHES:
        v = b["reg_t"][:, 0]
        mean.update_state(v, sample_weight=b["sw"])
        total.update_state(v, sample_weight=b["sw"])
        values.append(v)
        weights.append(b["sw"])
    v, w = np.concatenate(values).astype(np.float64), np.concatenate(weights)
    assert_close(mean.result(), np.float32((v * w).sum() / w.sum()), rtol=1e-5)
    assert_close(total.result(), np.float32((v * w).sum()), rtol=1e-5)
    assert_close(mean.count, np.float32(w.sum()), rtol=1e-5)
    mean.reset_state()
    total.reset_state()
    assert float(mean.result()) == 0.0 and float(total.result()) == 0.0


def test_mean_reduces_values_to_the_weights_rank():
    m = metrics.Mean()
    x = np.arange(12, dtype=np.float32).reshape(2, 3, 2)
    m.update_state(x, sample_weight=[[1.0], [2.0]])  # (2, 1) -> per (sample, row) weights
    means = x.mean(-1)  # reduced to (2, 3)
    w = np.broadcast_to(np.array([[1.0], [2.0]]), (2, 3))
    assert_close(m.total, np.float32((means * w).mean(1).sum()))  # then the rows' mean
    assert_close(m.count, np.float32(w.mean(1).sum()))
    m = metrics.Mean()
    m.update_state([1.0, 2.0, 4.0], sample_weight=2.0)  # scalar weight: mean, weighted once
    assert_close(m.result(), np.float32(7 / 3))
    assert_close(m.count, np.float32(2.0))


def test_metric_variables_are_non_trainable_keras_variables():
    m = metrics.Mean(name="my_mean")
    assert [v.name for v in m.variables] == ["total", "count"]
    assert [v.path for v in m.variables] == ["my_mean/total", "my_mean/count"]
    assert all(isinstance(v, KerasVariable) and not v.trainable for v in m.variables)
    assert metrics.Mean(dtype="float64").result().dtype == tf.float64


def test_call_is_update_then_result():
    m = metrics.Mean()
    assert_close(m(2.0), np.float32(2.0))
    assert_close(m([4.0, 6.0]), np.float32(4.0))


def test_custom_metric_and_nested_tracking():
    class Twice(metrics.Metric):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = metrics.Mean(name="inner")
            self.hits = self.add_variable(shape=(), initializer="zeros", name="hits")

        def update_state(self, x):
            self.inner.update_state(x)
            self.hits.assign_add(1.0)

        def result(self):
            return self.inner.result() * 2.0

    m = Twice()
    m.update_state([1.0, 3.0])
    assert_close(m.result(), np.float32(4.0))
    assert [v.name for v in m.variables] == ["hits", "total", "count"]
    m.reset_state()
    assert float(m.result()) == 0.0 and float(m.hits.numpy()) == 0.0
    with pytest.raises(RuntimeError, match="super"):
        class Broken(metrics.Metric):
            def __init__(self):
                self.add_variable((), "zeros", name="x")

        Broken()


def test_stateless_update_and_result():
    m = metrics.Mean()
    state = m.stateless_reset_state()
    state = m.stateless_update_state(state, [1.0, 3.0])
    state = m.stateless_update_state(state, [5.0])
    assert_close(m.stateless_result(state), np.float32(3.0))
    assert float(m.result()) == 0.0  # the metric's own variables are untouched


# --- accuracy ------------------------------------------------------------------------------------
def _run(metric, pairs, weighted=False):
    for b, (t, p) in zip(BATCHES, pairs):
        metric.update_state(t, p, sample_weight=b["sw"] if weighted else None)
    return metric.result()


@pytest.mark.parametrize("weighted", [False, True])
def test_accuracies(weighted):
    sw = np.concatenate([b["sw"] for b in BATCHES]) if weighted else np.ones(3 * N)

    def mean(hits):
        hits = np.concatenate(hits).astype(np.float64)
        hits = hits if hits.ndim == 1 else hits.mean(-1)
        return np.float32((hits * sw).sum() / sw.sum())

    pairs = [(b["labels"], b["probs"]) for b in BATCHES]
    got = _run(metrics.SparseCategoricalAccuracy(), pairs, weighted)
    assert_close(got, mean([t == p.argmax(-1) for t, p in pairs]), rtol=1e-5)
    pairs = [(b["one_hot"], b["probs"]) for b in BATCHES]
    got = _run(metrics.CategoricalAccuracy(), pairs, weighted)
    assert_close(got, mean([t.argmax(-1) == p.argmax(-1) for t, p in pairs]), rtol=1e-5)
    pairs = [(b["binary"], b["scores"]) for b in BATCHES]
    got = _run(metrics.BinaryAccuracy(threshold=0.3), pairs, weighted)
    assert_close(got, mean([t == (p > 0.3) for t, p in pairs]), rtol=1e-5)
    pairs = [(b["labels"], b["probs"].argmax(-1) * (b["sw"] > 1)) for b in BATCHES]
    got = _run(metrics.Accuracy(), pairs, weighted)
    assert_close(got, mean([t == p for t, p in pairs]), rtol=1e-5)


def _in_top_k(labels, scores, k):
    target = np.take_along_axis(scores, labels[:, None], -1)
    return (scores > target).sum(-1) < k


def test_top_k_accuracies():
    for k in (1, 2, 3):
        pairs = [(b["labels"], b["probs"]) for b in BATCHES]
        want = np.mean(np.concatenate([_in_top_k(t, p, k) for t, p in pairs]))
        assert_close(_run(metrics.SparseTopKCategoricalAccuracy(k=k), pairs), np.float32(want))
        pairs = [(b["one_hot"], b["probs"]) for b in BATCHES]
        assert_close(_run(metrics.TopKCategoricalAccuracy(k=k), pairs), np.float32(want))
    ids = np.array([[2, 0, 1], [1, 2, 0]], np.float32)
    got = metrics.sparse_top_k_categorical_accuracy([0, 0], ids, k=2, from_sorted_ids=True)
    assert_close(got, np.float32([1.0, 0.0]))


def test_accuracy_shapes():
    out = metrics.sparse_categorical_accuracy(tf.constant([[1], [0]]),
                                              tf.constant([[0.2, 0.8], [0.9, 0.1]]))
    assert out.shape == (2,)
    out = metrics.categorical_accuracy(tf.one_hot([[0, 2], [1, 1]], 3),
                                       tf.random.uniform([2, 2, 3], seed=1))
    assert out.shape == (2, 2)
    out = metrics.binary_accuracy(tf.constant([1.0, 0.0]), tf.constant([[0.7], [0.6]]))
    assert out.shape == (2, 1) and np.asarray(out).tolist() == [[1.0], [0.0]]


# --- confusion metrics ---------------------------------------------------------------------------
def np_counts(y_true, y_pred, thresholds, sw=None, multi_label=False):
    """tp, fp, tn, fn at each threshold (prediction > threshold is positive)."""
    t = np.asarray(y_true) != 0
    p = np.asarray(y_pred, np.float64)
    w = np.ones(p.shape) if sw is None else np.broadcast_to(
        np.asarray(sw, np.float64).reshape(-1, *([1] * (p.ndim - 1))), p.shape)
    if not multi_label:
        t, p, w = t.reshape(-1), p.reshape(-1), w.reshape(-1)
    above = p[None] > np.asarray(thresholds, np.float64).reshape(-1, *([1] * p.ndim))
    tp = (above & t).astype(float) * w
    fp = (above & ~t).astype(float) * w
    tn = (~above & ~t).astype(float) * w
    fn = (~above & t).astype(float) * w
    return [x.sum(axis=1) for x in (tp, fp, tn, fn)]


def np_accumulated(pairs, thresholds, weighted=False, multi_label=False):
    counts = None
    for b, (t, p) in zip(BATCHES, pairs):
        c = np_counts(t, p, thresholds, b["sw"] if weighted else None, multi_label)
        counts = c if counts is None else [a + x for a, x in zip(counts, c)]
    return counts


def np_auc(tp, fp, tn, fn, curve="ROC", summation="interpolation", label_weights=None):
    if curve == "PR" and summation == "interpolation":
        p = tp + fp
        dtp, dp = tp[:-1] - tp[1:], p[:-1] - p[1:]
        slope = _dnn(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        ratio = np.where((p[:-1] > 0) & (p[1:] > 0), _dnn(p[:-1], np.maximum(p[1:], 0)), 1.0)
        terms = _dnn(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0))
    else:
        recall = _dnn(tp, tp + fn)
        if curve == "ROC":
            x, y = _dnn(fp, fp + tn), recall
        else:
            x, y = recall, _dnn(tp, tp + fp)
        heights = {"interpolation": (y[:-1] + y[1:]) / 2, "minoring": np.minimum(y[:-1], y[1:]),
                   "majoring": np.maximum(y[:-1], y[1:])}[summation]
        terms = (x[:-1] - x[1:]) * heights
    if terms.ndim == 1:
        return terms.sum()
    by_label = terms.sum(0)
    if label_weights is None:
        return by_label.mean()
    return (by_label * label_weights).sum() / np.sum(label_weights)


def _auc_thresholds(n):
    return np.array([-EPS] + [(i + 1) / (n - 1) for i in range(n - 2)] + [1 + EPS])


AUC_CASES = [
    ({}, "ROC", "interpolation"),
    ({"curve": "PR"}, "PR", "interpolation"),
    ({"curve": "PR", "summation_method": "majoring", "num_thresholds": 30}, "PR", "majoring"),
    ({"summation_method": "minoring", "num_thresholds": 9}, "ROC", "minoring"),
    ({"num_thresholds": 1000}, "ROC", "interpolation"),
]


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("kwargs,curve,summation", AUC_CASES)
def test_auc_matches_the_keras_algorithm(kwargs, curve, summation, weighted):
    m = metrics.AUC(**kwargs)
    pairs = [(b["binary"], b["scores"]) for b in BATCHES]
    got = _run(m, pairs, weighted)
    counts = np_accumulated(pairs, _auc_thresholds(m.num_thresholds), weighted)
    for var, want in zip((m.true_positives, m.false_positives, m.true_negatives,
                          m.false_negatives), counts):
        assert_close(var, want.astype(np.float32), rtol=1e-5, atol=1e-4)
    assert_close(got, np.float32(np_auc(*counts, curve, summation)), rtol=1e-5, atol=1e-6)


def test_auc_approaches_the_exact_roc_area():
    t = np.concatenate([b["binary"].reshape(-1) for b in BATCHES])
    p = np.concatenate([b["scores"].reshape(-1) for b in BATCHES])
    pos, neg = p[t == 1], p[t == 0]
    exact = ((pos[:, None] > neg[None]).mean() + 0.5 * (pos[:, None] == neg[None]).mean())
    m = metrics.AUC(num_thresholds=2000)
    m.update_state(t, p)
    assert abs(float(m.result()) - exact) < 2e-3


@pytest.mark.parametrize("label_weights", [None, [0.1, 0.2, 0.3, 0.4]])
@pytest.mark.parametrize("curve", ["ROC", "PR"])
def test_auc_multi_label(curve, label_weights):
    m = metrics.AUC(multi_label=True, curve=curve, num_thresholds=50,
                    label_weights=label_weights)
    assert m.variables == []  # built on the first update from y_pred's shape
    pairs = [(b["binary"], b["scores"]) for b in BATCHES]
    got = _run(m, pairs, weighted=True)
    assert tuple(m.true_positives.shape) == (50, C)
    counts = np_accumulated(pairs, _auc_thresholds(50), weighted=True, multi_label=True)
    lw = None if label_weights is None else np.asarray(label_weights)
    assert_close(got, np.float32(np_auc(*counts, curve, label_weights=lw)), rtol=1e-5)


def test_auc_label_weights_thresholds_and_logits():
    lw = np.array([0.5, 1.0, 0.0, 2.0], np.float32)
    m = metrics.AUC(num_thresholds=20, label_weights=lw)
    pairs = [(b["binary"], b["scores"]) for b in BATCHES]
    got = _run(m, pairs)
    # label weights weigh the entries of each column
    counts = [sum(np_counts(t[:, j], p[:, j], _auc_thresholds(20))[i] * lw[j]
                  for t, p in pairs for j in range(C)) for i in range(4)]
    assert_close(got, np.float32(np_auc(*counts)), rtol=1e-5)
    thresholds = [0.8, 0.1, 0.35]  # sorted by AUC, the comparison algorithm
    m = metrics.AUC(thresholds=thresholds, curve="PR")
    got = _run(m, pairs)
    counts = np_accumulated(pairs, [-EPS, 0.1, 0.35, 0.8, 1 + EPS])
    assert_close(got, np.float32(np_auc(*counts, "PR")), rtol=1e-5)
    assert m.get_config()["thresholds"] == [0.1, 0.35, 0.8]
    m = metrics.AUC(from_logits=True)
    pairs = [(b["binary"], b["logits"]) for b in BATCHES]
    got = _run(m, pairs)
    counts = np_accumulated([(t, 1 / (1 + np.exp(-p))) for t, p in pairs], _auc_thresholds(200))
    assert_close(got, np.float32(np_auc(*counts)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("thresholds", [None, 0.3, [0.0, 0.25, 0.5, 0.75, 1.0], [0.2, 0.9]])
def test_precision_recall_and_counts(thresholds):
    pairs = [(b["binary"], b["scores"]) for b in BATCHES]
    th = [0.5] if thresholds is None else np.atleast_1d(thresholds)
    tp, fp, tn, fn = np_accumulated(pairs, th, weighted=True)
    squeeze = (lambda x: x[0]) if len(th) == 1 else (lambda x: x)
    expected = {metrics.Precision: _dnn(tp, tp + fp), metrics.Recall: _dnn(tp, tp + fn),
                metrics.TruePositives: tp, metrics.FalsePositives: fp,
                metrics.TrueNegatives: tn, metrics.FalseNegatives: fn}
    for cls, want in expected.items():
        got = _run(cls(thresholds=thresholds), pairs, weighted=True)
        assert_close(got, np.asarray(squeeze(want), np.float32), rtol=1e-5, atol=1e-5)


def _top_k_mask(scores, k):
    order = np.argsort(-scores, axis=-1, kind="stable")[:, :k]
    mask = np.zeros(scores.shape, bool)
    np.put_along_axis(mask, order, True, -1)
    return mask


def test_precision_recall_top_k_and_class_id():
    pairs = [(b["binary"], b["scores"]) for b in BATCHES]
    for k in (1, 2):
        filtered = [(t, np.where(_top_k_mask(p, k), p, -1e10)) for t, p in pairs]
        tp, fp, _, fn = np_accumulated(filtered, [-1e10])
        assert_close(_run(metrics.Precision(top_k=k), pairs), np.float32(tp / (tp + fp))[0])
        assert_close(_run(metrics.Recall(top_k=k), pairs), np.float32(tp / (tp + fn))[0])
    for class_id in (0, 3):
        sliced = [(t[:, class_id], p[:, class_id]) for t, p in pairs]
        tp, fp, _, fn = np_accumulated(sliced, [0.5], weighted=True)
        got = _run(metrics.Precision(class_id=class_id), pairs, weighted=True)
        assert_close(got, np.float32(tp / (tp + fp))[0], rtol=1e-5)
        got = _run(metrics.Recall(class_id=class_id, top_k=2), pairs)
        masked = [(t[:, class_id], np.where(_top_k_mask(p, 2), p, -1e10)[:, class_id])
                  for t, p in pairs]
        tp, _, _, fn = np_accumulated(masked, [-1e10])
        assert_close(got, np.float32(tp / (tp + fn))[0], rtol=1e-5)


def test_at_constraint_metrics():
    pairs = [(b["binary"], b["scores"]) for b in BATCHES]
    th = np.array([0.0] + [(i + 1) / 99 for i in range(98)] + [1.0])
    tp, fp, tn, fn = np_accumulated(pairs, th)
    recall, spec, prec = _dnn(tp, tp + fn), _dnn(tn, tn + fp), _dnn(tp, tp + fp)

    def best(constrained, dependent, value):
        return max(np.where(constrained >= value, dependent, 0).max(), 0)

    cases = [(metrics.SensitivityAtSpecificity(0.6, num_thresholds=100), best(spec, recall, .6)),
             (metrics.SpecificityAtSensitivity(0.6, num_thresholds=100), best(recall, spec, .6)),
             (metrics.PrecisionAtRecall(0.4, num_thresholds=100), best(recall, prec, .4)),
             (metrics.RecallAtPrecision(0.5, num_thresholds=100), best(prec, recall, .5))]
    for m, want in cases:
        assert_close(_run(m, pairs), np.float32(want), rtol=1e-5)


def test_threshold_validation():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        metrics.Precision(thresholds=[0.5, 1.2])
    with pytest.raises(ValueError, match="num_thresholds"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="curve"):
        metrics.AUC(curve="XY")
    with pytest.raises(ValueError, match="summation"):
        metrics.AUC(summation_method="trapezoid")
    with pytest.raises(ValueError, match="class_id"):
        metrics.Precision(class_id=0).update_state([0.0, 1.0], [0.2, 0.9])


# --- regression, probabilistic, IoU, F-scores ----------------------------------------------------
def test_regression_and_probabilistic_means():
    def np_mean(fn, key_t, key_p, weighted=True):
        vals = np.concatenate([fn(b[key_t].astype(np.float64), b[key_p].astype(np.float64))
                               for b in BATCHES])
        w = np.concatenate([b["sw"] for b in BATCHES]) if weighted else np.ones(len(vals))
        return np.float32((vals * w).sum() / w.sum())

    cases = [
        (metrics.MeanSquaredError(), lambda t, p: ((t - p) ** 2).mean(-1), "reg_t", "reg_p"),
        (metrics.MeanAbsoluteError(), lambda t, p: np.abs(t - p).mean(-1), "reg_t", "reg_p"),
        (metrics.MeanAbsolutePercentageError(),
         lambda t, p: 100 * np.abs((t - p) / t).mean(-1), "reg_t", "reg_p"),
        (metrics.LogCoshError(), lambda t, p: np.log(np.cosh(p - t)).mean(-1), "reg_t", "reg_p"),
        (metrics.CosineSimilarity(), lambda t, p: (t * p).sum(-1) / np.linalg.norm(t, axis=-1)
         / np.linalg.norm(p, axis=-1), "reg_t", "reg_p"),
        (metrics.Poisson(), lambda t, p: (p - t * np.log(p + EPS)).mean(-1), "reg_t", "reg_p"),
        (metrics.BinaryCrossentropy(), lambda t, p: -(t * np.log(p) + (1 - t) * np.log(1 - p))
         .mean(-1), "binary", "probs"),
        (metrics.CategoricalCrossentropy(from_logits=True),
         lambda t, p: -(t * (p - np.log(np.exp(p).sum(-1, keepdims=True)))).sum(-1),
         "one_hot", "logits"),
        (metrics.Hinge(), lambda t, p: np.maximum(1 - (2 * t - 1) * p, 0).mean(-1), "binary",
         "logits"),
    ]
    for m, fn, kt, kp in cases:
        for b in BATCHES:
            m.update_state(b[kt], b[kp], sample_weight=b["sw"])
        assert_close(m.result(), np_mean(fn, kt, kp), rtol=2e-5)
    m = metrics.RootMeanSquaredError()
    for b in BATCHES:
        m.update_state(b["reg_t"], b["reg_p"], sample_weight=b["sw"])
    sq = np.concatenate([((b["reg_t"] - b["reg_p"].astype(np.float64)) ** 2).mean(-1)
                         for b in BATCHES])
    w = np.concatenate([b["sw"] for b in BATCHES])
    assert_close(m.result(), np.float32(np.sqrt((sq * w).sum() / w.sum())), rtol=1e-5)


def test_sparse_crossentropy_metric_with_ignore_class():
    m = metrics.SparseCategoricalCrossentropy(ignore_class=0)
    b = BATCHES[0]
    m.update_state(b["labels"], b["probs"])
    per = -np.log(np.clip(b["probs"][np.arange(N), b["labels"]], EPS, 1 - EPS))
    per = np.where(b["labels"] == 0, 0.0, per)
    assert_close(m.result(), np.float32(per.mean()), rtol=1e-5)  # unweighted: mask unused
    m.reset_state()
    m.update_state(b["labels"], b["probs"], sample_weight=b["sw"])
    w = b["sw"] * (b["labels"] != 0)
    assert_close(m.result(), np.float32((per * w).sum() / w.sum()), rtol=1e-5)


def test_r2_score():
    m = metrics.R2Score()
    ts, ps = [], []
    for b in BATCHES:
        m.update_state(b["reg_t"], b["reg_p"])
        ts.append(b["reg_t"])
        ps.append(b["reg_p"])
    t, p = np.concatenate(ts).astype(np.float64), np.concatenate(ps)
    r2 = 1 - ((t - p) ** 2).sum(0) / ((t - t.mean(0)) ** 2).sum(0)
    assert_close(m.result(), np.float32(r2.mean()), rtol=1e-4)


def test_mean_iou_and_variants():
    cm = np.zeros((C, C))
    m = metrics.MeanIoU(num_classes=C)
    for b in BATCHES:
        pred = b["probs"].argmax(-1)
        m.update_state(b["labels"], pred)
        np.add.at(cm, (b["labels"], pred), 1)
    assert m.dtype == "int64" and m.total_cm.dtype == tf.int64
    assert np.array_equal(m.total_cm.numpy(), cm)
    tp = np.diag(cm)
    denom = cm.sum(0) + cm.sum(1) - tp
    iou = np.where(denom > 0, tp / (denom + EPS), 0)
    assert_close(m.result(), np.float32(iou.sum() / ((denom > 0).sum() + EPS)), rtol=1e-5)
    one_hot = metrics.OneHotMeanIoU(num_classes=C)
    for b in BATCHES:
        one_hot.update_state(b["one_hot"], b["probs"])
    assert_close(one_hot.result(), np.asarray(m.result()))
    part = metrics.IoU(num_classes=C, target_class_ids=[1, 3])
    for b in BATCHES:
        part.update_state(b["labels"], b["probs"].argmax(-1))
    keep = np.array([1, 3])
    want = np.where(denom[keep] > 0, tp[keep] / (denom[keep] + EPS), 0).sum() / \
        ((denom[keep] > 0).sum() + EPS)
    assert_close(part.result(), np.float32(want), rtol=1e-5)


def test_iou_ignores_out_of_range_and_ignored_labels():
    m = metrics.MeanIoU(num_classes=2, ignore_class=1)
    m.update_state([0, 1, 5, -1, 0], [0, 0, 1, 1, 1])
    assert m.total_cm.numpy().tolist() == [[1, 1], [0, 0]]


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_fbeta_score(average):
    beta, threshold = 2.0, 0.45
    m = metrics.FBetaScore(average=average, beta=beta, threshold=threshold)
    axis = None if average == "micro" else 0
    sums = np.zeros((4,) if axis is None else (4, C))
    for b in BATCHES:
        m.update_state(b["binary"], b["scores"], sample_weight=b["sw"])
        p = (b["scores"] > threshold).astype(np.float64)
        t, w = b["binary"], b["sw"][:, None]
        sums += np.stack([(p * t * w).sum(axis), (p * (1 - t) * w).sum(axis),
                          ((1 - p) * t * w).sum(axis), (t * w).sum(axis)])
    tp, fp, fn, support = sums
    prec, rec = tp / (tp + fp + EPS), tp / (tp + fn + EPS)
    f = prec * rec / (beta ** 2 * prec + rec + EPS) * (1 + beta ** 2)
    if average == "weighted":
        f = (f * support / (support.sum() + EPS)).sum()
    elif average is not None:
        f = f.mean()
    assert_close(m.result(), np.asarray(f, np.float32), rtol=1e-5)


# --- graph mode ----------------------------------------------------------------------------------
GRAPH_CASES = [
    (lambda: metrics.AUC(), "binary", "scores"),
    (lambda: metrics.AUC(curve="PR", multi_label=True, num_thresholds=40), "binary", "scores"),
    (lambda: metrics.AUC(thresholds=[0.2, 0.7]), "binary", "scores"),
    (lambda: metrics.Precision(thresholds=[0.3, 0.6]), "binary", "scores"),
    (lambda: metrics.Recall(top_k=2, class_id=1), "binary", "scores"),
    (lambda: metrics.SparseCategoricalAccuracy(), "labels", "probs"),
    (lambda: metrics.CategoricalCrossentropy(), "one_hot", "probs"),
    (lambda: metrics.MeanIoU(num_classes=C, sparse_y_pred=False), "labels", "probs"),
    (lambda: metrics.F1Score(average="macro"), "binary", "scores"),
    (lambda: metrics.RootMeanSquaredError(), "reg_t", "reg_p"),
    (lambda: metrics.SpecificityAtSensitivity(0.5, num_thresholds=30), "binary", "scores"),
]


@pytest.mark.parametrize("make,kt,kp", GRAPH_CASES, ids=[f"g{i}" for i in range(len(GRAPH_CASES))])
def test_graph_mode_equals_eager(make, kt, kp):
    eager, graph = make(), make()

    @tf.function
    def step(t, p, w):
        graph.update_state(t, p, sample_weight=w)
        return graph.result()

    for b in BATCHES:
        w = np.round(b["sw"]).astype(np.int64) if isinstance(eager, metrics.MeanIoU) else b["sw"]
        eager.update_state(b[kt], b[kp], sample_weight=w)
        got = step(tf.constant(b[kt]), tf.constant(b[kp]), tf.constant(w))
        assert_close(got, np.asarray(eager.result()), rtol=1e-6, atol=1e-7)
    assert step.experimental_get_tracing_count() == 1
    for a, b in zip(eager.variables, graph.variables):
        assert_close(b, a.numpy(), rtol=1e-6, atol=1e-6)
    graph.reset_state()
    assert all(not np.asarray(v.numpy()).any() for v in graph.variables)


# --- configs and lookup --------------------------------------------------------------------------
CONFIG_CASES = [
    metrics.Mean(name="m", dtype="float64"), metrics.Sum(), metrics.Accuracy(),
    metrics.BinaryAccuracy(threshold=0.3), metrics.CategoricalAccuracy(),
    metrics.SparseCategoricalAccuracy(), metrics.TopKCategoricalAccuracy(k=3),
    metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
    metrics.AUC(num_thresholds=50, curve="PR", summation_method="majoring", multi_label=True,
                num_labels=3, from_logits=True),
    metrics.AUC(thresholds=[0.2, 0.6]), metrics.Precision(thresholds=[0.2, 0.4], top_k=2),
    metrics.Recall(class_id=1), metrics.TruePositives(thresholds=0.3),
    metrics.FalseNegatives(), metrics.SensitivityAtSpecificity(0.4, num_thresholds=20),
    metrics.PrecisionAtRecall(0.7, class_id=2), metrics.MeanSquaredError(),
    metrics.RootMeanSquaredError(), metrics.CosineSimilarity(axis=0), metrics.LogCoshError(),
    metrics.R2Score(class_aggregation=None, num_regressors=2), metrics.Hinge(),
    metrics.KLDivergence(), metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
    metrics.CategoricalCrossentropy(axis=0), metrics.SparseCategoricalCrossentropy(
        ignore_class=0), metrics.MeanIoU(3, ignore_class=2), metrics.IoU(3, [0, 2]),
    metrics.BinaryIoU([1], threshold=0.3), metrics.OneHotIoU(3, [1]),
    metrics.OneHotMeanIoU(4), metrics.F1Score(average="micro", threshold=0.4),
    metrics.FBetaScore(beta=0.5), metrics.PearsonCorrelation(axis=0),
    metrics.ConcordanceCorrelation(),
]


@pytest.mark.parametrize("metric", CONFIG_CASES, ids=[type(m).__name__ for m in CONFIG_CASES])
def test_config_round_trip(metric):
    config = metric.get_config()
    assert config["name"] == metric.name and config["dtype"] == metric.dtype
    again = type(metric).from_config(config)
    assert again.get_config() == config
    restored = metrics.deserialize(metrics.serialize(metric))
    assert type(restored) is type(metric) and restored.get_config() == config


def test_mean_metric_wrapper_serializes_its_function():
    m = metrics.MeanMetricWrapper(metrics.binary_accuracy, name="ba", threshold=0.2)
    config = m.get_config()
    assert config["fn"]["config"] == "binary_accuracy" and config["threshold"] == 0.2
    again = metrics.MeanMetricWrapper.from_config(config)
    b = BATCHES[0]
    m.update_state(b["binary"], b["scores"])
    again.update_state(b["binary"], b["scores"])
    assert_close(again.result(), np.asarray(m.result()))


def test_get_lookup():
    assert isinstance(metrics.get("mse"), metrics.MeanSquaredError)
    assert isinstance(metrics.get("auc"), metrics.AUC)
    assert isinstance(metrics.get("BinaryAccuracy"), metrics.BinaryAccuracy)
    assert isinstance(metrics.get("sparse_categorical_accuracy"),
                      metrics.SparseCategoricalAccuracy)
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    assert metrics.get(None) is None
    m = metrics.get({"class_name": "Recall", "config": {"thresholds": 0.2}})
    assert isinstance(m, metrics.Recall) and m.thresholds == [0.2]
    with pytest.raises(ValueError, match="Could not interpret metric identifier"):
        metrics.get("acc")


@pytest.mark.parametrize("y_true,y_pred,cls", [
    ((None, 1), (None, 1), metrics.BinaryAccuracy),
    ((None,), (None, 1), metrics.BinaryAccuracy),
    ((None,), (None, 10), metrics.SparseCategoricalAccuracy),
    ((None, 1), (None, 10), metrics.SparseCategoricalAccuracy),
    ((None, 5, 1), (None, 5, 10), metrics.SparseCategoricalAccuracy),
    ((None, 10), (None, 10), metrics.CategoricalAccuracy),
    ((None, 3), (None, 3), metrics.CategoricalAccuracy),
])
def test_resolve_accuracy_uses_keras3_shape_rule(y_true, y_pred, cls):
    # the loss plays no part in Keras 3's rule
    for loss in (None, "binary_crossentropy", "categorical_crossentropy"):
        m = metrics.resolve_accuracy(loss, y_true, y_pred)
        assert type(m) is cls and m.name == "accuracy"
    m = metrics.get_metric("acc", y_true, y_pred)
    assert type(m) is cls and m.name == "acc"


def test_get_metric_names_and_wrapping():
    m = metrics.get_metric("mse", (None, 2), (None, 2))
    assert isinstance(m, metrics.MeanSquaredError) and m.name == "mse"
    m = metrics.get_metric(metrics.binary_accuracy, (None, 1), (None, 1))
    assert isinstance(m, metrics.MeanMetricWrapper) and m.name == "binary_accuracy"
    auc = metrics.AUC(name="my_auc")
    assert metrics.get_metric(auc, (None, 1), (None, 1)) is auc and auc.name == "my_auc"


def test_graph_with_unknown_batch_size_counts_each_run():
    m = metrics.Mean()
    acc = metrics.SparseCategoricalAccuracy()

    @tf.function(reduce_retracing=True)  # traces twice, then reuses a batch-agnostic graph
    def step(values, probs):
        m.update_state(values)
        acc.update_state(tf.zeros_like(values), probs)
        return m.result(), acc.result()

    step(tf.constant([1.0, 2.0]), tf.constant([[0.9, 0.1], [0.2, 0.8]]))
    step(tf.constant([3.0]), tf.constant([[0.9, 0.1]]))
    got_mean, got_acc = step(tf.constant([4.0, 5.0, 6.0]),
                             tf.constant([[0.9, 0.1], [0.6, 0.4], [0.3, 0.7]]))
    assert step.experimental_get_tracing_count() == 2
    assert_close(got_mean, np.float32(3.5))
    assert_close(m.count, np.float32(6.0))
    assert_close(got_acc, np.float32(4 / 6))


def _relaxed_step(metric, values_only: bool):
    def step(t, p, w):
        if values_only:
            metric.update_state(p, sample_weight=w)
        else:
            metric.update_state(t, p, sample_weight=w)
        return metric.result()

    return tf.function(step, reduce_retracing=True)


def test_weighted_updates_in_a_batch_agnostic_graph_equal_eager():
    makers = [lambda: metrics.Mean(), lambda: metrics.AUC(num_thresholds=20),
              lambda: metrics.Precision(top_k=2), lambda: metrics.CategoricalAccuracy(),
              lambda: metrics.TopKCategoricalAccuracy(k=2), lambda: metrics.R2Score(),
              lambda: metrics.MeanIoU(num_classes=C, sparse_y_true=False, sparse_y_pred=False)]
    for make in makers:
        eager, graph = make(), make()
        is_mean = isinstance(eager, metrics.Mean) and not isinstance(
            eager, metrics.MeanMetricWrapper)

        step = _relaxed_step(graph, is_mean)

        for n in (4, 7, 5, 9):
            b = _batch(n)
            t, p, w = b["one_hot"][:n], b["probs"][:n], np.round(b["sw"][:n] * 2)
            w = w.astype(np.int64 if isinstance(eager, metrics.MeanIoU) else np.float32)
            got = step(tf.constant(t), tf.constant(p), tf.constant(w))
            if is_mean:
                eager.update_state(p, sample_weight=w)
            else:
                eager.update_state(t, p, sample_weight=w)
            assert_close(got, np.asarray(eager.result()), rtol=1e-5, atol=1e-6)
        assert step.experimental_get_tracing_count() == 2, type(eager).__name__
