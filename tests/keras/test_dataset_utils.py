"""keras.utils.timeseries_dataset_from_array, text_dataset_from_directory and split_dataset,
against NumPy windows written from Keras' documented rules."""
import numpy as np
import pytest

import fluxion as tf

utils = tf.keras.utils


def _windows(data, sequence_length, stride, rate, start, end, targets=None):
    """Keras' windows: starts 0, stride, 2*stride... while the window fits in [start, end)."""
    steps = data[start:end]
    n = end - start - (sequence_length - 1) * rate
    if targets is not None:
        n = min(n, len(targets))
    starts = np.arange(0, n, stride)
    x = np.stack([steps[p:p + sequence_length * rate:rate] for p in starts])
    y = None if targets is None else targets[start:end][starts]
    return x, y


@pytest.mark.parametrize("length,stride,rate,start,end,batch", [
    (4, 1, 1, None, None, 128), (4, 2, 2, 1, 14, 3), (3, 5, 1, 2, None, 2),
    (1, 1, 3, None, 10, 4), (5, 3, 2, 0, 19, None)])
def test_timeseries_windows_match_numpy(length, stride, rate, start, end, batch):
    data = np.arange(40, dtype=np.float64).reshape(20, 2)
    targets = np.arange(20) * 10
    ds = utils.timeseries_dataset_from_array(
        data, targets, sequence_length=length, sequence_stride=stride, sampling_rate=rate,
        batch_size=batch, start_index=start, end_index=end)
    xs, ys = zip(*[(x.numpy(), y.numpy()) for x, y in ds])
    x = np.concatenate(xs) if batch else np.stack(xs)
    y = np.concatenate(ys) if batch else np.stack(ys)
    ex, ey = _windows(data, length, stride, rate, start or 0, 20 if end is None else end,
                      targets)
    np.testing.assert_array_equal(x, ex)
    np.testing.assert_array_equal(y, ey)
    assert x.dtype == np.float64 and y.dtype == np.int64
    if batch:
        assert all(len(b) == batch for b in xs[:-1])


def test_timeseries_without_targets_and_shuffled():
    data = np.arange(50, dtype=np.float32)
    ds = utils.timeseries_dataset_from_array(data, None, sequence_length=5, batch_size=8)
    x = np.concatenate([b.numpy() for b in ds])
    np.testing.assert_array_equal(x, _windows(data, 5, 1, 1, 0, 50)[0])
    shuffled = utils.timeseries_dataset_from_array(data, data * 2, sequence_length=5,
                                                   batch_size=8, shuffle=True, seed=3)
    pairs = [(x, y) for bx, by in shuffled for x, y in zip(bx.numpy(), by.numpy())]
    assert sorted(p[0][0] for p in pairs) == list(range(46))
    assert all(y == 2 * x[0] for x, y in pairs)  # each target stays with its window
    assert [p[0][0] for p in pairs] != sorted(p[0][0] for p in pairs)


@pytest.mark.parametrize("kwargs,match", [
    ({"start_index": -1}, "start_index"), ({"start_index": 30}, "start_index"),
    ({"start_index": 5, "end_index": 3}, "end_index"), ({"end_index": 30}, "end_index"),
    ({"sampling_rate": 0}, "sampling_rate"), ({"sequence_stride": 20}, "sequence_stride")])
def test_timeseries_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        utils.timeseries_dataset_from_array(np.arange(20), None, sequence_length=3, **kwargs)


