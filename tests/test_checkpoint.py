"""tf.train.Checkpoint, CheckpointManager, the readers, the file format and its safety."""
from __future__ import annotations

import gc
import json
import os
import pathlib
import time
import zlib

import numpy as np
import pytest

import fluxion as tf
from fluxion.train import _ckpt_format, _ckpt_restore
from fluxion.train.checkpoint import CheckpointError

keras = tf.keras
VALUE = "/.ATTRIBUTES/VARIABLE_VALUE"


class Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable([1.0, 2.0])
        self.lst = [tf.Variable(3.0), tf.Variable(4)]
        self.d = {"a": tf.Variable(5.0)}
        self.sub = tf.Module()
        self.sub.v = tf.Variable(6.0)


def keys(path) -> list:
    return [k for k, _ in tf.train.list_variables(path)]


# --- saving and the readers -----------------------------------------------------------------------
def test_module_keys_shapes_and_values(tmp_path):
    path = tf.train.Checkpoint(m=Net(), v=tf.Variable(7.0)).write(str(tmp_path / "w"))
    assert tf.train.list_variables(path) == [
        ("_CHECKPOINTABLE_OBJECT_GRAPH", []), ("m/d/a" + VALUE, []), ("m/lst/0" + VALUE, []),
        ("m/lst/1" + VALUE, []), ("m/sub/v" + VALUE, []), ("m/w" + VALUE, [2]),
        ("v" + VALUE, [])]
    reader = tf.train.load_checkpoint(path)
    np.testing.assert_array_equal(reader.get_tensor("m/w" + VALUE), [1.0, 2.0])
    scalar = reader.get_tensor("m/lst/1" + VALUE)
    assert isinstance(scalar, np.int32) and scalar == 4
    assert reader.get_variable_to_dtype_map()["m/lst/1" + VALUE] == tf.int32
    assert reader.get_variable_to_shape_map()["m/w" + VALUE] == [2]
    assert reader.has_tensor("v" + VALUE) and not reader.has_tensor("nope")
    assert b"m/w/.ATTRIBUTES/VARIABLE_VALUE (float32) [2]" in reader.debug_string()


def test_save_numbers_checkpoints_and_writes_state_file(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    assert ck.save_counter.dtype == tf.int64 and int(ck.save_counter) == 0
    paths = [ck.save(str(tmp_path / "ck")) for _ in range(2)]
    assert [os.path.basename(p) for p in paths] == ["ck-1", "ck-2"]
    assert (tmp_path / "checkpoint").read_text() == \
        'model_checkpoint_path: "ck-2"\nall_model_checkpoint_paths: "ck-2"\n'
    assert tf.train.latest_checkpoint(str(tmp_path)) == paths[1]
    assert tf.train.load_variable(paths[1], "save_counter" + VALUE) == 2
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ck-1.data-00000-of-00001",
                                           "ck-1.index", "ck-2.data-00000-of-00001",
                                           "ck-2.index"]


def test_write_has_no_counter_and_no_state_file(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    path = ck.write(tmp_path / "sub" / "w")
    assert path == str(tmp_path / "sub" / "w")
    assert keys(path) == ["_CHECKPOINTABLE_OBJECT_GRAPH", "v" + VALUE]
    assert not (tmp_path / "sub" / "checkpoint").exists()
    assert tf.train.latest_checkpoint(str(tmp_path / "sub")) is None


def test_relative_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    assert ck.save("sub/ck") == "sub/ck-1"
    assert tf.train.latest_checkpoint("sub") == "sub/ck-1"
    assert tf.train.load_variable("sub", "v" + VALUE + ":0") == np.float32(1.0)


def test_shared_variable_saved_once_under_its_shortest_path(tmp_path):
    v = tf.Variable(1.0)
    m = tf.Module()
    m.a, m.b = v, [v]
    assert keys(tf.train.Checkpoint(x=m, y=v).write(str(tmp_path / "w"))) == \
        ["_CHECKPOINTABLE_OBJECT_GRAPH", "y" + VALUE]


def test_nested_checkpoint_dict_attribute_and_escaping(tmp_path):
    ck = tf.train.Checkpoint(inner=tf.train.Checkpoint(a=tf.Variable(1.0)),
                             d={"x.y/z": tf.Variable(2), "l": [tf.Variable(3.0)]})
    ck.extra = tf.Variable(4.0)
    ck.plain = 5
    assert ck.plain == 5 and int(ck.extra) == 4
    assert keys(ck.write(str(tmp_path / "w"))) == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "d/l/0" + VALUE, "d/x..y./z" + VALUE,
        "extra" + VALUE, "inner/a" + VALUE]


