"""Public functions of the array family: shape/structure ops, indexing, padding, creation and
shape queries against NumPy; gradients (also of composites and second order); errors name the
op; kernels return views where NumPy allows."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fluxion as tf
from fluxion.core.op import REGISTRY, Spec
from fluxion.errors import InvalidArgumentError
from tests.opcheck import check_gradient

R = np.random.default_rng(5)
X = R.standard_normal((2, 3, 4)).astype(np.float32)
M = R.standard_normal((3, 4))
T = tf.constant(X)


def infer(op: str, *shapes, dtype=tf.float32, **attrs):
    return REGISTRY[op].infer_specs(*[Spec(s, dtype) for s in shapes], **attrs)


# --- reshape / expand_dims / squeeze / transpose -------------------------------------------------
@pytest.mark.parametrize("shape", [[4, -1], (-1,), [2, 12], np.array([24]), [2, 3, 2, 2],
                                   tf.constant([6, 4], tf.int64), tf.TensorShape([4, 6])])
def test_reshape_forms(shape):
    want = X.reshape(tuple(np.asarray(shape.as_list() if hasattr(shape, "as_list") else shape)))
    np.testing.assert_array_equal(tf.reshape(T, shape).numpy(), want)


def test_reshape_errors_name_the_op():
    with pytest.raises(InvalidArgumentError, match=r"24 values, but the requested shape has 10"
                                                   r".*Op:Reshape"):
        tf.reshape(T, [2, 5])
    with pytest.raises(InvalidArgumentError, match="Only one input size may be -1"):
        tf.reshape(T, [-1, -1])
    with pytest.raises(InvalidArgumentError, match="Size 0 must be non-negative, not -3"):
        tf.reshape(T, [-3, 8])
    with pytest.raises(InvalidArgumentError, match="Tshape"):
        tf.reshape(T, [24.0])


def test_reshape_of_empty_follows_tf():
    assert tf.reshape(tf.zeros([0, 3]), [-1, 0]).shape == (3, 0)
    assert tf.reshape(tf.zeros([2, 0, 3]), [-1, 0, 5]).shape == (1, 0, 5)


def test_views_share_memory():
    for out in (tf.reshape(T, [-1]), tf.transpose(T), tf.expand_dims(T, 1), T[:, ::-1, None],
                tf.squeeze(T[:1]), tf.reverse(T, [2]), tf.split(T, 2, axis=2)[1]):
        assert np.shares_memory(out._value, T._value)


@pytest.mark.parametrize("axis", [0, 1, 3, -1, -4, tf.constant(2), [1]])
def test_expand_dims(axis):
    a = int(np.asarray(axis).reshape(-1)[0]) if not hasattr(axis, "_value") else 2
    np.testing.assert_array_equal(tf.expand_dims(T, axis).numpy(), np.expand_dims(X, a))


def test_expand_and_squeeze_errors():
    with pytest.raises(InvalidArgumentError, match="expand dim index 4 .*Op:ExpandDims"):
        tf.expand_dims(T, 4)
    with pytest.raises(InvalidArgumentError, match=r"Can not squeeze dim\[1\], expected a "
                                                   r"dimension of 1, got 3 \[Op:Squeeze\]"):
        tf.squeeze(T, 1)
    with pytest.raises(InvalidArgumentError, match="squeeze dim index 3 .*Op:Squeeze"):
        tf.squeeze(T, [3])
    with pytest.raises(TypeError):
        tf.expand_dims(T, 1.0)


@pytest.mark.parametrize("axis,want", [(None, (3,)), (0, (3, 1)), ([-1], (1, 3)),
                                       ((0, 2), (3,)), ([0, 0], (3, 1))])
def test_squeeze(axis, want):
    assert tf.squeeze(tf.ones([1, 3, 1]), axis).shape == want


@pytest.mark.parametrize("perm", [None, [2, 0, 1], [-1, 0, 1], (0, 1, 2),
                                  tf.constant([1, 2, 0])])
def test_transpose(perm):
    p = None if perm is None else np.asarray(perm) % 3
    np.testing.assert_array_equal(tf.transpose(T, perm).numpy(), np.transpose(X, p))


def test_transpose_conjugate_and_errors():
    c = tf.constant([[1 + 2j, 3 - 1j]])
    np.testing.assert_array_equal(tf.transpose(c, conjugate=True).numpy(),
                                  np.array([[1 - 2j], [3 + 1j]]))
    with pytest.raises(InvalidArgumentError, match="vector of size 3.*size 2.*Op:Transpose"):
        tf.transpose(T, [0, 1])
    with pytest.raises(InvalidArgumentError, match=r"2 is missing from \{0,1,1\}"):
        tf.transpose(T, [0, 1, 1])
    with pytest.raises(InvalidArgumentError, match=r"3 is out of range \[0 .. 3\)"):
        tf.transpose(T, [0, 1, 3])


def test_structure_gradients():
    check_gradient(lambda x: tf.reshape(x, [4, -1]) * 2.0, [M])
    check_gradient(lambda x: tf.transpose(tf.expand_dims(x, 0), [2, 0, 1]), [M])
    check_gradient(lambda x: tf.squeeze(tf.reshape(x, [1, 3, 1, 4]), [0, 2]), [M])
    check_gradient(lambda x: tf.transpose(x, conjugate=True), [M])
    check_gradient(lambda x: tf.broadcast_to(x[:1], [2, 3, 4]), [M])
    check_gradient(lambda x: tf.ensure_shape(x, [3, None]) * x, [M])
    check_gradient(lambda x: tf.identity_n([x, x * 2.0]), [M])


# --- concat / split / stack / unstack ------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -3, tf.constant(1), np.int64(2)])
def test_concat_axes(axis):
    np.testing.assert_array_equal(tf.concat([T, T * 2.0], axis).numpy(),
                                  np.concatenate([X, X * 2], int(axis)))


def test_concat_dtypes_and_python_values():
    assert tf.concat([[1], [2, 3]], 0).dtype is tf.int32
    assert tf.concat([tf.constant([1.5]), [2]], 0).dtype is tf.float32
    assert tf.concat([tf.constant([1], tf.int64), [2]], 0).dtype is tf.int64
    np.testing.assert_array_equal(tf.concat([["a"], ["b"]], 0).numpy(), [b"a", b"b"])
    np.testing.assert_array_equal(tf.concat([tf.zeros([0, 2]), tf.ones([1, 2])], 0).numpy(),
                                  np.ones((1, 2)))
    single = tf.constant([1, 2])
    out = tf.concat([single], 0)
    assert out is not single and out.numpy().tolist() == [1, 2]


def test_concat_errors_name_op_and_shapes():
    with pytest.raises(InvalidArgumentError, match=r"Ranks of all input tensors should match: "
                                                   r"shape\[0\] = \[2,3,4\] vs\. shape\[1\] = "
                                                   r"\[3,4\].*ConcatV2"):
        tf.concat([T, T[0]], 0)
    with pytest.raises(InvalidArgumentError, match=r"Dimension 1 in both shapes must be equal: "
                                                   r"shape\[0\] = \[2,3,4\] vs\. shape\[1\] = "
                                                   r"\[2,2,4\].*ConcatV2"):
        tf.concat([T, T[:, :2]], 0)
    with pytest.raises(InvalidArgumentError, match=r"range \[-3, 3\), but got 3.*ConcatV2"):
        tf.concat([T, T], 3)
    with pytest.raises(InvalidArgumentError, match="ConcatV2"):
        tf.concat([T, tf.cast(T, tf.float64)], 0)
    with pytest.raises(InvalidArgumentError, match="scalars"):
        tf.concat([1.0, 2.0], 0)
    with pytest.raises(TypeError):
        tf.concat([[1], [2.5]], 0)


@pytest.mark.parametrize("splits,axis,want", [
    (2, 2, [2, 2]), ([1, -1], 1, [1, 2]), ([0, 3], 1, [0, 3]), (1, 0, [2]),
    (tf.constant([3, 1], tf.int64), -1, [3, 1]), (np.int32(3), 1, [1, 1, 1]),
])
def test_split(splits, axis, want):
    parts = tf.split(T, splits, axis)
    assert isinstance(parts, list) and [p.shape[axis] for p in parts] == want
    np.testing.assert_array_equal(tf.concat(parts, axis).numpy(), X)


def test_split_errors():
    with pytest.raises(InvalidArgumentError, match="evenly divide.*size = 3.*num_split 2"):
        tf.split(T, 2, 1)
    with pytest.raises(InvalidArgumentError, match="Determined shape must"):
        tf.split(T, [1, 1], 1)
    with pytest.raises(InvalidArgumentError, match="only be one -1"):
        tf.split(T, [-1, -1], 1)
    with pytest.raises(InvalidArgumentError, match="SplitV"):
        tf.split(T, [1, 2], axis=1, num=3)
    with pytest.raises(InvalidArgumentError, match=r"split_dim < input rank \(3\), but got 3"):
        tf.split(T, 1, 3)
    with pytest.raises(ValueError, match="Rank-0"):
        tf.split(T, tf.constant(2), 2)


def test_concat_split_stack_gradients():
    check_gradient(lambda x, y: tf.concat([x, y * y, x], axis=1), [M, M[:, :2]])
    check_gradient(lambda x: tf.split(x, [1, -1, 2], axis=1)[1] * 3.0, [M])
    check_gradient(lambda x: tf.split(x, 3, axis=0), [M])
    check_gradient(lambda x: tf.split(x, [4], axis=1)[0], [M])
    check_gradient(lambda x, y: tf.stack([x, y, x * y], axis=-1), [M, M + 1])
    check_gradient(lambda x: tf.unstack(x, axis=1)[2] * tf.unstack(x)[0][2], [M])
    check_gradient(lambda x: tf.unstack(x[:1])[0], [M])


def test_stack_forms_and_errors():
    assert tf.stack([1, 2.0]).dtype is tf.float32
    assert tf.stack([]).shape == (0,) and tf.stack([]).dtype is tf.float32
    np.testing.assert_array_equal(tf.stack([T, T], axis=-1).numpy(), np.stack([X, X], -1))
    np.testing.assert_array_equal(tf.stack((tf.constant([1]), [2])).numpy(), [[1], [2]])
    with pytest.raises(InvalidArgumentError, match=r"values\[0\].shape = \[1\] != "
                                                   r"values\[1\].shape = \[2\].*Pack"):
        tf.stack([tf.constant([1]), tf.constant([2, 3])])
    with pytest.raises(ValueError, match="not in range"):
        tf.stack([1, 2], axis=1)
    with pytest.raises(InvalidArgumentError, match="Unpack"):
        tf.unstack([[1, 2]], num=3, axis=1)
    with pytest.raises(ValueError):
        tf.unstack(tf.constant(1))
    assert tf.unstack(tf.zeros([0, 2])) == []


# --- tile / repeat / reverse / roll --------------------------------------------------------------
def test_tile_repeat_reverse_roll_values():
    np.testing.assert_array_equal(tf.tile(T, [2, 1, 3]).numpy(), np.tile(X, (2, 1, 3)))
    assert tf.tile(T, [1, 0, 2]).shape == (2, 0, 8)
    np.testing.assert_array_equal(tf.repeat(T, [1, 0, 2], axis=1).numpy(),
                                  np.repeat(X, [1, 0, 2], 1))
    np.testing.assert_array_equal(tf.repeat(T, 2).numpy(), np.repeat(X, 2))
    np.testing.assert_array_equal(tf.repeat([[1, 2]], [3], axis=0).numpy(), [[1, 2]] * 3)
    np.testing.assert_array_equal(tf.reverse(T, [0, -1]).numpy(), X[::-1, :, ::-1])
    np.testing.assert_array_equal(tf.roll(T, [1, -5], [2, 1]).numpy(),
                                  np.roll(X, (1, -5), (2, 1)))
    np.testing.assert_array_equal(tf.roll(T, [1, 2], [2, 2]).numpy(), np.roll(X, 3, 2))


def test_tile_repeat_reverse_roll_errors():
    with pytest.raises(InvalidArgumentError, match="vector of length 3 but got length 2.*Tile"):
        tf.tile(T, [1, 2])
    with pytest.raises(InvalidArgumentError, match=r"multiples\[1\] >= 0"):
        tf.tile(T, [1, -1, 1])
    with pytest.raises(ValueError, match="not compatible"):
        tf.repeat(T, [1, 2], axis=1)
    with pytest.raises(TypeError):
        tf.repeat(T, 2.0)
    with pytest.raises(InvalidArgumentError, match="more than once.*ReverseV2"):
        tf.reverse(T, [1, -2])
    with pytest.raises(InvalidArgumentError, match="ReverseV2"):
        tf.reverse(T, 1)
    with pytest.raises(InvalidArgumentError, match="same size.*Roll"):
        tf.roll(T, [1], [0, 1])
    with pytest.raises(InvalidArgumentError, match="axis 3 is out of range.*Roll"):
        tf.roll(T, 1, 3)


def test_tile_repeat_reverse_roll_gradients():
    check_gradient(lambda x: tf.tile(x, [2, 3]), [M])
    check_gradient(lambda x: tf.tile(x, [0, 1]) + 0.0, [M])
    check_gradient(lambda x: tf.repeat(x, [2, 0, 3, 1], axis=1), [M])
    check_gradient(lambda x: tf.repeat(x, 3), [M])
    check_gradient(lambda x: tf.reverse(x, [0, 1]) * x, [M])
    check_gradient(lambda x: tf.roll(x, [2, -1], [0, 1]) * x, [M])


def test_reverse_sequence_values_errors_and_gradient():
    out = tf.reverse_sequence(T, [3, 1], seq_axis=2, batch_axis=0)
    want = X.copy()
    want[0, :, :3] = X[0, :, 2::-1]
    np.testing.assert_array_equal(out.numpy(), want)
    with pytest.raises(TypeError):
        tf.reverse_sequence(T, [1, 2])
    with pytest.raises(InvalidArgumentError, match=r"seq_lens\(1\) > input.dims\(2\)"):
        tf.reverse_sequence(T, [1, 5], seq_axis=2)
    with pytest.raises(InvalidArgumentError, match=r"Length of seq_lengths != input.dims\(0\)"):
        tf.reverse_sequence(T, [1, 2, 3], seq_axis=1)
    with pytest.raises(InvalidArgumentError, match="batch_dim == seq_dim == 0"):
        tf.reverse_sequence(T, [1, 2], seq_axis=0)
    check_gradient(lambda x: tf.reverse_sequence(x, [4, 1, 2], seq_axis=1) * x, [M])


def test_unravel_index():
    np.testing.assert_array_equal(tf.unravel_index([1, 5, 7], [2, 4]).numpy(),
                                  np.unravel_index([1, 5, 7], (2, 4)))
    out = tf.unravel_index([3], tf.constant([2, 4], tf.int64))
    assert out.dtype is tf.int64 and out.shape == (2, 1)
    with pytest.raises(InvalidArgumentError, match="out of bound"):
        tf.unravel_index([8], [2, 4])
    assert tf.guarantee_const(T) is not T


# --- Python indexing -----------------------------------------------------------------------------
KEYS = [
    0, -1, (1, 2), (1, -1, -1), slice(1, None), slice(None, None, -1), slice(-100, 100),
    (Ellipsis, 0), (0, Ellipsis, None), (None, Ellipsis, None), (slice(None), None, 1),
    (slice(None, None, 2), slice(3, 0, -1)), (slice(5, None),), (Ellipsis,), (),
    (slice(None), slice(0, 0)), (None, None, 0), (1, slice(None, None, -2), slice(1, 3)),
    (np.int64(1), np.array(2)), (tf.constant(1), slice(tf.constant(1, tf.int64), None)),
]


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_getitem_matches_numpy(key):
    want = X[tuple(np.asarray(k) if hasattr(k, "_value") else k
                   for k in (key if isinstance(key, tuple) else (key,)))]
    out = T[key]
    assert out.shape == want.shape and out.dtype is tf.float32
    np.testing.assert_array_equal(out.numpy(), want)


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_getitem_property(data):
    shape = data.draw(st.lists(st.integers(0, 4), min_size=0, max_size=4))
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    bound = st.one_of(st.none(), st.integers(-6, 6))
    items, dims = [], 0
    for _ in range(data.draw(st.integers(0, len(shape) + 1))):
        kind = data.draw(st.sampled_from(["slice", "int", "new"]))
        if kind == "int" and dims < len(shape) and shape[dims] > 0:
            items.append(data.draw(st.integers(-shape[dims], shape[dims] - 1)))
            dims += 1
        elif kind == "new":
            items.append(None)
        elif dims < len(shape):
            step = data.draw(st.one_of(st.none(), st.integers(-3, 3).filter(bool)))
            items.append(slice(data.draw(bound), data.draw(bound), step))
            dims += 1
    if data.draw(st.booleans()):  # before ints it would shift them to other dims
        ints = [i for i, k in enumerate(items) if type(k) is int]
        items.insert(data.draw(st.integers(ints[-1] + 1 if ints else 0, len(items))), Ellipsis)
    key = tuple(items)
    np.testing.assert_array_equal(tf.constant(x)[key].numpy(), x[key])


def test_getitem_errors():
    v = tf.constant([1, 2, 3])
    with pytest.raises(InvalidArgumentError, match="slice index 5 of dimension 0 out of bounds"):
        v[5]
    with pytest.raises(InvalidArgumentError, match="slice index -1 of dimension 0"):
        v[-4]
    with pytest.raises(InvalidArgumentError, match="input dim 1; input has only 1 dims"):
        v[[0, 2]]  # a list index is a tuple of indices, as in TF
    with pytest.raises(InvalidArgumentError, match="Multiple ellipses"):
        v[..., ...]
    with pytest.raises(InvalidArgumentError, match="scalar input"):
        tf.constant(5)[0]
    with pytest.raises(InvalidArgumentError, match="must be non-zero"):
        v[::0]
    for bad in (1.0, tf.constant([0, 2]), np.array([0, 1]), tf.constant(1.0), "a",
                tf.constant(1, tf.uint8), slice(0, 2.0)):
        with pytest.raises(TypeError, match="valid indices"):
            v[bad]


def test_getitem_variable_and_strings():
    var = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(var[:, 1].numpy(), [2.0, 4.0])
    np.testing.assert_array_equal(tf.constant(["a", "b", "c"])[::-2].numpy(), [b"c", b"a"])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(var[1] * var[:, 0])
    # loss = v10 v00 + v11 v10
    np.testing.assert_allclose(tape.gradient(loss, var).numpy(), [[3.0, 0.0], [5.0, 3.0]])


def test_getitem_gradients_first_and_second_order():
    check_gradient(lambda x: x[1:, ::-2] * x[:2, 1::2], [M])
    check_gradient(lambda x: x[..., None, -1] + x[None, 0], [M])
    check_gradient(lambda x: x[2, 3] * x[0], [M])
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(x[1:] * x[1:] * x[1:])
        g = inner.gradient(y, x)
        z = tf.reduce_sum(g[::-1] * x)
    np.testing.assert_allclose(g.numpy(), [0.0, 12.0, 27.0])
    # z = 3 x2^2 x0 + 3 x1^3
    np.testing.assert_allclose(outer.gradient(z, x).numpy(), [27.0, 36.0, 18.0])


@pytest.mark.parametrize("begin,end,strides,masks,key", [
    ([0, 1], [2, 3], None, {}, (slice(0, 2), slice(1, 3))),
    ([1, 0], [0, 0], [1, 2], {"begin_mask": 2, "end_mask": 3}, (slice(1, None),
                                                                slice(None, None, 2))),
    ([0, -1], [1, 0], None, {"shrink_axis_mask": 2}, (slice(0, 1), -1)),
    ([0, 1, 0], [0, 2, 0], None, {"new_axis_mask": 5, "shrink_axis_mask": 2}, (None, 1, None)),
    ([0, 1], [0, 2], None, {"ellipsis_mask": 1}, (Ellipsis, slice(1, 2))),
    ([-1], [-4], [-1], {}, (slice(-1, -4, -1),)),
    ([1], [2], None, {"shrink_axis_mask": 1, "new_axis_mask": 1}, (None,)),
])
def test_strided_slice_masks(begin, end, strides, masks, key):
    out = tf.strided_slice(T, begin, end, strides, **masks)
    np.testing.assert_array_equal(out.numpy(), X[key])


def test_slice_and_strided_slice_errors_and_gradients():
    np.testing.assert_array_equal(tf.slice(T, [1, 0, 2], [-1, 2, -1]).numpy(), X[1:, :2, 2:])
    with pytest.raises(InvalidArgumentError, match=r"Expected size\[1\] in \[0, 3\].*Op:Slice"):
        tf.slice(T, [0, 0, 0], [1, 4, 1])
    with pytest.raises(InvalidArgumentError, match=r"Expected begin\[0\] in \[0, 2\]"):
        tf.slice(T, [-1, 0, 0], [1, 1, 1])
    with pytest.raises(InvalidArgumentError, match="1D equal size.*StridedSlice"):
        tf.strided_slice(T, [0, 0], [1], [1, 1])
    with pytest.raises(InvalidArgumentError, match="out of bounds"):
        tf.strided_slice(T, [0, 5], [1, 6], shrink_axis_mask=2)
    check_gradient(lambda x: tf.slice(x, [1, 1], [2, -1]), [M])
    check_gradient(lambda x: tf.strided_slice(x, [2, 0], [0, 4], [-1, 3], end_mask=1), [M])


def test_strided_slice_inference_with_unknown_dims():
    spec = infer("strided_slice", (None, 5, 4), key=((1, None, None), 0, Ellipsis, None))
    assert spec.shape == (None, 4, 1)
    spec = infer("strided_slice", (3, None), key=(None, (None, None, -1)))
    assert spec.shape == (1, 3, None)
    assert infer("strided_slice", None, key=(0,)).shape is None
    with pytest.raises(InvalidArgumentError, match="slice index 5 of dimension 1"):
        infer("strided_slice", (None, 3), key=(0, 5))
    with pytest.raises(InvalidArgumentError, match="input has only 2 dims"):
        infer("strided_slice", (None, 3), key=(0, 1, 2))


# --- pad -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["CONSTANT", "reflect", "Symmetric"])
def test_pad_modes(mode):
    pads = [[1, 0], [2, 1], [0, 3]]
    np_mode = "constant" if mode == "CONSTANT" else mode.lower()
    np.testing.assert_array_equal(tf.pad(T, pads, mode).numpy(), np.pad(X, pads, np_mode))


def test_pad_constant_values_and_dtypes():
    out = tf.pad(tf.constant([[1, 2]]), [[1, 0], [0, 1]], constant_values=7)
    np.testing.assert_array_equal(out.numpy(), [[7, 7, 7], [1, 2, 7]])
    assert tf.pad(["a"], [[1, 0]]).numpy().tolist() == [b"", b"a"]
    assert tf.pad([True], [[0, 1]]).numpy().tolist() == [True, False]
    with pytest.raises(TypeError):
        tf.pad(tf.constant([1]), [[1, 1]], constant_values=1.5)


def test_pad_errors():
    with pytest.raises(InvalidArgumentError, match="rank of inputs.*Op:Pad"):
        tf.pad(T, [[1, 1]])
    with pytest.raises(InvalidArgumentError, match="non-negative"):
        tf.pad(T, [[0, 0], [0, -1], [0, 0]])
    with pytest.raises(InvalidArgumentError, match="less than the dimension size.*MirrorPad"):
        tf.pad(T, [[2, 0], [0, 0], [0, 0]], "REFLECT")
    with pytest.raises(InvalidArgumentError, match="no greater than.*MirrorPad"):
        tf.pad(T, [[3, 0], [0, 0], [0, 0]], "SYMMETRIC")
    with pytest.raises(ValueError, match="mode"):
        tf.pad(T, [[0, 0]] * 3, "WRAP")
    with pytest.raises(InvalidArgumentError, match="scalar.*PadV2"):
        tf.pad(T, [[0, 0]] * 3, constant_values=[1.0])


@pytest.mark.parametrize("mode", ["CONSTANT", "REFLECT", "SYMMETRIC"])
def test_pad_gradients_and_second_order(mode):
    pads = [[2, 1], [1, 3]]
    check_gradient(lambda x: tf.pad(x, pads, mode, constant_values=2.0), [M])
    # the gradient's own gradient: d/dx of <grad_of_pad(g(x)), w> through the grad primitive
    x = tf.constant(M)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            p = tf.pad(x, pads, mode)
            y = tf.reduce_sum(p * p)
        g = inner.gradient(y, x)
        total = tf.reduce_sum(g)
    np.testing.assert_allclose(outer.gradient(total, x).numpy(), _pad_hessian_sum(pads, mode),
                               rtol=1e-6)


def _pad_hessian_sum(pads, mode):
    """sum of 2 * P^T P 1 where P is the padding's 0/1 matrix (y = |P x|^2)."""
    n = M.size
    basis = np.eye(n).reshape((n,) + M.shape)
    np_mode = mode.lower()
    rows = np.stack([np.pad(b, pads, np_mode).reshape(-1) for b in basis], 1)
    return (2 * rows.T @ rows @ np.ones(n)).reshape(M.shape)


