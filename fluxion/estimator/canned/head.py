"""Heads: from logits to loss, predictions, eval metrics, export outputs and the train op
(``tf.estimator.Head``, ``BinaryClassHead``, ``MultiClassHead``, ``RegressionHead``).

As TF 2's heads: the training loss is the weighted per-example loss reduced by
`loss_reduction` (SUM_OVER_BATCH_SIZE: divided by the number of loss elements), plus any
regularization losses; eval metrics are Keras metric objects keyed as TF names them
(`average_loss`, `accuracy`, `auc`, ..., suffixed "/<name>" for named heads); predictions use
TF's keys. Fluxion differentiates with tapes: a head given an `optimizer` takes gradients from
the GradientTape under which the logits were computed (canned model_fns open one).
"""
from __future__ import annotations

import fluxion as tf
from fluxion.estimator.canned import _head_utils as hu
from fluxion.estimator.canned import optimizers as opt_lib
from fluxion.estimator.export import ClassificationOutput, PredictOutput, RegressionOutput
from fluxion.estimator.model_fn import EstimatorSpec, ModeKeys
from fluxion.keras import metrics as keras_metrics
from fluxion.keras.losses_base import Reduction

__all__ = ["BinaryClassHead", "Head", "MetricKeys", "MultiClassHead", "PredictionKeys",
           "RegressionHead"]

DEFAULT_SERVING_KEY = "serving_default"
CLASSIFY_SERVING_KEY = "classification"
REGRESS_SERVING_KEY = "regression"
PREDICT_SERVING_KEY = "predict"


class MetricKeys:
    """Metric names of the canned heads."""

    LOSS = "loss"
    LOSS_MEAN = "average_loss"
    LOSS_REGULARIZATION = "regularization_loss"
    ACCURACY = "accuracy"
    PRECISION = "precision"
    RECALL = "recall"
    ACCURACY_BASELINE = "accuracy_baseline"
    AUC = "auc"
    AUC_PR = "auc_precision_recall"
    LABEL_MEAN = "label/mean"
    PREDICTION_MEAN = "prediction/mean"
    ACCURACY_AT_THRESHOLD = "accuracy/positive_threshold_%g"
    PRECISION_AT_THRESHOLD = "precision/positive_threshold_%g"
    RECALL_AT_THRESHOLD = "recall/positive_threshold_%g"


class PredictionKeys:
    """Keys of the canned heads' prediction dicts."""

    CLASSES = "classes"
    CLASS_IDS = "class_ids"
    ALL_CLASSES = "all_classes"
    ALL_CLASS_IDS = "all_class_ids"
    LOGISTIC = "logistic"
    LOGITS = "logits"
    PREDICTIONS = "predictions"
    PROBABILITIES = "probabilities"


def _check_keys(keys, valid) -> list:
    if not keys:
        return list(valid)
    for key in keys:
        if key not in valid:
            raise ValueError(f"Prediction key must be in PredictionKeys, given: {key}.Valid "
                             f"prediction keys include {valid}.")
    return list(keys)


def _train_op(loss, optimizer, trainable_variables, train_op_fn, update_ops, reduction):
    """TF's train-op rules: exactly one of optimizer and train_op_fn."""
    if update_ops is not None and not isinstance(update_ops, (list, tuple)):
        raise ValueError(f"update_ops should be a list or a tuple. Given type: "
                         f"{type(update_ops)}.")
    if optimizer is not None:
        if train_op_fn is not None:
            raise ValueError("train_op_fn and optimizer cannot both be set.")
        if not isinstance(optimizer, tf.keras.optimizers.Optimizer):
            raise ValueError(f"The given optimizer is not a tf.keras.optimizers.Optimizer "
                             f"instance. Given: {optimizer}")
        if trainable_variables is None:
            raise ValueError("trainable_variables cannot be None. Given None")
        if not isinstance(trainable_variables, (list, tuple)):
            raise ValueError(f"trainable_variables should be a list or a tuple. Given type: "
                             f"{type(trainable_variables)}.")
        tape = hu.active_tape()
        if tape is None:
            raise ValueError("Fluxion computes gradients with tf.GradientTape: compute the "
                             "logits inside `with tf.GradientTape():` (kept open while "
                             "create_estimator_spec runs), or pass train_op_fn.")
        return opt_lib.minimize(tape, loss, [(optimizer, list(trainable_variables))],
                                reduction)
    if train_op_fn is not None:
        return train_op_fn(loss)
    raise ValueError("train_op_fn and optimizer cannot both be None.")


