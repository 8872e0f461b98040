"""tf.keras.callbacks driven through real `model.fit` on tiny Dense models: when EarlyStopping
stops and which weights it restores, learning rates set by ReduceLROnPlateau and
LearningRateScheduler, CSV files, checkpoint paths, NaN termination, hooks and logs, and the
progress bar's text. (tools/reference/keras_callbacks.py pins more edge cases against Keras.)"""
from __future__ import annotations

import json
import os
import re

import numpy as np
import pytest

import fluxion as tf
from fluxion.keras.callbacks import base as callbacks_base

keras = tf.keras
X = np.array([[0.1, 0.2], [0.3, -0.1], [0.5, 0.4], [-0.2, 0.3],
              [0.7, -0.5], [0.0, 0.9], [-0.4, -0.6], [0.2, 0.1]], "float32")
Y = np.array([[0.3], [0.1], [0.8], [0.2], [0.1], [0.9], [-0.9], [0.3]], "float32")


def make_model(lr=0.1, metrics=None, loss=None):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(lr),
                  loss=loss or keras.losses.MeanSquaredError(), metrics=metrics)
    return model


def inject(key, values, extra=None):
    """A callback that puts scripted values into the epoch logs, for the callbacks after it."""
    def on_epoch_end(epoch, logs):
        logs[key] = values[epoch]
        if extra is not None:
            extra(epoch, logs)
    return keras.callbacks.LambdaCallback(on_epoch_end=on_epoch_end)


def fit(model, callbacks, epochs, **kwargs):
    kwargs.setdefault("verbose", 0)
    return model.fit(X, Y, epochs=epochs, batch_size=4, shuffle=False, callbacks=callbacks,
                     **kwargs)


# --- EarlyStopping ---------------------------------------------------------------------------
def test_early_stopping_stops_after_patience_epochs_without_improvement(capsys):
    values = [1.0, 0.8, 0.85, 0.9, 0.7, 0.6]
    es = keras.callbacks.EarlyStopping(patience=2, verbose=1)
    history = fit(make_model(), [inject("val_loss", values), es], epochs=6)
    # best 0.8 at epoch 1; epochs 2 and 3 do not improve -> stop at the end of epoch 3
    assert history.history["val_loss"] == values[:4]
    assert history.epoch == [0, 1, 2, 3]
    assert (es.stopped_epoch, es.best_epoch, es.best, es.wait) == (3, 1, 0.8, 2)
    assert capsys.readouterr().out == "Epoch 4: early stopping\n"


def test_early_stopping_on_the_real_loss_with_a_frozen_model():
    # learning rate 0: the loss is identical every epoch, so no epoch improves on the first
    history = fit(make_model(lr=0.0), [keras.callbacks.EarlyStopping("loss", patience=1)],
                  epochs=5)
    assert len(history.history["loss"]) == 2
    assert history.history["loss"][0] == history.history["loss"][1]


def test_early_stopping_baseline_and_start_from_epoch():
    values = [0.9, 0.8, 0.7, 0.6, 0.55, 0.45, 0.5, 0.52, 0.53, 0.4]
    es = keras.callbacks.EarlyStopping(patience=3, baseline=0.5)
    history = fit(make_model(), [inject("val_loss", values), es], epochs=10)
    # improvements above the baseline do not reset the wait: 3 epochs then stop... but the
    # first improvement under 0.5 (epoch 5) does; epochs 6, 7, 8 do not improve
    assert len(history.history["loss"]) == 9 and es.stopped_epoch == 8
    es = keras.callbacks.EarlyStopping(patience=1, start_from_epoch=3)
    history = fit(make_model(), [inject("val_loss", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), es],
                  epochs=6)
    assert len(history.history["loss"]) == 5  # epochs 0-2 ignored, 3 is the first best


def test_early_stopping_restores_the_weights_of_the_best_epoch(capsys):
    snapshots = []
    values = [1.0, 0.5, 0.8, 0.9, 0.95]
    es = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True, verbose=1)
    model = make_model()
    fit(model, [inject("val_loss", values, lambda e, logs: snapshots.append(
        model.get_weights())), es], epochs=5)
    assert len(snapshots) == 4
    final = model.get_weights()
    for got, want in zip(final, snapshots[1]):
        np.testing.assert_array_equal(got, want)
    assert not np.allclose(final[0], snapshots[3][0])
    assert capsys.readouterr().out == ("Epoch 4: early stopping\n"
                                       "Restoring model weights from the end of the best "
                                       "epoch: 2.\n")


