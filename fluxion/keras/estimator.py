"""``tf.keras.estimator.model_to_estimator``: an Estimator that trains a compiled Keras model.

The Estimator's model_fn clones the model for each graph (new layers from the model's config,
compiled like the model), runs it with `training` set by the mode, and uses the compiled loss,
metrics and optimizer. The Keras model's current weights become the starting point through a
warm-start checkpoint written to ``<model_dir>/keras/keras_model.ckpt`` (used while model_dir
has no checkpoint of its own), as TF does. Predictions are keyed by the model's output names.
"""
from __future__ import annotations

import os

import numpy as np

_CHECKPOINT_FORMATS = ("saver", "checkpoint")


def _weight_names(model) -> dict:
    """Graph name -> value of the model's weights (names as the Estimator's graph gives them)."""
    out, counts = {}, {}
    for w in model.weights:
        base = getattr(w, "path", None) or str(w.name).removesuffix(":0")
        n = counts.get(base, 0)
        counts[base] = n + 1
        out[base if n == 0 else f"{base}_{n}"] = np.asarray(w._value)
    return out


def _save_keras_checkpoint(model, model_dir: str) -> str:
    from fluxion.train import _ckpt_format

    prefix = os.path.join(model_dir, "keras", "keras_model.ckpt")
    _ckpt_format.write(prefix, _weight_names(model), [])
    return prefix


def _model_inputs(model, features):
    if not isinstance(features, dict):
        return features
    names = list(getattr(model, "input_names", None) or [])
    if len(features) == 1 and len(names) <= 1:
        return next(iter(features.values()))
    if names and all(n in features for n in names):
        return [features[n] for n in names] if len(names) > 1 else features[names[0]]
    return features


def _model_labels(model, labels):
    if not isinstance(labels, dict):
        return labels
    names = list(getattr(model, "output_names", None) or [])
    if len(labels) == 1 and len(names) <= 1:
        return next(iter(labels.values()))
    if names and all(n in labels for n in names):
        return [labels[n] for n in names] if len(names) > 1 else labels[names[0]]
    return labels


def _predictions(model, y_pred) -> dict:
    names = list(getattr(model, "output_names", None) or ["output"])
    outputs = y_pred if isinstance(y_pred, (list, tuple)) else [y_pred]
    if isinstance(y_pred, dict):
        return dict(y_pred)
    return {name: out for name, out in zip(names, outputs)}


def _make_model_fn(keras_model, metric_names_map, export_outputs):
    def model_fn(features, labels, mode):
        import fluxion as tf
        from fluxion.keras.models import clone_model

        ModeKeys = tf.estimator.ModeKeys
        model = clone_model(keras_model)
        x = _model_inputs(model, features)
        if mode == ModeKeys.PREDICT:
            predictions = _predictions(model, model(x, training=False))
            outputs = export_outputs or {
                "serving_default": tf.estimator.export.PredictOutput(predictions)}
            return tf.estimator.EstimatorSpec(mode, predictions=predictions,
                                              export_outputs=outputs)
        y = _model_labels(model, labels)
        training = mode == ModeKeys.TRAIN
        with tf.GradientTape() as tape:
            y_pred = model(x, training=training)
            loss = model.compute_loss(x, y, y_pred, training=training)
        if training:
            grads = tape.gradient(loss, model.trainable_weights)
            model.optimizer.apply_gradients(zip(grads, model.trainable_weights))
            step = tf.compat.v1.train.get_global_step()
            step.assign_add(tf.constant(1, step.dtype))
            return tf.estimator.EstimatorSpec(mode, loss=loss,
                                              train_op=tf.compat.v1.no_op(name="train"))
        metrics = {}
        if model._compile_metrics is not None and y is not None:
            model._compile_metrics.update_state(y, y_pred)
            for metric, _, _ in model._compile_metrics.metrics:
                name = (metric_names_map or {}).get(metric.name, metric.name)
                metrics[name] = metric
        return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops=metrics,
                                          predictions=_predictions(model, y_pred))
    return model_fn


def model_to_estimator(keras_model=None, keras_model_path=None, custom_objects=None,
                       model_dir=None, config=None, checkpoint_format="checkpoint",
                       metric_names_map=None, export_outputs=None):
    """An Estimator for a compiled Keras model (or one saved at `keras_model_path`)."""
    from fluxion.estimator.estimator import Estimator, _resolve_config

    if keras_model is None and keras_model_path is None:
        raise ValueError("Either `keras_model` or `keras_model_path` needs to be provided.")
    if keras_model is not None and keras_model_path is not None:
        raise ValueError("Please specity either `keras_model` or `keras_model_path`, but not "
                         "both.")
    if checkpoint_format not in _CHECKPOINT_FORMATS:
        raise ValueError(f"Unknown checkpoint format: {checkpoint_format!r}. Valid options "
                         f"are ['saver', 'checkpoint'].")
    if keras_model is None:
        from fluxion.keras.models import load_model

        keras_model = load_model(keras_model_path, custom_objects=custom_objects)
    if not getattr(keras_model, "compiled", False) or keras_model.optimizer is None:
        raise ValueError("The given keras model has not been compiled yet. Please compile the "
                         "model with `model.compile()` before calling `model_to_estimator()`.")
    if getattr(keras_model, "_graph", None) is None and \
            type(keras_model).__name__ not in ("Sequential",):
        raise ValueError("model_to_estimator needs a Sequential or functional Keras model "
                         "(subclassed models cannot be cloned from their config).")
    config = _resolve_config(config, model_dir)
    warm_start = None
    if keras_model.weights:
        warm_start = _save_keras_checkpoint(keras_model, config.model_dir)
    return Estimator(_make_model_fn(keras_model, metric_names_map, export_outputs),
                     config=config, warm_start_from=warm_start)