class Head:
    """Interface of a head; subclasses give loss, predictions and metrics."""

    name = None
    logits_dimension = None
    loss_reduction = None

    def _summary_key(self, key: str) -> str:
        return f"{key}/{self.name}" if self.name else key

    def loss(self, labels, logits, features=None, mode=None, regularization_losses=None):
        raise NotImplementedError("Calling an abstract method.")

    def predictions(self, logits, keys=None):
        raise NotImplementedError("Calling an abstract method.")

    def metrics(self, regularization_losses=None):
        raise NotImplementedError("Calling an abstract method.")

    def update_metrics(self, eval_metrics, features, logits, labels, mode=None,
                       regularization_losses=None):
        raise NotImplementedError("Calling an abstract method.")

    def _export_outputs(self, predictions: dict) -> dict:
        raise NotImplementedError("Calling an abstract method.")

    def _regularized(self, training_loss, regularization_losses):
        if regularization_losses is None:
            return training_loss
        return training_loss + tf.math.add_n(list(regularization_losses))

    def _update_regularization(self, eval_metrics, regularization_losses) -> None:
        if regularization_losses is not None:
            key = self._summary_key(MetricKeys.LOSS_REGULARIZATION)
            eval_metrics[key].update_state(tf.math.add_n(list(regularization_losses)))

    def _mean_metrics(self, keys, regularization_losses) -> dict:
        names = list(keys) + ([MetricKeys.LOSS_REGULARIZATION]
                              if regularization_losses is not None else [])
        return {self._summary_key(k): keras_metrics.Mean(name=k) for k in names}

    def create_estimator_spec(self, features, mode, logits, labels=None, optimizer=None,
                              trainable_variables=None, train_op_fn=None, update_ops=None,
                              regularization_losses=None) -> EstimatorSpec:
        """The EstimatorSpec of `mode`: predictions and export outputs (PREDICT), loss and
        updated metric objects (EVAL), loss and train op (TRAIN)."""
        predictions = self.predictions(logits)
        if mode == ModeKeys.PREDICT:
            return EstimatorSpec(mode, predictions=predictions,
                                 export_outputs=self._export_outputs(predictions))
        loss = self.loss(labels, logits, features=features, mode=mode,
                         regularization_losses=regularization_losses)
        if mode == ModeKeys.EVAL:
            metrics = self.update_metrics(self.metrics(regularization_losses), features,
                                          logits, labels,
                                          regularization_losses=regularization_losses)
            return EstimatorSpec(mode, predictions=predictions, loss=loss,
                                 eval_metric_ops=metrics)
        train_op = _train_op(loss, optimizer, trainable_variables, train_op_fn, update_ops,
                             self.loss_reduction)
        return EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op)