def test_early_stopping_auto_mode_follows_the_metric_direction():
    model = make_model(metrics=["accuracy"], loss="binary_crossentropy")
    es = keras.callbacks.EarlyStopping("val_accuracy", patience=1)
    history = fit(model, [inject("val_accuracy", [0.5, 0.6, 0.7, 0.65, 0.6, 0.8]), es],
                  epochs=6)
    assert len(history.history["loss"]) == 4  # 0.65 is worse than 0.7: maximized
    assert es.best == 0.7
    bad = keras.callbacks.EarlyStopping("val_thing")
    with pytest.raises(ValueError, match="maximized or minimized"):
        fit(make_model(), [inject("val_thing", [1.0, 1.0]), bad], epochs=2)


def test_early_stopping_compares_in_float32():
    es = keras.callbacks.EarlyStopping("loss", mode="min")
    model = make_model()
    es.set_model(model)
    es.on_train_begin()
    es.on_epoch_end(0, {"loss": 1.0})
    es.on_epoch_end(1, {"loss": 1.0 - 1e-9})  # equal in float32: not an improvement
    assert model.stop_training and es.stopped_epoch == 1


def test_early_stopping_missing_monitor_warns_and_continues():
    es = keras.callbacks.EarlyStopping(patience=0)
    with pytest.warns(UserWarning, match="Available metrics are: loss"):
        history = fit(make_model(), [es], epochs=3)
    assert len(history.history["loss"]) == 3


# --- ReduceLROnPlateau -----------------------------------------------------------------------
def test_reduce_lr_on_plateau_patience_cooldown_and_logs(capsys):
    lrs = []
    model = make_model(lr=0.1)
    values = [1.0, 1.1, 1.2, 1.3, 1.4, 0.5, 0.6, 0.7]
    record = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: lrs.append(float(model.optimizer.learning_rate.numpy())))
    reduce = keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1, cooldown=2, verbose=1)
    history = fit(model, [inject("val_loss", values), reduce, record], epochs=8)
    f32 = [float(np.float32(v)) for v in (0.1, 0.05, 0.025, 0.0125)]
    # reduce at 1; cooldown counts down at 2 and 3, but the epoch that ends it (counter back
    # to 0) already counts as waiting: reduce at 3; cooldown at 4; better at 5; reduce at 6
    assert lrs == pytest.approx([f32[0], f32[1], f32[1], f32[2], f32[2], f32[2], f32[3],
                                 f32[3]], rel=1e-7)
    # the rate logged at each epoch end is the one before that epoch's reduction
    assert history.history["learning_rate"] == pytest.approx([f32[0]] + lrs[:-1], rel=1e-7)
    out = capsys.readouterr().out
    assert out.count("ReduceLROnPlateau reducing learning rate to") == 3
    assert "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.\n" \
        in out


def test_reduce_lr_on_plateau_min_lr_and_min_delta():
    model = make_model(lr=0.1)
    reduce = keras.callbacks.ReduceLROnPlateau("loss", factor=0.2, patience=0, min_lr=0.005)
    reduce.set_model(model)
    reduce.on_train_begin()
    for epoch in range(5):
        reduce.on_epoch_end(epoch, {"loss": 1.0})
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.005)
    reduce = keras.callbacks.ReduceLROnPlateau("loss", patience=1, min_delta=0.1)
    model = make_model(lr=1.0)
    reduce.set_model(model)
    reduce.on_train_begin()
    for epoch, loss in enumerate([1.0, 0.95, 0.8]):  # 0.95 is not better by 0.1
        reduce.on_epoch_end(epoch, {"loss": loss})
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="factor >= 1.0"):
        keras.callbacks.ReduceLROnPlateau(factor=2.0)


# --- LearningRateScheduler -------------------------------------------------------------------
def test_learning_rate_scheduler_sets_the_rate_used_by_the_compiled_step(capsys):
    snapshots = []
    model = make_model(lr=0.1)
    schedule = keras.callbacks.LearningRateScheduler(
        lambda epoch, lr: lr * 0.5 if epoch < 2 else 0.0, verbose=1)
    history = fit(model, [schedule, keras.callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: snapshots.append(model.get_weights()))], epochs=4)
    assert history.history["learning_rate"] == pytest.approx([0.05, 0.025, 0.0, 0.0])
    assert not np.allclose(snapshots[0][0], snapshots[1][0])
    for a, b in zip(snapshots[1], snapshots[3]):  # rate 0 from epoch 2 on: weights frozen
        np.testing.assert_array_equal(a, b)
    assert "\nEpoch 3: LearningRateScheduler setting learning rate to 0.0.\n" in \
        capsys.readouterr().out