# --- creation ------------------------------------------------------------------------------------
def test_zeros_ones_fill_eye():
    assert tf.zeros(3).numpy().tolist() == [0.0, 0.0, 0.0]
    assert tf.zeros((2, tf.constant(3)), tf.int64).dtype is tf.int64
    assert tf.ones([2], "bool").numpy().tolist() == [True, True]
    assert tf.zeros([1], tf.string).numpy().tolist() == [b""]
    assert tf.fill([2, 2], 3).dtype is tf.int32
    assert tf.fill(tf.constant([2], tf.int64), "a").numpy().tolist() == [b"a", b"a"]
    np.testing.assert_array_equal(tf.eye(2, 3, [2], tf.int32).numpy(),
                                  np.broadcast_to(np.eye(2, 3, dtype=np.int32), (2, 2, 3)))
    with pytest.raises(InvalidArgumentError, match="Dimension -1 must be >= 0"):
        tf.zeros([2, -1])
    with pytest.raises(TypeError):
        tf.ones([2.0])
    with pytest.raises(InvalidArgumentError, match="scalar.*Fill"):
        tf.fill([2], [1, 2])
    with pytest.raises(TypeError):
        tf.eye(2.5)


def test_fill_gradient():
    check_gradient(lambda v: tf.fill([2, 3], v) * tf.constant(M[:2, :3]), [np.array(1.5)])