class _ClassHead(Head):
    """What the binary and multi-class heads share: validation and the label vocabulary."""

    def __init__(self, n_classes, weight_column, label_vocabulary, loss_reduction, loss_fn,
                 name) -> None:
        if label_vocabulary is not None and not isinstance(label_vocabulary, (list, tuple)):
            raise ValueError(f"label_vocabulary should be a list or a tuple. Given type: "
                             f"{type(label_vocabulary)}")
        hu.validate_loss_reduction(loss_reduction)
        if loss_fn:
            hu.validate_loss_fn_args(loss_fn)
        self._n_classes = n_classes
        self._weight_column, self._label_vocabulary = weight_column, label_vocabulary
        self._loss_reduction, self._loss_fn, self._name = loss_reduction, loss_fn, name

    name = property(lambda self: self._name)
    loss_reduction = property(lambda self: self._loss_reduction)

    def _class_ids(self, logits):
        return tf.expand_dims(tf.argmax(logits, axis=-1), -1)  # int64 [D0, ... DN, 1]

    def _add_class_predictions(self, out: dict, keys, class_logits, logits) -> None:
        n, vocab = self._n_classes, self._label_vocabulary
        if PredictionKeys.CLASS_IDS in keys or PredictionKeys.CLASSES in keys:
            class_ids = self._class_ids(class_logits)
            if PredictionKeys.CLASS_IDS in keys:
                out[PredictionKeys.CLASS_IDS] = class_ids
            if PredictionKeys.CLASSES in keys:
                out[PredictionKeys.CLASSES] = hu.class_strings(class_ids, n, vocab)
        if PredictionKeys.ALL_CLASS_IDS in keys:
            out[PredictionKeys.ALL_CLASS_IDS] = hu.all_class_ids(logits, n)
        if PredictionKeys.ALL_CLASSES in keys:
            out[PredictionKeys.ALL_CLASSES] = hu.all_classes(logits, n, vocab)

    def _unweighted_loss_and_weights(self, logits, labels, features):
        if self._loss_fn:
            loss = hu.call_loss_fn(self._loss_fn, labels, logits, features, 1)
        else:
            loss = self._default_loss(labels, logits)
        weights = hu.get_weights(features, self._weight_column, logits)
        return loss, weights

    def loss(self, labels, logits, features=None, mode=None, regularization_losses=None):
        """The regularized training loss (a scalar)."""
        logits = hu.check_logits_final_dim(logits, self.logits_dimension)
        labels = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, labels, features)
        training = hu.compute_weighted_loss(unweighted, weights, self._loss_reduction)
        return self._regularized(training, regularization_losses)

    def _classification_output(self, predictions: dict):
        return ClassificationOutput(
            scores=predictions[PredictionKeys.PROBABILITIES],
            classes=hu.all_classes(predictions[PredictionKeys.PROBABILITIES],
                                   self._n_classes, self._label_vocabulary))


