"""tf.sets against Python set arithmetic, eagerly and in tf.function."""
import numpy as np
import pytest

import fluxion as tf


def _as_sets(sp, batch_rank):
    """{group coordinates: sorted values} of a set-op result, checking the order TF promises."""
    idx, vals = sp.indices.numpy(), sp.values.numpy()
    flat = [tuple(r) for r in idx.tolist()]
    assert flat == sorted(flat)
    out = {}
    for row, v in zip(flat, vals.tolist()):
        out.setdefault(row[:batch_rank], []).append(v)
    for v in out.values():
        assert v == sorted(v)
    return out


def _python(a, b, fn):
    out = {}
    for key in np.ndindex(a.shape[:-1]):
        r = sorted(fn(set(a[key].tolist()), set(b[key].tolist())))
        if r:
            out[key] = r
    return out


@pytest.mark.parametrize("name,fn", [("intersection", set.__and__), ("union", set.__or__),
                                     ("difference", set.__sub__)])
def test_random_dense_sets_match_python(name, fn):
    rng = np.random.default_rng(0)
    a = rng.integers(0, 6, (3, 2, 5)).astype(np.int64)
    b = rng.integers(0, 6, (3, 2, 4)).astype(np.int64)
    r = getattr(tf.sets, name)(a, b)
    got = _as_sets(r, 2)
    assert got == _python(a, b, fn)
    width = max(len(v) for v in got.values())
    assert r.dense_shape.numpy().tolist() == [3, 2, width]


def test_sparse_operand_matches_dense():
    a = np.array([[4, 1, 1], [2, 9, 0]], np.int32)
    b = np.array([[1, 3, 3], [9, 9, 7]], np.int32)
    sb = tf.sparse.from_dense(b)  # drops b's zeros: none here
    dense = tf.sets.difference(a, b)
    mixed = tf.sets.difference(a, sb)
    flipped = tf.sets.difference(sb, a, aminusb=False)
    for r in (mixed, flipped):
        np.testing.assert_array_equal(r.indices.numpy(), dense.indices.numpy())
        np.testing.assert_array_equal(r.values.numpy(), dense.values.numpy())


def test_size_counts_distinct_values():
    sp = tf.sparse.SparseTensor([[0, 0], [0, 1], [0, 2], [2, 0]], [7, 7, 8, 1], [3, 4])
    np.testing.assert_array_equal(tf.sets.size(sp).numpy(), [2, 0, 1])
    assert tf.sets.size(sp).dtype == tf.int32


def test_union_traces_with_data_dependent_sizes():
    @tf.function
    def f(x, y):
        r = tf.sets.union(x, y)
        return r.values, r.dense_shape

    v, s = f(tf.constant([[1, 2], [3, 3]]), tf.constant([[5, 1], [3, 3]]))
    assert v.numpy().tolist() == [1, 2, 5, 3] and s.numpy().tolist() == [2, 3]
    v, s = f(tf.constant([[1, 1], [4, 3]]), tf.constant([[1, 1], [4, 3]]))
    assert v.numpy().tolist() == [1, 3, 4] and s.numpy().tolist() == [2, 2]


def test_unsupported_dtype_is_type_error():
    with pytest.raises(TypeError):
        tf.sets.union(tf.constant([[1.0]]), tf.constant([[1.0]]))