def test_like_ops():
    assert tf.zeros_like(T).dtype is tf.float32 and tf.zeros_like([1, 2]).dtype is tf.int32
    assert tf.ones_like(T, tf.int64).numpy().sum() == 24
    assert tf.zeros_like(tf.constant(["x"])).numpy().tolist() == [b""]
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.ones_like(x) * x + tf.zeros_like(x)
    assert float(tape.gradient(y, x)) == 1.0


@pytest.mark.parametrize("args,kwargs,want,dtype", [
    ((5,), {}, np.arange(5), tf.int32),
    ((1, 10, 3), {}, np.arange(1, 10, 3), tf.int32),
    ((10, 1, -3), {}, np.arange(10, 1, -3), tf.int32),
    ((1, 5.5), {}, np.arange(1, 5.5), tf.float32),
    ((np.int64(3),), {}, np.arange(3), tf.int64),
    ((np.float64(3),), {}, np.arange(3.0), tf.float64),
    ((2, 5), {"dtype": tf.float16}, np.arange(2, 5), tf.float16),
    ((tf.constant(5, tf.int64), 10.0), {}, np.arange(5, 10), tf.float32),
    ((0,), {}, np.arange(0), tf.int32),
])
def test_range(args, kwargs, want, dtype):
    out = tf.range(*args, **kwargs)
    assert out.dtype is dtype
    np.testing.assert_allclose(out.numpy(), want)