def test_learning_rate_scheduler_one_argument_schedule_and_errors():
    model = make_model()
    history = fit(model, [keras.callbacks.LearningRateScheduler(lambda e: 0.1 / (e + 1))],
                  epochs=3)
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.05, 0.1 / 3])
    assert list(history.history) == ["loss", "learning_rate"]
    with pytest.raises(ValueError, match="should be a float"):
        fit(model, [keras.callbacks.LearningRateScheduler(lambda e, lr: 1)], epochs=1)


# --- CSVLogger -------------------------------------------------------------------------------
def test_csv_logger_rows_match_the_history(tmp_path):
    path = tmp_path / "log.csv"
    history = fit(make_model(), [keras.callbacks.CSVLogger(path)], epochs=3,
                  validation_data=(X, Y))
    lines = path.read_bytes().decode().split("\r\n")
    assert lines[0] == "epoch,loss,val_loss" and lines[-1] == "" and len(lines) == 5
    for epoch, line in enumerate(lines[1:4]):
        cells = line.split(",")
        assert cells[0] == str(epoch)
        assert float(cells[1]) == history.history["loss"][epoch]
        assert float(cells[2]) == history.history["val_loss"][epoch]


def test_csv_logger_adds_val_columns_and_appends(tmp_path):
    path = str(tmp_path / "log.tsv")
    fit(make_model(), [keras.callbacks.CSVLogger(path, separator="\t")], epochs=1)
    fit(make_model(), [keras.callbacks.CSVLogger(path, separator="\t", append=True)], epochs=2)
    with open(path, newline="") as f:
        rows = [line.split("\t") for line in f.read().split("\r\n")[:-1]]
    assert rows[0] == ["epoch", "loss", "val_loss"]
    assert [r[0] for r in rows[1:]] == ["0", "0", "1"]  # no second header when appending
    assert all(r[2] == "NA" for r in rows[1:])


# --- ModelCheckpoint -------------------------------------------------------------------------
def recording_model(saved):
    model = make_model()
    model.save = lambda filepath, overwrite=True, **kw: saved.append(("save", filepath))
    model.save_weights = lambda filepath, overwrite=True, **kw: saved.append(
        ("weights", filepath))
    return model


def test_model_checkpoint_formats_paths_and_keeps_the_best(tmp_path):
    saved = []
    pattern = str(tmp_path / "sub" / "m.{epoch:02d}-{val_loss:.2f}.keras")
    fit(recording_model(saved), [inject("val_loss", [0.5, 0.75, 0.25]),
                                 keras.callbacks.ModelCheckpoint(pattern)], epochs=3)
    assert [os.path.basename(p) for _, p in saved] == ["m.01-0.50.keras", "m.02-0.75.keras",
                                                       "m.03-0.25.keras"]
    assert os.path.isdir(tmp_path / "sub")  # the folder is created before saving
    saved.clear()
    best = keras.callbacks.ModelCheckpoint(str(tmp_path / "b.weights.h5"), save_best_only=True,
                                           save_weights_only=True)
    fit(recording_model(saved), [inject("val_loss", [0.5, 0.75, 0.25, 0.3]), best], epochs=4)
    assert [kind for kind, _ in saved] == ["weights", "weights"] and best.best == 0.25


def test_model_checkpoint_save_freq_in_batches_and_threshold(tmp_path, capsys):
    saved = []
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "e{epoch}-b{batch}.keras"),
                                         monitor="loss", save_freq=3)
    fit(recording_model(saved), [cb], epochs=3)  # 2 batches per epoch
    assert [os.path.basename(p) for _, p in saved] == ["e2-b1.keras", "e3-b2.keras"]
    saved.clear()
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "t.keras"), save_best_only=True,
                                         initial_value_threshold=0.4, verbose=1)
    fit(recording_model(saved), [inject("val_loss", [0.5, 0.3])], epochs=2)
    fit(recording_model(saved), [inject("val_loss", [0.5, 0.3]), cb], epochs=2)
    assert len(saved) == 1
    out = capsys.readouterr().out
    assert "\nEpoch 1: val_loss did not improve from 0.40000\n" in out
    assert "\nEpoch 2: val_loss improved from 0.40000 to 0.30000, saving model to " in out