class BinaryClassHead(_ClassHead):
    """Single-label binary classification with sigmoid cross-entropy: logits [..., 1],
    labels in [0, 1] (or strings from `label_vocabulary`)."""

    def __init__(self, weight_column=None, thresholds=None, label_vocabulary=None,
                 loss_reduction=Reduction.SUM_OVER_BATCH_SIZE, loss_fn=None, name=None):
        super().__init__(2, weight_column, label_vocabulary, loss_reduction, loss_fn, name)
        thresholds = tuple(thresholds) if thresholds else ()
        for threshold in thresholds:
            if threshold <= 0.0 or threshold >= 1.0:
                raise ValueError(f"thresholds not in (0, 1): {(thresholds,)}.")
        self._thresholds = thresholds

    logits_dimension = property(lambda self: 1)

    def _processed_labels(self, logits, labels):
        labels = hu.check_dense_labels(labels, logits, 1)
        if self._label_vocabulary is not None:
            if labels.dtype != tf.string:
                raise ValueError(f"Labels dtype should be string if there is a vocabulary. "
                                 f"Instead got {labels.dtype}")
            labels = hu.lookup_class_ids(labels, self._label_vocabulary)
        elif labels.dtype == tf.string:
            raise ValueError("Labels are strings but the head has no label_vocabulary: pass "
                             "label_vocabulary or encode the labels as 0/1.")
        return hu.check_label_range(tf.cast(labels, tf.float32), 2)

    def _default_loss(self, labels, logits):
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)

    def predictions(self, logits, keys=None) -> dict:
        """logits, logistic, probabilities, class_ids, classes, all_class_ids, all_classes."""
        keys = _check_keys(keys, [PredictionKeys.LOGITS, PredictionKeys.LOGISTIC,
                                  PredictionKeys.PROBABILITIES, PredictionKeys.CLASS_IDS,
                                  PredictionKeys.CLASSES, PredictionKeys.ALL_CLASS_IDS,
                                  PredictionKeys.ALL_CLASSES])
        logits = hu.check_logits_final_dim(logits, 1)
        out = {}
        if PredictionKeys.LOGITS in keys:
            out[PredictionKeys.LOGITS] = logits
        if PredictionKeys.LOGISTIC in keys:
            out[PredictionKeys.LOGISTIC] = tf.sigmoid(logits)
        two_class_logits = tf.concat([tf.zeros_like(logits), logits], axis=-1)
        if PredictionKeys.PROBABILITIES in keys:
            out[PredictionKeys.PROBABILITIES] = tf.nn.softmax(two_class_logits)
        self._add_class_predictions(out, keys, two_class_logits, logits)
        return out

    def metrics(self, regularization_losses=None) -> dict:
        keys, key = MetricKeys, self._summary_key
        out = self._mean_metrics([keys.LOSS_MEAN, keys.PREDICTION_MEAN, keys.LABEL_MEAN],
                                 regularization_losses)
        out[key(keys.ACCURACY)] = keras_metrics.Accuracy(name=keys.ACCURACY)
        out[key(keys.PRECISION)] = keras_metrics.Precision(name=keys.PRECISION)
        out[key(keys.RECALL)] = keras_metrics.Recall(name=keys.RECALL)
        out[key(keys.ACCURACY_BASELINE)] = hu.AccuracyBaseline(
            out[key(keys.LABEL_MEAN)], name=keys.ACCURACY_BASELINE)
        out[key(keys.AUC)] = keras_metrics.AUC(name=keys.AUC)
        out[key(keys.AUC_PR)] = keras_metrics.AUC(curve="PR", name=keys.AUC_PR)
        for t in self._thresholds:
            names = [k % t for k in (keys.ACCURACY_AT_THRESHOLD, keys.PRECISION_AT_THRESHOLD,
                                     keys.RECALL_AT_THRESHOLD)]
            out[key(names[0])] = keras_metrics.BinaryAccuracy(name=key(names[0]), threshold=t)
            out[key(names[1])] = keras_metrics.Precision(name=key(names[1]), thresholds=t)
            out[key(names[2])] = keras_metrics.Recall(name=key(names[2]), thresholds=t)
        return out

    def update_metrics(self, eval_metrics, features, logits, labels, mode=None,
                       regularization_losses=None) -> dict:
        keys, key = MetricKeys, self._summary_key
        logits = hu.check_logits_final_dim(logits, 1)
        class_ids = tf.cast(self.predictions(logits, [PredictionKeys.CLASS_IDS])[
            PredictionKeys.CLASS_IDS], tf.float32)
        labels = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, labels, features)
        logistic = tf.sigmoid(logits)
        eval_metrics[key(keys.LOSS_MEAN)].update_state(unweighted, sample_weight=weights)
        for name in (keys.ACCURACY, keys.PRECISION, keys.RECALL):
            eval_metrics[key(name)].update_state(labels, class_ids, sample_weight=weights)
        hu.update_with_broadcast_weights(eval_metrics[key(keys.PREDICTION_MEAN)], logistic,
                                         weights)
        hu.update_with_broadcast_weights(eval_metrics[key(keys.LABEL_MEAN)], labels, weights)
        auc_weights = None if weights is None else weights + tf.zeros_like(logistic)
        for name in (keys.AUC, keys.AUC_PR):
            eval_metrics[key(name)].update_state(labels, logistic, sample_weight=auc_weights)
        self._update_regularization(eval_metrics, regularization_losses)
        for t in self._thresholds:
            for pattern in (keys.ACCURACY_AT_THRESHOLD, keys.PRECISION_AT_THRESHOLD,
                            keys.RECALL_AT_THRESHOLD):
                eval_metrics[key(pattern % t)].update_state(labels, logistic,
                                                            sample_weight=weights)
        return eval_metrics

    def _export_outputs(self, predictions: dict) -> dict:
        classifier = self._classification_output(predictions)
        return {DEFAULT_SERVING_KEY: classifier, CLASSIFY_SERVING_KEY: classifier,
                REGRESS_SERVING_KEY: RegressionOutput(predictions[PredictionKeys.LOGISTIC]),
                PREDICT_SERVING_KEY: PredictOutput(predictions)}