def test_dtypes_round_trip(tmp_path):
    values = {"f16": np.array([1.5, -2.0], np.float16), "f64": np.array([[1e-300]]),
              "i8": np.array([-3], np.int8), "u16": np.array([65535], np.uint16),
              "b": np.array([True, False]), "c": np.array([1 + 2j], np.complex64),
              "s": np.array([b"ab", b"", "\u00e9".encode()], dtype=object),
              "e": np.zeros((0, 3), np.float32)}
    saved = {k: tf.Variable(v) for k, v in values.items()}
    path = tf.train.Checkpoint(**saved).save(str(tmp_path / "s"))
    fresh = {k: tf.Variable(np.zeros_like(v) if v.dtype != object else
                            np.array([b""] * len(v), dtype=object)) for k, v in values.items()}
    tf.train.Checkpoint(**fresh).read(path).assert_consumed()
    for k, v in values.items():
        assert fresh[k].dtype == saved[k].dtype
        np.testing.assert_array_equal(fresh[k].numpy(), v)


def test_data_file_is_raw_little_endian_with_index_offsets(tmp_path):
    arr = np.arange(6, dtype=np.int32).reshape(2, 3)
    path = tf.train.Checkpoint(a=tf.Variable(arr), b=tf.Variable(2.5)).write(str(tmp_path / "w"))
    index = json.loads((tmp_path / "w.index").read_text())
    assert index["format"] == "fluxion-checkpoint" and index["version"] == 1
    record = index["body"]["tensors"]["a" + VALUE]
    assert record["dtype"] == "int32" and record["shape"] == [2, 3]
    data = (tmp_path / "w.data-00000-of-00001").read_bytes()
    raw = data[record["offset"]:record["offset"] + record["size"]]
    assert raw == arr.astype("<i4").tobytes() and zlib.crc32(raw) == record["crc32"]
    assert index["body"]["tensors"]["b" + VALUE]["offset"] % 64 == 0
    assert path == str(tmp_path / "w")


# --- errors ---------------------------------------------------------------------------------------
def test_checkpoint_arguments_must_be_trackable():
    with pytest.raises(ValueError, match="expecting a to be a trackable"):
        tf.train.Checkpoint(a=1)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tf.train.Checkpoint().nope  # noqa: B018


def test_missing_checkpoints(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="missing the checkpoint suffix"):
        tf.train.Checkpoint(v=tf.Variable(1.0)).restore(str(tmp_path / "none-1"))
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files"):
        tf.train.load_checkpoint(str(tmp_path / "none-1"))
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file"):
        tf.train.list_variables(str(tmp_path))
    path = tf.train.Checkpoint(v=tf.Variable(1.0)).write(str(tmp_path / "w"))
    with pytest.raises(tf.errors.NotFoundError, match="Key w not found in checkpoint"):
        tf.train.load_variable(path, "w")
    assert tf.train.latest_checkpoint(str(tmp_path / "nowhere")) is None


def test_restore_shape_and_dtype_mismatch(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])).write(str(tmp_path / "w"))
    with pytest.raises(ValueError, match=r"incompatible tensor with shape \(2,\).*shape \(3,\)"):
        tf.train.Checkpoint(v=tf.Variable([0.0, 0.0, 0.0])).restore(path)
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected dtype int32"):
        tf.train.Checkpoint(v=tf.Variable([0, 0])).restore(path)


@pytest.fixture
def saved(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(np.arange(100, dtype=np.float32)))
    return ck.save(str(tmp_path / "ck"))


def _restore(path):
    return tf.train.Checkpoint(v=tf.Variable(np.zeros(100, np.float32))).restore(path)


def test_truncated_data_file_is_refused(saved):
    data = saved + ".data-00000-of-00001"
    with open(data, "r+b") as f:
        f.truncate(10)
    with pytest.raises(CheckpointError, match=f"{data} is truncated or corrupted"):
        _restore(saved)
    assert issubclass(CheckpointError, tf.errors.DataLossError)