def test_model_checkpoint_argument_errors(tmp_path):
    with pytest.raises(ValueError, match="must end in `.keras`"):
        keras.callbacks.ModelCheckpoint("model.ckpt")
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        keras.callbacks.ModelCheckpoint("model.keras", save_weights_only=True)
    with pytest.raises(ValueError, match="Unrecognized save_freq"):
        keras.callbacks.ModelCheckpoint("model.keras", save_freq="batch")
    with pytest.raises(KeyError, match="Failed to format this callback filepath"):
        fit(recording_model([]), [keras.callbacks.ModelCheckpoint(
            str(tmp_path / "{acc}.keras"))], epochs=1)


# --- BackupAndRestore ------------------------------------------------------------------------
def test_backup_and_restore_writes_and_reloads_the_backup(tmp_path):
    backup = str(tmp_path / "backup")
    model = make_model()

    def save_weights(filepath, overwrite=True):
        with open(filepath, "wb") as f:
            np.savez(f, *model.get_weights())

    def load_weights(filepath):
        with np.load(filepath) as data:
            model.set_weights([data[f"arr_{i}"] for i in range(len(data.files))])
    model.save_weights, model.load_weights = save_weights, load_weights
    cb = keras.callbacks.BackupAndRestore(backup)

    def crash(epoch, logs):
        if epoch == 1:
            raise RuntimeError("interrupted")
    with pytest.raises(RuntimeError):  # epoch 1 fails before its backup
        fit(model, [keras.callbacks.LambdaCallback(on_epoch_end=crash), cb], epochs=4)
    with open(os.path.join(backup, "training_metadata.json")) as f:
        assert json.load(f) == {"epoch": 1, "batch": 0}  # epoch 0 finished, then the crash
    with np.load(os.path.join(backup, "latest.weights.h5")) as data:
        saved = [data["arr_0"], data["arr_1"]]  # the weights at the end of epoch 0
    assert not np.allclose(saved[0], model.get_weights()[0])
    model.set_weights([np.zeros_like(w) for w in saved])
    cb.set_model(model)
    cb.on_train_begin()
    assert model._initial_epoch == 1
    for got, want in zip(model.get_weights(), saved):
        np.testing.assert_array_equal(got, want)
    cb.on_train_end()
    assert not os.path.exists(backup)
    with pytest.raises(ValueError, match="save_freq"):
        keras.callbacks.BackupAndRestore(backup, save_freq="never")


# --- TerminateOnNaN, LambdaCallback, TensorBoard ---------------------------------------------
def test_terminate_on_nan_stops_at_the_first_bad_batch(capsys):
    x = X.copy()
    x[5, 0] = np.nan  # in the second batch of 4
    batches = []
    history = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    history.compile(optimizer="sgd", loss=keras.losses.MeanSquaredError())
    h = history.fit(x, Y, epochs=3, batch_size=2, shuffle=False, verbose=0, callbacks=[
        keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: batches.append(b)),
        keras.callbacks.TerminateOnNaN()])
    assert batches == [0, 1, 2] and len(h.history["loss"]) == 1
    assert capsys.readouterr().out == "Batch 2: Invalid loss, terminating training\n"
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 7"):
        keras.callbacks.TerminateOnNaN(raise_error=True).on_train_batch_end(
            7, {"loss": float("inf")})


def test_lambda_callback_takes_every_hook():
    calls = []
    cb = keras.callbacks.LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_epoch_end=lambda epoch, logs: calls.append(("epoch_end", epoch, sorted(logs))),
        on_test_begin=lambda logs: calls.append("test_begin"),
        on_test_batch_end=lambda batch, logs: calls.append(("test_batch_end", batch)),
        on_predict_batch_begin=lambda batch, logs: calls.append(("predict_batch", batch)),
        on_predict_end=lambda logs: calls.append("predict_end"))
    model = make_model()
    fit(model, [cb], epochs=2)
    model.evaluate(X, Y, batch_size=4, verbose=0, callbacks=[cb])
    model.predict(X, batch_size=8, verbose=0, callbacks=[cb])
    assert calls == ["train_begin", ("epoch_end", 0, ["loss"]), ("epoch_end", 1, ["loss"]),
                     "test_begin", ("test_batch_end", 0), ("test_batch_end", 1),
                     ("predict_batch", 0), "predict_end"]


