"""`keras.tree` (node types and orders the reference fixtures cannot tell apart: tuples vs
lists, namedtuple and deque rebuilding, dict key order) and keras' small top-level names."""
from __future__ import annotations

import collections
import warnings

import numpy as np
import pytest

import fluxion as tf

tree = tf.keras.tree
P = collections.namedtuple("P", "x y")


def test_rebuilt_nodes_keep_their_types():
    out = tree.map_structure(lambda v: v + 1, [1, (2, P(3, 4)), collections.deque([5], 3)])
    assert type(out[1]) is tuple and type(out[1][1]) is P and out[1][1] == P(4, 5)
    assert isinstance(out[2], collections.deque) and out[2].maxlen == 3 and list(out[2]) == [6]
    d = tree.map_structure(lambda v: v, collections.defaultdict(int, {"b": 1, "a": 2}))
    assert isinstance(d, collections.defaultdict) and d.default_factory is int
    assert list(d) == ["b", "a"]  # the original key order, though children are sorted


def test_lists_to_tuples_and_traverse_types():
    out = tree.lists_to_tuples([1, [2, {"a": [3]}]])
    assert out == (1, (2, {"a": (3,)})) and type(out[1]) is tuple
    assert type(out[1][1]["a"]) is tuple
    assert tree.traverse(lambda x: None, (1, [2])) == (1, [2])


def test_flatten_pack_round_trip_with_tensors():
    structure = {"w": [tf.constant(1.0), None], "a": (tf.constant([2, 3]),)}
    flat = tree.flatten(structure)
    assert len(flat) == 3 and flat[2] is None  # "a" sorts first; None is a leaf
    packed = tree.pack_sequence_as(structure, [10, 20, 30])
    assert packed == {"w": [20, 30], "a": (10,)}
    paths = [p for p, _ in tree.flatten_with_path(structure)]
    assert paths == [("a", 0), ("w", 0), ("w", 1)]


def test_structure_errors():
    with pytest.raises(ValueError, match="Expected an instance of list"):
        tree.map_structure(lambda a, b: a, [1, 2], (1, 2))
    with pytest.raises(ValueError, match="arity mismatch"):
        tree.assert_same_structure([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="key mismatch"):
        tree.assert_same_structure({"a": 1}, {"b": 1})
    tree.assert_same_paths([1, (2, 3)], ((4, [5, 6])))
    with pytest.raises(ValueError, match="same paths"):
        tree.assert_same_paths([1, 2], [1])
    with pytest.warns(DeprecationWarning):
        tree.assert_same_structure([1], [2], check_types=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tree.assert_same_structure([1], [2])


def test_map_shape_structure_and_up_to():
    shapes = tree.map_shape_structure(lambda s: np.prod([d or 1 for d in s]),
                                      {"x": (None, 3), "y": [(2, 2), (4,)]})
    assert shapes == {"x": 3, "y": [4, 4]}
    out = tree.map_structure_up_to({"a": 0, "b": [0, 0]}, lambda a, b: a * b,
                                   {"a": 2, "b": [3, 4]}, {"a": 5, "b": [6, [7]]})
    assert out == {"a": 10, "b": [18, [7, 7, 7, 7]]}


def test_top_level_names():
    assert tf.keras.version() == tf.keras.__version__
    spec = tf.keras.InputSpec(shape=(None, 4), dtype="float32")
    assert spec.ndim == 2 and repr(spec) == "InputSpec(dtype=float32, shape=(None, 4), ndim=2)"
    clone = tf.keras.InputSpec.from_config(spec.get_config())
    assert clone.get_config() == spec.get_config()
    with tf.keras.name_scope("outer") as scope:
        assert scope.name == "outer"
    with pytest.raises(ValueError):
        tf.keras.name_scope("a/b")
    with tf.keras.device("cpu:0"):
        assert "CPU" in tf.ones((1,)).device
    assert issubclass(tf.keras.initializers.Zeros, tf.keras.Initializer)
    assert isinstance(tf.keras.Input((2,)), tf.keras.KerasTensor)
    assert {"tree", "InputSpec", "version"} <= set(dir(tf.keras))