def test_flipped_byte_in_data_is_refused(saved):
    data = saved + ".data-00000-of-00001"
    raw = bytearray(pathlib.Path(data).read_bytes())
    raw[200] ^= 1
    pathlib.Path(data).write_bytes(bytes(raw))
    with pytest.raises(CheckpointError, match=f"{data} is corrupted: checksum mismatch"):
        _restore(saved)
    with pytest.raises(CheckpointError, match="checksum"):
        tf.train.load_variable(saved, "v" + VALUE)


def test_truncated_or_edited_index_is_refused(saved):
    index = saved + ".index"
    text = pathlib.Path(index).read_text()
    doc = json.loads(text)
    doc["body"]["tensors"]["v" + VALUE]["shape"] = [99]  # edited without its checksum
    pathlib.Path(index).write_text(json.dumps(doc))
    with pytest.raises(CheckpointError, match=f"{index} is corrupted"):
        _restore(saved)
    pathlib.Path(index).write_text(text[:40])
    with pytest.raises(CheckpointError, match=f"{index} is truncated or corrupted"):
        tf.train.list_variables(saved)


def test_other_version_and_foreign_files_are_refused(saved):
    index = saved + ".index"
    doc = json.loads(pathlib.Path(index).read_text())
    doc["version"] = 2
    pathlib.Path(index).write_text(json.dumps(doc))
    with pytest.raises(CheckpointError, match="format version 2"):
        _restore(saved)
    pathlib.Path(index).write_bytes(b"\x00\x01sstable-bytes")
    with pytest.raises(CheckpointError, match="truncated or corrupted"):
        _restore(saved)
    pathlib.Path(index).write_text("{}")
    with pytest.raises(CheckpointError, match="not a Fluxion checkpoint"):
        _restore(saved)


# --- atomic writes --------------------------------------------------------------------------------
def test_interrupted_save_keeps_last_good_checkpoint(tmp_path, monkeypatch):
    v = tf.Variable(1.0)
    ck = tf.train.Checkpoint(v=v)
    good = ck.save(str(tmp_path / "ck"))
    real_replace = os.replace

    def crash(src, dst):
        if dst.endswith(".index"):
            raise OSError("disk full")
        real_replace(src, dst)
    monkeypatch.setattr(os, "replace", crash)
    v.assign(2.0)
    with pytest.raises(OSError, match="disk full"):
        ck.save(str(tmp_path / "ck"))
    monkeypatch.setattr(os, "replace", real_replace)
    assert tf.train.latest_checkpoint(str(tmp_path)) == good
    assert not os.path.exists(str(tmp_path / "ck-2.index"))
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]
    v.assign(0.0)
    ck.restore(tf.train.latest_checkpoint(str(tmp_path))).assert_consumed()
    assert float(v) == 1.0


def test_failure_while_writing_data_replaces_nothing(tmp_path, monkeypatch):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0), w=tf.Variable(2.0))
    path = ck.write(str(tmp_path / "w"))
    before = {f: (tmp_path / f).read_bytes() for f in os.listdir(tmp_path)}
    real = _ckpt_format.tensor_bytes
    calls = []

    def fail_second(array):
        calls.append(1)
        if len(calls) == 2:
            raise MemoryError("interrupted")
        return real(array)
    monkeypatch.setattr(_ckpt_format, "tensor_bytes", fail_second)
    with pytest.raises(MemoryError):
        ck.write(path)
    assert {f: (tmp_path / f).read_bytes() for f in os.listdir(tmp_path)} == before


def test_crash_between_renames_of_same_prefix_leaves_no_broken_checkpoint(tmp_path,
                                                                         monkeypatch):
    v = tf.Variable(np.ones(10, np.float32))
    ck = tf.train.Checkpoint(v=v)
    path = ck.write(str(tmp_path / "w"))
    v.assign(np.arange(10, dtype=np.float32))
    real_replace = os.replace

    def crash(src, dst):
        if dst.endswith(".index"):
            raise KeyboardInterrupt
        real_replace(src, dst)
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        ck.write(path)
    monkeypatch.setattr(os, "replace", real_replace)
    with pytest.raises(tf.errors.NotFoundError):  # absent, never an old index on new data
        tf.train.load_checkpoint(path)