def test_swap_ema_weights_evaluates_with_the_moving_averages():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5),
                  loss=keras.losses.MeanSquaredError())
    for _ in range(3):
        model.train_on_batch(X, Y)
    raw = model.get_weights()
    averages = [v.numpy() for v in model.optimizer._model_variables_moving_average]
    assert not np.allclose(raw[0], averages[0])
    cb = keras.callbacks.SwapEMAWeights()
    with_ema = model.evaluate(X, Y, verbose=0, callbacks=[cb])
    for got, want in zip(model.get_weights(), raw):  # swapped back after evaluate
        np.testing.assert_allclose(got, want, rtol=1e-6)
    model.set_weights(averages)
    assert with_ema == pytest.approx(model.evaluate(X, Y, verbose=0), rel=1e-6)
    plain = make_model()
    cb.set_model(plain)
    with pytest.raises(ValueError, match="use_ema=True"):
        cb.on_test_begin()


def test_logs_are_sorted_python_floats_and_history_is_set():
    seen = []

    class Probe(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((list(logs), {type(v) for v in logs.values()}))

        def on_epoch_end(self, epoch, logs=None):
            seen.append((list(logs), {type(v) for v in logs.values()}))

    model = make_model(metrics=["accuracy"], loss="binary_crossentropy")
    history = fit(model, [Probe()], epochs=1, validation_data=(X, Y))
    assert seen[0] == (["accuracy", "loss"], {float})
    assert seen[-1] == (["accuracy", "loss", "val_accuracy", "val_loss"], {float})
    assert model.history is history and history.params["epochs"] == 1
    logs = callbacks_base.pythonify_logs({"b": tf.constant(2.0), "a": {"c": np.float32(1.5)},
                                          "d": np.array([1.0, 2.0]), "e": "text"})
    assert list(logs) == ["c", "b", "d", "e"] and logs["b"] == 2.0 and type(logs["c"]) is float
    assert isinstance(logs["d"], np.ndarray) and logs["e"] == "text"


def test_keras2_batch_hooks_and_callback_order():
    seen = []

    class Old(keras.callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            seen.append(batch)

    fit(make_model(), [Old()], epochs=2)
    assert seen == [0, 1, 0, 1]
    cbs = keras.callbacks.CallbackList([[Old()], Old()], add_history=True, add_progbar=True,
                                       verbose=1, epochs=1, steps=2)
    assert [type(c).__name__ for c in cbs.callbacks] == ["Old", "Old", "History",
                                                         "ProgbarLogger"]
    assert keras.callbacks.Callback().params is None


# --- progress bar output of fit / evaluate / predict ----------------------------------------
_TIMING = r"\d+s \d+(us|ms|s)/step"


def test_fit_verbose_1_prints_one_bar_per_epoch(capsys):
    history = fit(make_model(), None, epochs=2, verbose=1)
    lines = capsys.readouterr().out.split("\n")
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and lines[4] == ""
    for epoch in range(2):
        loss = history.history["loss"][epoch]
        assert re.fullmatch(rf"2/2 ━{{20}} {_TIMING} - loss: {loss:.4f}", lines[2 * epoch + 1])


def test_fit_verbose_2_and_evaluate_predict_bars(capsys):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    y = (Y > 0.25).astype("float32")
    history = model.fit(X, y, epochs=1, batch_size=4, verbose=2, validation_data=(X, y))
    h = {k: f"{v[0]:.4f}" for k, v in history.history.items()}
    assert all(v[0] > 1e-3 for v in history.history.values())
    expected = (rf"2/2 - \d+s - \d+(us|ms|s)/step - accuracy: {h['accuracy']} - loss: "
                rf"{h['loss']} - val_accuracy: {h['val_accuracy']} - val_loss: {h['val_loss']}\n")
    assert re.fullmatch(expected, capsys.readouterr().out)  # no "Epoch 1/1" line
    loss, acc = model.evaluate(X, y, batch_size=4, verbose=1)
    assert re.fullmatch(rf"2/2 ━{{20}} {_TIMING} - accuracy: {acc:.4f} - loss: {loss:.4f}\n",
                        capsys.readouterr().out)
    model.predict(X, batch_size=3, verbose=1)
    assert re.fullmatch(rf"3/3 ━{{20}} {_TIMING}\n", capsys.readouterr().out)
    model.predict(X, batch_size=3, verbose=0)
    fit(model, None, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""