def test_range_float_values_are_start_plus_i_delta():
    out = tf.range(0.0, 100.0, 0.1).numpy()
    assert out.shape == (1000,)
    np.testing.assert_array_equal(out, np.arange(1000, dtype=np.float32) * np.float32(0.1))


def test_range_errors():
    with pytest.raises(InvalidArgumentError, match="Requires start <= limit when delta > 0: 5/0"):
        tf.range(5, 0)
    with pytest.raises(InvalidArgumentError, match="Requires delta != 0"):
        tf.range(0, 5, 0)
    with pytest.raises(TypeError):
        tf.range(0.5, dtype=tf.int32)
    with pytest.raises(InvalidArgumentError):
        tf.range(3, dtype=tf.uint8)


def test_linspace_values_dtypes_and_gradient():
    np.testing.assert_allclose(tf.linspace(-1.0, 1.0, 7).numpy(), np.linspace(-1, 1, 7),
                               rtol=1e-6, atol=1e-7)
    assert tf.linspace(0, 10, 5).dtype is tf.float64
    out = tf.linspace([0.0, 1.0], [2.0, 5.0], 3, axis=-1)
    np.testing.assert_allclose(out.numpy(), [[0, 1, 2], [1, 3, 5]])
    assert tf.linspace(0.0, 1.0, 0).shape == (0,)
    np.testing.assert_array_equal(tf.linspace(0.0, 1.0, 1).numpy(), [0.0])
    with pytest.raises(InvalidArgumentError):
        tf.linspace(0.0, 1.0, -1)
    check_gradient(lambda a, b: tf.linspace(a, b, 5, axis=0), [np.array([1.0, 2.0]),
                                                                np.array([3.0, -1.0])])