class MultiClassHead(_ClassHead):
    """Single-label classification over `n_classes` > 2 with softmax cross-entropy: integer
    labels in [0, n_classes) (or strings from `label_vocabulary`)."""

    def __init__(self, n_classes, weight_column=None, label_vocabulary=None,
                 loss_reduction=Reduction.SUM_OVER_BATCH_SIZE, loss_fn=None, name=None):
        if n_classes is None:
            raise ValueError("n_classes cannot be None")
        if isinstance(n_classes, int) and n_classes <= 2:
            raise ValueError(f"n_classes must be > 2: {n_classes}.")
        if label_vocabulary is not None and isinstance(label_vocabulary, (list, tuple)) and \
                len(label_vocabulary) != n_classes:
            raise ValueError(f'"label_vocabulary" does not have "n_classes" items. '
                             f"len(label_vocabulary)={len(label_vocabulary)}, "
                             f"n_classes={n_classes}, label_vocabulary={label_vocabulary}")
        super().__init__(n_classes, weight_column, label_vocabulary, loss_reduction, loss_fn,
                         name)

    logits_dimension = property(lambda self: self._n_classes)

    def _processed_labels(self, logits, labels):
        labels = hu.check_dense_labels(labels, logits, 1)
        if self._label_vocabulary is None:
            if not labels.dtype.is_integer:
                raise ValueError(f"Labels dtype should be integer. Instead got "
                                 f"{labels.dtype}.")
            label_ids = labels
        else:
            if labels.dtype != tf.string:
                raise ValueError(f"Labels dtype should be string if there is a vocabulary. "
                                 f"Instead got {labels.dtype}")
            label_ids = hu.lookup_class_ids(labels, self._label_vocabulary)
        return hu.check_label_range(label_ids, self._n_classes)

    def _default_loss(self, label_ids, logits):
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.squeeze(label_ids, axis=-1), logits=logits)
        return tf.expand_dims(loss, -1)

    def predictions(self, logits, keys=None) -> dict:
        """logits, probabilities, class_ids, classes, all_class_ids, all_classes."""
        keys = _check_keys(keys, [PredictionKeys.LOGITS, PredictionKeys.PROBABILITIES,
                                  PredictionKeys.CLASS_IDS, PredictionKeys.CLASSES,
                                  PredictionKeys.ALL_CLASS_IDS, PredictionKeys.ALL_CLASSES])
        logits = hu.check_logits_final_dim(logits, self.logits_dimension)
        out = {}
        if PredictionKeys.LOGITS in keys:
            out[PredictionKeys.LOGITS] = logits
        if PredictionKeys.PROBABILITIES in keys:
            out[PredictionKeys.PROBABILITIES] = tf.nn.softmax(logits)
        self._add_class_predictions(out, keys, logits, logits)
        return out

    def metrics(self, regularization_losses=None) -> dict:
        out = self._mean_metrics([MetricKeys.LOSS_MEAN], regularization_losses)
        out[self._summary_key(MetricKeys.ACCURACY)] = keras_metrics.Accuracy(
            name=MetricKeys.ACCURACY)
        return out

    def update_metrics(self, eval_metrics, features, logits, labels, mode=None,
                       regularization_losses=None) -> dict:
        logits = hu.check_logits_final_dim(logits, self.logits_dimension)
        class_ids = self._class_ids(logits)
        label_ids = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, label_ids, features)
        key = self._summary_key
        eval_metrics[key(MetricKeys.LOSS_MEAN)].update_state(unweighted, sample_weight=weights)
        eval_metrics[key(MetricKeys.ACCURACY)].update_state(
            tf.cast(label_ids, tf.float32), tf.cast(class_ids, tf.float32),
            sample_weight=weights)
        self._update_regularization(eval_metrics, regularization_losses)
        return eval_metrics

    def _export_outputs(self, predictions: dict) -> dict:
        classifier = self._classification_output(predictions)
        return {DEFAULT_SERVING_KEY: classifier, CLASSIFY_SERVING_KEY: classifier,
                PREDICT_SERVING_KEY: PredictOutput(predictions)}


