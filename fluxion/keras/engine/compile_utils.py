"""What `compile(loss=..., metrics=...)` was given, matched to the model's outputs."""
from __future__ import annotations

import fluxion as tf
from fluxion.core import nest
from fluxion.keras.losses_base import _MEAN_REDUCTIONS, replicas_in_sync


def _per_output(value, names: list, what: str) -> list:
    """`value` (one item for every output, a list in output order, or a dict by output name)
    as one entry per output."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise ValueError(f"In the dict argument `{what}`, key(s) {unknown} do not "
                             f"correspond to any model output. Received: {what}={value}; the "
                             f"outputs are {names}")
        return [value.get(n) for n in names]
    if len(names) > 1 and isinstance(value, (list, tuple)):
        if len(value) != len(names):
            raise ValueError(f"`{what}` should have one entry per model output "
                             f"({len(names)}), got {len(value)}: {value}")
        return list(value)
    return [value] * len(names)


class CompileLoss:
    """The compiled loss: one loss per output, resolved on the first batch (Keras' rule:
    "crossentropy" picks binary/sparse/categorical from the shapes, plain functions are wrapped
    so they reduce over the batch and take sample weights), weighted and summed."""

    def __init__(self, loss, loss_weights=None, output_names=None) -> None:
        self.output_names = output_names or ["output"]
        self._spec = loss
        self._raw = _per_output(loss, self.output_names, "loss")
        self.losses = None
        # with several outputs, each output's loss is also reported ("<output>_loss")
        self.trackers: list = []
        if len(self.output_names) > 1:
            from fluxion.keras import metrics  # noqa: PLC0415

            self.trackers = [None if raw is None else metrics.Mean(name=f"{name}_loss")
                             for raw, name in zip(self._raw, self.output_names)]
        if loss_weights is None:
            self.weights = [1.0] * len(self._raw)
        else:
            self.weights = [1.0 if w is None else float(w) for w in
                            _per_output(loss_weights, self.output_names, "loss_weights")]

    def build(self, ys_true, ys_pred) -> None:
        from fluxion.keras import losses  # noqa: PLC0415

        self.losses = [None if raw is None or yt is None else
                       losses.resolve_loss(raw, tuple(yt.shape), tuple(yp.shape))
                       for raw, yt, yp in zip(self._raw, ys_true, ys_pred)]

    def __call__(self, y_true, y_pred, sample_weight=None):
        ys_true = _flat_outputs(y_true, self.output_names)
        ys_pred = nest.flatten(y_pred)
        if self.losses is None:
            self.build(ys_true, ys_pred)
        weights = _flat_outputs(sample_weight, self.output_names) if sample_weight is not None \
            else [None] * len(ys_pred)
        total = None
        trackers = self.trackers or [None] * len(self.losses)
        replicas = replicas_in_sync()
        for fn, w, yt, yp, sw, tracker in zip(self.losses, self.weights, ys_true, ys_pred,
                                               weights, trackers):
            if fn is None or yt is None:
                continue
            value = tf.cast(fn(yt, yp, sample_weight=sw), yp.dtype)  # mean losses scaled
            scaled = replicas > 1 and getattr(fn, "reduction", None) in _MEAN_REDUCTIONS
            if replicas > 1 and value.shape.rank:
                value = _reduce_empty_share(value, getattr(fn, "reduction", None), sw)
                value = value * (1.0 / replicas) if scaled else value
            if tracker is not None:  # the unscaled loss, as Keras records it
                tracker.update_state(value * float(replicas) if scaled else value,
                                     sample_weight=tf.shape(yp)[0])
            if w != 1.0:
                value = value * w
            total = value if total is None else total + value
        return total


def _reduce_empty_share(values, reduction, sample_weight):
    """The reduction a loss skips when a replica's share of a short last batch is empty (its
    shape (0,) is then passed through unreduced, as Keras does eagerly; TF traces the share
    with an unknown batch size and reduces it to 0). Written for any size, since the trace
    serves the replica's later, non-empty shares too."""
    if reduction not in _MEAN_REDUCTIONS + ("sum",):
        return values
    total = tf.reduce_sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        count = tf.reduce_sum(tf.cast(sample_weight, total.dtype))
    else:
        count = tf.cast(tf.size(values), total.dtype)
    # divide_no_nan, without dividing 0 by 0 (NumPy would warn from inside the graph)
    return total / tf.where(count > 0, count, tf.ones_like(count))


def _flat_outputs(values, names: list) -> list:
    if values is None:
        return [None] * len(names)
    if isinstance(values, dict):
        return [values.get(n) for n in names]
    if len(names) == 1:
        return [values]
    return list(values)


class CompileMetrics:
    """The compiled metrics, each bound to one output, with Keras' names."""

    name = "compile_metrics"  # as Keras 3 names it in model.metrics

    def __init__(self, metrics, weighted_metrics=None, output_names=None, loss=None) -> None:
        self.output_names = output_names or ["output"]
        self._raw = (metrics, weighted_metrics)
        self._loss = loss
        self.built = False
        self.metrics: list = []  # (metric, output index, weighted)

    def build(self, y_true, y_pred) -> None:
        from fluxion.keras import metrics as metrics_mod  # noqa: PLC0415

        ys_true = _flat_outputs(y_true, self.output_names)
        ys_pred = nest.flatten(y_pred)
        multi = len(self.output_names) > 1
        for raw, weighted in ((self._raw[0], False), (self._raw[1], True)):
            if raw is None:
                continue
            nested = isinstance(raw, dict) or (multi and isinstance(raw, (list, tuple)) and all(
                x is None or isinstance(x, (list, tuple)) for x in raw))
            per = _per_output(raw, self.output_names, "metrics") if nested else \
                [raw] * len(self.output_names)
            for i, entry in enumerate(per):
                if entry is None:
                    continue
                for m in (entry if isinstance(entry, (list, tuple)) else [entry]):
                    metric = _resolve(metrics_mod, m, None, ys_true[i], ys_pred[i])
                    if multi:
                        metric.name = f"{self.output_names[i]}_{metric.name}"
                    if weighted:
                        metric.name = f"weighted_{metric.name}" if not multi else metric.name
                    self.metrics.append((metric, i, weighted))
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if not self.built:
            self.build(y_true, y_pred)
        ys_true = _flat_outputs(y_true, self.output_names)
        ys_pred = nest.flatten(y_pred)
        weights = _flat_outputs(sample_weight, self.output_names)
        for metric, i, weighted in self.metrics:
            if ys_true[i] is None:
                continue
            if weighted and weights[i] is not None:
                metric.update_state(ys_true[i], ys_pred[i], sample_weight=weights[i])
            else:
                metric.update_state(ys_true[i], ys_pred[i])

    def result(self) -> dict:
        return {m.name: m.result() for m, _, _ in self.metrics}

    def reset_state(self) -> None:
        for m, _, _ in self.metrics:
            m.reset_state()

    @property
    def variables(self) -> list:
        return [v for m, _, _ in self.metrics for v in m.variables]


def _resolve(metrics_mod, m, loss, y_true, y_pred):
    return metrics_mod.get_metric(m, tuple(y_true.shape), tuple(y_pred.shape))