# --- restore statuses -----------------------------------------------------------------------------
def test_restore_values_and_status(tmp_path):
    m = Net()
    path = tf.train.Checkpoint(m=m).save(str(tmp_path / "s"))
    m2 = Net()
    for v in m2.variables:
        v.assign(tf.zeros_like(v))
    ck = tf.train.Checkpoint(m=m2)
    status = ck.restore(path)
    assert status.assert_consumed() is status
    assert status.assert_existing_objects_matched().assert_nontrivial_match() is status
    assert status.expect_partial() is status and status.run_restore_ops() is None
    np.testing.assert_array_equal(m2.w.numpy(), [1.0, 2.0])
    assert int(m2.lst[1]) == 4 and float(m2.sub.v) == 6.0 and int(ck.save_counter) == 1


def test_partial_and_extra_objects(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable(1.0), w=tf.Variable(2)).save(str(tmp_path / "s"))
    v = tf.Variable(0.0)
    status = tf.train.Checkpoint(v=v).restore(path)
    assert float(v) == 1.0
    status.assert_existing_objects_matched().assert_nontrivial_match()
    with pytest.raises(AssertionError, match=r"Unresolved object in checkpoint \(root\)\.w"):
        status.assert_consumed()
    path = tf.train.Checkpoint(v=tf.Variable(1.0)).save(str(tmp_path / "only_v"))
    extra = tf.train.Checkpoint(v=tf.Variable(0.0), z=tf.Variable(3.0)).restore(path)
    with pytest.raises(AssertionError, match="Found 1 Python objects that were not bound"):
        extra.assert_existing_objects_matched()
    with pytest.raises(AssertionError, match="Found 1 Python objects"):
        extra.assert_consumed()


def test_nontrivial_match_and_write_without_counter(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable(1.0)).write(str(tmp_path / "w"))
    with pytest.raises(AssertionError, match="Nothing except the root object matched"):
        tf.train.Checkpoint(z=tf.Variable(0.0)).restore(path).assert_nontrivial_match()
    status = tf.train.Checkpoint(v=tf.Variable(0.0)).restore(path)
    with pytest.raises(AssertionError, match="save_counter"):  # created, nothing saved for it
        status.assert_existing_objects_matched()


def test_restore_none():
    status = tf.train.Checkpoint(v=tf.Variable(1.0)).restore(None)
    for check in ("assert_consumed", "assert_existing_objects_matched",
                  "assert_nontrivial_match"):
        with pytest.raises(AssertionError, match="No checkpoint specified"):
            getattr(status, check)()
    assert status.expect_partial() is status


# --- delayed restoration and Keras ----------------------------------------------------------------
X = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
Y = np.random.default_rng(1).normal(size=(8, 1)).astype("float32")


def make_model(built: bool):
    layers = [keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(1)]
    inputs = [keras.Input((4,))] if built else []
    return keras.Sequential(inputs + layers), keras.optimizers.Adam(0.01)


def train_step(model, optimizer, reverse: bool = False):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((model(X) - Y) ** 2)
    variables = model.trainable_variables[::-1 if reverse else 1]
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))