class RegressionHead(Head):
    """Regression with mean squared error over `label_dimension` targets; predictions are
    the logits, or `inverse_link_fn(logits)` when given."""

    def __init__(self, label_dimension=1, weight_column=None,
                 loss_reduction=Reduction.SUM_OVER_BATCH_SIZE, loss_fn=None,
                 inverse_link_fn=None, name=None):
        if label_dimension < 1:
            raise ValueError(f"Invalid label_dimension {label_dimension}.")
        hu.validate_loss_reduction(loss_reduction)
        if loss_fn:
            hu.validate_loss_fn_args(loss_fn)
        self._logits_dimension, self._weight_column = label_dimension, weight_column
        self._loss_reduction, self._loss_fn = loss_reduction, loss_fn
        self._inverse_link_fn, self._name = inverse_link_fn, name

    name = property(lambda self: self._name)
    logits_dimension = property(lambda self: self._logits_dimension)
    loss_reduction = property(lambda self: self._loss_reduction)

    def _processed_labels(self, logits, labels):
        labels = hu.check_dense_labels(labels, logits, self._logits_dimension)
        return tf.cast(labels, tf.float32)

    def _unweighted_loss_and_weights(self, logits, labels, features):
        if self._loss_fn:
            loss = hu.call_loss_fn(self._loss_fn, labels, logits, features,
                                   self._logits_dimension)
        else:
            loss = tf.square(logits - labels)
        weights = hu.get_weights(features, self._weight_column, logits, allow_per_logit=True)
        return loss, weights

    def loss(self, labels, logits, features=None, mode=None, regularization_losses=None):
        """The regularized training loss (a scalar)."""
        logits = hu.check_logits_final_dim(logits, self._logits_dimension)
        labels = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, labels, features)
        training = hu.compute_weighted_loss(unweighted, weights, self._loss_reduction)
        return self._regularized(training, regularization_losses)

    def predictions(self, logits, keys=None) -> dict:
        """predictions (and logits when there is an inverse link function)."""
        logits = hu.check_logits_final_dim(logits, self._logits_dimension)
        if self._inverse_link_fn:
            return {PredictionKeys.PREDICTIONS: self._inverse_link_fn(logits),
                    PredictionKeys.LOGITS: logits}
        return {PredictionKeys.PREDICTIONS: logits}

    def metrics(self, regularization_losses=None) -> dict:
        return self._mean_metrics([MetricKeys.LOSS_MEAN, MetricKeys.PREDICTION_MEAN,
                                   MetricKeys.LABEL_MEAN], regularization_losses)

    def update_metrics(self, eval_metrics, features, logits, labels, mode=None,
                       regularization_losses=None) -> dict:
        predicted = self.predictions(logits)[PredictionKeys.PREDICTIONS]
        logits = hu.check_logits_final_dim(logits, self._logits_dimension)
        labels = self._processed_labels(logits, labels)
        unweighted, weights = self._unweighted_loss_and_weights(logits, labels, features)
        key = self._summary_key
        eval_metrics[key(MetricKeys.LOSS_MEAN)].update_state(unweighted, sample_weight=weights)
        hu.update_with_broadcast_weights(eval_metrics[key(MetricKeys.LABEL_MEAN)], labels,
                                         weights)
        hu.update_with_broadcast_weights(eval_metrics[key(MetricKeys.PREDICTION_MEAN)],
                                         predicted, weights)
        self._update_regularization(eval_metrics, regularization_losses)
        return eval_metrics

    def _export_outputs(self, predictions: dict) -> dict:
        output = RegressionOutput(predictions[PredictionKeys.PREDICTIONS])
        return {DEFAULT_SERVING_KEY: output, REGRESS_SERVING_KEY: output,
                PREDICT_SERVING_KEY: PredictOutput(predictions)}


def binary_or_multi_class_head(n_classes, weight_column, label_vocabulary, loss_reduction):
    """BinaryClassHead for n_classes == 2, else MultiClassHead (as TF's canned classifiers)."""
    if n_classes == 2:
        return BinaryClassHead(weight_column=weight_column, label_vocabulary=label_vocabulary,
                               loss_reduction=loss_reduction)
    return MultiClassHead(n_classes, weight_column=weight_column,
                          label_vocabulary=label_vocabulary, loss_reduction=loss_reduction)