def test_meshgrid_values_and_gradient():
    a, b = tf.meshgrid([1, 2, 3], [4, 5])
    xa, xb = np.meshgrid([1, 2, 3], [4, 5])
    np.testing.assert_array_equal(a.numpy(), xa)
    np.testing.assert_array_equal(b.numpy(), xb)
    outs = tf.meshgrid([1.0], [2.0, 3.0], [4.0, 5.0, 6.0], indexing="ij")
    for o, w in zip(outs, np.meshgrid([1.0], [2.0, 3.0], [4.0, 5.0, 6.0], indexing="ij")):
        np.testing.assert_array_equal(o.numpy(), w)
    with pytest.raises(ValueError):
        tf.meshgrid([1], indexing="xyz")
    check_gradient(lambda x, y: tf.meshgrid(x, y)[0] * tf.meshgrid(x, y)[1],
                   [np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0])])


def test_one_hot_and_sequence_mask():
    out = tf.one_hot([[0, 3], [-1, 2]], 3, on_value=5, off_value=-1, axis=1)
    want = np.moveaxis(np.where(np.array([[0, 3], [-1, 2]])[..., None] == np.arange(3), 5, -1),
                       -1, 1)
    assert out.dtype is tf.int32
    np.testing.assert_array_equal(out.numpy(), want)
    assert tf.one_hot([1], 2, dtype=tf.float64).dtype is tf.float64
    with pytest.raises(TypeError):
        tf.one_hot([1], 3, on_value=1.0, off_value=0)
    with pytest.raises(InvalidArgumentError, match="OneHot"):
        tf.one_hot([1], 3, axis=3)
    np.testing.assert_array_equal(tf.sequence_mask([1, 3], 4).numpy(),
                                  np.arange(4) < np.array([[1], [3]]))
    assert tf.sequence_mask([[2, 0]], dtype=tf.float32).shape == (1, 2, 2)