@pytest.mark.parametrize("built,reverse", [(True, False), (False, False), (False, True)])
def test_resumed_training_is_bit_exact(tmp_path, built, reverse):
    straight, opt = make_model(True)
    start = [w.numpy() for w in straight.weights]
    for _ in range(10):
        train_step(straight, opt)
    first, opt1 = make_model(True)
    for w, value in zip(first.weights, start):
        w.assign(value)
    for _ in range(5):
        train_step(first, opt1)
    path = tf.train.Checkpoint(model=first, optimizer=opt1).save(str(tmp_path / "ck"))
    del first, opt1
    resumed, opt2 = make_model(built)
    status = tf.train.Checkpoint(model=resumed, optimizer=opt2).restore(path)
    status.assert_existing_objects_matched()
    with pytest.raises(AssertionError, match="Unresolved object"):  # slots: at first apply
        status.assert_consumed()
    for _ in range(5):
        train_step(resumed, opt2, reverse)  # reverse: slots follow their variables, not order
    status.assert_consumed()
    assert int(opt2.iterations) == 10
    for a, b in zip(straight.weights, resumed.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_keras_keys_and_inline_restore(tmp_path):
    model, opt = make_model(True)
    train_step(model, opt)
    path = tf.train.Checkpoint(model=model, optimizer=opt).write(str(tmp_path / "w"))
    assert "model/layers/0/kernel" + VALUE in keys(path)
    assert "model/layers/1/bias/.OPTIMIZER_SLOT/optimizer/velocity" + VALUE in keys(path)
    assert "optimizer/_iterations" + VALUE in keys(path)
    fresh, opt2 = make_model(False)
    tf.train.Checkpoint(model=fresh, optimizer=opt2).read(path)  # nothing kept but objects
    fresh(X)
    np.testing.assert_array_equal(fresh.layers[0].kernel.numpy(),
                                  model.layers[0].kernel.numpy())
    opt2.build(fresh.trainable_variables)
    np.testing.assert_array_equal(opt2._momentums[3].numpy(), opt._momentums[3].numpy())
    assert int(opt2.iterations) == 1


def test_optimizer_alone_restores_the_variables_it_was_built_with(tmp_path):
    model, opt = make_model(True)
    train_step(model, opt)
    path = tf.train.Checkpoint(optimizer=opt).save(str(tmp_path / "s"))
    assert "optimizer/_trainable_variables/0" + VALUE in keys(path)
    saved = [w.numpy() for w in model.weights]
    for w in model.weights:
        w.assign(tf.zeros_like(w))
    tf.train.Checkpoint(optimizer=opt).read(path).assert_consumed()
    for a, b in zip(saved, model.weights):
        np.testing.assert_array_equal(a, b.numpy())


def test_skip_slot_variables_option(tmp_path):
    model, opt = make_model(True)
    train_step(model, opt)
    path = tf.train.Checkpoint(model=model, optimizer=opt).write(str(tmp_path / "w"))
    fresh, opt2 = make_model(True)
    options = tf.train.CheckpointOptions(experimental_skip_slot_variables=True)
    tf.train.Checkpoint(model=fresh, optimizer=opt2).read(path, options=options)
    opt2.build(fresh.trainable_variables)
    assert not np.any(opt2._momentums[0].numpy())
    assert int(opt2.iterations) == 1


def test_subclassed_model_and_compiled_optimizer(tmp_path):
    class Tower(keras.Model):
        def __init__(self):
            super().__init__()
            self.first = keras.layers.Dense(3)
            self.blocks = [keras.layers.Dense(2), keras.layers.Dense(1)]

        def call(self, x, training=None):
            x = self.first(x)
            for block in self.blocks:
                x = block(x)
            return x
    model = Tower()
    model.compile(optimizer="adam", loss="mse")
    model.fit(X, Y, epochs=1, verbose=0)
    path = tf.train.Checkpoint(model=model).save(str(tmp_path / "s"))
    assert {"model/first/kernel" + VALUE, "model/blocks/1/bias" + VALUE,
            "model/optimizer/_iterations" + VALUE} <= set(keys(path))
    fresh = Tower()
    fresh.compile(optimizer="adam", loss="mse")
    status = tf.train.Checkpoint(model=fresh).read(path)
    fresh(X)
    for a, b in zip(model.weights, fresh.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    fresh.fit(X, Y, epochs=1, verbose=0)  # the optimizer builds: slots restored then
    assert int(model.optimizer.iterations) == 1 and int(fresh.optimizer.iterations) == 2
    status.assert_consumed()


def test_pending_restoration_does_not_keep_objects_alive(tmp_path):
    model, opt = make_model(True)
    train_step(model, opt)
    path = tf.train.Checkpoint(model=model, optimizer=opt).write(str(tmp_path / "w"))
    gc.collect()
    before = len(_ckpt_restore.active())  # other tests' pending restorations may still live
    fresh, opt2 = make_model(False)
    tf.train.Checkpoint(model=fresh, optimizer=opt2).read(path)
    assert len(_ckpt_restore.active()) > before
    del fresh, opt2
    gc.collect()
    assert len(_ckpt_restore.active()) == before


# --- iterators ------------------------------------------------------------------------------------
class FakeIterator:
    """An iterator with the documented state hooks."""

    def __init__(self, data):
        self.data, self.pos, self.restored = data, 0, None

    def __next__(self):
        self.pos += 1
        return self.data[self.pos - 1]

    def _checkpoint_state(self):
        return {"pos": self.pos, "seen": np.array(self.data[:self.pos], np.int64),
                "tag": b"\x00raw", "pair": (1.5, "a", None), "nested": [{"k": True}]}

    def _restore_checkpoint_state(self, state):
        self.pos, self.restored = state["pos"], state


def test_iterator_state_round_trip(tmp_path):
    it = FakeIterator(list(range(10)))
    next(it), next(it), next(it)
    path = tf.train.Checkpoint(iterator=it, v=tf.Variable(1.0)).save(str(tmp_path / "ck"))
    assert "iterator/.ATTRIBUTES/ITERATOR_STATE/0" in keys(path)
    fresh = FakeIterator(list(range(10)))
    tf.train.Checkpoint(iterator=fresh, v=tf.Variable(0.0)).restore(path).assert_consumed()
    assert next(fresh) == 3
    state = fresh.restored
    np.testing.assert_array_equal(state["seen"], [0, 1, 2])
    assert state["tag"] == b"\x00raw" and state["pair"] == (1.5, "a", None)
    assert state["nested"] == [{"k": True}]


def test_data_iterators_without_a_position_are_accepted_with_a_warning(tmp_path):
    it = tf.data.Dataset.range(5).as_numpy_iterator()  # reports no position
    ck = tf.train.Checkpoint(iterator=it, v=tf.Variable(1.0))
    with pytest.warns(UserWarning, match="position is not saved"):
        path = ck.write(str(tmp_path / "w"))
    assert keys(path) == ["_CHECKPOINTABLE_OBJECT_GRAPH", "v" + VALUE]


# --- CheckpointManager ----------------------------------------------------------------------------
def names(paths) -> list:
    return [os.path.basename(p) for p in paths]


def test_manager_keeps_max_to_keep(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    manager = tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=2)
    assert manager.latest_checkpoint is None and manager.checkpoints == []
    saved = [manager.save(), manager.save(), manager.save(checkpoint_number=10),
             manager.save(checkpoint_number=tf.constant(11))]
    assert names(saved) == ["ckpt-1", "ckpt-2", "ckpt-10", "ckpt-11"]
    assert names(manager.checkpoints) == ["ckpt-10", "ckpt-11"]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-10.data-00000-of-00001",
                                           "ckpt-10.index", "ckpt-11.data-00000-of-00001",
                                           "ckpt-11.index"]
    assert int(ck.save_counter) == 4 and manager.latest_checkpoint == saved[-1]
    state = (tmp_path / "checkpoint").read_text().splitlines()
    assert state[:3] == ['model_checkpoint_path: "ckpt-11"',
                         'all_model_checkpoint_paths: "ckpt-10"',
                         'all_model_checkpoint_paths: "ckpt-11"']
    assert state[3].startswith("all_model_checkpoint_timestamps: ")
    assert state[-1].startswith("last_preserved_timestamp: ")


def test_manager_recovers_existing_directory(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    manager = tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=3)
    for _ in range(4):
        manager.save()
    again = tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=2)
    assert names(again.checkpoints) == ["ckpt-2", "ckpt-3", "ckpt-4"]
    assert again.latest_checkpoint == str(tmp_path / "ckpt-4")
    again.save()
    assert names(again.checkpoints) == ["ckpt-4", "ckpt-5"]
    assert sorted(f for f in os.listdir(tmp_path) if f.endswith(".index")) == \
        ["ckpt-4.index", "ckpt-5.index"]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert names(state.all_model_checkpoint_paths) == ["ckpt-4", "ckpt-5"]
    assert len(state.all_model_checkpoint_timestamps) == 2