def test_timeseries_trains_a_model():
    series = np.sin(np.arange(200) / 5.0).astype(np.float32)
    ds = utils.timeseries_dataset_from_array(series[:-5], series[5:], sequence_length=5,
                                             batch_size=16)
    model = tf.keras.Sequential([tf.keras.Input((5,)), tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss="mse")
    history = model.fit(ds, epochs=4, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.fixture
def text_dir(tmp_path):
    texts = {"neg": ["bad movie", "awful\nplot", "meh"], "pos": ["great film", "loved it!"]}
    for label, items in texts.items():
        (tmp_path / label).mkdir()
        for i, text in enumerate(items):
            (tmp_path / label / f"{i}.txt").write_text(text)
    (tmp_path / "pos" / "notes.md").write_text("not a .txt file")
    return tmp_path


def test_text_dataset_int_labels(text_dir, capsys):
    ds = utils.text_dataset_from_directory(text_dir, batch_size=2, shuffle=False)
    assert capsys.readouterr().out == "Found 5 files belonging to 2 classes.\n"
    assert ds.class_names == ["neg", "pos"]
    x_spec, y_spec = ds.element_spec
    assert x_spec.dtype is tf.string and y_spec.dtype is tf.int32
    batches = [(x.numpy().tolist(), y.numpy().tolist()) for x, y in ds]
    assert batches == [([b"bad movie", b"awful\nplot"], [0, 0]),
                       ([b"meh", b"great film"], [0, 1]), ([b"loved it!"], [1])]


def test_text_dataset_label_modes_and_max_length(text_dir):
    ds = utils.text_dataset_from_directory(text_dir, batch_size=None, shuffle=False,
                                           label_mode="categorical", max_length=4)
    items = [(x.numpy(), y.numpy().tolist()) for x, y in ds]
    assert items[0] == (b"bad ", [1.0, 0.0]) and items[-1] == (b"love", [0.0, 1.0])
    ds = utils.text_dataset_from_directory(text_dir, shuffle=False, label_mode="binary")
    (x, y), = list(ds)
    assert y.dtype is tf.float32 and y.numpy().tolist() == [[0.0]] * 3 + [[1.0]] * 2
    ds = utils.text_dataset_from_directory(text_dir, shuffle=False, label_mode=None)
    assert ds.element_spec.dtype is tf.string and len(next(iter(ds))) == 5
    ds = utils.text_dataset_from_directory(text_dir, class_names=["pos", "neg"],
                                           shuffle=False)
    x, y = next(iter(ds))
    assert x.numpy().tolist()[0] == b"great film" and y.numpy().tolist() == [0, 0, 1, 1, 1]


def test_text_dataset_validation_split(text_dir):
    train, val = utils.text_dataset_from_directory(text_dir, validation_split=0.4,
                                                   subset="both", seed=1)
    train_texts = sorted(t for x, _ in train for t in x.numpy().tolist())
    val_texts = sorted(t for x, _ in val for t in x.numpy().tolist())
    assert len(train_texts) == 3 and len(val_texts) == 2
    assert sorted(train_texts + val_texts) == sorted(
        [b"bad movie", b"awful\nplot", b"meh", b"great film", b"loved it!"])
    again = utils.text_dataset_from_directory(text_dir, validation_split=0.4,
                                              subset="validation", seed=1)
    assert sorted(t for x, _ in again for t in x.numpy().tolist()) == val_texts
    assert train.class_names == val.class_names == ["neg", "pos"]


@pytest.mark.parametrize("kwargs", [{"label_mode": "sparse"}, {"validation_split": 0.2},
                                    {"validation_split": 0.2, "subset": "training"},
                                    {"class_names": ["a"]}, {"labels": "abc"},
                                    {"labels": [0, 1], "class_names": ["a", "b"]}])
def test_text_dataset_errors(text_dir, kwargs):
    with pytest.raises(ValueError):
        utils.text_dataset_from_directory(text_dir, **kwargs)


def test_split_dataset_arrays_tuples_and_datasets():
    left, right = utils.split_dataset(np.arange(10), left_size=0.8)
    assert [x.numpy() for x in left] == list(range(8))
    assert [x.numpy() for x in right] == [8, 9]
    left, right = utils.split_dataset((np.arange(10), np.arange(10) * 2), right_size=3,
                                      shuffle=True, seed=3)
    pairs = [(a.numpy(), b.numpy()) for a, b in left] + [(a.numpy(), b.numpy())
                                                         for a, b in right]
    assert len(pairs) == 10 and all(b == 2 * a for a, b in pairs)
    assert sorted(a for a, _ in pairs) == list(range(10))
    expected_order = list(range(10))
    import random
    random.Random(3).shuffle(expected_order)  # Keras shuffles with Python's random
    assert [a for a, _ in pairs] == expected_order
    left, right = utils.split_dataset(tf.data.Dataset.range(10).batch(3), left_size=4)
    assert [b.numpy().tolist() for b in left] == [[0, 1, 2], [3]]
    assert [b.numpy().tolist() for b in right] == [[4, 5, 6], [7, 8, 9]]


@pytest.mark.parametrize("kwargs,error", [
    ({"left_size": 0}, ValueError), ({"left_size": 11}, ValueError),
    ({"left_size": 1.5}, ValueError), ({"left_size": 0.5, "right_size": 0.6}, ValueError),
    ({}, ValueError), ({"left_size": "a"}, TypeError)])
def test_split_dataset_errors(kwargs, error):
    with pytest.raises(error):
        utils.split_dataset(np.arange(10), **kwargs)