# --- shapes --------------------------------------------------------------------------------------
def test_shape_queries():
    assert tf.shape(T).numpy().tolist() == [2, 3, 4] and tf.shape(T).dtype is tf.int32
    assert tf.shape(T, tf.int64).dtype is tf.int64
    assert tf.size(T).numpy() == 24 and int(tf.rank(T)) == 3
    assert [s.numpy().tolist() for s in tf.shape_n([T, [1, 2]])] == [[2, 3, 4], [2]]
    assert tf.ensure_shape(T, [None, 3, 4]) is not None
    with pytest.raises(InvalidArgumentError, match=r"\[2,3,4\] is not compatible with expected "
                                                   r"shape \[2,\?\]"):
        tf.ensure_shape(T, [2, None])
    with pytest.raises(InvalidArgumentError):
        tf.shape(T, tf.float32)
    assert tf.broadcast_static_shape(tf.TensorShape([2, 1]), tf.TensorShape([None, 3])) == \
        tf.TensorShape([2, 3])
    with pytest.raises(ValueError):
        tf.broadcast_static_shape(tf.TensorShape([2]), tf.TensorShape([3]))
    assert tf.broadcast_dynamic_shape([2, 1, 3], tf.constant([4, 1])).numpy().tolist() == \
        [2, 4, 3]
    with pytest.raises(InvalidArgumentError, match="Incompatible shapes"):
        tf.broadcast_dynamic_shape([2], [3])