def test_manager_keep_all_and_arguments(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    manager = tf.train.CheckpointManager(ck, tmp_path, max_to_keep=None, checkpoint_name="m")
    for _ in range(3):
        manager.save()
    assert names(manager.checkpoints) == ["m-1", "m-2", "m-3"]
    assert manager.directory == str(tmp_path) and manager.checkpoint is ck
    with pytest.raises(ValueError, match="positive integer or `None`"):
        tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=0)
    with pytest.raises(ValueError, match="`step_counter` should be passed"):
        tf.train.CheckpointManager(ck, str(tmp_path), 3, checkpoint_interval=2)


def test_manager_checkpoint_interval(tmp_path):
    step = tf.Variable(0, dtype=tf.int64)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(1.0)), str(tmp_path),
                                         3, step_counter=step, checkpoint_interval=2)
    out = []
    for _ in range(6):
        path = manager.save()
        out.append(None if path is None else os.path.basename(path))
        step.assign_add(1)
    assert out == ["ckpt-1", None, "ckpt-2", None, "ckpt-3", None]
    assert os.path.basename(manager.save(check_interval=False)) == "ckpt-4"
    assert manager.save(check_interval=False) is None  # same step
    assert manager.checkpoint_interval == 2


def test_manager_keep_checkpoint_every_n_hours(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(1.0)),
                                         str(tmp_path), 1, keep_checkpoint_every_n_hours=1)
    for _ in range(4):
        clock[0] += 1900.0  # 0.53 hours
        manager.save()
    assert names(manager.checkpoints) == ["ckpt-4"]
    kept = sorted(f for f in os.listdir(tmp_path) if f.endswith(".index"))
    assert kept == ["ckpt-2.index", "ckpt-4.index"]  # ckpt-2 is an hour after the start


