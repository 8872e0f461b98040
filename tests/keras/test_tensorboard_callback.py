"""keras.callbacks.TensorBoard: the event files, folders, tags and steps Keras 3 writes
(checked against real Keras: train/ and validation/, epoch_<metric>, batch_<metric>,
evaluation_<metric>_vs_iterations, the "keras" model JSON)."""
import glob
import os
import warnings

import numpy as np
import pytest

import fluxion as tf
from fluxion import keras
from fluxion.io import _wire
from fluxion.io.tfrecord import tf_record_iterator


def _fields(data) -> dict:
    return {number: value for number, _, value in _wire.iter_fields(data)}


def events(folder) -> list:
    """(step, tag, plugin, value) of every summary in the one events file of `folder`."""
    (path,) = glob.glob(os.path.join(str(folder), "events.out.tfevents.*.v2"))
    out = []
    for record in list(tf_record_iterator(path))[1:]:
        event = _fields(bytes(record))
        value = _fields(_fields(event[5])[1])
        plugin = _fields(_fields(value[9])[1])[1].decode()
        proto = _fields(value[8])
        dtype = tf.string if proto[1] == 7 else tf.float32 if proto[1] == 1 else tf.float64
        tensor = tf.io.parse_tensor(value[8], dtype).numpy()
        out.append((event.get(2, 0), value[1].decode(), plugin, tensor))
    return out


def make_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.01), "mse", metrics=["mae"])
    return model


def data():
    rng = np.random.default_rng(0)
    return rng.random((20, 3)).astype("float32"), rng.random((20, 1)).astype("float32")


def fit(callback, epochs=2, **kwargs):
    x, y = data()
    model = make_model()
    history = model.fit(x, y, epochs=epochs, batch_size=10, verbose=0, callbacks=[callback],
                        **kwargs)
    return model, history


def test_epoch_scalars_in_train_and_validation(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "writes nothing" warning any more
        _, history = fit(keras.callbacks.TensorBoard(tmp_path), validation_split=0.5)
    train = events(tmp_path / "train")
    val = events(tmp_path / "validation")
    assert train[0][:3] == (0, "keras", "graph_keras_model")  # the model's JSON
    assert b'"class_name": "Sequential"' in train[0][3]
    epoch_train = [(s, t) for s, t, p, _ in train[1:]]
    assert epoch_train == [(0, "epoch_loss"), (0, "epoch_mae"), (0, "epoch_learning_rate"),
                           (1, "epoch_loss"), (1, "epoch_mae"), (1, "epoch_learning_rate")]
    assert all(p == "scalars" for _, _, p, _ in train[1:] + val)
    losses = [float(v) for _, t, _, v in train if t == "epoch_loss"]
    np.testing.assert_allclose(losses, history.history["loss"], rtol=1e-6)
    np.testing.assert_allclose([float(v) for _, t, _, v in train if t == "epoch_learning_rate"],
                               [0.01, 0.01], rtol=1e-6)
    # each validation: evaluation_<metric>_vs_iterations at the optimizer's step count, then
    # the epoch's validation metrics without their "val_" prefix
    assert [(s, t) for s, t, _, _ in val] == [
        (1, "evaluation_loss_vs_iterations"), (1, "evaluation_mae_vs_iterations"),
        (0, "epoch_loss"), (0, "epoch_mae"),
        (2, "evaluation_loss_vs_iterations"), (2, "evaluation_mae_vs_iterations"),
        (1, "epoch_loss"), (1, "epoch_mae")]
    np.testing.assert_allclose([float(v) for _, t, _, v in val if t == "epoch_loss"],
                               history.history["val_loss"], rtol=1e-6)


def test_no_validation_folder_without_validation(tmp_path):
    fit(keras.callbacks.TensorBoard(tmp_path, write_graph=False), epochs=1)
    assert sorted(os.listdir(tmp_path)) == ["train"]
    assert [t for _, t, _, _ in events(tmp_path / "train")] == [
        "epoch_loss", "epoch_mae", "epoch_learning_rate"]


def test_update_freq_batch_writes_batch_scalars(tmp_path):
    fit(keras.callbacks.TensorBoard(tmp_path, update_freq="batch", write_graph=False))
    got = [(s, t) for s, t, _, _ in events(tmp_path / "train") if t.startswith("batch_")]
    assert got == [(k, t) for k in (1, 2, 3, 4) for t in ("batch_loss", "batch_mae")]


def test_update_freq_int_records_every_nth_batch(tmp_path):
    fit(keras.callbacks.TensorBoard(tmp_path, update_freq=3, write_graph=False), epochs=3)
    got = events(tmp_path / "train")
    assert [s for s, t, _, _ in got if t == "batch_loss"] == [3, 6]
    # as in Keras, the record_if of batch summaries also holds back epoch summaries written
    # while the last batch count is not a multiple of update_freq (2 batches an epoch)
    assert [s for s, t, _, _ in got if t == "epoch_loss"] == [2]


def test_epoch_mode_writes_no_batch_scalars(tmp_path):
    fit(keras.callbacks.TensorBoard(tmp_path, write_graph=False))
    assert not [t for _, t, _, _ in events(tmp_path / "train") if t.startswith("batch_")]


def test_histogram_freq_writes_weight_histograms(tmp_path):
    model, _ = fit(keras.callbacks.TensorBoard(tmp_path, histogram_freq=2, write_graph=False),
                   epochs=3)
    hist = [(s, t, v) for s, t, p, v in events(tmp_path / "train") if p == "histograms"]
    name = model.layers[0].name
    assert sorted({t for _, t, _ in hist}) == [f"{name}/bias/histogram",
                                               f"{name}/kernel/histogram"]
    assert sorted({s for s, _, _ in hist}) == [0, 2]
    kernel = [v for s, t, v in hist if t == f"{name}/kernel/histogram"][-1]
    assert kernel.shape == (30, 3) and kernel[:, 2].sum() == 3
    w = model.layers[0].kernel.numpy()
    assert kernel[0, 0] == pytest.approx(w.min()) and kernel[-1, 1] == pytest.approx(w.max())


def test_profile_batch_validated(tmp_path):
    with pytest.raises(ValueError, match="profile_batch"):
        keras.callbacks.TensorBoard(tmp_path, profile_batch=(5, 2))
    tb = keras.callbacks.TensorBoard(tmp_path, update_freq="batch")
    assert (tb.log_dir, tb.update_freq) == (str(tmp_path), 1)
    assert not os.path.exists(tmp_path / "train")  # writers are created when used


def test_write_steps_per_second(tmp_path):
    fit(keras.callbacks.TensorBoard(tmp_path, update_freq="batch", write_graph=False,
                                    write_steps_per_second=True))
    got = events(tmp_path / "train")
    tags = [t for _, t, _, _ in got]
    assert tags.count("batch_steps_per_second") == 4 and tags.count("epoch_steps_per_second") == 2
    assert all(float(v) > 0 for _, t, _, v in got if t.endswith("steps_per_second"))