def test_stop_gradient_blocks_and_has_no_vjp():
    assert REGISTRY["stop_gradient"].vjp is None
    x = tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * tf.stop_gradient(x * x)
    assert float(tape.gradient(y, x)) == 9.0


@pytest.mark.parametrize("op,shapes,attrs,want", [
    ("reshape", [(None, 4)], {"shape": (-1, 2)}, (None, 2)),
    ("reshape", [(3, 4)], {"shape": (-1, 2)}, (6, 2)),
    ("transpose", [(None, 2, 3)], {"perm": (2, 0, 1)}, (3, None, 2)),
    ("expand_dims", [(None, 2)], {"axis": 1}, (None, 1, 2)),
    ("squeeze", [(None, 1, 3)], {"axis": (1,)}, (None, 3)),
    ("concat", [(None, 2), (3, 2)], {"axis": 0}, (None, 2)),
    ("concat", [(None, 2), (None, 3)], {"axis": 1}, (None, 5)),
    ("tile", [(None, 2)], {"multiples": (2, 3)}, (None, 6)),
    ("pad", [(None, 2), ()], {"paddings": ((1, 1), (0, 2))}, (None, 4)),
    ("repeat", [(None, 3)], {"repeats": (1, 2, 0), "axis": 1}, (None, 3)),
    ("ensure_shape", [(None, None)], {"shape": (2, None)}, (2, None)),
])
def test_inference_with_unknown_dims(op, shapes, attrs, want):
    assert infer(op, *shapes, **attrs).shape == want


def test_index_with_scalar_tensor_computed_by_an_op():
    x = tf.constant([1.0, 2.0, 3.0])
    i = tf.constant(0) + 1  # op results can be NumPy scalars internally
    assert float(x[i]) == 2.0 and float(x[i:][0]) == 2.0