def test_restore_or_initialize(tmp_path):
    calls = []
    v = tf.Variable(5.0)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), str(tmp_path), 3,
                                         init_fn=lambda: calls.append("init"))
    assert manager.restore_or_initialize() is None and calls == ["init"]
    manager.save()
    v.assign(0.0)
    again = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), str(tmp_path), 3,
                                       init_fn=lambda: calls.append("again"))
    assert again.restore_or_initialize() == str(tmp_path / "ckpt-1")
    assert float(v) == 5.0 and calls == ["init"]


def test_latest_checkpoint_skips_incomplete_entry(tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    path = ck.save(str(tmp_path / "ck"))
    os.remove(path + ".index")
    assert tf.train.latest_checkpoint(str(tmp_path)) is None


def test_write_callbacks_and_options(tmp_path):
    seen = []
    options = tf.train.CheckpointOptions(
        experimental_io_device="/job:localhost",
        experimental_write_callbacks=[seen.append, lambda: seen.append("no-arg")])
    path = tf.train.Checkpoint(v=tf.Variable(1.0)).save(str(tmp_path / "s"), options=options)
    assert seen == [path, "no-arg"]
    assert options.experimental_io_device == "/job:localhost"


def test_attribute_attached_after_restore_takes_its_value(tmp_path):
    layer = tf.train.Checkpoint()
    saved = tf.train.Checkpoint(net=tf.train.Checkpoint(l1=tf.train.Checkpoint(
        bias=tf.Variable([1.0, 2.0]))))
    path = saved.save(str(tmp_path / "s"))
    status = tf.train.Checkpoint(net=tf.train.Checkpoint(l1=layer)).restore(path)
    late = tf.Variable([0.0, 0.0])
    layer.bias = late
    np.testing.assert_array_equal(late.numpy(), [1.0, 2.0])
    status.assert_consumed()


def test_checkpoints_iterator_yields_latest_then_times_out(tmp_path):
    path = tf.train.Checkpoint(v=tf.Variable(1.0)).save(str(tmp_path / "ck"))
    assert list(tf.train.checkpoints_iterator(str(tmp_path), timeout=0)) == [path]


def test_dataset_iterators_resume_at_their_position(tmp_path):
    # a deterministic pipeline (a seeded shuffle that keeps its order) resumes exactly
    ds = tf.data.Dataset.range(10).shuffle(10, seed=3, reshuffle_each_iteration=False).batch(2)
    it = iter(ds)
    first = [next(it).numpy().tolist() for _ in range(2)]
    ckpt = tf.train.Checkpoint(iterator=it)
    path = ckpt.save(str(tmp_path / "ckpt"))
    rest = [b.numpy().tolist() for b in it]
    fresh = iter(ds)
    tf.train.Checkpoint(iterator=fresh).restore(path)
    assert [b.numpy().tolist() for b in fresh] == rest
    assert sorted(sum(first + rest, [])) == list(range(10))
